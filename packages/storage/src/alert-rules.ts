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
  /** When the rule last fired for an issue; null before its first firing. */
  lastFired: Date | null;
}

export type AlertRuleInput = Omit<AlertRule, "id" | "dateAdded" | "status" | "lastFired">;

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

interface RuleIssue {
  ruleId: number;
  issueId: number;
}

/**
 * The `rule:issue` keys of the (rule_id, issue_id) rows that `sql` returns for `pairs`, given their
 * rule ids and issue ids as arrays (no statement for no pairs).
 */
async function ruleIssueKeys(
  db: Conn,
  pairs: readonly RuleIssue[],
  sql: string,
  bindings: (ruleIds: number[], issueIds: number[]) => unknown[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const found = await rows<{ rule_id: number | string; issue_id: number | string }>(
    db,
    sql,
    bindings(
      pairs.map((p) => p.ruleId),
      pairs.map((p) => p.issueId),
    ),
  );
  return new Set(found.map((r) => `${Number(r.rule_id)}:${Number(r.issue_id)}`));
}

/**
 * Marks each (rule, issue) as fired at `at` when it never fired or last fired at least the rule's
 * `frequency` minutes before, and the rules that fired as last fired at `at`; returns the
 * `rule:issue` keys that fired. One statement: concurrent deciders cannot both fire a rule for an
 * issue within its frequency.
 */
export async function claimRuleFirings(
  db: Conn,
  claims: readonly RuleIssue[],
  at: Date,
): Promise<Set<string>> {
  const unique = [...new Map(claims.map((c) => [`${c.ruleId}:${c.issueId}`, c])).values()];
  return ruleIssueKeys(
    db,
    unique,
    `WITH fired AS (
       INSERT INTO alert_rule_issues AS s (rule_id, issue_id, last_fired)
         SELECT k.rule_id, k.issue_id, ?::timestamptz FROM unnest(?::bigint[], ?::bigint[]) AS k(rule_id, issue_id)
       ON CONFLICT (rule_id, issue_id) DO UPDATE SET last_fired = EXCLUDED.last_fired
         WHERE s.last_fired <= EXCLUDED.last_fired
           - (SELECT make_interval(mins => r.frequency) FROM alert_rules r WHERE r.id = s.rule_id)
       RETURNING s.rule_id, s.issue_id),
     rules AS (
       UPDATE alert_rules r SET last_fired = ?::timestamptz
        WHERE r.id IN (SELECT rule_id FROM fired) AND (r.last_fired IS NULL OR r.last_fired < ?::timestamptz))
     SELECT rule_id, issue_id FROM fired`,
    (ruleIds, issueIds) => [at.toISOString(), ruleIds, issueIds, at.toISOString(), at.toISOString()],
  );
}

/**
 * The `rule:issue` keys of the pairs that fired less than their rule's `frequency` minutes before `at`
 * (they cannot fire now): one statement for all the pairs.
 */
export async function ruleIssuesCoolingDown(
  db: Conn,
  pairs: readonly RuleIssue[],
  at: Date,
): Promise<Set<string>> {
  return ruleIssueKeys(
    db,
    pairs,
    `SELECT s.rule_id, s.issue_id
       FROM unnest(?::bigint[], ?::bigint[]) AS k(rule_id, issue_id)
       JOIN alert_rule_issues s ON s.rule_id = k.rule_id AND s.issue_id = k.issue_id
       JOIN alert_rules r ON r.id = s.rule_id
      WHERE s.last_fired > ?::timestamptz - make_interval(mins => r.frequency)`,
    (ruleIds, issueIds) => [ruleIds, issueIds, at.toISOString()],
  );
}

export interface RuleFiring {
  issueId: number;
  /** When the rule last fired for the issue. */
  dateAdded: Date;
}

/**
 * A rule's fire history: the issues it fired for, the most recently fired first (a top-N sort of the
 * rule's range of the primary key).
 */
export async function listRuleFirings(db: Conn, ruleId: number, limit: number): Promise<RuleFiring[]> {
  const rows = await db("alert_rule_issues")
    .where({ rule_id: ruleId })
    .orderBy("last_fired", "desc")
    .limit(limit)
    .select<{ issue_id: number | string; last_fired: Date }[]>("issue_id", "last_fired");
  return rows.map((r) => ({ issueId: Number(r.issue_id), dateAdded: r.last_fired }));
}
