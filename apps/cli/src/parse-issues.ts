import { parseQualifiedShortId } from "@sift/schemas";
import { CliUsageError } from "./errors.js";
import { optionalText, parse, slug } from "./args.js";
import type { OptionSpec, OptionValues } from "./args.js";
import { DEFAULT_API_URL } from "./help.js";
import type { ApiTarget, IssueAction } from "./issues.js";
import type { CliCommand, CliEnv } from "./commands.js";

// The arguments of `sift issues …`: where the API is, which token, which organization and issues.

const API_OPTIONS: OptionSpec = {
  org: { type: "string" },
  project: { type: "string" },
  query: { type: "string" },
  url: { type: "string" },
  token: { type: "string" },
};

/** The API's URL and token: the options, else the environment (SIFT_URL, SIFT_TOKEN). */
function apiTarget(values: OptionValues, env: CliEnv, help: string): ApiTarget {
  const given = values.url !== undefined;
  const url = given ? String(values.url) : (env.apiUrl ?? DEFAULT_API_URL);
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (
    !parsed ||
    (parsed.protocol !== "http:" && parsed.protocol !== "https:") ||
    parsed.search ||
    parsed.hash
  ) {
    throw new CliUsageError(
      `invalid ${given ? "--url" : "SIFT_URL"} "${url}": an http(s) URL such as ${DEFAULT_API_URL}`,
      help,
    );
  }
  const token = values.token !== undefined ? String(values.token) : env.token;
  if (token === undefined || token.trim() === "") {
    throw new CliUsageError(
      "no API token: pass --token or set SIFT_TOKEN (create one with: sift token create <org-slug> --scopes event:read,event:write)",
      help,
    );
  }
  if (/\s/.test(token.trim()) || token.length > 200)
    throw new CliUsageError("invalid --token: one word without spaces", help);
  return { url: url.replace(/\/+$/, ""), token: token.trim() };
}

/** --org / --project: slugs (or ids), as the API's paths take them. */
function scopeOptions(values: OptionValues, help: string): { org: string; project: string | null } {
  if (values.org === undefined) throw new CliUsageError("--org is required", help);
  return {
    org: slug(String(values.org), "--org", help),
    project: values.project === undefined ? null : slug(String(values.project), "--project", help),
  };
}

function queryOption(value: string | boolean | string[] | undefined, help: string): string | null {
  if (value === undefined) return null;
  const text = String(value);
  if (text.length > 10_000 || text.includes("\u0000"))
    throw new CliUsageError("invalid --query: at most 10,000 characters, no NUL", help);
  return text;
}

/** `sift issues list|resolve|ignore|unresolve …` (`help` is the subcommand's usage). */
export function parseIssuesCommand(sub: string, args: string[], env: CliEnv, help: string): CliCommand {
  if (sub === "list") {
    const r = parse(
      help,
      args,
      { ...API_OPTIONS, sort: { type: "string" }, limit: { type: "string" }, cursor: { type: "string" } },
      0,
    );
    if ("help" in r) return { kind: "help", text: r.help };
    let limit: number | null = null;
    if (r.values.limit !== undefined) {
      const text = String(r.values.limit);
      if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 100)
        throw new CliUsageError(`invalid --limit "${text}": an integer from 1 to 100`, help);
      limit = Number(text);
    }
    const sort = r.values.sort === undefined ? null : String(r.values.sort);
    if (sort !== null && !/^[a-z_]{1,20}$/.test(sort))
      throw new CliUsageError(`invalid --sort "${sort}": date, new, freq, user, trends or inbox`, help);
    return {
      kind: "issues-list",
      ...scopeOptions(r.values, help),
      query: queryOption(r.values.query, help),
      sort,
      limit,
      cursor: optionalText(r.values.cursor, "--cursor", help),
      api: apiTarget(r.values, env, help),
      json: r.values.json === true,
    };
  }
  const action = sub as IssueAction;
  const r = parse(help, args, { ...API_OPTIONS, id: { type: "string", multiple: true } }, 0);
  if ("help" in r) return { kind: "help", text: r.help };
  const ids = ((r.values.id as string[] | undefined) ?? []).map((id) => id.trim());
  for (const id of ids) {
    if (!/^\d{1,15}$/.test(id) && !parseQualifiedShortId(id))
      throw new CliUsageError(`invalid --id "${id}": an issue id (42) or a short id (WEB-1F)`, help);
  }
  if (ids.length > 1000) throw new CliUsageError("at most 1,000 --id per command", help);
  const query = queryOption(r.values.query, help);
  if (ids.length > 0 && query !== null)
    throw new CliUsageError("use --id or --query, not both (with --id the query is not used)", help);
  return {
    kind: "issues-update",
    action,
    ...scopeOptions(r.values, help),
    query,
    ids,
    api: apiTarget(r.values, env, help),
    json: r.values.json === true,
  };
}
