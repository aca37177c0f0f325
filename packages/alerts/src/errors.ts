import { SiftError } from "@sift/schemas";

/** A rule body Sentry's rule serializer would refuse; the message is Sentry's. */
export class RuleValidationError extends SiftError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("INVALID_REQUEST", message, { context: { field } });
  }
}
