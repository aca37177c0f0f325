import type { LoggerOptions } from "pino";

const REDACT = ["req.headers.authorization", "headers.authorization", "authorization", "password", "token"];

/** The daemon's pino options, on every thread and for the intake's request log. */
export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: REDACT, base: { service: "sift-ingest" } };
}
