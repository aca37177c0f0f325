/**
 * A project's allowed origins (Sentry's `allowedDomains`): which web pages its browser SDKs may send
 * events from. An entry is `*` (every origin), or `[scheme://]host[:port][/path]` where the host may
 * start with `*.` (the domain and every subdomain) and the port may be `*`. The path is accepted, as
 * Sentry accepts it, and ignored: an origin has none.
 */
export interface AllowedDomain {
  scheme: string | null;
  /** Lower-cased, without the `*.`. */
  host: string;
  subdomains: boolean;
  /** null or `*` for any port. */
  port: string | null;
}

const ENTRY =
  /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?(?:\/\S*)?$/;

/** At most this many entries, each at most this long. */
export const ALLOWED_DOMAINS_LIMIT = { entries: 100, length: 253 } as const;

/** The entry's parts, or null when it is not an entry (the API's 400 names it). `*` is `{host: "*"}`. */
export function parseAllowedDomain(entry: string): AllowedDomain | null {
  const text = entry.trim().toLowerCase();
  if (text === "*") return { scheme: null, host: "*", subdomains: false, port: null };
  if (text.length === 0 || text.length > ALLOWED_DOMAINS_LIMIT.length) return null;
  const m = ENTRY.exec(text);
  if (!m || (m[4] !== undefined && m[4] !== "*" && Number(m[4]) > 65535)) return null;
  return { scheme: m[1] ?? null, host: m[3]!, subdomains: m[2] !== undefined, port: m[4] ?? null };
}

/** `scheme://host[:port]` of an `Origin` header, or of a `Referer` URL; null when it has none. */
export function originOf(value: string): { scheme: string; host: string; port: string } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.host === "") return null;
  const scheme = url.protocol.replace(/:$/, "");
  const port = url.port || (scheme === "https" ? "443" : scheme === "http" ? "80" : "");
  return { scheme, host: url.hostname.toLowerCase(), port };
}

/**
 * Whether a page at `origin` (the request's `Origin`, else its `Referer`) may send events to a project
 * allowing `entries`. `*` allows every origin, `null` included; otherwise the origin must be a URL
 * whose scheme (when the entry names one), host and port (when the entry names one) match an entry.
 */
export function isAllowedOrigin(origin: string, entries: readonly string[]): boolean {
  const parsed = entries.map(parseAllowedDomain).filter((e): e is AllowedDomain => e !== null);
  if (parsed.some((e) => e.host === "*")) return true;
  const page = originOf(origin);
  if (!page) return false;
  return parsed.some((e) => {
    if (e.scheme !== null && e.scheme !== page.scheme) return false;
    if (e.port !== null && e.port !== "*" && e.port !== page.port) return false;
    return page.host === e.host || (e.subdomains && page.host.endsWith(`.${e.host}`));
  });
}
