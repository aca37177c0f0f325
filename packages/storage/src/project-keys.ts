import { randomBytes } from "node:crypto";
import type { Conn } from "./sql.js";

/** `project_keys`: a project's client keys (DSNs), which Sentry SDKs authenticate with. */

export interface ProjectKey {
  id: number;
  projectId: number;
  publicKey: string;
  secretKey: string;
  label: string;
  active: boolean;
  /** Events per window, or null for no limit of the key's own. */
  rateLimit: { count: number; window: number } | null;
  createdAt: Date;
}

interface ProjectKeyRow {
  id: number;
  project_id: number;
  public_key: string;
  secret_key: string;
  label: string;
  active: boolean;
  rate_limit_count: number | null;
  rate_limit_window: number | null;
  created_at: Date;
}

const toKey = (r: ProjectKeyRow): ProjectKey => ({
  id: Number(r.id),
  projectId: Number(r.project_id),
  publicKey: r.public_key,
  secretKey: r.secret_key,
  label: r.label,
  active: r.active,
  rateLimit:
    r.rate_limit_count !== null && r.rate_limit_window !== null
      ? { count: r.rate_limit_count, window: r.rate_limit_window }
      : null,
  createdAt: r.created_at,
});

/** Keys are 32 lower-case hex characters, as Sentry's. */
export const PROJECT_KEY_PATTERN = /^[0-9a-f]{32}$/;

const newKey = (): string => randomBytes(16).toString("hex");

export interface CreateProjectKeyInput {
  projectId: number;
  label?: string;
  publicKey?: string;
  secretKey?: string;
  rateLimit?: { count: number; window: number } | null;
}

export async function createProjectKey(db: Conn, input: CreateProjectKeyInput): Promise<ProjectKey> {
  const [row] = (await db("project_keys")
    .insert({
      project_id: input.projectId,
      public_key: input.publicKey ?? newKey(),
      secret_key: input.secretKey ?? newKey(),
      label: input.label ?? "",
      rate_limit_count: input.rateLimit?.count ?? null,
      rate_limit_window: input.rateLimit?.window ?? null,
    })
    .returning("*")) as ProjectKeyRow[];
  return toKey(row!);
}

/** A key as the SDK intake checks it: with the origins its project accepts. */
export interface IntakeProjectKey extends ProjectKey {
  allowedDomains: string[];
}

/** A key by its public part, active or not (the intake tells "revoked" from "unknown"), in one query. */
export async function findProjectKey(db: Conn, publicKey: string): Promise<IntakeProjectKey | null> {
  if (!PROJECT_KEY_PATTERN.test(publicKey)) return null;
  const row = (await db("project_keys")
    .join("projects", "projects.id", "project_keys.project_id")
    .where({ "project_keys.public_key": publicKey })
    .first("project_keys.*", "projects.allowed_domains")) as
    (ProjectKeyRow & { allowed_domains: string[] }) | undefined;
  return row ? { ...toKey(row), allowedDomains: row.allowed_domains } : null;
}

export async function listProjectKeys(db: Conn, projectId: number): Promise<ProjectKey[]> {
  const rows = (await db("project_keys").where({ project_id: projectId }).orderBy("id")) as ProjectKeyRow[];
  return rows.map(toKey);
}

export interface ProjectKeyChanges {
  label?: string;
  active?: boolean;
  rateLimit?: { count: number; window: number } | null;
}

/** Changes a project's key; null when the project has no such key. */
export async function updateProjectKey(
  db: Conn,
  projectId: number,
  publicKey: string,
  changes: ProjectKeyChanges,
): Promise<ProjectKey | null> {
  const update: Record<string, unknown> = {};
  if (changes.label !== undefined) update.label = changes.label;
  if (changes.active !== undefined) update.active = changes.active;
  if (changes.rateLimit !== undefined) {
    update.rate_limit_count = changes.rateLimit?.count ?? null;
    update.rate_limit_window = changes.rateLimit?.window ?? null;
  }
  const query = db("project_keys").where({ project_id: projectId, public_key: publicKey });
  const [row] = (
    Object.keys(update).length === 0 ? await query.select("*") : await query.update(update).returning("*")
  ) as ProjectKeyRow[];
  return row ? toKey(row) : null;
}

/** Deletes a project's key; false when there was none. */
export async function deleteProjectKey(db: Conn, projectId: number, publicKey: string): Promise<boolean> {
  const count = await db("project_keys").where({ project_id: projectId, public_key: publicKey }).delete();
  return count > 0;
}
