import type { Knex } from "knex";
import { ActivityType } from "@sift/schemas";
import { sleep } from "@sift/testkit";
import type { Reception } from "./receiver.js";

/**
 * Whether the alert decider has read everything committed so far: its cursor is past every activity
 * and every occurrence (the cursor moves in the transaction that writes the decided deliveries).
 */
export async function decidedEverything(db: Knex, cursor = "default"): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { done: boolean }[] }>(
    `SELECT EXISTS (SELECT 1 FROM alert_cursors WHERE name = :cursor)
        AND NOT EXISTS (SELECT 1 FROM activities a JOIN alert_cursors c ON c.name = :cursor
                         WHERE a.xid >= c.activity_xid)
        AND NOT EXISTS (SELECT 1 FROM occurrences o JOIN alert_cursors c ON c.name = :cursor
                         WHERE o.xid >= c.occurrence_xid) AS done`,
    { cursor },
  );
  return rows[0]?.done === true;
}

/** Polls `check` every 100 ms until it holds; false when `timeoutMs` ran out first. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

/** No delivery is waiting to be sent or retried. */
export async function deliveriesSettled(db: Knex): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { n: string }[] }>(
    "SELECT count(*) AS n FROM alert_deliveries WHERE status = 'pending'",
  );
  return Number(rows[0]?.n ?? 1) === 0;
}

export interface AlertAuditSpec {
  db: Knex;
  /** The keys the workload must decide (see `expectedAlerts`). */
  expected: ReadonlySet<string>;
  receptions: readonly Reception[];
  /** Rule id → the rule's name in the keys. */
  ruleNames: ReadonlyMap<number, string>;
  /** Occurrence id (32 hex) → its fingerprint. */
  fingerprintOf: ReadonlyMap<string, string>;
}

export interface AlertAuditResult {
  expected: number;
  decided: number;
  /** Expected decisions missing, and decisions never answered 2xx by the receiver. */
  lost: number;
  /** Decisions taken twice for one rule, issue and action (or issue webhook), and unexpected ones. */
  duplicated: number;
  delivered: number;
  /** Deliveries the receiver got more than once (a retry after a 503, or a re-send after a crash). */
  resent: number;
  /** Requests the receiver answered 503 (retried by Sift). */
  refused: number;
  byKind: Record<string, { expected: number; decided: number }>;
  failures: string[];
}

interface DeliveryRow {
  uuid: string;
  rule_ids: string[];
  issue_id: string | null;
  action: string;
  status: string;
  activity_type: number | null;
}

const HOOK_ACTIONS: Readonly<Record<number, string>> = {
  [ActivityType.FIRST_SEEN]: "created",
  [ActivityType.SET_RESOLVED]: "resolved",
  [ActivityType.SET_REGRESSION]: "unresolved",
};

const kindOf = (key: string): string => {
  const [head, , action] = key.split("|");
  return action === undefined ? head! : `${head!.replace(/^p\d+ /, "")} → ${action}`;
};

/** Collects failures by category with a few examples each. */
function collector() {
  const byKind = new Map<string, string[]>();
  return {
    add(kind: string, example: string, count = 1) {
      const list = byKind.get(kind) ?? [];
      for (let i = 0; i < count; i++) list.push(example);
      byKind.set(kind, list);
    },
    list: () => [...byKind].map(([k, ex]) => `${k}: ${ex.length} (e.g. ${ex.slice(0, 5).join("; ")})`),
  };
}

/**
 * The keys of the delivery rows, from their rules (or activity) and their issue's fingerprint: a row
 * that carries several rules (they fired together for its issue) stands for one alert of each.
 */
async function deliveryKeys(spec: AlertAuditSpec, failures: ReturnType<typeof collector>) {
  const { db } = spec;
  const deliveries = (
    await db.raw<{ rows: DeliveryRow[] }>(
      `SELECT replace(d.uuid::text, '-', '') AS uuid, d.rule_ids, d.issue_id, d.action, d.status,
              a.type AS activity_type
         FROM alert_deliveries d LEFT JOIN activities a ON a.id = d.activity_id ORDER BY d.id`,
    )
  ).rows;
  const grouped = (
    await db.raw<{ rows: { issue_id: string; id: string }[] }>(
      `SELECT DISTINCT ON (issue_id) issue_id, replace(id::text, '-', '') AS id
         FROM occurrences WHERE outcome = 'grouped' ORDER BY issue_id, id`,
    )
  ).rows;
  const fingerprintOfIssue = new Map(grouped.map((r) => [r.issue_id, spec.fingerprintOf.get(r.id)]));
  return deliveries.flatMap((d) => {
    const fingerprint = (d.issue_id && fingerprintOfIssue.get(d.issue_id)) ?? `issue ${d.issue_id}`;
    const hook = d.activity_type === null ? undefined : HOOK_ACTIONS[d.activity_type];
    const keys =
      d.rule_ids.length > 0
        ? d.rule_ids.map(
            (id) => `${spec.ruleNames.get(Number(id)) ?? `rule ${id}`}|${fingerprint}|${d.action}`,
          )
        : [`issue.${hook ?? `activity type ${d.activity_type}`}|${fingerprint}`];
    return keys.map((key) => {
      if (d.status !== "delivered")
        failures.add(`decided but not recorded as delivered`, `${key} (${d.status})`);
      return { ...d, key };
    });
  });
}

/**
 * The alerts audit: decisions = the workload's expectation (one per key), each delivery answered 2xx
 * by the receiver at least once (matched by its `Request-ID`), none decided twice, no request the
 * decider did not decide, every integration webhook signed.
 */
export async function auditAlerts(spec: AlertAuditSpec): Promise<AlertAuditResult> {
  const failures = collector();
  const rows = await deliveryKeys(spec, failures);
  const decidedCount = new Map<string, number>();
  for (const r of rows) decidedCount.set(r.key, (decidedCount.get(r.key) ?? 0) + 1);

  let lost = 0;
  let duplicated = 0;
  const byKind: AlertAuditResult["byKind"] = {};
  const kind = (key: string) => (byKind[kindOf(key)] ??= { expected: 0, decided: 0 });
  for (const key of spec.expected) {
    kind(key).expected++;
    if (!decidedCount.has(key)) {
      lost++;
      failures.add("expected alert not decided", key);
    }
  }
  for (const [key, n] of decidedCount) {
    kind(key).decided += n;
    if (!spec.expected.has(key)) {
      duplicated += n;
      failures.add("alert decided that the workload does not call for", key, n);
    } else if (n > 1) {
      duplicated += n - 1;
      failures.add("alert decided more than once", `${key} ×${n}`, n - 1);
    }
  }

  const byId = new Map<string, Reception[]>();
  for (const r of spec.receptions) byId.set(r.requestId, [...(byId.get(r.requestId) ?? []), r]);
  const decidedIds = new Set(rows.map((r) => r.uuid));
  let delivered = 0;
  for (const r of rows) {
    const got = byId.get(r.uuid) ?? [];
    if (got.some((g) => g.status >= 200 && g.status < 300)) delivered++;
    else {
      lost++;
      failures.add("decided alert never delivered to the receiver", `${r.key} (${r.uuid})`);
    }
  }
  for (const [id, got] of byId)
    if (!decidedIds.has(id)) failures.add("request for no decided delivery", `${got[0]!.path} ${id}`);
  for (const r of spec.receptions)
    if (r.signatureOk === false) failures.add("integration webhook with a wrong signature", r.requestId);

  return {
    expected: spec.expected.size,
    decided: rows.length,
    lost,
    duplicated,
    delivered,
    resent: [...byId.values()].filter((g) => g.length > 1).length,
    refused: spec.receptions.filter((r) => r.status === 503).length,
    byKind,
    failures: failures.list(),
  };
}
