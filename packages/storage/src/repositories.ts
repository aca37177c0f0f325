import type { Conn } from "./sql.js";

/** `repositories`: the organization's repositories, created when a commit or a ref first names them. */

export interface Repository {
  id: number;
  name: string;
  dateCreated: Date;
}

/** The organization's repositories by name. */
export async function listRepositories(db: Conn, organizationId: number): Promise<Repository[]> {
  const rows = await db("repositories")
    .where({ organization_id: organizationId })
    .orderBy(["name", "id"])
    .select<{ id: number | string; name: string; date_created: Date }[]>("id", "name", "date_created");
  return rows.map((r) => ({ id: Number(r.id), name: r.name, dateCreated: r.date_created }));
}
