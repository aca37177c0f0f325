/** Sentry's short-id alphabet: base32 without I, L, O and U. */
export const SHORT_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Largest short id the `issues.short_id` column (bigint) can hold. */
const MAX_SHORT_ID = 9_223_372_036_854_775_807n;

export function base32Encode(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Not a short id: ${value}`);
  if (value === 0) return "0";
  let rest = value;
  let out = "";
  while (rest > 0) {
    out = SHORT_ID_ALPHABET[rest % 32]! + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Decodes base32 (case-insensitive, O → 0, I/L → 1); null when it is not base32 or too large. */
export function base32Decode(text: string): number | null {
  if (text === "") return null;
  const normalised = text.toUpperCase().replaceAll("O", "0").replaceAll("I", "1").replaceAll("L", "1");
  let value = 0n;
  for (const c of normalised) {
    const digit = SHORT_ID_ALPHABET.indexOf(c);
    if (digit < 0) return null;
    value = value * 32n + BigInt(digit);
    if (value > MAX_SHORT_ID) return null;
  }
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
}

/** The qualified short id of an issue: project slug upper-cased, "-", base32 short id (`WEB-1`). */
export function qualifiedShortId(projectSlug: string, shortId: number): string {
  return `${projectSlug.toUpperCase()}-${base32Encode(shortId)}`;
}

const SHORT_ID = /^(?:issue:)?(.+?)[\s_-]([A-Za-z0-9]+)$/i;

/**
 * Parses a qualified short id (`WEB-1`, `issue:web-1`, `my-project 1A`): the slug is everything before
 * the last separator (space, `_` or `-`), lower-cased. Null when it does not look like one.
 */
export function parseQualifiedShortId(text: string): { projectSlug: string; shortId: number } | null {
  const m = SHORT_ID.exec(text.trim());
  if (!m) return null;
  // The id part cannot contain a separator, so a slug with separators keeps them all.
  const slug = m[1]!.trim().toLowerCase();
  const shortId = base32Decode(m[2]!);
  if (shortId === null || slug === "") return null;
  return { projectSlug: slug, shortId };
}
