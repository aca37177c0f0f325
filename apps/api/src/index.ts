export { buildServer } from "./server.js";
export type { ServerDeps } from "./server.js";
export { loadEnv, envSchema } from "./env.js";
export type { Env } from "./env.js";
export { createLogger, REDACT_PATHS } from "./logger.js";
