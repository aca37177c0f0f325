import type { Db } from "./db.js";

/** Round trip to Postgres for readiness checks; throws when it is not reachable. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.raw("SELECT 1");
}
