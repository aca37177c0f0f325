import { SiftError } from "@sift/schemas";

/**
 * A request of a Sentry SDK that is refused: the status, and the reason Relay would give in
 * `{"detail"}` and the `X-Sentry-Error` header. Never retryable (SDKs drop what is refused).
 */
export class SdkRequestError extends SiftError {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      status === 401 ? "UNAUTHENTICATED" : status === 403 ? "PERMISSION_DENIED" : "INVALID_REQUEST",
      message,
    );
  }
}
