// Times each SQL statement of one API request (in-process server on the query benchmark's database):
// `node --conditions=@sift/source --import tsx bench/src/api-trace.ts "/api/0/organizations/bench/issues/"`
import { buildServer } from "@sift/api";
import { createApiToken, createDb, getOrganizationBySlug } from "@sift/storage";
import { databaseUrl } from "./context.js";

const path = process.argv[2] ?? "/api/0/organizations/bench/issues/";
const db = createDb({
  url: databaseUrl(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sift", "sift_bench_query"),
  poolMax: 10,
});
const org = (await getOrganizationBySlug(db, "bench"))!;
const { token } = await createApiToken(db, { organizationId: org.id, scopes: ["event:read"] });
const app = await buildServer({ db });
const pending = new Map<string, { sql: string; t: number }>();
let log: string[] = [];
db.on("query", (q: { __knexQueryUid: string; sql: string }) =>
  pending.set(q.__knexQueryUid, { sql: q.sql, t: performance.now() }),
);
db.on("query-response", (_r: unknown, q: { __knexQueryUid: string }) => {
  const p = pending.get(q.__knexQueryUid)!;
  log.push(
    `${(performance.now() - p.t).toFixed(1).padStart(7)} ms  ${p.sql.replace(/\s+/g, " ").slice(0, 110)}`,
  );
});
for (let i = 0; i < 6; i++) {
  log = [];
  const t = performance.now();
  const res = await app.inject({ method: "GET", url: path, headers: { authorization: `Bearer ${token}` } });
  const total = performance.now() - t;
  if (i === 5) {
    process.stdout.write(`${res.statusCode} in ${total.toFixed(1)} ms\n${log.join("\n")}\n`);
  }
}
await app.close();
await db.destroy();
