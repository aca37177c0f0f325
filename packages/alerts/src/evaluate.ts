import { LOG_LEVEL_VALUES, eventTags } from "@sift/schemas";
import type { AlertRule, RuleNode } from "@sift/storage";
import { CONDITIONS, FILTERS, INTERVALS } from "./rule-ids.js";
import { asText } from "./text.js";

/** What happened to an issue since the decider's last pass. */
export interface IssueTriggers {
  isNew: boolean;
  isRegression: boolean;
  hasReappeared: boolean;
  isNewHighPriority: boolean;
}

/** The issue and its latest event, as the filters see them. */
export interface EvalSubject {
  issue: {
    id: number;
    status: string;
    timesSeen: number;
    userCount: number;
    firstSeen: Date;
    category: number;
    assigneeUserId: number | null;
    assigneeTeamId: number | null;
  };
  event: Record<string, unknown> | null;
  latestRelease: string | null;
}

/**
 * A count a frequency condition needs: events or users of an issue received in [from, to); the
 * current window has no end (`to` null), so events the database stamped a moment after the
 * decider's clock still count. `limit`: counting may stop there (a count condition only asks whether
 * its value is exceeded); null counts everything.
 */
export interface CountWindow {
  kind: "events" | "users";
  issueId: number;
  from: Date;
  to: Date | null;
  limit: number | null;
}

export const windowKey = (w: CountWindow): string =>
  `${w.kind}:${w.issueId}:${w.from.getTime()}:${w.to?.getTime() ?? "now"}`;

function frequencyWindows(node: RuleNode, issueId: number, now: Date): CountWindow[] {
  const kind = node.id === CONDITIONS.UNIQUE_USERS ? "users" : "events";
  const length = INTERVALS[asText(node.interval)] ?? 0;
  const from = new Date(now.getTime() - length);
  if (node.comparisonType !== "percent")
    return [{ kind, issueId, from, to: null, limit: Number(node.value) + 1 }];
  const shift = INTERVALS[asText(node.comparisonInterval)] ?? 0;
  return [
    { kind, issueId, from, to: null, limit: null },
    {
      kind,
      issueId,
      from: new Date(from.getTime() - shift),
      to: new Date(now.getTime() - shift),
      limit: null,
    },
  ];
}

/** An event or user frequency condition (it needs counts). */
export const isFrequencyCondition = (node: RuleNode): boolean =>
  node.id === CONDITIONS.EVENT_FREQUENCY || node.id === CONDITIONS.UNIQUE_USERS;

/**
 * Whether a frequency condition can pass for an issue seen `timesSeen` times by `userCount` users: a
 * window holds at most that many events (users), and a percent increase is at most 100 × the current
 * count.
 */
function canPass(node: RuleNode, issue: { timesSeen: number; userCount: number }): boolean {
  const total = node.id === CONDITIONS.UNIQUE_USERS ? issue.userCount : issue.timesSeen;
  const most = node.comparisonType === "percent" ? total * 100 : total;
  return most > Number(node.value);
}

/**
 * The counts a rule's conditions need for one issue; none for a condition the issue's `times_seen`
 * (or `user_count`) already rules out (it evaluates as not passing, as with a count of 0).
 */
export function countWindowsOf(
  rule: AlertRule,
  issue: { id: number; timesSeen: number; userCount: number },
  now: Date,
): CountWindow[] {
  return rule.conditions
    .filter((n) => isFrequencyCondition(n) && canPass(n, issue))
    .flatMap((n) => frequencyWindows(n, issue.id, now));
}

/** Windows asked for by several rules, counted once each (to the largest limit asked). */
export function distinctWindows(windows: readonly CountWindow[]): CountWindow[] {
  const byKey = new Map<string, CountWindow>();
  for (const w of windows) {
    const seen = byKey.get(windowKey(w));
    if (!seen) byKey.set(windowKey(w), w);
    else if (seen.limit !== null && (w.limit === null || w.limit > seen.limit))
      byKey.set(windowKey(w), { ...seen, limit: w.limit });
  }
  return [...byKey.values()];
}

export class Counts {
  private readonly values = new Map<string, number>();
  set(window: CountWindow, value: number): void {
    this.values.set(windowKey(window), value);
  }
  get(window: CountWindow): number {
    return this.values.get(windowKey(window)) ?? 0;
  }
}

/** Strictly greater than the value; `percent` compares with the earlier window (empty baseline: N·100 %). */
function frequencyPasses(node: RuleNode, issueId: number, now: Date, counts: Counts): boolean {
  const [current, previous] = frequencyWindows(node, issueId, now);
  const value = Number(node.value);
  const n = counts.get(current!);
  if (!previous) return n > value;
  const before = counts.get(previous);
  const increase = before === 0 ? n * 100 : Math.max(0, ((n - before) / before) * 100);
  return increase > value;
}

/** A state condition (first seen, regression, reappeared, high priority): what the pass saw happen. */
function statePasses(node: RuleNode, triggers: IssueTriggers): boolean {
  switch (node.id) {
    case CONDITIONS.FIRST_SEEN:
      return triggers.isNew;
    case CONDITIONS.REGRESSION:
      return triggers.isRegression;
    case CONDITIONS.REAPPEARED:
      return triggers.hasReappeared;
    case CONDITIONS.NEW_HIGH_PRIORITY:
      return triggers.isNewHighPriority;
    default:
      return false;
  }
}

function conditionPasses(
  node: RuleNode,
  triggers: IssueTriggers,
  issueId: number,
  now: Date,
  counts: Counts,
) {
  return isFrequencyCondition(node)
    ? frequencyPasses(node, issueId, now, counts)
    : statePasses(node, triggers);
}

function matches(match: string, results: boolean[]): boolean {
  if (match === "any") return results.length === 0 || results.some(Boolean);
  if (match === "none") return !results.some(Boolean);
  return results.every(Boolean);
}

export function stringMatches(match: string, actual: string | null, expected: string): boolean {
  const a = actual?.toLowerCase() ?? null;
  const e = expected.toLowerCase();
  switch (match) {
    case "is":
      return actual !== null && actual !== "";
    case "ns":
      return actual === null || actual === "";
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "sw":
      return a !== null && a.startsWith(e);
    case "nsw":
      return a === null || !a.startsWith(e);
    case "ew":
      return a !== null && a.endsWith(e);
    case "new":
      return a === null || !a.endsWith(e);
    case "co":
      return a !== null && a.includes(e);
    case "nc":
      return a === null || !a.includes(e);
    default:
      return false;
  }
}

const pathOf = (data: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
    data,
  );

function firstException(event: Record<string, unknown>): Record<string, unknown> | null {
  const values = pathOf(event, ["exception", "values"]);
  if (!Array.isArray(values) || values.length === 0) return null;
  return values[values.length - 1] as Record<string, unknown>;
}

function frames(event: Record<string, unknown>): Record<string, unknown>[] {
  const exception = firstException(event);
  const list = pathOf(exception ?? event, ["stacktrace", "frames"]);
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
}

/** The values an event attribute has (several for stack frames). */
export function attributeValues(event: Record<string, unknown>, attribute: string): string[] {
  const [head, ...rest] = attribute.split(".");
  const str = (v: unknown): string[] => (v === undefined || v === null ? [] : [asText(v)]);
  switch (head) {
    case "exception":
      return str(firstException(event)?.[rest[0] === "type" ? "type" : "value"]);
    case "stacktrace":
      return frames(event).flatMap((f) => str(f[rest[0] === "code" ? "function" : rest[0]!]));
    case "user":
    case "sdk":
      return str(pathOf(event, [head, ...rest]));
    case "http":
      return str(pathOf(event, ["request", rest[0] === "status_code" ? "status_code" : rest[0]!]));
    case "error":
      return str(pathOf(firstException(event), ["mechanism", "handled"]));
    case "message":
      return str(event.message ?? pathOf(event, ["logentry", "formatted"]));
    default:
      return str(event[head!]);
  }
}

const UNIT_MS: Readonly<Record<string, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

function filterPasses(node: RuleNode, subject: EvalSubject, now: Date): boolean {
  const { issue, event } = subject;
  switch (node.id) {
    case FILTERS.AGE: {
      const age = now.getTime() - issue.firstSeen.getTime();
      const limit = Number(node.value) * (UNIT_MS[asText(node.time)] ?? 0);
      return node.comparison_type === "older" ? age > limit : age < limit;
    }
    case FILTERS.OCCURRENCES:
      return issue.timesSeen >= Number(node.value);
    case FILTERS.ASSIGNED_TO:
      if (node.targetType === "Unassigned")
        return issue.assigneeUserId === null && issue.assigneeTeamId === null;
      return node.targetType === "Team"
        ? issue.assigneeTeamId === Number(node.targetIdentifier)
        : issue.assigneeUserId === Number(node.targetIdentifier);
    case FILTERS.LATEST_RELEASE:
      return subject.latestRelease !== null && event?.release === subject.latestRelease;
    case FILTERS.ISSUE_CATEGORY:
      return issue.category === Number(node.value);
    default:
      return event !== null && eventFilterPasses(node, event);
  }
}

function eventFilterPasses(node: RuleNode, event: Record<string, unknown>): boolean {
  switch (node.id) {
    case FILTERS.LEVEL: {
      const level = LOG_LEVEL_VALUES[(asText(event.level) || "error") as keyof typeof LOG_LEVEL_VALUES] ?? 40;
      const wanted = Number(node.level);
      return node.match === "eq"
        ? level === wanted
        : node.match === "gte"
          ? level >= wanted
          : level <= wanted;
    }
    case FILTERS.TAGGED_EVENT: {
      const key = asText(node.key).toLowerCase();
      const values = eventTags(event)
        .filter((t) => t.key.toLowerCase() === key)
        .map((t) => t.value);
      return anyValueMatches(asText(node.match), values, asText(node.value));
    }
    case FILTERS.EVENT_ATTRIBUTE:
      return anyValueMatches(
        asText(node.match),
        attributeValues(event, asText(node.attribute)),
        asText(node.value),
      );
    default:
      return false;
  }
}

/** Negative matches must hold for every value, positive ones for one (Sentry's match_values). */
function anyValueMatches(match: string, values: string[], expected: string): boolean {
  if (values.length === 0) return stringMatches(match, null, expected);
  const negative = ["ne", "nsw", "new", "nc", "ns"].includes(match);
  return negative
    ? values.every((v) => stringMatches(match, v, expected))
    : values.some((v) => stringMatches(match, v, expected));
}

/** What comes before the conditions: only unresolved issues, the rule's environment, its filters. */
function gatesPass(rule: AlertRule, subject: EvalSubject, now: Date): boolean {
  if (subject.issue.status !== "unresolved") return false;
  if (rule.environment !== null && subject.event?.environment !== rule.environment) return false;
  return matches(
    rule.filterMatch,
    rule.filters.map((f) => filterPasses(f, subject, now)),
  );
}

/**
 * Whether a rule's conditions can still hold for an issue before its event and any count are known:
 * the state conditions are known from what happened, and a frequency condition the issue's counters
 * rule out is known not to pass; the others are open. `actionMatch` decides.
 */
export function conditionsMayPass(
  rule: AlertRule,
  triggers: IssueTriggers,
  issue: { timesSeen: number; userCount: number },
): boolean {
  const known: boolean[] = [];
  let open = false;
  for (const c of rule.conditions) {
    if (!isFrequencyCondition(c)) known.push(statePasses(c, triggers));
    else if (canPass(c, issue)) open = true;
    else known.push(false);
  }
  if (rule.actionMatch === "any") return rule.conditions.length === 0 || open || known.some(Boolean);
  if (rule.actionMatch === "none") return !known.some(Boolean);
  return known.every(Boolean);
}

/**
 * Whether a rule can still fire for an issue before any count is known: the status, environment and
 * filters pass, and the conditions leave `actionMatch` open. A rule that cannot needs no counts.
 */
export function mayFire(rule: AlertRule, triggers: IssueTriggers, subject: EvalSubject, now: Date): boolean {
  return conditionsMayPass(rule, triggers, subject.issue) && gatesPass(rule, subject, now);
}

/** Whether a rule fires for an issue: environment, then filters (`filterMatch`), then conditions (`actionMatch`). */
export function ruleFires(
  rule: AlertRule,
  triggers: IssueTriggers,
  subject: EvalSubject,
  counts: Counts,
  now: Date,
): boolean {
  if (!gatesPass(rule, subject, now)) return false;
  const results = rule.conditions.map((c) => conditionPasses(c, triggers, subject.issue.id, now, counts));
  return matches(rule.actionMatch, results);
}
