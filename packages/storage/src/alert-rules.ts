import { rows } from "./sql.js";
import { fromRow } from "./row-of.js";
import type { Conn } from "./sql.js";
import type { RowOf } from "./row-of.js";

/** `alert_rules`: a project's issue alert rules (conditions, filters and actions as Sentry's JSON). */

export interface RuleNode {
  id: string;
  [key: string]: unknown;
}

export interface AlertRule {
  id: number;
  organizationId: number;
  projectId: number;
  name: string;
  environment: string | null;
  actionMatch: string;
  filterMatch: string;
  frequency: number;
  conditions: RuleNode[];
  filters: RuleNode[];
  actions: RuleNode[];
  owner: string | null;
  status: string;
  dateAdded: Date;
}

export type AlertRuleInput = Omit<AlertRule, "id" | "dateAdded" | "status">;

type AlertRuleRow = RowOf<AlertRule>;

function toColumns(input: AlertRuleInput): Record<string, unknown> {
  return {
    organization_id: input.organizationId,
    project_id: input.projectId,
    name: input.name,
    environment: input.environment,
    action_match: input.actionMatch,
    filter_match: input.filterMatch,
    frequency: input.frequency,
    conditions: JSON.stringify(input.conditions),
    filters: JSON.stringify(input.filters),
    actions: JSON.stringify(input.actions),
    owner: input.owner,
  };
}

export async function createAlertRule(db: Conn, input: AlertRuleInput, at: Date): Promise<AlertRule> {
  const [row] = await db("alert_rules")
    .insert({ ...toColumns(input), date_added: at })
    .returning<AlertRuleRow[]>("*");
  return fromRow<AlertRule>(row!);
}

export async function updateAlertRule(
  db: Conn,
  id: number,
  input: AlertRuleInput,
): Promise<AlertRule | null> {
  const [row] = await db("alert_rules")
    .where({ id, project_id: input.projectId, status: "active" })
    .update(toColumns(input))
    .returning<AlertRuleRow[]>("*");
  return row ? fromRow<AlertRule>(row) : null;
}

/** Sentry keeps a deleted rule (status `pending_deletion`) so its fire history stays readable. */
export async function deleteAlertRule(db: Conn, projectId: number, id: number): Promise<boolean> {
  const updated = await db("alert_rules")
    .where({ id, project_id: projectId, status: "active" })
    .update({ status: "pending_deletion" });
  return updated > 0;
}

export async function getAlertRule(db: Conn, projectId: number, id: number): Promise<AlertRule | null> {
  const row = await db<AlertRuleRow>("alert_rules")
    .where({ id, project_id: projectId, status: "active" })
    .first();
  return row ? fromRow<AlertRule>(row) : null;
}

/**
 * The projects an alert can concern: those with an active rule (`ruled`) and those whose organization
 * has an installed app receiving `issue` webhooks (`hooked`). One statement.
 */
export async function listAlertedProjects(db: Conn): Promise<{ ruled: Set<number>; hooked: Set<number> }> {
  const found = await rows<{ project_id: number | string; ruled: boolean }>(
    db,
    `SELECT DISTINCT project_id, true AS ruled FROM alert_rules WHERE status = 'active'
     UNION ALL
     SELECT p.id, false FROM projects p
      WHERE p.organization_id IN (SELECT i.organization_id FROM sentry_app_installations i
                                    JOIN sentry_apps a ON a.id = i.app_id
                                   WHERE a.webhook_url <> '' AND 'issue' = ANY(a.events))`,
    [],
  );
  const ruled = new Set<number>();
  const hooked = new Set<number>();
  for (const r of found) (r.ruled ? ruled : hooked).add(Number(r.project_id));
  return { ruled, hooked };
}

/** The active rules of the given projects, oldest first. */
export async function listAlertRules(db: Conn, projectIds: readonly number[]): Promise<AlertRule[]> {
  if (projectIds.length === 0) return [];
  const rows = await db<AlertRuleRow>("alert_rules")
    .whereIn("project_id", [...projectIds])
    .where({ status: "active" })
    .orderBy("id");
  return rows.map((row) => fromRow<AlertRule>(row));
}

/**
 * Marks each (rule, issue) as fired at `at` when it never fired or last fired at least the rule's
 * `frequency` minutes before; returns the `rule:issue` keys that fired. One statement: concurrent
 * deciders cannot both fire a rule for an issue within its frequency.
 */
export async function claimRuleFirings(
  db: Conn,
  claims: readonly { ruleId: number; issueId: number }[],
  at: Date,
): Promise<Set<string>> {
  const fired = new Set<string>();
  const unique = [...new Map(claims.map((c) => [`${c.ruleId}:${c.issueId}`, c])).values()];
  if (unique.length === 0) return fired;
  const result = (await db.raw(
    `INSERT INTO alert_rule_issues AS s (rule_id, issue_id, last_fired)
       SELECT k.rule_id, k.issue_id, ?::timestamptz FROM unnest(?::bigint[], ?::bigint[]) AS k(rule_id, issue_id)
     ON CONFLICT (rule_id, issue_id) DO UPDATE SET last_fired = EXCLUDED.last_fired
       WHERE s.last_fired <= EXCLUDED.last_fired
         - (SELECT make_interval(mins => r.frequency) FROM alert_rules r WHERE r.id = s.rule_id)
     RETURNING s.rule_id, s.issue_id`,
    [at.toISOString(), unique.map((c) => c.ruleId), unique.map((c) => c.issueId)],
  )) as { rows: { rule_id: number | string; issue_id: number | string }[] };
  for (const r of result.rows) fired.add(`${Number(r.rule_id)}:${Number(r.issue_id)}`);
  return fired;
}

/**
 * The `rule:issue` keys of the pairs that fired less than their rule's `frequency` minutes before `at`
 * (they cannot fire now): one statement for all the pairs.
 */
export async function ruleIssuesCoolingDown(
  db: Conn,
  pairs: readonly { ruleId: number; issueId: number }[],
  at: Date,
): Promise<Set<string>> {
  const cooling = new Set<string>();
  if (pairs.length === 0) return cooling;
  const result = (await db.raw(
    `SELECT s.rule_id, s.issue_id
       FROM unnest(?::bigint[], ?::bigint[]) AS k(rule_id, issue_id)
       JOIN alert_rule_issues s ON s.rule_id = k.rule_id AND s.issue_id = k.issue_id
       JOIN alert_rules r ON r.id = s.rule_id
      WHERE s.last_fired > ?::timestamptz - make_interval(mins => r.frequency)`,
    [pairs.map((p) => p.ruleId), pairs.map((p) => p.issueId), at.toISOString()],
  )) as { rows: { rule_id: number | string; issue_id: number | string }[] };
  for (const r of result.rows) cooling.add(`${Number(r.rule_id)}:${Number(r.issue_id)}`);
  return cooling;
}

export interface RuleFiring {
  issueId: number;
  /** When the rule last fired for the issue. */
  dateAdded: Date;
}

/** When each of the rules last fired (rules that never did are absent), in one query. */
export async function lastRuleFirings(db: Conn, ruleIds: readonly number[]): Promise<Map<number, Date>> {
  if (ruleIds.length === 0) return new Map();
  const { rows } = (await db.raw(
    `SELECT r.id, f.last_fired
       FROM unnest(?::bigint[]) AS r(id)
       CROSS JOIN LATERAL (SELECT last_fired FROM alert_rule_issues
                            WHERE rule_id = r.id ORDER BY last_fired DESC LIMIT 1) f`,
    [[...ruleIds]],
  )) as { rows: { id: number | string; last_fired: Date }[] };
  return new Map(rows.map((r) => [Number(r.id), r.last_fired]));
}

/** A rule's fire history: the issues it fired for, the most recently fired first. */
export async function listRuleFirings(db: Conn, ruleId: number, limit: number): Promise<RuleFiring[]> {
  const rows = await db("alert_rule_issues")
    .where({ rule_id: ruleId })
    .orderBy("last_fired", "desc")
    .limit(limit)
    .select<{ issue_id: number | string; last_fired: Date }[]>("issue_id", "last_fired");
  return rows.map((r) => ({ issueId: Number(r.issue_id), dateAdded: r.last_fired }));
}
