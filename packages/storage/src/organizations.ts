import type { Db } from "./db.js";

export interface Organization {
  id: number;
  slug: string;
  name: string;
  createdAt: Date;
}

export interface Project {
  id: number;
  organizationId: number;
  slug: string;
  name: string;
  platform: string | null;
  resolveAgeHours: number;
}

interface OrganizationRow {
  id: number;
  slug: string;
  name: string;
  created_at: Date;
}

interface ProjectRow {
  id: number;
  organization_id: number;
  slug: string;
  name: string;
  platform: string | null;
  resolve_age_hours: number;
}

const toOrganization = (r: OrganizationRow): Organization => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  createdAt: r.created_at,
});

const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  organizationId: r.organization_id,
  slug: r.slug,
  name: r.name,
  platform: r.platform,
  resolveAgeHours: r.resolve_age_hours,
});

/** The sequence a project's short ids come from. */
export function shortIdSequence(projectId: number): string {
  if (!Number.isSafeInteger(projectId) || projectId <= 0) throw new Error(`Invalid project id ${projectId}`);
  return `project_short_id_${projectId}`;
}

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,49}$/;

export async function createOrganization(db: Db, slug: string, name = slug): Promise<Organization> {
  const [row] = await db<OrganizationRow>("organizations").insert({ slug, name }).returning("*");
  return toOrganization(row!);
}

export async function getOrganizationBySlug(db: Db, slug: string): Promise<Organization | null> {
  const row = await db<OrganizationRow>("organizations").where({ slug }).first();
  return row ? toOrganization(row) : null;
}

export async function getOrganizationById(db: Db, id: number): Promise<Organization | null> {
  const row = await db<OrganizationRow>("organizations").where({ id }).first();
  return row ? toOrganization(row) : null;
}

export interface CreateProjectInput {
  organizationId: number;
  slug: string;
  name?: string;
  /** The wire project id; allocated when absent. */
  id?: number;
  platform?: string | null;
}

export async function createProject(db: Db, input: CreateProjectInput): Promise<Project> {
  return db.transaction(async (trx) => {
    const id =
      input.id ??
      Number(
        (
          (await trx.raw(
            "SELECT greatest(nextval('projects_id_seq'), coalesce((SELECT max(id) + 1 FROM projects), 1)) AS id",
          )) as { rows: { id: number }[] }
        ).rows[0]!.id,
      );
    const [row] = await trx<ProjectRow>("projects")
      .insert({
        id,
        organization_id: input.organizationId,
        slug: input.slug,
        name: input.name ?? input.slug,
        platform: input.platform ?? null,
      })
      .returning("*");
    await trx.raw(`CREATE SEQUENCE ?? MINVALUE 1 START 1`, [shortIdSequence(id)]);
    return toProject(row!);
  });
}

export async function getProjectById(db: Db, id: number): Promise<Project | null> {
  const row = await db<ProjectRow>("projects").where({ id }).first();
  return row ? toProject(row) : null;
}

export async function getProjectsByIds(db: Db, ids: readonly number[]): Promise<Project[]> {
  if (ids.length === 0) return [];
  const rows = await db<ProjectRow>("projects").whereIn("id", ids as number[]);
  return rows.map(toProject);
}

export async function getProjectBySlug(
  db: Db,
  organizationId: number,
  slug: string,
): Promise<Project | null> {
  const row = await db<ProjectRow>("projects").where({ organization_id: organizationId, slug }).first();
  return row ? toProject(row) : null;
}

export async function listProjects(db: Db, organizationId: number): Promise<Project[]> {
  const rows = await db<ProjectRow>("projects").where({ organization_id: organizationId }).orderBy("id");
  return rows.map(toProject);
}

export async function setProjectResolveAge(db: Db, projectId: number, hours: number): Promise<void> {
  await db("projects").where({ id: projectId }).update({ resolve_age_hours: hours });
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
