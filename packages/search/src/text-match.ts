/** Search values with `*` wildcards, as exact values or LIKE patterns. */

/** A version (release) or name (environment) to match: exactly, or as a LIKE pattern (wildcards). */
export type TextMatch = { kind: "exact"; value: string } | { kind: "like"; pattern: string };

/** `*` is a wildcard unless escaped: preceded by an odd number of backslashes (`\*`, `\\\*`). */
export function hasWildcard(value: string): boolean {
  return /(?<!\\)(\\\\)*\*/.test(value);
}

/**
 * Walks a search value: `\*` is a literal `*` and `\\` a literal `\` (any other backslash is itself);
 * `*` is a wildcard.
 */
function mapValue(value: string, literal: (c: string) => string, wildcard: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const next = value[i + 1];
    if (c === "\\" && (next === "*" || next === "\\")) {
      out += literal(next);
      i++;
    } else {
      out += c === "*" ? wildcard : literal(c);
    }
  }
  return out;
}

/** The value an exact comparison uses (escapes resolved). */
export function unescapeWildcards(value: string): string {
  return mapValue(value, (c) => c, "*");
}

/**
 * A LIKE pattern (escape character `\`) for a search value: `*` becomes `%`, and the LIKE
 * metacharacters `%`, `_` and `\` are escaped so they match themselves.
 */
export function toLikePattern(value: string): string {
  return mapValue(value, (c) => (c === "%" || c === "_" || c === "\\" ? `\\${c}` : c), "%");
}

/** A search value as a match: a LIKE pattern when it has a wildcard, else the exact (unescaped) value. */
export const textMatch = (value: string): TextMatch =>
  hasWildcard(value)
    ? { kind: "like", pattern: toLikePattern(value) }
    : { kind: "exact", value: unescapeWildcards(value) };
