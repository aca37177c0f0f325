import type { Readable } from "node:stream";
import type { Redis } from "ioredis";
import { groupErrorEvent } from "@sift/error-grouping";
import type { ErrorEvent } from "@sift/error-grouping";
import { SiftError, isAllowedOrigin, parseTimestamp } from "@sift/schemas";
import type { Clock, Logger, Metrics } from "@sift/schemas";
import { findProjectKey } from "@sift/storage";
import type { Db } from "@sift/storage";
import type { MessageOutcome } from "@sift/consumer";
import type { OccurrenceProducer } from "@sift/producer";
import { requestAuth, withEnvelopeDsn } from "./auth.js";
import type { SdkAuth } from "./auth.js";
import { readBody } from "./body.js";
import type { BodyLimits } from "./body.js";
import { checkEnvelopeItems, parseEnvelope } from "./envelope.js";
import type { Envelope } from "./envelope.js";
import { SdkRequestError } from "./errors.js";
import { eventIdOf, normalizeEvent } from "./normalize.js";
import { errorOccurrence } from "./occurrence.js";
import { checkRateLimits, rateLimitHeader } from "./rate-limit.js";
import type { RateLimit, RateLimitCheck } from "./rate-limit.js";
import { countEnvelopeItems } from "./item-metrics.js";

export interface SdkIntakeOptions {
  db: Db;
  redis: Redis;
  /** Prefix of the rate-limit counters in Redis. */
  redisPrefix?: string;
  producer: OccurrenceProducer<MessageOutcome>;
  metrics: Metrics;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
  /** Events per window each project accepts, besides its keys' own limits; null for none. */
  projectRateLimit?: RateLimit | null;
  /** Relay's limits by default: envelopes 20 MB compressed and 100 MB decoded, `/store/` 1 MB. */
  envelopeLimits?: BodyLimits;
  storeLimits?: BodyLimits;
  /** Bounds how long the answer waits for Kafka (ms). */
  produceTimeoutMs?: number;
}

export interface SdkRequest {
  projectId: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: Readable;
  clientIp: string | null;
}

export interface SdkAnswer {
  body: { id?: string };
  headers: Record<string, string>;
}

const MB = 1024 * 1024;
const ENVELOPE_LIMITS: BodyLimits = { compressed: 20 * MB, decompressed: 100 * MB };
const STORE_LIMITS: BodyLimits = { compressed: MB, decompressed: MB };

function projectIdOf(text: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1)
    throw new SdkRequestError(400, `invalid project id "${text}"`);
  return Number(text);
}

function parseJson(payload: Buffer, what: string): unknown {
  try {
    return JSON.parse(payload.toString("utf8"));
  } catch (error) {
    throw new SdkRequestError(400, `invalid ${what}: not valid JSON (${(error as Error).message})`);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new SiftError("BROKER_UNAVAILABLE", `Kafka did not acknowledge within ${ms} ms`, {
                retryable: true,
              }),
            ),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The page a browser request comes from: its `Origin` header, else its `Referer`; null for neither. */
function requestOrigin(headers: SdkRequest["headers"]): string | null {
  for (const name of ["origin", "referer"]) {
    const value = headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text === "string" && text !== "") return text;
  }
  return null;
}

/** Batches that lost a race with a concurrent one (the same new issue) are tried again this often. */
const CONCURRENT_ATTEMPTS = 3;

/**
 * Processes an event directly, again when its batch lost a race with a concurrent one: SDKs drop what
 * is refused, and the occurrence id makes another attempt a replay if the first one was stored.
 */
async function processDirectly<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= CONCURRENT_ATTEMPTS || (error as { code?: string }).code !== "CONCURRENT_UPDATE") throw error;
    }
  }
}

/** The SDK endpoints' work: authenticate, read within the limits, parse, normalise, group, produce. */
export function createSdkIntake(options: SdkIntakeOptions) {
  const { db, metrics, clock } = options;

  /**
   * The key must exist, be active and belong to the project of the URL, and a page sending it (its
   * `Origin`, else its `Referer`) must be one of the project's allowed origins.
   */
  async function checkKey(auth: SdkAuth, projectId: number, origin: string | null) {
    const key = await findProjectKey(db, auth.publicKey);
    if (!key) throw new SdkRequestError(401, "invalid api key: the public key is unknown");
    if (!key.active) throw new SdkRequestError(403, "event submission rejected: the project key is disabled");
    if (key.projectId !== projectId)
      throw new SdkRequestError(
        403,
        `event submission rejected: the key does not belong to project ${projectId}`,
      );
    if (origin !== null && !isAllowedOrigin(origin, key.allowedDomains)) {
      metrics.increment("sdk_intake.refused", { reason: "origin" });
      throw new SdkRequestError(
        403,
        `event submission rejected: origin "${origin}" is not allowed for this project`,
      );
    }
    return key;
  }

  async function rateLimit(
    key: { id: number; rateLimit: RateLimit | null },
    projectId: number,
  ): Promise<void> {
    const checks: RateLimitCheck[] = [];
    if (key.rateLimit) checks.push({ scope: "key", id: key.id, limit: key.rateLimit });
    if (options.projectRateLimit)
      checks.push({ scope: "project", id: projectId, limit: options.projectRateLimit });
    const limited = await checkRateLimits(options.redis, options.redisPrefix ?? "", checks, clock.now());
    if (!limited) return;
    metrics.increment("sdk_intake.rate_limited", { scope: limited.scope, category: "error" });
    throw new SdkRequestError(429, `event submission rejected: ${limited.scope} rate limit exceeded`, {
      "retry-after": String(limited.retryAfter),
      "x-sentry-rate-limits": rateLimitHeader(limited),
    });
  }

  async function ingestEvent(
    projectId: number,
    raw: unknown,
    context: { eventId: string | null; sentAt: Date | null; auth: SdkAuth; clientIp: string | null },
  ): Promise<string> {
    const receivedAt = clock.now();
    const event = normalizeEvent(raw, {
      receivedAt,
      sentAt: context.sentAt,
      eventId: context.eventId,
      retentionDays: options.retentionDays,
      clientIp: context.clientIp,
      client: context.auth.client,
    });
    const grouping = groupErrorEvent(event as unknown as ErrorEvent);
    const { occurrence, eventData } = errorOccurrence(projectId, event, grouping);
    const result =
      options.producer.mode === "kafka"
        ? await withTimeout(
            options.producer.produceOccurrence({ occurrence, eventData }),
            options.produceTimeoutMs ?? 10_000,
          )
        : await processDirectly(() => options.producer.produceOccurrence({ occurrence, eventData }));
    if (result.mode === "direct" && result.outcome.kind === "invalid")
      throw new SdkRequestError(400, `invalid event: ${result.outcome.error.message}`);
    metrics.increment("sdk_intake.events", { outcome: result.mode === "kafka" ? "queued" : "processed" });
    return event.event_id;
  }

  function envelopeContext(envelope: Envelope): { eventId: string | null; sentAt: Date | null } {
    const { event_id: rawId, sent_at: rawSentAt } = envelope.headers;
    const eventId = rawId === undefined || rawId === null ? null : eventIdOf(rawId);
    if (rawId !== undefined && rawId !== null && eventId === null)
      throw new SdkRequestError(400, "invalid envelope header: event_id is not a UUID");
    const sentAt = typeof rawSentAt === "string" ? parseTimestamp(rawSentAt) : null;
    return { eventId, sentAt };
  }

  return {
    /** `POST /api/{project_id}/envelope/`: `{id}` of the event it carried, `{}` for none. */
    async envelope(request: SdkRequest): Promise<SdkAnswer> {
      const projectId = projectIdOf(request.projectId);
      const fromRequest = requestAuth(request.headers, request.query);
      // A request that authenticates itself is checked before its body is read.
      const origin = requestOrigin(request.headers);
      const checked = fromRequest ? await checkKey(fromRequest, projectId, origin) : null;
      const data = await readBody(request.body, request.headers, options.envelopeLimits ?? ENVELOPE_LIMITS);
      const envelope = parseEnvelope(data);
      checkEnvelopeItems(envelope);
      const auth = withEnvelopeDsn(fromRequest, envelope.headers.dsn);
      const key = checked ?? (await checkKey(auth, projectId, origin));
      const context = envelopeContext(envelope);
      const event = envelope.items.find((i) => i.type === "event");
      if (event) await rateLimit(key, projectId);
      const raw = event ? parseJson(event.payload, "event") : undefined;
      countEnvelopeItems(metrics, envelope);
      if (!event) return { body: context.eventId ? { id: context.eventId } : {}, headers: {} };
      const id = await ingestEvent(projectId, raw, { ...context, auth, clientIp: request.clientIp });
      return { body: { id }, headers: {} };
    },

    /** `POST /api/{project_id}/store/`: one event as JSON. */
    async store(request: SdkRequest): Promise<SdkAnswer> {
      const projectId = projectIdOf(request.projectId);
      const auth = requestAuth(request.headers, request.query);
      if (!auth) throw new SdkRequestError(401, "missing authorization information");
      const key = await checkKey(auth, projectId, requestOrigin(request.headers));
      const data = await readBody(request.body, request.headers, options.storeLimits ?? STORE_LIMITS);
      const raw = parseJson(data, "event");
      await rateLimit(key, projectId);
      metrics.increment("sdk_intake.envelope_items", { type: "event" });
      const id = await ingestEvent(projectId, raw, {
        eventId: null,
        sentAt: null,
        auth,
        clientIp: request.clientIp,
      });
      return { body: { id }, headers: {} };
    },
  };
}

export type SdkIntake = ReturnType<typeof createSdkIntake>;
