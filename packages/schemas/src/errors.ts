/** Error codes shared by every Sift package. */
export type SiftErrorCode =
  | "INVALID_JSON"
  | "INVALID_ENCODING"
  | "PAYLOAD_TOO_DEEP"
  | "INVALID_PAYLOAD_TYPE"
  | "INVALID_FIELD"
  | "MISSING_FIELD"
  | "INVALID_UUID"
  | "INVALID_LEVEL"
  | "INVALID_DETECTION_TIME"
  | "TIMESTAMP_IN_FUTURE"
  | "TIMESTAMP_TOO_OLD"
  | "INVALID_PRIORITY"
  | "UNKNOWN_GROUP_TYPE"
  | "MISSING_EVENT_ID"
  | "EVENT_ID_MISMATCH"
  | "PROJECT_MISMATCH"
  | "INVALID_EVENT"
  | "MESSAGE_TOO_LARGE"
  | "EVENT_NOT_FOUND"
  | "PROJECT_NOT_FOUND"
  | "STORAGE_UNAVAILABLE"
  | "CACHE_UNAVAILABLE"
  | "BROKER_UNAVAILABLE"
  | "CONCURRENT_UPDATE"
  | "NOT_FOUND"
  | "INVALID_REQUEST"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "INTERNAL";

export interface SiftErrorOptions {
  retryable?: boolean;
  context?: Record<string, unknown>;
  cause?: unknown;
}

/** Base class of every error Sift raises on purpose. `retryable` tells the consumer what to do. */
export class SiftError extends Error {
  readonly code: SiftErrorCode;
  readonly retryable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: SiftErrorCode, message: string, options: SiftErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }
}

/** A message or request body that can never be processed as it is: dead-letter it / answer 400. */
export class InvalidPayloadError extends SiftError {
  /** Dotted path of the offending field, "" for the whole payload. */
  readonly path: string;

  constructor(code: SiftErrorCode, message: string, path = "", options: SiftErrorOptions = {}) {
    super(code, message, { ...options, retryable: false, context: { ...options.context, path } });
    this.path = path;
  }
}

export function isSiftError(error: unknown): error is SiftError {
  return error instanceof SiftError;
}
