import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import {
  createOrganization,
  createProject,
  createSentryApp,
  deleteAlertRule,
  listAlertedProjects,
  migrateToLatest,
  readIssuesWithEventsBetween,
} from "./index.js";
import type { SentryAppInput } from "./index.js";

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

const OCCURRENCES = 50_000;
const AT = new Date("2026-12-03T12:00:00Z");
let t: TestDatabase;

beforeAll(async () => {
  t = await testDatabase({ prefix: "alert_cursor", migrate: async (db) => void (await migrateToLatest(db)) });
  // 1,000 transactions of 50 occurrences each, alternating between projects 1 and 2; every fifth one
  // noise-gated (no issue). Issue 1 + g % 100 holds occurrence g.
  await t.db.raw(
    `INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time,
                              payload, received_at, xid)
     SELECT 1 + g % 2, md5('o' || g)::uuid, CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 100 END,
            md5('e' || g)::uuid, 4001, CASE WHEN g % 5 = 0 THEN 'noise_gated' ELSE 'grouped' END,
            ARRAY[md5('f')]::char(32)[], ?::timestamptz + g * interval '1 second', '{}'::jsonb,
            ?::timestamptz + g * interval '1 second', (1000 + g / 50)::text::xid8
       FROM generate_series(0, ?) AS g`,
    [AT, AT, OCCURRENCES - 1],
  );
  await t.db.raw("ANALYZE occurrences");
}, 120_000);

afterAll(async () => {
  await t?.destroy();
});

describe("the alert decider's reads", () => {
  it("new events of the named projects are read along occurrences_xid, grouped ones only", async () => {
    // Transactions 1900 and 1901: occurrences 45,000 … 45,099.
    const sent: { sql: string; bindings: readonly unknown[] }[] = [];
    const listener = (q: { sql: string; bindings?: readonly unknown[] }) =>
      sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
    t.db.on("query", listener);
    const found = await readIssuesWithEventsBetween(t.db, "1900", "1902", [1]).finally(() =>
      t.db.removeListener("query", listener),
    );
    // Project 1 has the even occurrences, so the odd issues (1 + g % 100), less the gated g % 10 = 0.
    const issues = found.map((f) => f.issueId).sort((x, y) => x - y);
    expect(issues).toEqual([
      3, 5, 7, 9, 13, 15, 17, 19, 23, 25, 27, 29, 33, 35, 37, 39, 43, 45, 47, 49, 53, 55, 57, 59, 63, 65, 67,
      69, 73, 75, 77, 79, 83, 85, 87, 89, 93, 95, 97, 99,
    ]);
    expect(found.every((f) => f.projectId === 1)).toBe(true);
    expect(sent).toHaveLength(1);
    const plan = (await t.db.raw(`EXPLAIN (FORMAT JSON) ${sent[0]!.sql.replace(/\$\d+/g, "?")}`, [
      ...sent[0]!.bindings,
    ] as never)) as { rows: { "QUERY PLAN": { Plan: PlanNode }[] }[] };
    const all = nodes(plan.rows[0]!["QUERY PLAN"][0]!.Plan);
    expect(all.map((n) => n["Index Name"])).toContain("occurrences_xid");
    expect(all.map((n) => n["Node Type"])).not.toContain("Seq Scan");
  });

  it("no project named: nothing is read", async () => {
    expect(await readIssuesWithEventsBetween(t.db, "1000", "3000", [])).toEqual([]);
  });

  it("the alerted projects are those with an active rule and those whose organization gets issue webhooks", async () => {
    const [a, b, c] = await Promise.all(
      ["alerted-a", "alerted-b", "alerted-c"].map((s) => createOrganization(t.db, s)),
    );
    const p = await Promise.all(
      [a, a, b, b, c].map((org, i) =>
        createProject(t.db, { organizationId: org!.id, slug: `p${i}`, id: 101 + i }),
      ),
    );
    // One active rule in a's first project; its second project's rule was deleted.
    await t.db.raw(
      `INSERT INTO alert_rules (organization_id, project_id, name, status)
       VALUES (?, ?, 'active', 'active'), (?, ?, 'deleted', 'active')`,
      [a!.id, p[0]!.id, a!.id, p[1]!.id],
    );
    const [deleted] = await t.db("alert_rules").where({ project_id: p[1]!.id }).pluck("id");
    expect(await deleteAlertRule(t.db, p[1]!.id, Number(deleted))).toBe(true);
    const app = (
      organizationId: number,
      slug: string,
      webhookUrl: string | null,
      events: string[],
    ): SentryAppInput => ({
      organizationId,
      uuid: randomUUID(),
      slug,
      name: slug,
      clientId: slug,
      clientSecret: "s",
      webhookUrl,
      events,
      scopes: [],
      isInternal: true,
    });
    await createSentryApp(t.db, app(b!.id, "hooks", "http://127.0.0.1:9/hook", ["issue"]), randomUUID(), AT);
    await createSentryApp(t.db, app(c!.id, "no-url", null, ["issue"]), randomUUID(), AT);
    await createSentryApp(
      t.db,
      app(c!.id, "errors-only", "http://127.0.0.1:9/e", ["error"]),
      randomUUID(),
      AT,
    );
    const alerted = await listAlertedProjects(t.db);
    expect([...alerted.ruled]).toEqual([p[0]!.id]);
    expect([...alerted.hooked].sort()).toEqual([p[2]!.id, p[3]!.id]);
  });
});
