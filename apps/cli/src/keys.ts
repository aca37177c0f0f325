import { clientKeyJson } from "@sift/schemas";
import {
  PROJECT_KEY_PATTERN,
  createProjectKey,
  getOrganizationBySlug,
  getProjectBySlug,
  listProjectKeys,
  updateProjectKey,
} from "@sift/storage";
import type { Db, Project } from "@sift/storage";
import { commandParser, optionalText, slug } from "./args.js";
import { CliFailure, CliUsageError } from "./errors.js";
import type { CommandOutput } from "./issues.js";

// `sift key create|list|revoke`: a project's client keys, whose DSNs Sentry SDKs send errors with.

/** The DSN host when SIFT_INGEST_PUBLIC_URL is not set. */
export const DEFAULT_INGEST_PUBLIC_URL = "http://127.0.0.1:8001";

interface KeyTarget {
  org: string;
  project: string;
  ingestUrl: string;
  json: boolean;
}

export type KeyCommand =
  | ({ kind: "key-create"; label: string | null } & KeyTarget)
  | ({ kind: "key-list" } & KeyTarget)
  | ({ kind: "key-revoke"; publicKey: string } & KeyTarget);

export const KEY_HELP: Record<string, string> = {
  "key create": `Usage: sift key create <org-slug> <project-slug> [--label L] [--json]

Creates a client key of the project and prints its DSN, the address Sentry SDKs send errors to:
http://<public_key>@<host>/<project_id>, the host from SIFT_INGEST_PUBLIC_URL (default
${DEFAULT_INGEST_PUBLIC_URL}). --json prints the key as Sentry's project keys API does.`,
  "key list": `Usage: sift key list <org-slug> <project-slug> [--json]

Lists the project's client keys: public key, active or revoked, label and DSN.`,
  "key revoke": `Usage: sift key revoke <org-slug> <project-slug> <public-key> [--json]

Revokes a client key: the ingest daemon refuses events sent with it from then on (403).`,
};

type Parser = (
  args: string[],
  help: string,
  ingestUrl: string,
) => KeyCommand | { kind: "help"; text: string };

const target = (positionals: string[], help: string, ingestUrl: string, json: boolean): KeyTarget => ({
  org: slug(positionals[0]!, "organization slug", help),
  project: slug(positionals[1]!, "project slug", help),
  ingestUrl,
  json,
});

export const KEY_PARSERS: Record<string, Parser> = {
  "key create": commandParser({ label: { type: "string" } }, 2, (r, help, ingestUrl: string) => ({
    kind: "key-create",
    label: optionalText(r.values.label, "--label", help, 64),
    ...target(r.positionals, help, ingestUrl, r.values.json === true),
  })),
  "key list": commandParser({}, 2, (r, help, ingestUrl: string) => ({
    kind: "key-list",
    ...target(r.positionals, help, ingestUrl, r.values.json === true),
  })),
  "key revoke": commandParser({}, 3, (r, help, ingestUrl: string) => {
    const publicKey = r.positionals[2]!;
    if (!PROJECT_KEY_PATTERN.test(publicKey))
      throw new CliUsageError(`invalid public key "${publicKey}": 32 lower-case hex characters`, help);
    return {
      kind: "key-revoke",
      publicKey,
      ...target(r.positionals, help, ingestUrl, r.values.json === true),
    };
  }),
};

async function requireProject(db: Db, command: KeyTarget): Promise<Project> {
  const org = await getOrganizationBySlug(db, command.org);
  if (!org) throw new CliFailure(`organization "${command.org}" does not exist`);
  const project = await getProjectBySlug(db, org.id, command.project);
  if (!project) throw new CliFailure(`project "${command.project}" does not exist in ${org.slug}`);
  return project;
}

/** Runs one key command on the database. */
export async function runKeyCommand(command: KeyCommand, db: Db): Promise<CommandOutput> {
  const project = await requireProject(db, command);
  if (command.kind === "key-create") {
    const key = await createProjectKey(db, { projectId: project.id, label: command.label ?? "" });
    const json = clientKeyJson(key, command.ingestUrl);
    return { message: json.dsn.public, json };
  }
  if (command.kind === "key-list") {
    const keys = (await listProjectKeys(db, project.id)).map((k) => clientKeyJson(k, command.ingestUrl));
    const lines = keys.map(
      (k) =>
        `${k.public}  ${k.isActive ? "active " : "revoked"}  ${k.dsn.public}${k.label ? `  ${k.label}` : ""}`,
    );
    return {
      message: lines.length > 0 ? lines.join("\n") : `No keys for ${command.org}/${command.project}`,
      json: keys,
    };
  }
  const revoked = await updateProjectKey(db, project.id, command.publicKey, { active: false });
  if (!revoked)
    throw new CliFailure(`project ${command.org}/${command.project} has no key ${command.publicKey}`);
  return {
    message: `Revoked key ${revoked.publicKey} of ${command.org}/${command.project}`,
    json: clientKeyJson(revoked, command.ingestUrl),
  };
}
