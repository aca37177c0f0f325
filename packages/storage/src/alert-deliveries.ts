import { nullableNumber, rowCount, rows } from "./sql.js";
import type { Conn } from "./sql.js";

/** `alert_deliveries` and `alert_delivery_attempts`: what the decider decided, and each try to send it. */

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface DeliveryInput {
  uuid: string;
  organizationId: number;
  projectId: number;
  issueId: number | null;
  /** The rules the delivery carries (those that fired together for its issue); empty for issue webhooks. */
  ruleIds: number[];
  activityId: number | null;
  /** `issue`, `event_alert` (integration resources) or `alert` (rule actions of other kinds). */
  resource: string;
  /** The action kind: `sentry_app`, `webhooks`, `email`, `slack`. */
  action: string;
  target: Record<string, unknown>;
  /** The body, without the data of the event it carries (`eventId`). */
  payload: Record<string, unknown>;
  /** The event whose stored data the body carries, read when it is sent; null when it carries none. */
  eventId: string | null;
}

export interface Delivery extends DeliveryInput {
  id: number;
  /** The data of `eventId` as stored, when the delivery was leased to be sent (null otherwise). */
  eventData: Record<string, unknown> | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
  lastError: string | null;
}

export interface DeliveryAttempt {
  deliveryId: number;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  /** `delivered`, `retry` or `failed`. */
  outcome: string;
}

interface DeliveryRow {
  id: number | string;
  uuid: string;
  organization_id: number | string;
  project_id: number | string;
  issue_id: number | string | null;
  rule_ids: (number | string)[];
  activity_id: number | string | null;
  resource: string;
  action: string;
  target: Record<string, unknown>;
  payload: Record<string, unknown>;
  event_id: string | null;
  event_data?: Record<string, unknown> | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  finished_at: Date | null;
  last_error: string | null;
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: Number(r.id),
    uuid: r.uuid.replaceAll("-", ""),
    organizationId: Number(r.organization_id),
    projectId: Number(r.project_id),
    issueId: nullableNumber(r.issue_id),
    ruleIds: r.rule_ids.map(Number),
    activityId: nullableNumber(r.activity_id),
    resource: r.resource,
    action: r.action,
    target: r.target,
    payload: r.payload,
    eventId: r.event_id === null ? null : r.event_id.replaceAll("-", ""),
    eventData: r.event_data ?? null,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    lastError: r.last_error,
  };
}

/**
 * Pending deliveries decided at `at`, in one statement: the batch as one JSON document (cheaper to
 * build and to parse than one array literal per column, the bodies being JSON already). They are due
 * at `dueAt` (default `at`); a later `dueAt` leases them to the caller, who sends them from memory,
 * until then. Returns them as stored, in the order given (`eventData` null).
 */
export async function insertDeliveries(
  db: Conn,
  deliveries: readonly DeliveryInput[],
  at: Date,
  dueAt: Date = at,
): Promise<Delivery[]> {
  if (deliveries.length === 0) return [];
  const inserted = await rows<{ uuid: string; id: number | string }>(
    db,
    `INSERT INTO alert_deliveries (uuid, organization_id, project_id, issue_id, rule_ids, activity_id, resource,
                                   action, target, payload, event_id, status, next_attempt_at, created_at)
     SELECT u, o, p, i, r, a, res, act, t, pl, e, 'pending', ?::timestamptz, ?::timestamptz
       FROM json_to_recordset(?::json)
         AS d(u uuid, o bigint, p bigint, i bigint, r bigint[], a bigint, res text, act text, t jsonb, pl jsonb,
              e uuid)
     RETURNING replace(uuid::text, '-', '') AS uuid, id`,
    [
      dueAt.toISOString(),
      at.toISOString(),
      JSON.stringify(
        deliveries.map((d) => ({
          u: d.uuid,
          o: d.organizationId,
          p: d.projectId,
          i: d.issueId,
          r: d.ruleIds,
          a: d.activityId,
          res: d.resource,
          act: d.action,
          t: d.target,
          pl: d.payload,
          e: d.eventId,
        })),
      ),
    ],
  );
  const ids = new Map(inserted.map((r) => [r.uuid, Number(r.id)]));
  return deliveries.map((d) => {
    const uuid = d.uuid.replaceAll("-", "");
    return {
      ...d,
      id: ids.get(uuid)!,
      uuid,
      eventId: d.eventId === null ? null : d.eventId.replaceAll("-", ""),
      eventData: null,
      status: "pending",
      attempts: 0,
      nextAttemptAt: dueAt,
      createdAt: at,
      finishedAt: null,
      lastError: null,
    };
  });
}

/**
 * Takes up to `limit` due deliveries for `leaseMs`: they are not due again before the lease ends, so
 * another worker takes them only if this one died while sending. Skips rows other workers hold. Each
 * comes with the data of the event its body carries, in the same statement.
 */
export async function leaseDueDeliveries(
  db: Conn,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<Delivery[]> {
  const found = await rows<DeliveryRow>(
    db,
    `WITH leased AS (
       UPDATE alert_deliveries d SET next_attempt_at = ?::timestamptz + make_interval(secs => ?)
        WHERE d.id IN (SELECT id FROM alert_deliveries
                        WHERE status = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING d.*)
     SELECT l.*, e.data AS event_data FROM leased l
       LEFT JOIN events e ON e.project_id = l.project_id AND e.event_id = l.event_id`,
    [now.toISOString(), leaseMs / 1000, now.toISOString(), limit],
  );
  return found.map(toDelivery).sort((a, b) => a.id - b.id);
}

/**
 * Ends the lease of the named deliveries that are still pending and leased: they are due at `at`, for
 * any worker (a worker stopping with deliveries it was handed and did not send). Returns how many.
 */
export async function releaseDeliveries(db: Conn, ids: readonly number[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  return rowCount(
    db,
    `UPDATE alert_deliveries SET next_attempt_at = ?::timestamptz
      WHERE id = ANY(?::bigint[]) AND status = 'pending' AND next_attempt_at > ?::timestamptz`,
    [at.toISOString(), [...ids], at.toISOString()],
  );
}

/** One delivery's attempt and new state: delivered, failed, or pending again at `nextAttemptAt`. */
export interface DeliveryOutcome {
  deliveryId: number;
  /** Null puts the delivery back without counting an attempt (rate limit). */
  attempt: DeliveryAttempt | null;
  status: DeliveryStatus;
  nextAttemptAt: Date;
  finishedAt: Date | null;
}

/**
 * Records a round's attempts and the deliveries' new states in one statement (so at once, without a
 * transaction of its own): the attempts are inserted by a data-modifying CTE of the update.
 */
export async function recordDeliveryOutcomes(db: Conn, outcomes: readonly DeliveryOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const attempts = outcomes.flatMap((o) => (o.attempt ? [o.attempt] : []));
  await rowCount(
    db,
    `WITH attempts AS (
       INSERT INTO alert_delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error, outcome)
       SELECT * FROM unnest(?::bigint[], ?::int[], ?::timestamptz[], ?::int[], ?::int[], ?::text[], ?::text[]))
     UPDATE alert_deliveries d
        SET status = v.status, next_attempt_at = v.next_at, finished_at = v.finished_at,
            attempts = coalesce(v.attempts, d.attempts),
            last_error = CASE WHEN v.attempts IS NULL THEN d.last_error ELSE v.error END
       FROM unnest(?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int[], ?::text[])
            AS v(id, status, next_at, finished_at, attempts, error)
      WHERE d.id = v.id`,
    [
      attempts.map((a) => a.deliveryId),
      attempts.map((a) => a.attempt),
      attempts.map((a) => a.startedAt.toISOString()),
      attempts.map((a) => Math.round(a.durationMs)),
      attempts.map((a) => a.statusCode),
      attempts.map((a) => a.error),
      attempts.map((a) => a.outcome),
      outcomes.map((o) => o.deliveryId),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.nextAttemptAt.toISOString()),
      outcomes.map((o) => o.finishedAt?.toISOString() ?? null),
      outcomes.map((o) => o.attempt?.attempt ?? null),
      outcomes.map((o) => o.attempt?.error ?? null),
    ],
  );
}

export interface DeliveryFilter {
  projectIds: readonly number[];
  ruleId?: number;
  status?: DeliveryStatus;
}

/** Deliveries newest first, with their attempts. */
export async function listDeliveries(
  db: Conn,
  filter: DeliveryFilter,
  page: { limit: number; offset: number },
): Promise<(Delivery & { attemptList: DeliveryAttempt[] })[]> {
  if (filter.projectIds.length === 0) return [];
  const query = db<DeliveryRow>("alert_deliveries").whereIn("project_id", [...filter.projectIds]);
  if (filter.ruleId !== undefined) query.whereRaw("rule_ids @> ARRAY[?]::bigint[]", [filter.ruleId]);
  if (filter.status !== undefined) query.where("status", filter.status);
  const found = (await query.orderBy("id", "desc").limit(page.limit).offset(page.offset)).map(toDelivery);
  const attempts = await listDeliveryAttempts(
    db,
    found.map((d) => d.id),
  );
  return found.map((d) => ({ ...d, attemptList: attempts.get(d.id) ?? [] }));
}

async function listDeliveryAttempts(
  db: Conn,
  ids: readonly number[],
): Promise<Map<number, DeliveryAttempt[]>> {
  const result = new Map<number, DeliveryAttempt[]>();
  if (ids.length === 0) return result;
  const found = await db("alert_delivery_attempts")
    .whereIn("delivery_id", [...ids])
    .orderBy([{ column: "delivery_id" }, { column: "attempt" }])
    .select<
      {
        delivery_id: number | string;
        attempt: number;
        started_at: Date;
        duration_ms: number;
        status_code: number | null;
        error: string | null;
        outcome: string;
      }[]
    >("*");
  for (const r of found) {
    const id = Number(r.delivery_id);
    const list = result.get(id) ?? [];
    list.push({
      deliveryId: id,
      attempt: r.attempt,
      startedAt: r.started_at,
      durationMs: r.duration_ms,
      statusCode: r.status_code,
      error: r.error,
      outcome: r.outcome,
    });
    result.set(id, list);
  }
  return result;
}

/** E-mail addresses by user and by team (its members'), for the recipients of alert e-mails. */
export interface EmailDirectory {
  users: Map<number, string>;
  teams: Map<number, string[]>;
}

/** The addresses of the given users and of the given teams' members, in one statement. */
export async function emailDirectory(
  db: Conn,
  who: { userIds: readonly number[]; teamIds: readonly number[] },
): Promise<EmailDirectory> {
  const directory: EmailDirectory = { users: new Map(), teams: new Map() };
  if (who.userIds.length === 0 && who.teamIds.length === 0) return directory;
  const found = await rows<{ team_id: number | string | null; user_id: number | string; email: string }>(
    db,
    `SELECT NULL::bigint AS team_id, u.id AS user_id, u.email FROM users u WHERE u.id = ANY(?::bigint[])
     UNION ALL
     SELECT m.team_id, u.id, u.email FROM team_members m JOIN users u ON u.id = m.user_id
      WHERE m.team_id = ANY(?::bigint[])
     ORDER BY 3`,
    [[...new Set(who.userIds)], [...new Set(who.teamIds)]],
  );
  for (const r of found) {
    if (r.email === "") continue;
    if (r.team_id === null) directory.users.set(Number(r.user_id), r.email);
    else {
      const team = Number(r.team_id);
      directory.teams.set(team, [...(directory.teams.get(team) ?? []), r.email]);
    }
  }
  return directory;
}
