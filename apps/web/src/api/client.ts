// The one HTTP client of the UI: same-origin calls to Sift's public API (`/api/0/…`), authenticated by
// the session cookie (sign-in) or by an API token the user pasted, with the CSRF header on unsafe
// methods, Sentry's `Link` header cursors and `X-Hits`, and `{"detail"}` errors as ApiError.

const TOKEN_KEY = "sift.token";
const CSRF_COOKIES = ["sift_csrf", "sc", "csrftoken"];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** The answer's JSON, when it was JSON (Sentry's field errors are an object of lists). */
    readonly body?: unknown,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

export interface Page<T> {
  items: T[];
  next: string | null;
  previous: string | null;
  hits: number | null;
}

export type QueryValue = string | number | readonly string[] | null | undefined;

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

function csrfToken(): string | null {
  for (const part of document.cookie.split(/;\s*/)) {
    const [name, ...rest] = part.split("=");
    if (name && CSRF_COOKIES.includes(name)) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function buildUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // An empty string is sent: `query=` means "no filter", unlike a missing query.
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value as string | number));
  }
  const search = params.toString();
  return `/api/0${path}${search ? `?${search}` : ""}`;
}

/** The cursor of one rel of a `Link` header when that side has results. */
export function linkCursor(header: string | null, rel: "next" | "previous"): string | null {
  if (!header) return null;
  for (const part of header.split(/,\s*(?=<)/)) {
    if (!part.includes(`rel="${rel}"`)) continue;
    if (!part.includes('results="true"')) return null;
    return /cursor="([^"]*)"/.exec(part)?.[1] ?? null;
  }
  return null;
}

async function send(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") {
    const csrf = csrfToken();
    if (csrf) headers["x-csrftoken"] = csrf;
  }
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    let json: { detail?: unknown } | undefined;
    try {
      json = (await response.json()) as { detail?: unknown };
      if (typeof json.detail === "string") detail = json.detail;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, detail, json);
  }
  return response;
}

/** A GET; `signal` aborts it (a superseded query's request). */
export async function apiGet<T>(
  path: string,
  query?: Record<string, QueryValue>,
  signal?: AbortSignal,
): Promise<T> {
  const response = await send("GET", buildUrl(path, query), undefined, signal);
  return (await response.json()) as T;
}

export async function apiPage<T>(path: string, query?: Record<string, QueryValue>): Promise<Page<T>> {
  const response = await send("GET", buildUrl(path, query));
  const link = response.headers.get("link");
  const hits = response.headers.get("x-hits");
  return {
    items: (await response.json()) as T[],
    next: linkCursor(link, "next"),
    previous: linkCursor(link, "previous"),
    hits: hits === null ? null : Number(hits),
  };
}

export async function apiSend<T>(
  method: "POST" | "PUT" | "DELETE",
  path: string,
  options: { query?: Record<string, QueryValue>; body?: unknown } = {},
): Promise<T | null> {
  const response = await send(method, buildUrl(path, options.query), options.body);
  if (response.status === 204 || response.status === 202) return null;
  const text = await response.text();
  return text ? (JSON.parse(text) as T) : null;
}

/** A call that 404s because its endpoint is not there yet answers `fallback` instead. */
export async function orFallback<T>(call: Promise<T>, fallback: T): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return fallback;
    throw error;
  }
}
