// The pieces of an SDK event that normalisation rewrites one by one: strings, tags, the user, the
// request, contexts, stack traces, exceptions and breadcrumbs. Each takes what arrived (anything) and
// returns the normalised value, or undefined to drop it, reporting what it dropped or cut to `errors`.

/** An entry of the event's `errors`, as Relay writes them. */
export interface EventError {
  type: string;
  name?: string;
  value?: unknown;
  reason?: string;
}

export type Errors = EventError[];
type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Sentry's limits (Relay's `MaxChars` and stack trace trimming). */
export const LIMITS = {
  tagKey: 200,
  tagValue: 200,
  culprit: 200,
  logger: 64,
  environment: 64,
  dist: 64,
  email: 75,
  message: 8192,
  shortString: 256,
  longString: 16_384,
  frames: 250,
  exceptions: 100,
  breadcrumbs: 100,
} as const;

/** A string field: kept (cut to `max`, with an error), a number or boolean as text, else dropped. */
export function text(value: unknown, name: string, errors: Errors, max: number = LIMITS.longString) {
  if (value === undefined || value === null) return undefined;
  let s: string;
  if (typeof value === "string") s = value;
  else if (typeof value === "number" || typeof value === "boolean") s = String(value);
  else {
    errors.push({ type: "invalid_data", name, reason: "expected a string" });
    return undefined;
  }
  if (s.length > max) {
    errors.push({ type: "value_too_long", name });
    return s.slice(0, max);
  }
  return s;
}

/** An object field: kept when it is one, else dropped with an error. */
export function object(value: unknown, name: string, errors: Errors): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (isObject(value)) return value;
  errors.push({ type: "invalid_data", name, reason: "expected an object" });
  return undefined;
}

const RESERVED_TAGS = new Set(["release", "dist", "user", "filename", "function"]);

/**
 * Tags as a list of `[key, value]` pairs, from an object or a list of pairs. Keys the server sets are
 * dropped, duplicates keep the first, empty or overlong keys and values are dropped with an error.
 */
export function tags(value: unknown, errors: Errors): [string, string][] {
  if (value === undefined || value === null) return [];
  let pairs: [unknown, unknown][];
  if (Array.isArray(value)) {
    pairs = value.map((p) => (Array.isArray(p) && p.length === 2 ? [p[0], p[1]] : [undefined, undefined]));
  } else if (isObject(value)) {
    pairs = Object.entries(value);
  } else {
    errors.push({ type: "invalid_data", name: "tags", reason: "expected an object or a list of pairs" });
    return [];
  }
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const [k, v] of pairs) {
    const key = typeof k === "string" ? k.trim() : undefined;
    const val =
      typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
    if (
      !key ||
      val === undefined ||
      val === "" ||
      key.length > LIMITS.tagKey ||
      val.length > LIMITS.tagValue
    ) {
      errors.push({
        type: "invalid_data",
        name: `tags.${String(k)}`,
        reason: "empty, not a string or too long",
      });
      continue;
    }
    if (RESERVED_TAGS.has(key) || key.startsWith("sentry:") || seen.has(key)) continue;
    seen.add(key);
    out.push([key, val]);
  }
  return out;
}

/** The user: its identifying strings (`{{auto}}` as the ip address becomes the client's address). */
export function user(value: unknown, clientIp: string | null, errors: Errors): Json | undefined {
  const raw = object(value, "user", errors);
  if (!raw) return undefined;
  const out: Json = {};
  for (const key of ["id", "username", "name", "segment"] as const) {
    const v = text(raw[key], `user.${key}`, errors, LIMITS.shortString);
    if (v !== undefined && v !== "") out[key] = v;
  }
  const email = text(raw.email, "user.email", errors, LIMITS.email);
  if (email) out.email = email;
  const ip = raw.ip_address === "{{auto}}" ? clientIp : text(raw.ip_address, "user.ip_address", errors, 64);
  if (ip) out.ip_address = ip;
  const data = object(raw.data, "user.data", errors);
  if (data) out.data = data;
  const geo = object(raw.geo, "user.geo", errors);
  if (geo) out.geo = geo;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Headers or cookies as a list of `[name, value]` pairs, from an object or a list of pairs. */
function pairList(value: unknown): [string, string][] | undefined {
  const entries = Array.isArray(value) ? value : isObject(value) ? Object.entries(value) : null;
  if (!entries) return undefined;
  return entries
    .filter((p): p is [unknown, unknown] => Array.isArray(p) && p.length === 2 && typeof p[0] === "string")
    .map(([k, v]) => [k as string, typeof v === "string" ? v : JSON.stringify(v)]);
}

export function request(value: unknown, errors: Errors): Json | undefined {
  const raw = object(value, "request", errors);
  if (!raw) return undefined;
  const out: Json = {};
  for (const key of ["url", "method", "fragment"] as const) {
    const v = text(raw[key], `request.${key}`, errors);
    if (v !== undefined) out[key] = key === "method" ? v.toUpperCase() : v;
  }
  if (typeof raw.query_string === "string" || Array.isArray(raw.query_string) || isObject(raw.query_string))
    out.query_string = raw.query_string;
  if (raw.data !== undefined && raw.data !== null) out.data = raw.data;
  const headers = pairList(raw.headers);
  if (headers) out.headers = headers;
  if (typeof raw.cookies === "string") out.cookies = raw.cookies;
  else if (pairList(raw.cookies)) out.cookies = pairList(raw.cookies);
  const env = object(raw.env, "request.env", errors);
  if (env) out.env = env;
  return out;
}

/** Contexts: an object of objects, each with its `type` (the key when absent). */
export function contexts(value: unknown, errors: Errors): Json | undefined {
  const raw = object(value, "contexts", errors);
  if (!raw) return undefined;
  const out: Json = {};
  for (const [key, ctx] of Object.entries(raw)) {
    if (!isObject(ctx)) {
      errors.push({ type: "invalid_data", name: `contexts.${key}`, reason: "expected an object" });
      continue;
    }
    out[key] = { ...ctx, type: typeof ctx.type === "string" ? ctx.type : key };
  }
  return out;
}
