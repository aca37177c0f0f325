import { SiftError } from "@sift/schemas";
import type { SiftErrorOptions } from "@sift/schemas";

/**
 * A search request that can never succeed as written: a query that does not parse, a value that does
 * not convert, an unknown sort, a malformed cursor or date window. The API answers 400 `{"detail": message}`.
 */
export class SearchError extends SiftError {
  /** 1-based column in the query text the error points at; 0 when it is not about the query text. */
  readonly column: number;

  constructor(message: string, column = 0, options: SiftErrorOptions = {}) {
    super("INVALID_REQUEST", message, {
      ...options,
      retryable: false,
      context: { ...options.context, column },
    });
    this.column = column;
  }
}
