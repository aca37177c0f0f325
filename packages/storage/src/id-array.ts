/** A Postgres array literal of ids, bound as one parameter (`?::bigint[]`); refuses what is not an id. */
export function idArray(ids: readonly number[]): string {
  for (const id of ids) {
    if (!Number.isSafeInteger(id)) throw new TypeError(`Not an id: ${String(id)}`);
  }
  return `{${ids.join(",")}}`;
}
