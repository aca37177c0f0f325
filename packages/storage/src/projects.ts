import type { Db } from "./db.js";
import type { Conn } from "./sql.js";
import { existingKeys } from "./keyed-rows.js";
import { createProjectKey } from "./project-keys.js";
import type { ProjectKey } from "./project-keys.js";
import { addProjectTeam } from "./teams.js";

/** `projects`: an organization's projects (integer ids as on the wire), each with its short-id sequence. */

export interface Project {
  id: number;
  organizationId: number;
  slug: string;
  name: string;
  platform: string | null;
  resolveAgeHours: number;
  /** The origins its browser SDKs may send from (`*`, `example.com`, `*.example.com`, `https://example.com:8080`). */
  allowedDomains: string[];
}

interface ProjectRow {
  id: number;
  organization_id: number;
  slug: string;
  name: string;
  platform: string | null;
  resolve_age_hours: number;
  allowed_domains: string[];
}

const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  organizationId: r.organization_id,
  slug: r.slug,
  name: r.name,
  platform: r.platform,
  resolveAgeHours: r.resolve_age_hours,
  allowedDomains: r.allowed_domains,
});

/** The sequence a project's short ids come from. */
function shortIdSequence(projectId: number): string {
  if (!Number.isSafeInteger(projectId) || projectId <= 0) throw new Error(`Invalid project id ${projectId}`);
  return `project_short_id_${projectId}`;
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

/** Which of `projectIds` are projects of the organization (the others are unknown or someone else's). */
export async function projectIdsOfOrganization(
  db: Conn,
  organizationId: number,
  projectIds: readonly number[],
): Promise<Set<number>> {
  return existingKeys(db, "projects", organizationId, "id", projectIds);
}

/** What a project search matches: free text in the slug or name, exact slugs, exact ids (all ANDed). */
export interface ProjectSearch {
  text?: readonly string[];
  slugs?: readonly string[];
  ids?: readonly number[];
  offset: number;
  limit: number;
}

/** A page of the organization's projects matching `search`, by slug (Sentry's default order). */
export async function searchProjects(
  db: Conn,
  organizationId: number,
  search: ProjectSearch,
): Promise<Project[]> {
  let query = db<ProjectRow>("projects").where({ organization_id: organizationId });
  for (const text of search.text ?? []) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((q) => void q.whereILike("slug", pattern).orWhereILike("name", pattern));
  }
  if (search.slugs) query = query.whereIn("slug", search.slugs as string[]);
  if (search.ids) query = query.whereIn("id", search.ids as number[]);
  const found = await query
    .orderBy([{ column: "slug" }, { column: "id" }])
    .offset(search.offset)
    .limit(search.limit);
  return found.map(toProject);
}

/**
 * Changes a project's name, slug (unique in the organization: 23505 otherwise), platform or allowed
 * origins; the updated project, or null when it is not the organization's.
 */
export async function updateProject(
  db: Conn,
  organizationId: number,
  projectId: number,
  changes: { name?: string; slug?: string; platform?: string | null; allowedDomains?: readonly string[] },
): Promise<Project | null> {
  const set: Partial<ProjectRow> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.slug !== undefined) set.slug = changes.slug;
  if (changes.platform !== undefined) set.platform = changes.platform;
  if (changes.allowedDomains !== undefined) set.allowed_domains = [...changes.allowedDomains];
  const where = { organization_id: organizationId, id: projectId };
  if (Object.keys(set).length === 0) {
    const row = await db<ProjectRow>("projects").where(where).first();
    return row ? toProject(row) : null;
  }
  const [row] = await db<ProjectRow>("projects").where(where).update(set).returning("*");
  return row ? toProject(row) : null;
}

/**
 * A new project of a team, as Sentry's team projects endpoint makes it: the project, the team's access
 * to it and a first client key labelled "Default", in one transaction. A slug the organization already
 * has fails with the driver's unique violation (23505) and writes nothing.
 */
export async function createTeamProject(
  db: Db,
  input: Omit<CreateProjectInput, "id"> & { teamId: number },
): Promise<{ project: Project; key: ProjectKey }> {
  return db.transaction(async (trx) => {
    const project = await createProject(trx, input);
    await addProjectTeam(trx, project.id, input.teamId);
    const key = await createProjectKey(trx, { projectId: project.id, label: "Default" });
    return { project, key };
  });
}
