export { buildServer } from "./server.js";
export type { ServerDeps } from "./server.js";
export { loadEnv, envSchema } from "./env.js";
export type { Env } from "./env.js";
export { createLogger, REDACT_PATHS } from "./logger.js";
export { runCli, parseCliArgs, CliUsageError, CliFailure } from "./cli/commands.js";
export type { CliCommand, CliEnv, CliOptions } from "./cli/commands.js";
