import { DEFAULT_ISSUE_QUERY } from "@sift/schemas";
import type { IssueAction } from "./issues.js";
import { KEY_HELP } from "./keys.js";

// Every usage text of the CLI: the main help, and one per command (`sift <command> --help`).

export const DEFAULT_API_URL = "http://127.0.0.1:8000";

export const MAIN_HELP = `Usage: sift <command> [options]

Commands:
  migrate                                       create the database if missing, apply migrations
  org create <slug> [--name NAME]               create an organization
  org feature <org-slug> <flag> on|off          turn an organization feature flag on or off
  project create <org-slug> <project-slug> [--id N] [--name NAME] [--platform P]
                                                create a project (--id: the wire project id)
  token create <org-slug> --scopes S[,S…] [--name NAME]
                                                create an API token (printed once);
                                                scopes: event:read, event:write, event:admin
  user create <email> --org <org-slug> [--username U] [--name NAME] [--role member|admin] [--password-stdin]
                                                create a user and add them to the organization
  user password <email> --password-stdin        set a user's password (signs them out everywhere)
  team create <org-slug> <team-slug> [--name NAME]
                                                create a team
  team add-member <org-slug> <team-slug> <email>
                                                add an organization member to a team
  key create <org-slug> <project-slug> [--label L]
                                                create a client key and print its DSN
  key list <org-slug> <project-slug>            list a project's client keys
  key revoke <org-slug> <project-slug> <public-key>
                                                revoke a client key

Through the API (a token instead of the database):
  issues list --org <org-slug> [--project P] [--query Q] [--sort S] [--limit N] [--cursor C]
                                                list issues: short id, status, count, users, last seen, title
  issues resolve|ignore|unresolve --org <org-slug> [--project P] [--query Q | --id ID …]
                                                update issues in bulk (the search, or the given ids)
  (all take [--url URL] [--token T])

Every command takes --json (machine-readable output) and --help.
Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sift); for "issues":
SIFT_URL (default ${DEFAULT_API_URL}) and SIFT_TOKEN (or --url / --token); for "key":
SIFT_INGEST_PUBLIC_URL (the DSNs' host, default http://127.0.0.1:8001).
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
either, the API's default query applies: ${DEFAULT_ISSUE_QUERY}. --query ""
selects every issue. Needs a token with event:write.

${API_OPTIONS_HELP}
  --query Q        a search, e.g. "is:unresolved level:error"
  --id ID          an issue id or short id; repeat for several (not with --query)`;

export const HELP: Record<string, string> = {
  migrate: `Usage: sift migrate [--json]

Creates the database named in DATABASE_URL if it does not exist, then applies every pending
migration. Running it again is a no-op and says so.`,
  "org create": `Usage: sift org create <slug> [--name NAME] [--json]

Creates an organization. The slug is lower-case letters, digits, "-" and "_" (at most 50).`,
  "org feature": `Usage: sift org feature <org-slug> <flag> on|off [--json]

Turns an organization feature flag on or off, e.g. "performance-http-overhead-ingest" to ingest an
unreleased issue type, or "performance-http-overhead-visible" to show it in search. Sentry's
prefixed names are accepted too ("organizations:performance-http-overhead-ingest").`,
  "project create": `Usage: sift project create <org-slug> <project-slug> [--id N] [--name NAME] [--platform P] [--json]

Creates a project. --id sets the integer project id occurrences carry on the wire (allocated when absent).`,
  "token create": `Usage: sift token create <org-slug> --scopes S[,S…] [--name NAME] [--json]

Creates an API token bound to the organization and prints it once (only its sha256 is stored).
Scopes: event:read (GET), event:write (PUT, intake), event:admin (DELETE); admin implies write implies read.`,
  "user create": `Usage: sift user create <email> --org <org-slug> [--username U] [--name NAME] [--role member|admin] [--password-stdin] [--json]

Creates a user (or reuses the one with that email) and makes them a member of the organization, so
issues can be assigned to them ("assignedTo": "user:ID", the email or the username).
  --role R          member (default: read and update issues) or admin (also delete them); changes
                    the role of an existing member
  --password-stdin  read a password from stdin (one line, at least 8 characters) so the user can sign
                    in to the web UI; e.g. printf '%s' "$PASSWORD" | sift user create … --password-stdin`,
  "user password": `Usage: sift user password <email> --password-stdin [--json]

Sets a user's password, read from stdin (one line, at least 8 characters), and revokes every session
of the user, so they sign in again with the new one.`,
  "team create": `Usage: sift team create <org-slug> <team-slug> [--name NAME] [--json]

Creates a team, so issues can be assigned to it ("assignedTo": "team:ID").`,
  "team add-member": `Usage: sift team add-member <org-slug> <team-slug> <email> [--json]

Adds a member of the organization to one of its teams.`,
  "issues list": `Usage: sift issues list --org <org-slug> [--project P] [--query Q] [--sort S] [--limit N] [--cursor C] [--url URL] [--token T] [--json]

Lists issues through the API (GET /api/0/…/issues/) as a table: short id, status, count, users,
last seen, title. Without --query the API's default query applies (${DEFAULT_ISSUE_QUERY});
--query "" lists every issue. Needs a token with event:read.

${API_OPTIONS_HELP}
  --query Q        a search, e.g. "is:unresolved level:error" or "is:resolved OR is:ignored"
  --sort S         date (default), new, freq, user, trends, inbox
  --limit N        issues per page, 1-100 (default 100)
  --cursor C       the page to show (printed under the table when there are more)`,
  ...KEY_HELP,
  "issues resolve": updateHelp("resolve", "Resolves issues"),
  "issues ignore": updateHelp("ignore", "Ignores (archives) issues"),
  "issues unresolve": updateHelp("unresolve", "Reopens issues"),
};
