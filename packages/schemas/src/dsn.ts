/**
 * Sentry DSNs: `{protocol}://{public_key}[:{secret_key}]@{host}[:{port}]{path}/{project_id}`, and the
 * JSON Sentry's API describes a project's client key with.
 */

export interface Dsn {
  protocol: string;
  publicKey: string;
  secretKey: string | null;
  host: string;
  /** Everything between the host and the project id, without a trailing slash ("" for none). */
  path: string;
  projectId: string;
}

/** Reads a DSN; null when it is not one (the secret is optional, as in every SDK). */
export function parseDsn(text: string): Dsn | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const segments = url.pathname.split("/");
  const projectId = segments.pop() ?? "";
  if (url.username === "" || projectId === "") return null;
  return {
    protocol: url.protocol.replace(/:$/, ""),
    publicKey: decodeURIComponent(url.username),
    secretKey: url.password === "" ? null : decodeURIComponent(url.password),
    host: url.host,
    path: segments.join("/"),
    projectId,
  };
}

/** The DSN of a key, with the ingest daemon's public URL (`http://127.0.0.1:8001`) as its base. */
export function formatDsn(
  ingestUrl: string,
  key: { publicKey: string; secretKey?: string | null },
  projectId: number,
): string {
  const base = new URL(ingestUrl);
  const path = base.pathname.replace(/\/+$/, "");
  const auth = key.secretKey ? `${key.publicKey}:${key.secretKey}` : key.publicKey;
  return `${base.protocol}//${auth}@${base.host}${path}/${projectId}`;
}

export interface ClientKeyInput {
  publicKey: string;
  secretKey: string;
  label: string;
  active: boolean;
  projectId: number;
  rateLimit: { count: number; window: number } | null;
  createdAt: Date;
}

export interface ClientKeyJson {
  id: string;
  name: string;
  label: string;
  public: string;
  secret: string;
  projectId: number;
  isActive: boolean;
  rateLimit: { count: number; window: number } | null;
  dsn: Record<string, string | null> & { secret: string; public: string; csp: string };
  dateCreated: string;
  [key: string]: unknown;
}

/** A project's client key as Sentry's project keys API answers it. */
export function clientKeyJson(key: ClientKeyInput, ingestUrl: string): ClientKeyJson {
  const base = new URL(ingestUrl);
  const origin = `${base.protocol}//${base.host}${base.pathname.replace(/\/+$/, "")}`;
  const api = `${origin}/api/${key.projectId}`;
  const query = `sentry_key=${key.publicKey}`;
  return {
    id: key.publicKey,
    name: key.label,
    label: key.label,
    public: key.publicKey,
    secret: key.secretKey,
    projectId: key.projectId,
    isActive: key.active,
    rateLimit: key.rateLimit,
    dsn: {
      secret: formatDsn(ingestUrl, key, key.projectId),
      public: formatDsn(ingestUrl, { publicKey: key.publicKey }, key.projectId),
      csp: `${api}/csp-report/?${query}`,
      security: `${api}/security/?${query}`,
      minidump: `${api}/minidump/?${query}`,
      nel: `${api}/nel/?${query}`,
      unreal: `${api}/unreal/${key.publicKey}/`,
      cdn: null,
      crons: `${api}/cron/___MONITOR_SLUG___/${key.publicKey}/`,
    },
    browserSdkVersion: "latest",
    browserSdk: { choices: [["latest", "latest"]] },
    dateCreated: key.createdAt.toISOString(),
    dynamicSdkLoaderOptions: { hasReplay: false, hasPerformance: false, hasDebug: false },
    useCase: "user",
  };
}
