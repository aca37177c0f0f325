type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

/** A row of a table whose columns are the fields of `T`, named in snake_case. */
export type RowOf<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] };

/** The record a `RowOf<T>` holds: each column under its field's camelCase name. */
export function fromRow<T>(row: RowOf<T>): T {
  const record: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    record[column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return record as T;
}

/** The row of a record: each field under its snake_case column name. */
export function toRow<T extends object>(record: T): RowOf<T> {
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    row[field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = value;
  }
  return row as RowOf<T>;
}
