export { buildIngestServer, readiness } from "./server.js";
export type { IngestServerDeps } from "./server.js";
export { validateIntake, describeOutcomes, MAX_INTAKE_MESSAGES } from "./intake.js";
export type { IntakeError, IntakeResult, ValidatedMessage } from "./intake.js";
export { loadEnv, envSchema } from "./env.js";
export type { Env } from "./env.js";
export { startJobs } from "./jobs.js";
export type { Jobs, JobsOptions } from "./jobs.js";
