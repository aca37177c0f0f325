import { parseQualifiedShortId } from "@sift/schemas";
import { parseArgs } from "node:util";
import {
  SLUG_PATTERN,
  addOrganizationMember,
  addTeamMember,
  createApiToken,
  createDb,
  createOrganization,
  createProject,
  createTeam,
  createUser,
  ensureDatabase,
  getOrganizationBySlug,
  getTeamBySlug,
  getUserByEmail,
  migrateToLatest,
  setOrganizationFeature,
} from "@sift/storage";
import type { Db } from "@sift/storage";
import { TOKEN_SCOPES } from "@sift/schemas";
import type { TokenScope } from "@sift/schemas";

import { CliFailure, CliUsageError } from "./errors.js";
import { listIssues, updateIssues } from "./issues.js";
import type { ApiTarget, IssueAction, IssuesListCommand, IssuesUpdateCommand } from "./issues.js";

export { CliFailure, CliUsageError };

export type CliCommand =
  | { kind: "help"; text: string }
  | { kind: "migrate"; json: boolean }
  | { kind: "org-create"; slug: string; name: string | null; json: boolean }
  | { kind: "org-feature"; org: string; flag: string; enabled: boolean; json: boolean }
  | {
      kind: "project-create";
      org: string;
      slug: string;
      id: number | null;
      name: string | null;
      platform: string | null;
      json: boolean;
    }
  | { kind: "token-create"; org: string; scopes: TokenScope[]; name: string | null; json: boolean }
  | {
      kind: "user-create";
      email: string;
      username: string | null;
      name: string | null;
      org: string;
      json: boolean;
    }
  | { kind: "team-create"; org: string; slug: string; name: string | null; json: boolean }
  | { kind: "team-add-member"; org: string; team: string; email: string; json: boolean }
  | IssuesListCommand
  | IssuesUpdateCommand;

/** Defaults of the `issues` commands from the environment (SIFT_URL, SIFT_TOKEN; cli.ts reads them). */
export interface CliEnv {
  apiUrl?: string;
  token?: string;
}

export const DEFAULT_API_URL = "http://127.0.0.1:8000";

const MAIN_HELP = `Usage: sift <command> [options]

Commands:
  migrate                                       create the database if missing, apply migrations
  org create <slug> [--name NAME]               create an organization
  org feature <org-slug> <flag> on|off          turn an organization feature flag on or off
  project create <org-slug> <project-slug> [--id N] [--name NAME] [--platform P]
                                                create a project (--id: the wire project id)
  token create <org-slug> --scopes S[,S…] [--name NAME]
                                                create an API token (printed once);
                                                scopes: event:read, event:write, event:admin
  user create <email> --org <org-slug> [--username U] [--name NAME]
                                                create a user and add them to the organization
  team create <org-slug> <team-slug> [--name NAME]
                                                create a team
  team add-member <org-slug> <team-slug> <email>
                                                add an organization member to a team

Through the API (a token instead of the database):
  issues list --org <org-slug> [--project P] [--query Q] [--sort S] [--limit N] [--cursor C]
                                                list issues: short id, status, count, users, last seen, title
  issues resolve|ignore|unresolve --org <org-slug> [--project P] [--query Q | --id ID …]
                                                update issues in bulk (the search, or the given ids)
  (all take [--url URL] [--token T])

Every command takes --json (machine-readable output) and --help.
Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sift); for "issues":
SIFT_URL (default ${DEFAULT_API_URL}) and SIFT_TOKEN (or --url / --token).
Exit codes: 0 done, 1 failed (also any error answer of the API), 2 bad arguments.`;

const API_OPTIONS_HELP = `  --org SLUG       the organization (required)
  --project SLUG   only this project (default: every project of the organization)
  --url URL        the API (default: $SIFT_URL, else ${DEFAULT_API_URL})
  --token TOKEN    an API token of the organization (default: $SIFT_TOKEN); create one with
                   sift token create <org> --scopes event:read,event:write
  --json           print the API's JSON instead of text`;

const updateHelp = (
  action: IssueAction,
  what: string,
): string => `Usage: sift issues ${action} --org <org-slug> [--project P] [--query Q | --id ID …] [--url URL] [--token T] [--json]

${what} in bulk through the API (PUT /api/0/…/issues/): the issues given with --id (repeatable; an
issue id or a short id such as WEB-1F), or else those matching --query (at most 1,000). Without
either, the API's default query applies: is:unresolved issue.priority:[high, medium]. --query ""
selects every issue. Needs a token with event:write.

${API_OPTIONS_HELP}
  --query Q        a search, e.g. "is:unresolved level:error"
  --id ID          an issue id or short id; repeat for several (not with --query)`;

const HELP: Record<string, string> = {
  migrate: `Usage: sift migrate [--json]

Creates the database named in DATABASE_URL if it does not exist, then applies every pending
migration. Running it again is a no-op and says so.`,
  "org create": `Usage: sift org create <slug> [--name NAME] [--json]

Creates an organization. The slug is lower-case letters, digits, "-" and "_" (at most 50).`,
  "org feature": `Usage: sift org feature <org-slug> <flag> on|off [--json]

Turns an organization feature flag on or off, e.g. "performance-http-overhead-ingest" to ingest an
unreleased issue type, or "performance-http-overhead-visible" to show it in search.`,
  "project create": `Usage: sift project create <org-slug> <project-slug> [--id N] [--name NAME] [--platform P] [--json]

Creates a project. --id sets the integer project id occurrences carry on the wire (allocated when absent).`,
  "token create": `Usage: sift token create <org-slug> --scopes S[,S…] [--name NAME] [--json]

Creates an API token bound to the organization and prints it once (only its sha256 is stored).
Scopes: event:read (GET), event:write (PUT, intake), event:admin (DELETE); admin implies write implies read.`,
  "user create": `Usage: sift user create <email> --org <org-slug> [--username U] [--name NAME] [--json]

Creates a user (or reuses the one with that email) and makes them a member of the organization, so
issues can be assigned to them ("assignedTo": "user:ID", the email or the username).`,
  "team create": `Usage: sift team create <org-slug> <team-slug> [--name NAME] [--json]

Creates a team, so issues can be assigned to it ("assignedTo": "team:ID").`,
  "team add-member": `Usage: sift team add-member <org-slug> <team-slug> <email> [--json]

Adds a member of the organization to one of its teams.`,
  "issues list": `Usage: sift issues list --org <org-slug> [--project P] [--query Q] [--sort S] [--limit N] [--cursor C] [--url URL] [--token T] [--json]

Lists issues through the API (GET /api/0/…/issues/) as a table: short id, status, count, users,
last seen, title. Without --query the API's default query applies (is:unresolved
issue.priority:[high, medium]); --query "" lists every issue. Needs a token with event:read.

${API_OPTIONS_HELP}
  --query Q        a search, e.g. "is:unresolved level:error" or "is:resolved OR is:ignored"
  --sort S         date (default), new, freq, user, trends, inbox
  --limit N        issues per page, 1-100 (default 100)
  --cursor C       the page to show (printed under the table when there are more)`,
  "issues resolve": updateHelp("resolve", "Resolves issues"),
  "issues ignore": updateHelp("ignore", "Ignores (archives) issues"),
  "issues unresolve": updateHelp("unresolve", "Reopens issues"),
};

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

function parse(
  help: string,
  args: string[],
  options: OptionSpec,
  positionals: number,
):
  | { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }
  | { help: string } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message.split("\n")[0]!, help);
  }
  if (parsed.values.help) return { help };
  if (parsed.positionals.length < positionals) {
    throw new CliUsageError(
      `missing argument(s): expected ${positionals}, got ${parsed.positionals.length}`,
      help,
    );
  }
  if (parsed.positionals.length > positionals) {
    throw new CliUsageError(`unexpected argument "${parsed.positionals[positionals]}"`, help);
  }
  return {
    values: parsed.values as Record<string, string | boolean | string[] | undefined>,
    positionals: parsed.positionals,
  };
}

function slug(value: string, what: string, help: string): string {
  if (!SLUG_PATTERN.test(value)) {
    throw new CliUsageError(
      `invalid ${what} "${value}": use lower-case letters, digits, "-" and "_", starting with a letter or digit (at most 50)`,
      help,
    );
  }
  return value;
}

function optionalText(
  value: string | boolean | string[] | undefined,
  what: string,
  help: string,
  max = 200,
): string | null {
  if (value === undefined) return null;
  const text = String(value).trim();
  if (text === "" || text.length > max)
    throw new CliUsageError(`invalid ${what}: must be 1–${max} characters`, help);
  return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const API_OPTIONS: OptionSpec = {
  org: { type: "string" },
  project: { type: "string" },
  query: { type: "string" },
  url: { type: "string" },
  token: { type: "string" },
};

/** The API's URL and token: the options, else the environment (SIFT_URL, SIFT_TOKEN). */
function apiTarget(
  values: Record<string, string | boolean | string[] | undefined>,
  env: CliEnv,
  help: string,
): ApiTarget {
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
function scopeOptions(
  values: Record<string, string | boolean | string[] | undefined>,
  help: string,
): { org: string; project: string | null } {
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

function parseIssuesCommand(sub: string, args: string[], env: CliEnv, help: string): CliCommand {
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

/**
 * Parses a CLI argument vector into a command (pure: no I/O). `env` holds the environment's defaults
 * of the `issues` commands. Throws CliUsageError on bad arguments.
 */
export function parseCliArgs(argv: readonly string[], env: CliEnv = {}): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    return { kind: "help", text: MAIN_HELP };
  }
  if (command === "migrate") {
    const r = parse(HELP.migrate!, rest, {}, 0);
    if ("help" in r) return { kind: "help", text: r.help };
    return { kind: "migrate", json: r.values.json === true };
  }
  const group = ["org", "project", "token", "user", "team", "issues"];
  if (!group.includes(command)) throw new CliUsageError(`unknown command "${command}"`, MAIN_HELP);
  const [sub, ...args] = rest;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    const text = Object.entries(HELP)
      .filter(([name]) => name.startsWith(`${command} `))
      .map(([, h]) => h)
      .join("\n\n");
    if (sub === undefined) throw new CliUsageError(`"${command}" needs a subcommand`, text);
    return { kind: "help", text };
  }
  const name = `${command} ${sub}`;
  const help = HELP[name];
  if (!help) throw new CliUsageError(`unknown command "${name}"`, MAIN_HELP);
  if (command === "issues") return parseIssuesCommand(sub, args, env, help);

  switch (name) {
    case "org create": {
      const r = parse(help, args, { name: { type: "string" } }, 1);
      if ("help" in r) return { kind: "help", text: r.help };
      return {
        kind: "org-create",
        slug: slug(r.positionals[0]!, "organization slug", help),
        name: optionalText(r.values.name, "--name", help),
        json: r.values.json === true,
      };
    }
    case "org feature": {
      const r = parse(help, args, {}, 3);
      if ("help" in r) return { kind: "help", text: r.help };
      const [org, flag, state] = r.positionals as [string, string, string];
      if (!/^[a-z0-9][a-z0-9:._-]{0,99}$/.test(flag))
        throw new CliUsageError(`invalid feature flag "${flag}"`, help);
      if (state !== "on" && state !== "off")
        throw new CliUsageError(`expected "on" or "off", got "${state}"`, help);
      return {
        kind: "org-feature",
        org: slug(org, "organization slug", help),
        flag,
        enabled: state === "on",
        json: r.values.json === true,
      };
    }
    case "project create": {
      const r = parse(
        help,
        args,
        { id: { type: "string" }, name: { type: "string" }, platform: { type: "string" } },
        2,
      );
      if ("help" in r) return { kind: "help", text: r.help };
      let id: number | null = null;
      if (r.values.id !== undefined) {
        const text = String(r.values.id);
        if (!/^\d{1,15}$/.test(text) || Number(text) < 1)
          throw new CliUsageError(`invalid --id "${text}": a positive integer`, help);
        id = Number(text);
      }
      return {
        kind: "project-create",
        org: slug(r.positionals[0]!, "organization slug", help),
        slug: slug(r.positionals[1]!, "project slug", help),
        id,
        name: optionalText(r.values.name, "--name", help),
        platform: optionalText(r.values.platform, "--platform", help, 64),
        json: r.values.json === true,
      };
    }
    case "token create": {
      const r = parse(help, args, { scopes: { type: "string" }, name: { type: "string" } }, 1);
      if ("help" in r) return { kind: "help", text: r.help };
      if (r.values.scopes === undefined) throw new CliUsageError("--scopes is required", help);
      const scopes = String(r.values.scopes)
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      const unknown = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
      if (scopes.length === 0 || unknown.length > 0) {
        throw new CliUsageError(
          `invalid scope(s) ${unknown.map((s) => `"${s}"`).join(", ") || "(none)"}: use ${TOKEN_SCOPES.join(", ")}`,
          help,
        );
      }
      return {
        kind: "token-create",
        org: slug(r.positionals[0]!, "organization slug", help),
        scopes: [...new Set(scopes)] as TokenScope[],
        name: optionalText(r.values.name, "--name", help),
        json: r.values.json === true,
      };
    }
    case "user create": {
      const r = parse(
        help,
        args,
        { org: { type: "string" }, username: { type: "string" }, name: { type: "string" } },
        1,
      );
      if ("help" in r) return { kind: "help", text: r.help };
      const email = r.positionals[0]!.trim();
      if (!EMAIL.test(email) || email.length > 254) throw new CliUsageError(`invalid email "${email}"`, help);
      if (r.values.org === undefined) throw new CliUsageError("--org is required", help);
      const username = optionalText(r.values.username, "--username", help, 128);
      if (username !== null && /\s/.test(username))
        throw new CliUsageError("invalid --username: no spaces", help);
      return {
        kind: "user-create",
        email,
        username,
        name: optionalText(r.values.name, "--name", help),
        org: slug(String(r.values.org), "organization slug", help),
        json: r.values.json === true,
      };
    }
    case "team create": {
      const r = parse(help, args, { name: { type: "string" } }, 2);
      if ("help" in r) return { kind: "help", text: r.help };
      return {
        kind: "team-create",
        org: slug(r.positionals[0]!, "organization slug", help),
        slug: slug(r.positionals[1]!, "team slug", help),
        name: optionalText(r.values.name, "--name", help),
        json: r.values.json === true,
      };
    }
    case "team add-member": {
      const r = parse(help, args, {}, 3);
      if ("help" in r) return { kind: "help", text: r.help };
      const email = r.positionals[2]!.trim();
      if (!EMAIL.test(email)) throw new CliUsageError(`invalid email "${email}"`, help);
      return {
        kind: "team-add-member",
        org: slug(r.positionals[0]!, "organization slug", help),
        team: slug(r.positionals[1]!, "team slug", help),
        email,
        json: r.values.json === true,
      };
    }
    default:
      throw new CliUsageError(`unknown command "${name}"`, MAIN_HELP);
  }
}

export interface CliOptions {
  databaseUrl: string;
  /** SIFT_URL and SIFT_TOKEN: defaults of `--url` and `--token` of the `issues` commands. */
  env?: CliEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** An open connection to use instead of one from `databaseUrl` (tests); not closed by the CLI. */
  db?: Db;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === "23505";
}

async function requireOrg(db: Db, slug: string): Promise<{ id: number; slug: string }> {
  const org = await getOrganizationBySlug(db, slug);
  if (!org)
    throw new CliFailure(`organization "${slug}" does not exist (create it with: sift org create ${slug})`);
  return org;
}

/** Runs one command. Output is a human sentence, or one JSON object with --json. */
async function execute(
  command: Exclude<CliCommand, { kind: "help" | "migrate" | "issues-list" | "issues-update" }>,
  db: Db,
): Promise<{ message: string; json: unknown }> {
  switch (command.kind) {
    case "org-create": {
      try {
        const org = await createOrganization(db, command.slug, command.name ?? command.slug);
        return {
          message: `Created organization ${org.slug} (id ${org.id})`,
          json: { id: org.id, slug: org.slug, name: org.name },
        };
      } catch (error) {
        if (isUniqueViolation(error)) throw new CliFailure(`organization "${command.slug}" already exists`);
        throw error;
      }
    }
    case "org-feature": {
      const org = await requireOrg(db, command.org);
      await setOrganizationFeature(db, org.id, command.flag, command.enabled);
      return {
        message: `Feature ${command.flag} is ${command.enabled ? "on" : "off"} for ${org.slug}`,
        json: { organization: org.slug, flag: command.flag, enabled: command.enabled },
      };
    }
    case "project-create": {
      const org = await requireOrg(db, command.org);
      try {
        const project = await createProject(db, {
          organizationId: org.id,
          slug: command.slug,
          name: command.name ?? command.slug,
          id: command.id ?? undefined,
          platform: command.platform,
        });
        return {
          message: `Created project ${org.slug}/${project.slug} (id ${project.id})`,
          json: { id: project.id, slug: project.slug, name: project.name, organization: org.slug },
        };
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new CliFailure(
            command.id !== null
              ? `a project with slug "${command.slug}" in ${org.slug} or with id ${command.id} already exists`
              : `project "${command.slug}" already exists in ${org.slug}`,
          );
        }
        throw error;
      }
    }
    case "token-create": {
      const org = await requireOrg(db, command.org);
      const { token, record } = await createApiToken(db, {
        organizationId: org.id,
        scopes: command.scopes,
        name: command.name ?? "",
      });
      return {
        message: `${token}\n\nToken ${record.id} for ${org.slug} with scopes ${record.scopes.join(", ")}. It is shown only once: store it now.`,
        json: { id: record.id, token, organization: org.slug, scopes: record.scopes, name: record.name },
      };
    }
    case "user-create": {
      const org = await requireOrg(db, command.org);
      try {
        const { user, created } = await createUser(db, {
          email: command.email,
          username: command.username ?? undefined,
          name: command.name ?? undefined,
        });
        await addOrganizationMember(db, org.id, user.id);
        return {
          message: `${created ? "Created" : "Found"} user ${user.email} (id ${user.id}), member of ${org.slug}`,
          json: { id: user.id, email: user.email, username: user.username, created, organization: org.slug },
        };
      } catch (error) {
        if (isUniqueViolation(error))
          throw new CliFailure(`username "${command.username ?? command.email}" is taken`);
        throw error;
      }
    }
    case "team-create": {
      const org = await requireOrg(db, command.org);
      try {
        const team = await createTeam(db, {
          organizationId: org.id,
          slug: command.slug,
          name: command.name ?? undefined,
        });
        return {
          message: `Created team ${org.slug}/${team.slug} (id ${team.id})`,
          json: { id: team.id, slug: team.slug, name: team.name, organization: org.slug },
        };
      } catch (error) {
        if (isUniqueViolation(error))
          throw new CliFailure(`team "${command.slug}" already exists in ${org.slug}`);
        throw error;
      }
    }
    case "team-add-member": {
      const org = await requireOrg(db, command.org);
      const team = await getTeamBySlug(db, org.id, command.team);
      if (!team) throw new CliFailure(`team "${command.team}" does not exist in ${org.slug}`);
      const user = await getUserByEmail(db, command.email);
      if (!user)
        throw new CliFailure(`user "${command.email}" does not exist (create it with: sift user create)`);
      await addOrganizationMember(db, org.id, user.id);
      await addTeamMember(db, team.id, user.id);
      return {
        message: `Added ${user.email} to team ${org.slug}/${team.slug}`,
        json: { team: team.slug, user: user.email, organization: org.slug },
      };
    }
  }
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "(default)";
  } catch {
    return "(invalid URL)";
  }
}

/** Runs the CLI for an argument vector and returns the exit code (0 done, 1 failed, 2 bad arguments). */
export async function runCli(argv: readonly string[], options: CliOptions): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv, options.env);
  } catch (error) {
    if (error instanceof CliUsageError) {
      options.stderr(`sift: ${error.message}\n\n${error.help}\n`);
      return 2;
    }
    throw error;
  }
  if (command.kind === "help") {
    options.stdout(`${command.text}\n`);
    return 0;
  }
  const print = (result: { message: string; json: unknown }): void => {
    options.stdout(command.json ? `${JSON.stringify(result.json)}\n` : `${result.message}\n`);
  };
  if (command.kind === "issues-list" || command.kind === "issues-update") {
    try {
      print(command.kind === "issues-list" ? await listIssues(command) : await updateIssues(command));
      return 0;
    } catch (error) {
      options.stderr(`sift: ${(error as Error).message || String(error)}\n`);
      return 1;
    }
  }
  let db = options.db;
  try {
    if (command.kind === "migrate") {
      const created = options.db ? false : await ensureDatabase(options.databaseUrl);
      db ??= createDb({ url: options.databaseUrl, poolMax: 2, applicationName: "sift-cli" });
      const { applied } = await migrateToLatest(db);
      const name = databaseName(options.databaseUrl);
      const lines = [
        ...(created ? [`Created database ${name}`] : []),
        applied.length === 0
          ? `Database ${name} is up to date; no migrations to apply`
          : `Applied ${applied.length} migration(s) to ${name}: ${applied.join(", ")}`,
      ];
      print({ message: lines.join("\n"), json: { database: name, created, applied } });
      return 0;
    }
    db ??= createDb({ url: options.databaseUrl, poolMax: 2, applicationName: "sift-cli" });
    print(await execute(command, db));
    return 0;
  } catch (error) {
    if (error instanceof CliFailure) {
      options.stderr(`sift: ${error.message}\n`);
      return 1;
    }
    const message = (error as Error).message || String(error);
    options.stderr(`sift: ${command.kind} failed: ${message}\n`);
    return 1;
  } finally {
    if (db && !options.db) await db.destroy();
  }
}
