import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isRetryable } from "@sift/schemas";
import type { Logger } from "@sift/schemas";
import { SdkRequestError } from "./errors.js";
import type { SdkAnswer, SdkIntake, SdkRequest } from "./sdk-intake.js";

// Relay's CORS for browser SDKs: any origin, POST, the headers SDKs send, and the rate-limit headers
// readable by the page.
const ALLOW_HEADERS =
  "x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, content-type, authentication, authorization, content-encoding, transfer-encoding";
const EXPOSE_HEADERS = "x-sentry-error, x-sentry-rate-limits, retry-after";

function cors(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  void reply
    .header("access-control-allow-origin", typeof origin === "string" && origin !== "" ? origin : "*")
    .header("access-control-expose-headers", EXPOSE_HEADERS)
    .header("vary", "Origin");
}

const ENDPOINTS = ["envelope", "store"] as const;

/**
 * The endpoints Sentry SDKs send to — `POST /api/{project_id}/envelope/` and `/store/`, with or
 * without the trailing slash — with CORS preflights. Bodies are read raw: the intake decodes them
 * within its limits.
 */
export function sdkRoutes(intake: SdkIntake, logger: Logger) {
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

    app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      cors(request, reply);
      let status: number;
      let detail: string;
      if (error instanceof SdkRequestError) {
        status = error.status;
        detail = error.message;
        for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
      } else if (isRetryable(error)) {
        logger.warn({ err: error.message }, "SDK intake could not store an event; asking the SDK to retry");
        status = 503;
        detail = `Sift cannot store events right now (${error.message}); retry later`;
        void reply.header("retry-after", "5");
      } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        status = error.statusCode;
        detail = error.message;
      } else {
        logger.error({ err: error }, "SDK intake failed");
        status = 500;
        detail = "internal error";
      }
      // An unread body would otherwise hold the connection: it is closed after the answer.
      if (status === 413 || status === 401 || status === 403) void reply.header("connection", "close");
      return reply.status(status).header("x-sentry-error", detail).send({ detail });
    });

    const answer = (reply: FastifyReply, result: SdkAnswer) => {
      for (const [name, value] of Object.entries(result.headers)) void reply.header(name, value);
      return reply.status(200).send(result.body);
    };
    const sdkRequest = (request: FastifyRequest<{ Params: { projectId: string } }>): SdkRequest => ({
      projectId: request.params.projectId,
      headers: request.headers,
      query: request.query as Record<string, unknown>,
      body: (request.body as Readable | undefined) ?? request.raw,
      clientIp: request.ip ?? null,
    });

    for (const endpoint of ENDPOINTS) {
      for (const url of [`/api/:projectId/${endpoint}/`, `/api/:projectId/${endpoint}`]) {
        app.options(url, async (request, reply) => {
          cors(request, reply);
          return reply
            .status(200)
            .header("access-control-allow-methods", "POST")
            .header("access-control-allow-headers", ALLOW_HEADERS)
            .header("access-control-max-age", "3600")
            .send();
        });
        app.post<{ Params: { projectId: string } }>(url, async (request, reply) => {
          cors(request, reply);
          return answer(reply, await intake[endpoint](sdkRequest(request)));
        });
      }
    }
  };
}
