import type { Knex } from "knex";

/** The server process id of a connection or transaction (`pg_backend_pid()`). */
export async function backendPid(conn: Knex | Knex.Transaction): Promise<number> {
  const { rows } = await conn.raw<{ rows: { pid: number }[] }>("SELECT pg_backend_pid() AS pid");
  return rows[0]!.pid;
}

/**
 * Resolves once some backend is waiting for a lock that backend `holderPid` holds (per
 * `pg_blocking_pids`), so a test can assert "still blocked" knowing the other side reached the lock.
 * Checks every 10 ms; rejects after `timeoutMs` (default 10 s).
 */
export async function waitForLockWaiter(
  db: Knex,
  holderPid: number,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const { rows } = await db.raw<{ rows: { pid: number }[] }>(
      `SELECT pid FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid)) AND wait_event_type = 'Lock'`,
      [holderPid],
    );
    if (rows.length > 0) return;
    if (Date.now() > deadline) throw new Error(`No backend waited for a lock of backend ${holderPid}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
