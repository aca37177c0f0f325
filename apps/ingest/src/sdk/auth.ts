import { parseDsn } from "@sift/schemas";
import { SdkRequestError } from "./errors.js";

/** What an SDK authenticated with: its public key, and where it said so. */
export interface SdkAuth {
  publicKey: string;
  /** `sentry_client` (else the User-Agent): `sentry.javascript.node/11.12.0`. */
  client: string | null;
  version: string | null;
}

const unauthorized = (detail: string) => new SdkRequestError(401, detail);

/** The `k=v` pairs of `Sentry sentry_key=…, sentry_version=7, …`; null when it is not that scheme. */
export function parseSentryAuthHeader(value: string | undefined): Record<string, string> | null {
  if (value === undefined || !/^sentry\s/i.test(value)) return null;
  const pairs: Record<string, string> = {};
  for (const part of value.replace(/^sentry\s+/i, "").split(",")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    pairs[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return pairs;
}

function fromPairs(
  pairs: Record<string, string | undefined>,
  what: string,
  userAgent: string | null,
): SdkAuth {
  const key = pairs.sentry_key;
  if (!key) throw unauthorized(`${what} has no sentry_key`);
  return { publicKey: key, client: pairs.sentry_client ?? userAgent, version: pairs.sentry_version ?? null };
}

/** The highest protocol version Sift speaks, as Relay's. */
const PROTOCOL_VERSION = 7;

/**
 * The request's authentication, as Relay reads it: `X-Sentry-Auth`, `Authorization: Sentry …`, or the
 * `sentry_key` query parameter — exactly one of them — and, for envelopes, the `dsn` of the envelope
 * header (read later, by `checkEnvelopeDsn`). Null when the request carries none (an envelope may still
 * authenticate with its header).
 */
export function requestAuth(
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown>,
): SdkAuth | null {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const userAgent = header("user-agent") ?? null;
  const sources: SdkAuth[] = [];
  const xSentry = parseSentryAuthHeader(header("x-sentry-auth"));
  if (xSentry) sources.push(fromPairs(xSentry, "X-Sentry-Auth", userAgent));
  const authorization = parseSentryAuthHeader(header("authorization"));
  if (authorization) sources.push(fromPairs(authorization, "Authorization", userAgent));
  if (typeof query.sentry_key === "string") {
    sources.push(fromPairs(query as Record<string, string>, "The query string", userAgent));
  }
  if (sources.length > 1) throw unauthorized("multiple authorization payloads");
  const auth = sources[0] ?? null;
  if (auth?.version && Number(auth.version) > PROTOCOL_VERSION)
    throw unauthorized(`unsupported protocol version ${auth.version}`);
  return auth;
}

/**
 * An envelope's `dsn` header: it authenticates the envelope when the request has no other
 * authentication, and must agree with it when it has.
 */
export function withEnvelopeDsn(auth: SdkAuth | null, dsn: unknown): SdkAuth {
  if (dsn === undefined || dsn === null) {
    if (!auth) throw unauthorized("missing authorization information");
    return auth;
  }
  const parsed = typeof dsn === "string" ? parseDsn(dsn) : null;
  if (!parsed) throw new SdkRequestError(400, "invalid envelope header: dsn is not a valid DSN");
  if (auth && auth.publicKey !== parsed.publicKey)
    throw unauthorized("multiple authorization payloads: the envelope's dsn names another key");
  return auth ?? { publicKey: parsed.publicKey, client: null, version: null };
}
