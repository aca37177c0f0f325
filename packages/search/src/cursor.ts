import { SearchError } from "./errors.js";

/**
 * Sentry's cursor, `value:offset:is_prev`. Sift pages by keyset: `value` is the sort value of the row
 * the cursor points at (timestamps in milliseconds, counts as integers) and `offset` that row's issue
 * id, the tie-breaker. `value` is kept as text so no precision is lost on the way through.
 */
export interface Cursor {
  value: string;
  offset: number;
  isPrev: boolean;
}

export const INVALID_CURSOR = "Invalid cursor parameter.";

const VALUE = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|-?(?:NaN|Infinity))$/;
const INTEGER = /^-?\d+$/;

/** Parses `value:offset:is_prev`; anything else is a 400 "Invalid cursor parameter.". */
export function parseCursor(text: string): Cursor {
  const parts = text.split(":");
  if (parts.length !== 3) throw new SearchError(INVALID_CURSOR);
  const [value, offset, isPrev] = parts as [string, string, string];
  if (!VALUE.test(value) || !INTEGER.test(offset) || !INTEGER.test(isPrev))
    throw new SearchError(INVALID_CURSOR);
  const offsetNumber = Number(offset);
  if (!Number.isSafeInteger(offsetNumber)) throw new SearchError(INVALID_CURSOR);
  return { value, offset: offsetNumber, isPrev: Number(isPrev) !== 0 };
}

export function formatCursor(cursor: Cursor): string {
  return `${cursor.value}:${cursor.offset}:${cursor.isPrev ? 1 : 0}`;
}

/** `0:0:0` (and `0:0:1`) is Sentry's "no cursor yet": the first page. */
export function isStartCursor(cursor: Cursor): boolean {
  return cursor.offset === 0 && Number(cursor.value) === 0;
}
