import type { Knex } from "knex";

type Conn = Knex | Knex.Transaction;

/** Which of `projectIds` are projects of the organization (the others are unknown or someone else's). */
export async function projectIdsOfOrganization(
  db: Conn,
  organizationId: number,
  projectIds: readonly number[],
): Promise<Set<number>> {
  if (projectIds.length === 0) return new Set();
  const rows = (await db("projects")
    .whereIn("id", projectIds as number[])
    .where({ organization_id: organizationId })
    .select("id")) as { id: number | string }[];
  return new Set(rows.map((r) => Number(r.id)));
}
