import { nullableNumber, rows } from "./sql.js";
import type { Conn } from "./sql.js";

/** `alert_deliveries` and `alert_delivery_attempts`: what the decider decided, and each try to send it. */

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface DeliveryInput {
  uuid: string;
  organizationId: number;
  projectId: number;
  issueId: number | null;
  ruleId: number | null;
  activityId: number | null;
  /** `issue`, `event_alert` (integration resources) or `alert` (rule actions of other kinds). */
  resource: string;
  /** The action kind: `sentry_app`, `webhooks`, `email`, `slack`. */
  action: string;
  target: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface Delivery extends DeliveryInput {
  id: number;
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
  rule_id: number | string | null;
  activity_id: number | string | null;
  resource: string;
  action: string;
  target: Record<string, unknown>;
  payload: Record<string, unknown>;
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
    ruleId: nullableNumber(r.rule_id),
    activityId: nullableNumber(r.activity_id),
    resource: r.resource,
    action: r.action,
    target: r.target,
    payload: r.payload,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    lastError: r.last_error,
  };
}

/** One multi-row insert of pending deliveries, due at `at`. */
export async function insertDeliveries(
  db: Conn,
  deliveries: readonly DeliveryInput[],
  at: Date,
): Promise<void> {
  if (deliveries.length === 0) return;
  await db("alert_deliveries").insert(
    deliveries.map((d) => ({
      uuid: d.uuid,
      organization_id: d.organizationId,
      project_id: d.projectId,
      issue_id: d.issueId,
      rule_id: d.ruleId,
      activity_id: d.activityId,
      resource: d.resource,
      action: d.action,
      target: JSON.stringify(d.target),
      payload: JSON.stringify(d.payload),
      status: "pending",
      next_attempt_at: at,
      created_at: at,
    })),
  );
}

/**
 * Takes up to `limit` due deliveries for `leaseMs`: they are not due again before the lease ends, so
 * another worker takes them only if this one died while sending. Skips rows other workers hold.
 */
export async function leaseDueDeliveries(
  db: Conn,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<Delivery[]> {
  const found = await rows<DeliveryRow>(
    db,
    `UPDATE alert_deliveries d SET next_attempt_at = ?::timestamptz + make_interval(secs => ?)
      WHERE d.id IN (SELECT id FROM alert_deliveries
                      WHERE status = 'pending' AND next_attempt_at <= ?
                      ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
     RETURNING d.*`,
    [now.toISOString(), leaseMs / 1000, now.toISOString(), limit],
  );
  return found.map(toDelivery).sort((a, b) => a.id - b.id);
}

/**
 * Records one attempt and the delivery's new state: delivered, failed, or pending again at
 * `nextAttemptAt`. `attempt` null puts the delivery back without counting an attempt (rate limit).
 */
export async function recordDeliveryAttempt(
  db: Conn,
  deliveryId: number,
  result: {
    attempt: DeliveryAttempt | null;
    status: DeliveryStatus;
    nextAttemptAt: Date;
    finishedAt: Date | null;
  },
): Promise<void> {
  await db.transaction(async (trx) => {
    if (result.attempt) {
      const a = result.attempt;
      await trx("alert_delivery_attempts").insert({
        delivery_id: deliveryId,
        attempt: a.attempt,
        started_at: a.startedAt,
        duration_ms: Math.round(a.durationMs),
        status_code: a.statusCode,
        error: a.error,
        outcome: a.outcome,
      });
    }
    await trx("alert_deliveries")
      .where({ id: deliveryId })
      .update({
        status: result.status,
        next_attempt_at: result.nextAttemptAt,
        finished_at: result.finishedAt,
        ...(result.attempt ? { attempts: result.attempt.attempt, last_error: result.attempt.error } : {}),
      });
  });
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
  if (filter.ruleId !== undefined) query.where("rule_id", filter.ruleId);
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

/** The e-mail addresses of users: the issue's assignee, a team's members or one member. */
export async function emailsOf(
  db: Conn,
  who: { userIds?: readonly number[]; teamIds?: readonly number[] },
): Promise<string[]> {
  const found = await rows<{ email: string }>(
    db,
    `SELECT DISTINCT u.email FROM users u
      WHERE u.id = ANY(?::bigint[])
         OR u.id IN (SELECT m.user_id FROM team_members m WHERE m.team_id = ANY(?::bigint[]))
      ORDER BY u.email`,
    [[...(who.userIds ?? [])], [...(who.teamIds ?? [])]],
  );
  return found.map((r) => r.email).filter((e) => e !== "");
}
