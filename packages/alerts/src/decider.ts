import { randomUUID } from "node:crypto";
import { ActivityType, PriorityLevel } from "@sift/schemas";
import type { Clock, GroupTypeRegistry, Logger, Metrics } from "@sift/schemas";
import {
  advanceAlertCursor,
  claimRuleFirings,
  countIssueWindows,
  currentXidMark,
  getIssueCounters,
  getUsersByIds,
  insertDeliveries,
  listAlertRules,
  listAlertedProjects,
  listSentryAppInstallations,
  lockAlertCursor,
  readActivitiesAfter,
  readIssuesWithEventsBetween,
  ruleIssuesCoolingDown,
  withTransaction,
} from "@sift/storage";
import type {
  AlertCursor,
  AlertRule,
  Db,
  Delivery,
  DeliveryInput,
  LoggedActivity,
  SentryAppInstallation,
} from "@sift/storage";
import { deliveriesOfFirings, loadActionEnv, normalizeUuid } from "./actions.js";
import {
  Counts,
  conditionsMayPass,
  countWindowsOf,
  distinctWindows,
  isFrequencyCondition,
  mayFire,
  ruleFires,
} from "./evaluate.js";
import type { CountWindow, IssueTriggers } from "./evaluate.js";
import { SYSTEM_ACTOR, issueWebhookBody } from "./payloads.js";
import type { Actor } from "./payloads.js";
import type { DeliveryHandOff } from "./worker.js";
import { FILTERS } from "./rule-ids.js";
import { loadSubjects } from "./subjects.js";
import type { Subject } from "./subjects.js";

export interface AlertDeciderOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  types: GroupTypeRegistry;
  /** Base URL of the links in payloads (the web UI and API). */
  baseUrl: string;
  /** At most this many activities per pass (default 2,000). */
  batchSize?: number;
  cursorName?: string;
  /**
   * The delivery worker's hand-off: a pass's deliveries are written leased to it and, once the pass
   * committed, sent from memory (not read back), while it has room for them.
   */
  handOff?: DeliveryHandOff;
}

export interface DecideResult {
  /** Activities read: those of the projects an alert can concern. */
  activities: number;
  /** Issues with new events in the projects an alert can concern. */
  issuesWithEvents: number;
  decided: number;
  /** The pass read everything committed by transactions below this id. */
  horizon: string;
  /** The pass stopped at its batch size: more activities are waiting. */
  full: boolean;
}

export interface AlertDecider {
  /** One pass over the log in one transaction: decide, write the deliveries, advance the cursor. */
  decideOnce(): Promise<DecideResult>;
  /**
   * Passes until everything committed before the call has been decided (the horizon passed every
   * transaction that had started), or `timeoutMs` (default 10 s) ran out; returns the deliveries decided.
   */
  catchUp(options?: { timeoutMs?: number }): Promise<number>;
}

/** Status activities: the previous one tells whether an unresolve is a reappearance. */
const STATUS_TYPES = [
  ActivityType.SET_RESOLVED,
  ActivityType.SET_UNRESOLVED,
  ActivityType.SET_IGNORED,
  ActivityType.SET_REGRESSION,
  ActivityType.SET_RESOLVED_IN_RELEASE,
  ActivityType.SET_RESOLVED_IN_COMMIT,
  ActivityType.SET_ESCALATING,
  ActivityType.AUTO_SET_ONGOING,
];

/** The `issue` webhook action of each activity type that has one. */
const ISSUE_WEBHOOK_ACTIONS: Readonly<Record<number, string>> = {
  [ActivityType.FIRST_SEEN]: "created",
  [ActivityType.SET_RESOLVED]: "resolved",
  [ActivityType.SET_RESOLVED_IN_RELEASE]: "resolved",
  [ActivityType.SET_RESOLVED_IN_COMMIT]: "resolved",
  [ActivityType.ASSIGNED]: "assigned",
  [ActivityType.SET_IGNORED]: "archived",
  [ActivityType.SET_UNRESOLVED]: "unresolved",
  [ActivityType.SET_REGRESSION]: "unresolved",
  [ActivityType.SET_ESCALATING]: "unresolved",
};

/** The `issue` webhook action of an activity, if it has one. */
export function issueWebhookAction(type: number): string | null {
  return ISSUE_WEBHOOK_ACTIONS[type] ?? null;
}

const noTriggers = (): IssueTriggers => ({
  isNew: false,
  isRegression: false,
  hasReappeared: false,
  isNewHighPriority: false,
});

/** Folds a pass's activities into what happened to each issue. */
export function triggersOf(activities: readonly LoggedActivity[]): Map<number, IssueTriggers> {
  const result = new Map<number, IssueTriggers>();
  for (const a of activities) {
    const t = result.get(a.issueId) ?? noTriggers();
    if (a.type === ActivityType.FIRST_SEEN) t.isNew = true;
    else if (a.type === ActivityType.SET_REGRESSION) t.isRegression = true;
    else if (a.type === ActivityType.SET_ESCALATING) t.hasReappeared = true;
    else if (a.type === ActivityType.SET_UNRESOLVED && a.previousStatusType === ActivityType.SET_IGNORED)
      t.hasReappeared = true;
    else continue;
    result.set(a.issueId, t);
  }
  return result;
}

const maxXid = (a: string, b: string): string => (BigInt(a) >= BigInt(b) ? a : b);

function nextCursor(
  cursor: AlertCursor,
  horizon: string,
  activities: LoggedActivity[],
  limit: number,
): AlertCursor {
  const last = activities.at(-1);
  const activity =
    last && activities.length >= limit
      ? { activityXid: last.xid, activityId: last.id }
      : BigInt(horizon) > BigInt(cursor.activityXid)
        ? { activityXid: horizon, activityId: 0 }
        : { activityXid: cursor.activityXid, activityId: cursor.activityId };
  return { ...cursor, ...activity, occurrenceXid: maxXid(cursor.occurrenceXid, horizon) };
}

async function loadCounts(db: Db, windows: CountWindow[]): Promise<Counts> {
  const counts = new Counts();
  const distinct = distinctWindows(windows);
  const events = distinct.filter((w) => w.kind === "events");
  const users = distinct.filter((w) => w.kind === "users");
  const [eventCounts, userCounts] = await Promise.all([
    countIssueWindows(db, "events", events),
    countIssueWindows(db, "users", users),
  ]);
  events.forEach((w, i) => counts.set(w, eventCounts[i] ?? 0));
  users.forEach((w, i) => counts.set(w, userCounts[i] ?? 0));
  return counts;
}

async function actorsOf(trx: Db, activities: readonly LoggedActivity[]): Promise<Map<number, Actor>> {
  const users = await getUsersByIds(
    trx,
    activities.flatMap((a) => (a.userId === null ? [] : [a.userId])),
  );
  return new Map(
    [...users.values()].map((u) => [u.id, { type: "user", id: String(u.id), name: u.name || u.email }]),
  );
}

/** A rule that may fire for an issue, as far as is known before the issue is loaded. */
interface OpenPair {
  rule: AlertRule;
  issueId: number;
}

const pairKey = (ruleId: number, issueId: number): string => `${ruleId}:${issueId}`;

/** Counters unknown (an issue with activities only): every frequency condition stays open. */
const UNKNOWN_COUNTERS = { timesSeen: Infinity, userCount: Infinity };

/**
 * The (rule, issue) pairs that can still fire before the issues are loaded: the state conditions
 * and the issues' counters leave the rule open, and a rule with a frequency condition is not cooling
 * down for the issue (one statement). An issue no pair is left for is not loaded at all.
 */
async function openPairs(
  trx: Db,
  now: Date,
  evaluate: ReadonlyMap<number, IssueTriggers>,
  counters: ReadonlyMap<number, { timesSeen: number; userCount: number }>,
  wanted: ReadonlyMap<number, { projectId: number }>,
  rules: readonly AlertRule[],
): Promise<OpenPair[]> {
  const rulesOf = new Map<number, AlertRule[]>();
  for (const r of rules) rulesOf.set(r.projectId, [...(rulesOf.get(r.projectId) ?? []), r]);
  const pairs = [...evaluate].flatMap(([issueId, triggers]) => {
    const issue = counters.get(issueId) ?? UNKNOWN_COUNTERS;
    return (rulesOf.get(wanted.get(issueId)!.projectId) ?? [])
      .filter((rule) => conditionsMayPass(rule, triggers, issue))
      .map((rule) => ({ rule, issueId }));
  });
  const cooling = await ruleIssuesCoolingDown(
    trx,
    pairs
      .filter((p) => p.rule.conditions.some(isFrequencyCondition))
      .map((p) => ({ ruleId: p.rule.id, issueId: p.issueId })),
    now,
  );
  return pairs.filter((p) => !cooling.has(pairKey(p.rule.id, p.issueId)));
}

/**
 * The rule deliveries of a pass, in a fixed number of statements whatever the number of rules and
 * issues: the windowed counts (two statements) of the open pairs whose gates pass, the firings'
 * claim, and what the actions need.
 */
async function decideRules(
  trx: Db,
  now: Date,
  evaluate: ReadonlyMap<number, IssueTriggers>,
  subjects: ReadonlyMap<number, Subject>,
  open: readonly OpenPair[],
  installations: ReadonlyMap<string, SentryAppInstallation>,
): Promise<DeliveryInput[]> {
  const candidates = open.flatMap(({ rule, issueId }) => {
    const subject = subjects.get(issueId);
    if (!subject || !mayFire(rule, evaluate.get(issueId)!, subject.eval, now)) return [];
    return [{ rule, subject, windows: countWindowsOf(rule, subject.eval.issue, now) }];
  });
  const counts = await loadCounts(
    trx,
    candidates.flatMap((p) => p.windows),
  );
  const passing = candidates.filter((p) =>
    ruleFires(p.rule, evaluate.get(p.subject.ctx.issue.id)!, p.subject.eval, counts, now),
  );
  const fired = await claimRuleFirings(
    trx,
    passing.map((p) => ({ ruleId: p.rule.id, issueId: p.subject.ctx.issue.id })),
    now,
  );
  const firings = passing.filter((p) => fired.has(pairKey(p.rule.id, p.subject.ctx.issue.id)));
  const env = await loadActionEnv(
    trx,
    firings.map((p) => ({ rule: p.rule, ctx: p.subject.ctx })),
    installations,
  );
  const rulesFired = new Map<Subject, AlertRule[]>();
  for (const p of firings) {
    const carried = rulesFired.get(p.subject);
    if (carried) carried.push(p.rule);
    else rulesFired.set(p.subject, [p.rule]);
  }
  return [...rulesFired].flatMap(([subject, carried]) => deliveriesOfFirings(env, carried, subject.ctx));
}

async function issueHookDeliveries(
  trx: Db,
  hooks: readonly { activity: LoggedActivity; action: string }[],
  subjects: ReadonlyMap<number, Subject>,
  installations: readonly SentryAppInstallation[],
): Promise<DeliveryInput[]> {
  const actors = await actorsOf(
    trx,
    hooks.map((h) => h.activity),
  );
  const out: DeliveryInput[] = [];
  for (const { activity, action } of hooks) {
    const subject = subjects.get(activity.issueId);
    if (!subject) continue;
    const actor = (activity.userId !== null ? actors.get(activity.userId) : undefined) ?? SYSTEM_ACTOR;
    for (const inst of installations) {
      if (inst.organizationId !== subject.ctx.organization.id) continue;
      if (!inst.app.webhookUrl || !inst.app.events.includes("issue")) continue;
      out.push({
        uuid: randomUUID(),
        organizationId: subject.ctx.organization.id,
        projectId: subject.ctx.project.id,
        issueId: activity.issueId,
        ruleIds: [],
        activityId: activity.id,
        resource: "issue",
        action: "sentry_app",
        target: { url: inst.app.webhookUrl, installationUuid: inst.uuid },
        payload: issueWebhookBody(subject.ctx, action, inst.uuid, actor),
        eventId: null,
      });
    }
  }
  return out;
}

/** The stored deliveries with the data of the event each carries, as a lease would read it. */
function withEventData(stored: readonly Delivery[], subjects: ReadonlyMap<number, Subject>): Delivery[] {
  const data = new Map<string, Record<string, unknown>>();
  for (const { ctx } of subjects.values())
    if (ctx.event) data.set(`${ctx.project.id}:${ctx.event.eventId}`, ctx.event.data);
  return stored.map((d) => ({
    ...d,
    eventData: d.eventId === null ? null : (data.get(`${d.projectId}:${d.eventId}`) ?? null),
  }));
}

export function createAlertDecider(options: AlertDeciderOptions): AlertDecider {
  const { db, clock, metrics, logger, types, baseUrl } = options;
  const limit = options.batchSize ?? 2_000;
  const cursorName = options.cursorName ?? "default";
  const handOff = options.handOff;

  async function pass(trx: Db): Promise<{ result: DecideResult; handed: Delivery[] }> {
    const now = clock.now();
    const { cursor, horizon } = await lockAlertCursor(trx, cursorName);
    const after = { xid: cursor.activityXid, id: cursor.activityId };
    // Only projects with an active rule or an issue webhook can get a delivery: the others' activities
    // and occurrences are not read (nothing would come of them).
    const alerted = await listAlertedProjects(trx);
    const projects = [...new Set([...alerted.ruled, ...alerted.hooked])];
    const activities = await readActivitiesAfter(trx, after, horizon, limit, STATUS_TYPES, projects);
    const withEvents = await readIssuesWithEventsBetween(trx, cursor.occurrenceXid, horizon, projects);
    // Rules are evaluated for issues that changed state or got events; issue webhooks follow activities.
    const evaluate = triggersOf(activities);
    for (const i of withEvents) if (!evaluate.has(i.issueId)) evaluate.set(i.issueId, noTriggers());
    const hooks = activities.flatMap((a) => {
      const action = alerted.hooked.has(a.projectId) ? issueWebhookAction(a.type) : null;
      return action ? [{ activity: a, action }] : [];
    });
    const wanted = new Map<number, { projectId: number; eventId: string | null }>();
    for (const a of activities) wanted.set(a.issueId, { projectId: a.projectId, eventId: null });
    for (const i of withEvents) wanted.set(i.issueId, { projectId: i.projectId, eventId: i.eventId });
    const rules = await listAlertRules(trx, [
      ...new Set([...evaluate.keys()].map((id) => wanted.get(id)!.projectId)),
    ]);
    // Whether a new issue is of high priority is known once it is loaded: until then it may be.
    for (const t of evaluate.values()) t.isNewHighPriority = t.isNew;
    const open =
      rules.length === 0
        ? []
        : await openPairs(
            trx,
            now,
            evaluate,
            await getIssueCounters(
              trx,
              withEvents.map((i) => i.issueId),
            ),
            wanted,
            rules,
          );
    const hooked = new Set(hooks.map((h) => h.activity.issueId));
    const ruled = new Set(open.map((p) => p.issueId));
    const load = new Map([...wanted].filter(([id]) => hooked.has(id) || ruled.has(id)));
    const latestReleaseOf = new Set(
      rules.filter((r) => r.filters.some((f) => f.id === FILTERS.LATEST_RELEASE)).map((r) => r.projectId),
    );
    const subjects = await loadSubjects(trx, load, { types, baseUrl, latestReleaseOf });
    for (const [issueId, t] of evaluate)
      t.isNewHighPriority = t.isNew && subjects.get(issueId)?.ctx.issue.priority === PriorityLevel.HIGH;
    const installations = await listSentryAppInstallations(trx, [
      ...new Set([...subjects.values()].map((s) => s.ctx.organization.id)),
    ]);
    const byUuid = new Map(installations.map((i) => [normalizeUuid(i.uuid), i]));

    const deliveries = await issueHookDeliveries(trx, hooks, subjects, installations);
    if (open.length > 0) deliveries.push(...(await decideRules(trx, now, evaluate, subjects, open, byUuid)));
    const handing = handOff !== undefined && deliveries.length > 0 && handOff.room() >= deliveries.length;
    const stored = await insertDeliveries(
      trx,
      deliveries,
      now,
      handing ? new Date(now.getTime() + handOff.leaseMs) : now,
    );
    await advanceAlertCursor(trx, nextCursor(cursor, horizon, activities, limit), now);
    for (const d of deliveries) metrics.increment("alerts.decided", { action: d.action });
    if (deliveries.length > 0) logger.debug({ decided: deliveries.length }, "alerts.decided");
    const result = {
      activities: activities.length,
      issuesWithEvents: withEvents.length,
      decided: deliveries.length,
      horizon,
      full: activities.length >= limit,
    };
    return { result, handed: handing ? withEventData(stored, subjects) : [] };
  }

  async function decideOnce(): Promise<DecideResult> {
    const { result, handed } = await withTransaction(db, (trx) => pass(trx));
    // Committed: the worker's outcomes find the rows.
    if (handed.length > 0) handOff!.accept(handed);
    return result;
  }

  async function catchUp(catchUpOptions: { timeoutMs?: number } = {}): Promise<number> {
    const mark = BigInt(await currentXidMark(db));
    const deadline = Date.now() + (catchUpOptions.timeoutMs ?? 10_000);
    let decided = 0;
    for (;;) {
      const r = await decideOnce();
      decided += r.decided;
      if (r.full) continue;
      // A transaction that started before the call may still be running: its rows are not read yet.
      if (BigInt(r.horizon) >= mark || Date.now() >= deadline) return decided;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  return { decideOnce, catchUp };
}
