import type { Db } from "./db.js";
import type { Knex } from "knex";

/** `organizations` and `organization_features` (flags such as `{slug}-ingest` for unreleased types). */

export interface Organization {
  id: number;
  slug: string;
  name: string;
  createdAt: Date;
}

interface OrganizationRow {
  id: number;
  slug: string;
  name: string;
  created_at: Date;
}

const toOrganization = (r: OrganizationRow): Organization => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  createdAt: r.created_at,
});

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,49}$/;

export async function createOrganization(db: Db, slug: string, name = slug): Promise<Organization> {
  const [row] = await db<OrganizationRow>("organizations").insert({ slug, name }).returning("*");
  return toOrganization(row!);
}

export async function getOrganizationBySlug(db: Db, slug: string): Promise<Organization | null> {
  const row = await db<OrganizationRow>("organizations").where({ slug }).first();
  return row ? toOrganization(row) : null;
}

export async function setOrganizationFeature(
  db: Db,
  organizationId: number,
  flag: string,
  enabled: boolean,
): Promise<void> {
  if (enabled) {
    await db("organization_features").insert({ organization_id: organizationId, flag }).onConflict().ignore();
  } else {
    await db("organization_features").where({ organization_id: organizationId, flag }).delete();
  }
}

export async function getOrganizationFeatures(
  db: Db,
  organizationIds: readonly number[],
): Promise<Map<number, Set<string>>> {
  const result = new Map<number, Set<string>>(organizationIds.map((id) => [id, new Set<string>()]));
  if (organizationIds.length === 0) return result;
  const rows = await db<{ organization_id: number; flag: string }>("organization_features").whereIn(
    "organization_id",
    organizationIds as number[],
  );
  for (const row of rows) result.get(row.organization_id)?.add(row.flag);
  return result;
}

export async function getOrganizationsByIds(
  db: Db | Knex.Transaction,
  ids: readonly number[],
): Promise<Map<number, Organization>> {
  const result = new Map<number, Organization>();
  if (ids.length === 0) return result;
  const rows = await db<OrganizationRow>("organizations").whereIn("id", [...new Set(ids)]);
  for (const row of rows) result.set(Number(row.id), toOrganization(row));
  return result;
}
