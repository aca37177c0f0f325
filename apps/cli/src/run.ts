import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@sift/schemas";
import { createDb, ensureDatabase, migrateToLatest } from "@sift/storage";
import type { Db } from "@sift/storage";
import { runAdminCommand } from "./admin.js";
import type { AdminCommand, CliCommand, CliEnv } from "./commands.js";
import { CliFailure, CliUsageError } from "./errors.js";
import { listIssues, updateIssues } from "./issues.js";
import { runKeyCommand } from "./keys.js";
import type { KeyCommand } from "./keys.js";
import type { CommandOutput } from "./issues.js";
import { parseCliArgs } from "./parse.js";

export interface CliOptions {
  databaseUrl: string;
  /** SIFT_URL and SIFT_TOKEN: defaults of `--url` and `--token` of the `issues` commands. */
  env?: CliEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** An open connection to use instead of one from `databaseUrl` (tests); not closed by the CLI. */
  db?: Db;
  /** All of stdin (`--password-stdin`); main.ts reads the process's. */
  readStdin?: () => Promise<string>;
}

/** The password of `--password-stdin`: stdin less one trailing line break, checked before anything runs. */
async function readPassword<C extends AdminCommand | KeyCommand>(
  command: C,
  options: CliOptions,
): Promise<C> {
  if (!("password" in command) || command.password.from !== "stdin") return command;
  if (!options.readStdin) throw new CliFailure("--password-stdin: no stdin to read");
  const text = (await options.readStdin()).replace(/\r?\n$/, "");
  if (/[\r\n]/.test(text)) throw new CliFailure("--password-stdin: the password is one line");
  if (text.length < MIN_PASSWORD_LENGTH || text.length > MAX_PASSWORD_LENGTH)
    throw new CliFailure(
      `--password-stdin: the password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`,
    );
  return { ...command, password: { from: "text", text } } as C;
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "(default)";
  } catch {
    return "(invalid URL)";
  }
}

const openDb = (url: string): Db => createDb({ url, poolMax: 2, applicationName: "sift-cli" });

/** `sift migrate`: creates the database when it does not exist, then applies pending migrations. */
async function migrate(options: CliOptions): Promise<CommandOutput> {
  const created = options.db ? false : await ensureDatabase(options.databaseUrl);
  const db = options.db ?? openDb(options.databaseUrl);
  try {
    const { applied } = await migrateToLatest(db);
    const name = databaseName(options.databaseUrl);
    const lines = [
      ...(created ? [`Created database ${name}`] : []),
      applied.length === 0
        ? `Database ${name} is up to date; no migrations to apply`
        : `Applied ${applied.length} migration(s) to ${name}: ${applied.join(", ")}`,
    ];
    return { message: lines.join("\n"), json: { database: name, created, applied } };
  } finally {
    if (!options.db) await db.destroy();
  }
}

async function runOnDatabase(given: AdminCommand | KeyCommand, options: CliOptions): Promise<CommandOutput> {
  const command = await readPassword(given, options);
  const db = options.db ?? openDb(options.databaseUrl);
  try {
    return command.kind.startsWith("key-")
      ? await runKeyCommand(command as KeyCommand, db)
      : await runAdminCommand(command as AdminCommand, db);
  } finally {
    if (!options.db) await db.destroy();
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
  const viaApi = command.kind === "issues-list" || command.kind === "issues-update";
  try {
    const result =
      command.kind === "issues-list"
        ? await listIssues(command)
        : command.kind === "issues-update"
          ? await updateIssues(command)
          : command.kind === "migrate"
            ? await migrate(options)
            : await runOnDatabase(command, options);
    options.stdout(command.json ? `${JSON.stringify(result.json)}\n` : `${result.message}\n`);
    return 0;
  } catch (error) {
    const message = (error as Error).message || String(error);
    // The API client's failures already say what went wrong; a database command names itself.
    if (viaApi || error instanceof CliFailure) options.stderr(`sift: ${message}\n`);
    else options.stderr(`sift: ${command.kind} failed: ${message}\n`);
    return 1;
  }
}
