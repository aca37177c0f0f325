import { TooManyAttemptsError, isRetryable, isSiftError } from "@sift/schemas";
import type { SiftErrorCode } from "@sift/schemas";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ResponseSchemaMismatchError } from "./serializer.js";

/**
 * The one place that maps errors to HTTP: every error answer is `{"detail": "..."}` with the
 * reference's status codes and messages.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

// The issue selection refuses a foreign project with the same words as a missing scope.
export { PERMISSION_DENIED_DETAIL } from "@sift/schemas";

export const NOT_FOUND_DETAIL = "The requested resource does not exist";
export const ROUTE_NOT_FOUND_DETAIL = "Not found";
const UNAVAILABLE_DETAIL = "Service temporarily unavailable, try again later";

export const badRequest = (detail: string): ApiError => new ApiError(400, detail);

/** Whether a storage error is Postgres' unique violation (a slug or name already taken). */
export const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === "23505";
export const notFound = (): ApiError => new ApiError(404, NOT_FOUND_DETAIL);

/** HTTP status of each error code of @sift/schemas' SiftError. */
const STATUS_BY_CODE: Readonly<Record<SiftErrorCode, number>> = {
  INVALID_JSON: 400,
  INVALID_ENCODING: 400,
  PAYLOAD_TOO_DEEP: 400,
  INVALID_PAYLOAD_TYPE: 400,
  INVALID_FIELD: 400,
  MISSING_FIELD: 400,
  INVALID_UUID: 400,
  INVALID_LEVEL: 400,
  INVALID_DETECTION_TIME: 400,
  TIMESTAMP_IN_FUTURE: 400,
  TIMESTAMP_TOO_OLD: 400,
  INVALID_PRIORITY: 400,
  UNKNOWN_GROUP_TYPE: 400,
  MISSING_EVENT_ID: 400,
  EVENT_ID_MISMATCH: 400,
  PROJECT_MISMATCH: 400,
  INVALID_EVENT: 400,
  MESSAGE_TOO_LARGE: 413,
  EVENT_NOT_FOUND: 404,
  PROJECT_NOT_FOUND: 404,
  NOT_FOUND: 404,
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  TOO_MANY_REQUESTS: 429,
  CONCURRENT_UPDATE: 409,
  STORAGE_UNAVAILABLE: 503,
  CACHE_UNAVAILABLE: 503,
  BROKER_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function statusForCode(code: SiftErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

function validationDetail(error: FastifyError): string {
  const first = error.validation?.[0];
  const where = error.validationContext ?? "request";
  const field = (first?.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  const what =
    where === "querystring"
      ? "query parameter"
      : where === "params"
        ? "path parameter"
        : where === "body"
          ? "field"
          : where;
  const message = first?.message ?? error.message;
  return field ? `Invalid ${what} "${field}": ${message}` : `Invalid ${where}: ${message}`;
}

/**
 * Postgres data exceptions (SQLSTATE class 22: a value out of range, a NUL byte, a bad date) can only
 * come from a request value that reached SQL: the request is at fault, so it is a 400, not a 500.
 */
function dataException(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !/^22[0-9A-Z]{3}$/.test(code)) return null;
  const message = (error as Error).message ?? "";
  const reason = message.includes(" - ") ? message.slice(message.lastIndexOf(" - ") + 3) : message;
  return `Invalid value in the request: ${reason || "out of range"}`;
}

/** The status and detail an error answers with. Unknown errors are 500s and are logged in full. */
export function describeError(error: unknown): { status: number; detail: string; expected: boolean } {
  if (error instanceof ApiError) return { status: error.status, detail: error.detail, expected: true };
  // Only with `checkResponses` (tests): say which field of the answer broke the documented schema.
  if (error instanceof ResponseSchemaMismatchError)
    return { status: 500, detail: error.message, expected: false };
  // A dependency that is down, or a lost race, is "try again later" rather than a bug.
  if (isRetryable(error)) return { status: 503, detail: UNAVAILABLE_DETAIL, expected: false };
  if (isSiftError(error)) {
    const status = statusForCode(error.code);
    return { status, detail: status >= 500 ? "Internal Error" : error.message, expected: status < 500 };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return { status: 400, detail: validationDetail(error as FastifyError), expected: true };
  }
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError?.validation)
    return { status: 400, detail: validationDetail(fastifyError as FastifyError), expected: true };
  const statusCode = fastifyError?.statusCode;
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    const detail =
      fastifyError?.code === "FST_ERR_CTP_INVALID_JSON_BODY" || (error as Error).name === "SyntaxError"
        ? `Malformed JSON body: ${fastifyError?.message ?? "invalid JSON"}`
        : (fastifyError?.message ?? "Bad request");
    return { status: statusCode, detail, expected: true };
  }
  const data = dataException(error);
  if (data) return { status: 400, detail: data, expected: true };
  return { status: 500, detail: "Internal Error", expected: false };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, detail, expected } = describeError(error);
  if (expected) request.log.info({ status, detail }, "request.refused");
  else request.log.error({ err: error }, "request.failed");
  if (error instanceof TooManyAttemptsError) reply.header("Retry-After", String(error.retryAfterSeconds));
  return reply.code(status).send({ detail });
}
