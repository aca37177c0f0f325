import { createHmac } from "node:crypto";
import type { Clock, Logger, Metrics } from "@sift/schemas";
import {
  getSentryAppInstallations,
  leaseDueDeliveries,
  recordDeliveryOutcomes,
  releaseDeliveries,
} from "@sift/storage";
import type { Db, Delivery, DeliveryAttempt, DeliveryOutcome, SentryAppInstallation } from "@sift/storage";
import { hostLimiter } from "./host-limiter.js";
import { postJson } from "./http-send.js";
import { sentBody } from "./payloads.js";
import { asText } from "./text.js";
import type { HttpResult } from "./http-send.js";
import type { OutboundGuard } from "./outbound-guard.js";

/** Sends one e-mail (nodemailer's transport in production). */
export interface Mailer {
  send(message: { to: string[]; subject: string; text: string; html: string }): Promise<void>;
}

export interface DeliveryWorkerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  guard: OutboundGuard;
  /** Null: e-mail deliveries fail with "no SMTP server configured". */
  mailer: Mailer | null;
  /** How long one HTTP request or one e-mail may take (default 5 s). */
  timeoutMs?: number;
  /** First retry after this long, doubling each time (default 10 s), at most `maxDelayMs` (default 1 h). */
  retryBaseMs?: number;
  maxDelayMs?: number;
  /** The last retry is the first one at least this long after the decision (default 24 h). */
  retryForMs?: number;
  /**
   * Deliveries taken per round (default 100), sent at once: one lease and one record per round, so the
   * database work per delivery falls with the round's size.
   */
  batchSize?: number;
  /** At least this long between two messages to one Slack webhook (default 1 s). */
  slackIntervalMs?: number;
  /** At most this many requests at once to one host (default 10); the rest of a round waits its turn. */
  perHostConcurrency?: number;
  userAgent?: string;
}

export interface SendOutcome {
  delivered: number;
  retried: number;
  failed: number;
  deferred: number;
  /** The round took as many deliveries as it may: more may be due. */
  full: boolean;
}

type Counted = Exclude<keyof SendOutcome, "full">;

/**
 * Deliveries handed to a worker in memory by whoever wrote them (the decider, once its transaction
 * committed), leased to it in the database until their `nextAttemptAt`: the worker sends them without
 * reading them back. One whose lease has less than a round left when its turn comes is left to the
 * database, where it is due again once the lease ends.
 */
export interface DeliveryHandOff {
  /** How long to lease deliveries that will be handed over. */
  readonly leaseMs: number;
  /** How many more deliveries the worker takes in memory now (0: write them due, not leased). */
  room(): number;
  accept(deliveries: readonly Delivery[]): void;
}

export interface DeliveryWorker {
  /**
   * Sends up to `batchSize` deliveries once each: those handed over first, then those due now in the
   * database; resolves when they are recorded.
   */
  runOnce(): Promise<SendOutcome>;
  readonly handOff: DeliveryHandOff;
  /**
   * Gives back what was handed over and not sent (call it once the rounds have stopped): due now, for
   * any worker, instead of at the end of its lease. Returns how many.
   */
  releaseHandedOff(): Promise<number>;
}

/** Sentry's `Sentry-Hook-Signature`: hex HMAC-SHA256 of the exact body, keyed with the client secret. */
export function hookSignature(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

/** The retry delay after `attempt` failed attempts: `base · 2^(attempt − 1)`, at most `max`. */
export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

class SendError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

interface SendOptions {
  clock: Clock;
  guard: OutboundGuard;
  timeoutMs: number;
  userAgent: string;
  mailer: Mailer | null;
}

function expectOk(result: HttpResult): void {
  if (result.status < 200 || result.status >= 300)
    throw new SendError(
      `HTTP ${result.status}: ${result.body.slice(0, 200)}`,
      result.status,
      result.retryAfterMs,
    );
}

/**
 * `work`, or a `SendError` once `ms` have passed: every attempt is bounded by the worker's timeout,
 * whatever its action (an HTTP request is also aborted then; a mailer cannot be).
 */
function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendError(`Timed out after ${ms} ms`, null)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Sends one delivery once; the HTTP status, or null for e-mail. Throws on failure. `installations`
 * holds the round's integration installations by uuid (no hyphens).
 */
async function sendDelivery(
  d: Delivery,
  o: SendOptions,
  installations: ReadonlyMap<string, SentryAppInstallation>,
): Promise<number | null> {
  const url = asText(d.target.url);
  const body = JSON.stringify(sentBody(d, d.eventData));
  const json = { "Content-Type": "application/json", "User-Agent": o.userAgent };
  const post = (headers: Record<string, string>) =>
    postJson(url, body, headers, { guard: o.guard, timeoutMs: o.timeoutMs });
  switch (d.action) {
    case "sentry_app": {
      const uuid = asText(d.target.installationUuid);
      const installation = installations.get(uuid.replaceAll("-", "").toLowerCase());
      if (!installation) throw new SendError("The integration was uninstalled", null);
      const result = await post({
        ...json,
        "Request-ID": d.uuid,
        "Sentry-Hook-Resource": d.resource,
        "Sentry-Hook-Timestamp": String(Math.floor(o.clock.now().getTime() / 1000)),
        "Sentry-Hook-Signature": hookSignature(body, installation.app.clientSecret),
      });
      expectOk(result);
      return result.status;
    }
    case "webhooks":
    case "slack": {
      const result = await post({ ...json, "Request-ID": d.uuid });
      expectOk(result);
      return result.status;
    }
    case "email": {
      if (!o.mailer) throw new SendError("No SMTP server is configured", null);
      const p = d.payload as { subject: string; text: string; html: string };
      await o.mailer.send({ to: (d.target.to as string[]) ?? [], ...p });
      return null;
    }
    default:
      throw new SendError(`Unknown action ${d.action}`, null);
  }
}

/**
 * One send, timed from when it starts (after its host's turn came) and bounded by the worker's
 * timeout, with its status or error.
 */
async function timedSend(
  d: Delivery,
  o: SendOptions,
  installations: ReadonlyMap<string, SentryAppInstallation>,
): Promise<{ startedAt: Date; durationMs: number; statusCode: number | null; error: Error | null }> {
  const startedAt = o.clock.now();
  const started = performance.now();
  try {
    const statusCode = await withinTimeout(sendDelivery(d, o, installations), o.timeoutMs);
    return { startedAt, durationMs: performance.now() - started, statusCode, error: null };
  } catch (e) {
    const statusCode = e instanceof SendError ? e.statusCode : null;
    return { startedAt, durationMs: performance.now() - started, statusCode, error: e as Error };
  }
}

/**
 * Slack allows about one message a second per webhook: a later one waits for a slot of its own, the
 * next free one, so a burst is sent one a second in order and each waiting delivery is taken again
 * once, when its slot comes. The returned function gives the slot to wait for, or null to send now.
 */
function slackPacer(intervalMs: number): (d: Delivery, now: number) => number | null {
  const nextSlot = new Map<string, number>();
  /** Deliveries deferred to a slot of their own, by id: when it comes they are sent without waiting. */
  const reserved = new Map<number, number>();
  let pruned = 0;
  return (d, now) => {
    if (d.action !== "slack") return null;
    const own = reserved.get(d.id);
    if (own !== undefined) {
      if (own > now) return own;
      reserved.delete(d.id);
      return null;
    }
    const url = asText(d.target.url);
    const slot = nextSlot.get(url) ?? 0;
    nextSlot.set(url, Math.max(slot, now) + intervalMs);
    if (slot <= now) return null;
    // Another daemon may send a reserved delivery: once an hour, forget reservations an hour past.
    if (now - pruned >= 3_600_000) {
      for (const [id, at] of reserved) if (at < now - 3_600_000) reserved.delete(id);
      pruned = now;
    }
    reserved.set(d.id, slot);
    return slot;
  };
}

/** The host a delivery connects to, or null for e-mail and addresses that do not parse. */
function hostOf(d: Delivery): string | null {
  if (d.action === "email") return null;
  try {
    return new URL(asText(d.target.url)).host.toLowerCase();
  } catch {
    return null;
  }
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { db, clock, logger, metrics, guard } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = options.retryBaseMs ?? 10_000;
  const maxDelay = options.maxDelayMs ?? 3_600_000;
  const retryFor = options.retryForMs ?? 86_400_000;
  const batchSize = options.batchSize ?? 100;
  const slackInterval = options.slackIntervalMs ?? 1_000;
  const userAgent = options.userAgent ?? "sift-webhooks/1";
  const slackSlot = slackPacer(slackInterval);
  const perHost = options.perHostConcurrency ?? 10;
  const limit = hostLimiter(perHost);
  // A round holds its deliveries until its last wave of sends to one host has had its timeout.
  const leaseMs = timeoutMs * (Math.ceil(batchSize / perHost) + 2);
  // Handed-over deliveries wait their turn in memory: their lease covers that and a round.
  const handedOff: Delivery[] = [];
  const maxHandedOff = batchSize * 20;
  const handOff: DeliveryHandOff = {
    leaseMs: leaseMs * 2,
    room: () => Math.max(0, maxHandedOff - handedOff.length),
    accept: (deliveries) => void handedOff.push(...deliveries),
  };
  /** Up to `batchSize` handed-over deliveries whose lease still covers a round. */
  const takeHandedOff = (now: Date): Delivery[] => {
    const taken: Delivery[] = [];
    while (taken.length < batchSize && handedOff.length > 0) {
      const d = handedOff.shift()!;
      if (d.nextAttemptAt.getTime() - now.getTime() >= leaseMs) taken.push(d);
    }
    return taken;
  };

  const sendOptions: SendOptions = { clock, guard, timeoutMs, userAgent, mailer: options.mailer };

  /** One attempt of one delivery: how it counts, and what to record (the round records them together). */
  async function attempt(
    d: Delivery,
    installations: ReadonlyMap<string, SentryAppInstallation>,
  ): Promise<{ counted: Counted; outcome: DeliveryOutcome }> {
    const wait = slackSlot(d, clock.now().getTime());
    if (wait !== null) {
      const outcome: DeliveryOutcome = {
        deliveryId: d.id,
        attempt: null,
        status: "pending",
        nextAttemptAt: new Date(wait),
        finishedAt: null,
      };
      return { counted: "deferred", outcome };
    }
    const number = d.attempts + 1;
    const { startedAt, durationMs, statusCode, error } = await limit(hostOf(d), () =>
      timedSend(d, sendOptions, installations),
    );
    const now = clock.now();
    const record = (result: string): DeliveryAttempt => ({
      deliveryId: d.id,
      attempt: number,
      startedAt,
      durationMs,
      statusCode,
      error: error ? error.message.slice(0, 1_000) : null,
      outcome: result,
    });
    metrics.observe("alerts.delivery.duration", durationMs / 1000, { action: d.action });
    const delay = error
      ? Math.max(backoffMs(number, base, maxDelay), (error as SendError).retryAfterMs ?? 0)
      : 0;
    const retryAt = new Date(now.getTime() + delay);
    const result = !error
      ? "delivered"
      : retryAt.getTime() - d.createdAt.getTime() > retryFor
        ? "failed"
        : "retry";
    const done = result !== "retry";
    const counted = result === "retry" ? "retried" : result;
    metrics.increment(`alerts.${counted}`, { action: d.action });
    if (result === "failed")
      logger.warn({ delivery: d.id, action: d.action, err: error?.message }, "alerts.delivery_failed");
    return {
      counted,
      outcome: {
        deliveryId: d.id,
        attempt: record(result),
        status: result === "retry" ? "pending" : result,
        nextAttemptAt: done ? now : retryAt,
        finishedAt: done ? now : null,
      },
    };
  }

  return {
    handOff,
    releaseHandedOff: () =>
      releaseDeliveries(
        db,
        handedOff.splice(0).map((d) => d.id),
        clock.now(),
      ),
    async runOnce() {
      const handed = takeHandedOff(clock.now());
      const due =
        handed.length < batchSize
          ? [...handed, ...(await leaseDueDeliveries(db, clock.now(), leaseMs, batchSize - handed.length))]
          : handed;
      const outcome: SendOutcome = {
        delivered: 0,
        retried: 0,
        failed: 0,
        deferred: 0,
        full: due.length >= batchSize || handedOff.length > 0,
      };
      if (due.length === 0) return outcome;
      // One statement for the round's installations, one for its attempts and outcomes.
      const installations = await getSentryAppInstallations(
        db,
        due.filter((d) => d.action === "sentry_app").map((d) => asText(d.target.installationUuid)),
      );
      const results = await Promise.all(due.map((d) => attempt(d, installations)));
      await recordDeliveryOutcomes(
        db,
        results.map((r) => r.outcome),
      );
      for (const r of results) outcome[r.counted] += 1;
      return outcome;
    },
  };
}
