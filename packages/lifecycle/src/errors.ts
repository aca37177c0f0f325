import { SiftError } from "@sift/schemas";

/** A transition that cannot be made as asked (the API answers 400 with the message). */
export class InvalidTransitionError extends SiftError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("INVALID_REQUEST", message, { retryable: false, context });
  }
}
