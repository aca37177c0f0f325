// `sift issues …`: a thin client of the API (`/api/0/…`), so it works against any Sift (or Sentry)
// server the token belongs to, and sees exactly what an API client sees.
import { DEFAULT_ISSUE_QUERY } from "@sift/schemas";
import { CliFailure } from "./errors.js";

/** Where the API is and who calls it. */
export interface ApiTarget {
  /** Base URL, e.g. http://127.0.0.1:8000 (no trailing slash needed). */
  url: string;
  token: string;
}

export type IssueAction = "resolve" | "ignore" | "unresolve";

export interface IssuesListCommand {
  kind: "issues-list";
  api: ApiTarget;
  org: string;
  project: string | null;
  /** null: the API's default query; "" means no filter. */
  query: string | null;
  sort: string | null;
  limit: number | null;
  cursor: string | null;
  json: boolean;
}

export interface IssuesUpdateCommand {
  kind: "issues-update";
  action: IssueAction;
  api: ApiTarget;
  org: string;
  project: string | null;
  /** null: the API's default query (when no ids are given either). */
  query: string | null;
  /** Issue ids or qualified short ids (WEB-1F); when given, the query is not used. */
  ids: string[];
  json: boolean;
}

/** The API's default issue query, for messages (`query` absent). */

const REQUEST_TIMEOUT_MS = 30_000;

interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

type Fetch = typeof fetch;

/** One API call; HTTP errors and unreachable servers become CliFailures carrying the API's `detail`. */
async function call(
  api: ApiTarget,
  method: "GET" | "PUT",
  path: string,
  options: { query?: [string, string][]; body?: unknown; fetch?: Fetch } = {},
): Promise<ApiResponse> {
  const url = new URL(path, `${api.url.replace(/\/+$/, "")}/`);
  for (const [key, value] of options.query ?? []) url.searchParams.append(key, value);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method,
      headers: {
        authorization: `Bearer ${api.token}`,
        accept: "application/json",
        "user-agent": "sift-cli",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new CliFailure(`cannot reach the API at ${api.url}: ${reason}`);
  }
  const text = await response.text();
  let body: unknown = null;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    const detail =
      body !== null && typeof body === "object" && typeof (body as { detail?: unknown }).detail === "string"
        ? (body as { detail: string }).detail
        : typeof body === "string" && body !== ""
          ? body.slice(0, 500)
          : response.statusText;
    throw new CliFailure(`the API answered ${response.status}: ${detail}`);
  }
  return { status: response.status, headers: response.headers, body };
}

const enc = encodeURIComponent;

function indexPath(org: string, project: string | null): string {
  return project === null
    ? `/api/0/organizations/${enc(org)}/issues/`
    : `/api/0/projects/${enc(org)}/${enc(project)}/issues/`;
}

/** The `cursor` of the `Link` header's `rel="next"` part when it has results, else null. */
export function nextCursor(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(/,\s*(?=<)/)) {
    if (!/;\s*rel="next"/.test(part)) continue;
    if (!/;\s*results="true"/.test(part)) return null;
    return /;\s*cursor="([^"]*)"/.exec(part)?.[1] ?? null;
  }
  return null;
}

interface IssueRow {
  shortId: string;
  status: string;
  count: string;
  userCount: number;
  lastSeen: string | null;
  title: string;
}

function asRows(body: unknown): IssueRow[] {
  if (!Array.isArray(body)) throw new CliFailure("the API answered with something that is not an issue list");
  const text = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  return body.map((raw) => {
    const i = raw as Partial<Record<keyof IssueRow, unknown>>;
    return {
      shortId: text(i.shortId),
      status: text(i.status),
      count: text(i.count),
      userCount: Number(i.userCount ?? 0),
      lastSeen: typeof i.lastSeen === "string" ? i.lastSeen : null,
      title: text(i.title),
    };
  });
}

const TITLE_WIDTH = 80;

/** `2026-11-27T19:31:09.123Z` → `2026-11-27 19:31:09Z`. */
function shortDate(iso: string | null): string {
  if (!iso) return "-";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}Z` : iso;
}

/** The issue table: short id, status, count, users, last seen, title. */
export function formatIssueTable(rows: readonly IssueRow[]): string {
  const header = ["SHORT ID", "STATUS", "COUNT", "USERS", "LAST SEEN", "TITLE"];
  const cells = rows.map((r) => [
    r.shortId,
    r.status,
    r.count,
    String(r.userCount),
    shortDate(r.lastSeen),
    r.title.length > TITLE_WIDTH ? `${r.title.slice(0, TITLE_WIDTH - 1)}…` : r.title,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const numeric = new Set([2, 3]);
  const line = (row: string[]) =>
    row
      .map((cell, c) =>
        c === row.length - 1 ? cell : numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!),
      )
      .join("  ")
      .trimEnd();
  return [line(header), ...cells.map(line)].join("\n");
}

export interface CommandOutput {
  message: string;
  json: unknown;
}

export async function listIssues(command: IssuesListCommand, fetchImpl?: Fetch): Promise<CommandOutput> {
  const query: [string, string][] = [];
  if (command.query !== null) query.push(["query", command.query]);
  if (command.sort !== null) query.push(["sort", command.sort]);
  if (command.limit !== null) query.push(["limit", String(command.limit)]);
  if (command.cursor !== null) query.push(["cursor", command.cursor]);
  const res = await call(command.api, "GET", indexPath(command.org, command.project), {
    query,
    fetch: fetchImpl,
  });
  const rows = asRows(res.body);
  const hits = res.headers.get("x-hits");
  const maxHits = res.headers.get("x-max-hits");
  const total = hits === null ? null : maxHits !== null && hits === maxHits ? `${hits}+` : hits;
  const next = nextCursor(res.headers.get("link"));
  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push(
      command.query === null
        ? `No issues match the default query (${DEFAULT_ISSUE_QUERY}); --query "" lists every issue.`
        : "No issues match.",
    );
  } else {
    lines.push(formatIssueTable(rows), "");
    lines.push(`${rows.length} of ${total ?? "?"} issue(s)${next ? `; next page: --cursor "${next}"` : ""}`);
  }
  return { message: lines.join("\n"), json: res.body };
}

const ACTIONS: Record<IssueAction, { status: string; done: string }> = {
  resolve: { status: "resolved", done: "Resolved" },
  ignore: { status: "ignored", done: "Ignored" },
  unresolve: { status: "unresolved", done: "Unresolved" },
};

/** Numeric ids pass as they are; short ids (WEB-1F) are looked up in the organization. */
async function issueIds(command: IssuesUpdateCommand, fetchImpl?: Fetch): Promise<string[]> {
  const ids: string[] = [];
  for (const id of command.ids) {
    if (/^\d+$/.test(id)) {
      ids.push(id);
      continue;
    }
    const res = await call(
      command.api,
      "GET",
      `/api/0/organizations/${enc(command.org)}/shortids/${enc(id)}/`,
      { fetch: fetchImpl },
    ).catch((error: unknown) => {
      if (error instanceof CliFailure && error.message.includes("answered 404"))
        throw new CliFailure(`issue ${id} does not exist in ${command.org}`);
      throw error;
    });
    ids.push(String((res.body as { groupId?: unknown }).groupId));
  }
  return [...new Set(ids)];
}

export async function updateIssues(command: IssuesUpdateCommand, fetchImpl?: Fetch): Promise<CommandOutput> {
  const action = ACTIONS[command.action];
  const params: [string, string][] = [];
  let target: string;
  if (command.ids.length > 0) {
    for (const id of await issueIds(command, fetchImpl)) params.push(["id", id]);
    target = `issue(s) ${command.ids.join(", ")}`;
  } else if (command.query !== null) {
    params.push(["query", command.query]);
    target =
      command.query === ""
        ? "every issue (at most 1,000)"
        : `the issues matching "${command.query}" (at most 1,000)`;
  } else {
    target = `the issues matching the default query "${DEFAULT_ISSUE_QUERY}" (at most 1,000)`;
  }
  const res = await call(command.api, "PUT", indexPath(command.org, command.project), {
    query: params,
    body: { status: action.status },
    fetch: fetchImpl,
  });
  if (res.status === 204) {
    if (command.ids.length > 0)
      throw new CliFailure(`none of ${target.replace("issue(s) ", "")} is an issue of ${command.org}`);
    return { message: "No issue matched; nothing changed.", json: { matched: false, result: null } };
  }
  return {
    message: `${action.done} ${target}${command.project ? ` in ${command.org}/${command.project}` : ""}.`,
    json: { matched: true, result: res.body },
  };
}
