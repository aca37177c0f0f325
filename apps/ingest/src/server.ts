import Fastify from "fastify";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Redis } from "ioredis";
import { AuthError, SiftError, authenticateBearer, isRetryable, requireScope } from "@sift/schemas";
import type { Clock, GroupTypeRegistry, Logger } from "@sift/schemas";
import { authenticateApiToken, pingDatabase, projectIdsOfOrganization } from "@sift/storage";
import type { Db } from "@sift/storage";
import type { IngestConsumer, MessageOutcome } from "@sift/consumer";
import type { OccurrenceProducer } from "@sift/producer";
import { describeResults, validateIntake } from "./intake.js";
import type { IntakeBody, ValidatedMessage } from "./intake.js";
import type { PromMetrics } from "@sift/schemas/prometheus";
import { createSdkIntake } from "./sdk/sdk-intake.js";
import type { RateLimit } from "./sdk/rate-limit.js";
import { sdkRoutes } from "./sdk/sdk-routes.js";

export interface IngestServerDeps {
  db: Db;
  redis: Redis;
  logger: Logger;
  clock: Clock;
  types: GroupTypeRegistry;
  metrics: PromMetrics;
  /** Produces validated messages to Kafka, or processes them directly (it decides). */
  producer: OccurrenceProducer<MessageOutcome>;
  consumer: IngestConsumer | null;
  kafkaCheck: (() => Promise<void>) | null;
  retentionDays: number;
  /** pino options or false. */
  loggerOptions?: object | boolean;
  /** How long the intake waits for Kafka to acknowledge before answering 503 (default 10 s). */
  produceTimeoutMs?: number;
  /** Events per window each project accepts from SDKs (SIFT_SDK_RATE_LIMIT); null for none. */
  sdkRateLimit?: RateLimit | null;
  /** Prefix of the SDK rate-limit counters in Redis (tests isolate with it). */
  redisPrefix?: string;
}

const BODY_LIMIT = 16 * 1024 * 1024;
const PRODUCE_TIMEOUT_MS = 10_000;
const RETRY_AFTER_SECONDS = "5";
const utf8 = new TextDecoder("utf-8", { fatal: true });

async function withTimeout<T>(promise: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeoutError()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Dependency checks for /readyz: each answers "ok" or why it is down. */
export async function readiness(
  deps: Pick<IngestServerDeps, "db" | "redis" | "consumer" | "kafkaCheck">,
): Promise<Record<string, string>> {
  const check = async (name: string, fn: () => Promise<unknown>): Promise<[string, string]> => {
    try {
      await withTimeout(fn(), 2000, () => new Error(`${name} did not answer within 2000 ms`));
      return [name, "ok"];
    } catch (error) {
      return [name, `down: ${(error as Error).message}`];
    }
  };
  const checks = [check("postgres", () => pingDatabase(deps.db)), check("redis", () => deps.redis.ping())];
  if (deps.kafkaCheck) checks.push(check("kafka", deps.kafkaCheck));
  const result = Object.fromEntries(await Promise.all(checks));
  if (deps.consumer && !deps.consumer.healthy()) {
    const reason = deps.consumer.lastError() ?? "unknown error";
    result.consumer = reason === "joining the consumer group" ? reason : `retrying: ${reason}`;
  }
  return result;
}

export function buildIngestServer(deps: IngestServerDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.loggerOptions ?? false,
    bodyLimit: BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: "x-request-id",
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ["application/json", "text/plain"],
    { parseAs: "buffer" },
    (_req, body: Buffer, done) => {
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        done(Object.assign(new Error("The body is not valid UTF-8"), { statusCode: 400 }), undefined);
        return;
      }
      try {
        // The one parse of the body: each message is validated from this value, and keeps its text.
        const parsed: IntakeBody = { text, value: JSON.parse(text) };
        done(null, parsed);
      } catch (error) {
        done(
          Object.assign(new Error(`The body is not valid JSON: ${(error as Error).message}`), {
            statusCode: 400,
          }),
          undefined,
        );
      }
    },
  );

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof AuthError) {
      void reply.status(error.code === "UNAUTHENTICATED" ? 401 : 403).send({ detail: error.message });
      return;
    }
    // A dependency that is down (Postgres for the token and project checks, Kafka for producing) is
    // not the client's fault nor a bug: "retry later", like the processing path's own 503.
    if (isRetryable(error)) {
      deps.logger.warn(
        { err: error.message },
        "intake could not serve the request; asking the client to retry",
      );
      void reply
        .status(503)
        .header("retry-after", RETRY_AFTER_SECONDS)
        .send({ detail: `Sift cannot store messages right now (${error.message}); retry later` });
      return;
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, "unhandled error");
    const detail =
      status === 500
        ? "Internal error"
        : error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
          ? `The body is larger than ${BODY_LIMIT} bytes`
          : error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
            ? "Content-Type must be application/json"
            : error.message;
    void reply.status(status).send({ detail });
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ detail: "Not found" });
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const checks = await readiness(deps);
    const ready = Object.values(checks).every((v) => v === "ok");
    return reply.status(ready ? 200 : 503).send({ status: ready ? "ok" : "unavailable", checks });
  });
  app.get("/metrics", async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.header("content-type", deps.metrics.registry.contentType).send(body);
  });

  void app.register(
    sdkRoutes(
      createSdkIntake({
        db: deps.db,
        redis: deps.redis,
        redisPrefix: deps.redisPrefix,
        producer: deps.producer,
        metrics: deps.metrics,
        clock: deps.clock,
        logger: deps.logger,
        retentionDays: deps.retentionDays,
        projectRateLimit: deps.sdkRateLimit ?? null,
        produceTimeoutMs: deps.produceTimeoutMs,
      }),
      deps.logger,
    ),
  );

  app.post<{ Params: { org: string } }>("/api/0/organizations/:org/occurrences/", async (request, reply) => {
    const auth = await authenticateBearer(request.headers.authorization, (token) =>
      authenticateApiToken(deps.db, { token, now: deps.clock.now() }),
    );
    // Another organization's intake (existing or not) is a 404, before the scope is looked at.
    if (auth.organization.slug !== request.params.org)
      return reply.status(404).send({ detail: "The requested resource does not exist" });
    requireScope(auth.token.scopes, "event:write");

    const body = request.body as IntakeBody;
    const { messages, errors } = validateIntake(body, {
      types: deps.types,
      clock: deps.clock,
      maxAgeDays: deps.retentionDays,
    });
    if (errors.length === 0) {
      const owned = await projectIdsOfOrganization(deps.db, auth.organization.id, [
        ...new Set(messages.map((m) => m.received.message.projectId)),
      ]);
      for (const { index, received } of messages) {
        if (!owned.has(received.message.projectId)) {
          errors.push({
            index,
            code: "PROJECT_NOT_FOUND",
            path: "project_id",
            detail: `Project ${received.message.projectId} is not a project of organization ${request.params.org}`,
          });
        }
      }
    }
    if (errors.length > 0) {
      deps.metrics.increment("intake.rejected_requests", { code: errors[0]!.code });
      const first = errors[0]!;
      const prefix = Array.isArray(body.value) ? `Message ${first.index}: ` : "";
      return reply.status(400).send({ detail: `${prefix}${first.detail}`, errors });
    }
    return accept(reply, messages);
  });

  async function accept(reply: FastifyReply, messages: readonly ValidatedMessage[]) {
    // A transient failure (Postgres, Redis or Kafka down) is answered 503 by the error handler.
    const produced = deps.producer.produce(messages.map((m) => m.received));
    // Producing is bounded: while the broker is unreachable kafkajs retries for most of a minute, and a
    // client must get its answer — 503, retry later with the same ids (a send that still succeeds makes
    // the retry a harmless replay).
    const ms = deps.produceTimeoutMs ?? PRODUCE_TIMEOUT_MS;
    const results =
      deps.producer.mode === "kafka"
        ? await withTimeout(
            produced,
            ms,
            () =>
              new SiftError("BROKER_UNAVAILABLE", `Kafka did not acknowledge within ${ms} ms`, {
                retryable: true,
              }),
          )
        : await produced;
    return reply.status(202).send({ messages: describeResults(messages, results) });
  }

  return app;
}
