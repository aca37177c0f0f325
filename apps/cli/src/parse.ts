import { MEMBER_ROLES, TOKEN_SCOPES } from "@sift/schemas";
import type { MemberRole, TokenScope } from "@sift/schemas";
import { commandParser, emailAddress, optionalText, slug } from "./args.js";
import type { CliCommand, CliEnv } from "./commands.js";
import { CliUsageError } from "./errors.js";
import { HELP, MAIN_HELP } from "./help.js";
import { parseIssuesCommand } from "./parse-issues.js";
import { DEFAULT_INGEST_PUBLIC_URL, KEY_PARSERS } from "./keys.js";

/** Parses the arguments after `sift <group> <sub>`; `help` is that command's usage. */
type CommandParser = (args: string[], help: string) => CliCommand;

const orgSlug = (value: string, help: string) => slug(value, "organization slug", help);

function memberRole(value: string, help: string): MemberRole {
  if (!(MEMBER_ROLES as readonly string[]).includes(value))
    throw new CliUsageError(`invalid --role "${value}": use ${MEMBER_ROLES.join(" or ")}`, help);
  return value as MemberRole;
}

const PARSERS: Record<string, CommandParser> = {
  "org create": commandParser({ name: { type: "string" } }, 1, (r, help) => ({
    kind: "org-create",
    slug: orgSlug(r.positionals[0]!, help),
    name: optionalText(r.values.name, "--name", help),
    json: r.values.json === true,
  })),
  "org feature": commandParser({}, 3, (r, help) => {
    const [org, flag, state] = r.positionals as [string, string, string];
    if (!/^[a-z0-9][a-z0-9:._-]{0,99}$/.test(flag))
      throw new CliUsageError(`invalid feature flag "${flag}"`, help);
    if (state !== "on" && state !== "off")
      throw new CliUsageError(`expected "on" or "off", got "${state}"`, help);
    return {
      kind: "org-feature",
      org: orgSlug(org, help),
      // Sentry's names carry an `organizations:` prefix; the flag is the same without it.
      flag: flag.replace(/^organizations:/, ""),
      enabled: state === "on",
      json: r.values.json === true,
    };
  }),
  "project create": commandParser(
    { id: { type: "string" }, name: { type: "string" }, platform: { type: "string" } },
    2,
    (r, help) => {
      let id: number | null = null;
      if (r.values.id !== undefined) {
        const text = String(r.values.id);
        if (!/^\d{1,15}$/.test(text) || Number(text) < 1)
          throw new CliUsageError(`invalid --id "${text}": a positive integer`, help);
        id = Number(text);
      }
      return {
        kind: "project-create",
        org: orgSlug(r.positionals[0]!, help),
        slug: slug(r.positionals[1]!, "project slug", help),
        id,
        name: optionalText(r.values.name, "--name", help),
        platform: optionalText(r.values.platform, "--platform", help, 64),
        json: r.values.json === true,
      };
    },
  ),
  "token create": commandParser({ scopes: { type: "string" }, name: { type: "string" } }, 1, (r, help) => {
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
      org: orgSlug(r.positionals[0]!, help),
      scopes: [...new Set(scopes)] as TokenScope[],
      name: optionalText(r.values.name, "--name", help),
      json: r.values.json === true,
    };
  }),
  "user create": commandParser(
    {
      org: { type: "string" },
      username: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      "password-stdin": { type: "boolean" },
    },
    1,
    (r, help) => {
      const email = emailAddress(r.positionals[0]!, help, 254);
      if (r.values.org === undefined) throw new CliUsageError("--org is required", help);
      const username = optionalText(r.values.username, "--username", help, 128);
      if (username !== null && /\s/.test(username))
        throw new CliUsageError("invalid --username: no spaces", help);
      return {
        kind: "user-create",
        email,
        username,
        name: optionalText(r.values.name, "--name", help),
        org: orgSlug(String(r.values.org), help),
        role: r.values.role === undefined ? null : memberRole(String(r.values.role), help),
        password: r.values["password-stdin"] === true ? { from: "stdin" } : { from: "none" },
        json: r.values.json === true,
      };
    },
  ),
  "user password": commandParser({ "password-stdin": { type: "boolean" } }, 1, (r, help) => {
    const email = emailAddress(r.positionals[0]!, help, 254);
    if (r.values["password-stdin"] !== true)
      throw new CliUsageError("--password-stdin is required (the password is read from stdin)", help);
    return { kind: "user-password", email, password: { from: "stdin" }, json: r.values.json === true };
  }),
  "team create": commandParser({ name: { type: "string" } }, 2, (r, help) => ({
    kind: "team-create",
    org: orgSlug(r.positionals[0]!, help),
    slug: slug(r.positionals[1]!, "team slug", help),
    name: optionalText(r.values.name, "--name", help),
    json: r.values.json === true,
  })),
  "team add-member": commandParser({}, 3, (r, help) => {
    const email = emailAddress(r.positionals[2]!, help);
    return {
      kind: "team-add-member",
      org: orgSlug(r.positionals[0]!, help),
      team: slug(r.positionals[1]!, "team slug", help),
      email,
      json: r.values.json === true,
    };
  }),
};

const parseMigrate = commandParser({}, 0, (r) => ({
  kind: "migrate" as const,
  json: r.values.json === true,
}));

const GROUPS = ["org", "project", "token", "user", "team", "issues", "key"];

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
    return parseMigrate(rest, HELP.migrate!);
  }
  if (!GROUPS.includes(command)) throw new CliUsageError(`unknown command "${command}"`, MAIN_HELP);
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
  if (command === "key") {
    const keyParser = KEY_PARSERS[name];
    if (!keyParser) throw new CliUsageError(`unknown command "${name}"`, MAIN_HELP);
    return keyParser(args, help, env.ingestUrl ?? DEFAULT_INGEST_PUBLIC_URL);
  }
  const parser = PARSERS[name];
  if (!parser) throw new CliUsageError(`unknown command "${name}"`, MAIN_HELP);
  return parser(args, help);
}
