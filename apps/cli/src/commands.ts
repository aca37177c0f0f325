import type { MemberRole, TokenScope } from "@sift/schemas";
import type { IssuesListCommand, IssuesUpdateCommand } from "./issues.js";
import type { KeyCommand } from "./keys.js";

/** A parsed command line: what to do, with every argument checked. */
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
      /** Null: a new user is a member, an existing member keeps their role. */
      role: MemberRole | null;
      /** The password read from stdin (`--password-stdin`), once `runCli` has read it. */
      password: PasswordInput;
      json: boolean;
    }
  | { kind: "user-password"; email: string; password: PasswordInput; json: boolean }
  | { kind: "team-create"; org: string; slug: string; name: string | null; json: boolean }
  | { kind: "team-add-member"; org: string; team: string; email: string; json: boolean }
  | IssuesListCommand
  | IssuesUpdateCommand
  | KeyCommand;

/** `--password-stdin`: absent, to be read, or read (the text, before hashing). */
export type PasswordInput = { from: "none" } | { from: "stdin" } | { from: "text"; text: string };

/** The commands that work on the database directly (everything but help, migrate and `issues`). */
export type AdminCommand = Exclude<
  CliCommand,
  { kind: "help" | "migrate" | "issues-list" | "issues-update" | KeyCommand["kind"] }
>;

/** Defaults of the `issues` commands from the environment (SIFT_URL, SIFT_TOKEN; main.ts reads them). */
export interface CliEnv {
  apiUrl?: string;
  token?: string;
  /** SIFT_INGEST_PUBLIC_URL: the host of the DSNs `sift key` prints. */
  ingestUrl?: string;
}
