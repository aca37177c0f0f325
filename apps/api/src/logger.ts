import { pino } from "pino";
import type { Logger as PinoLogger } from "pino";

/** Paths pino never prints: credentials in headers, bodies and CLI output. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "authorization",
  "token",
  "*.token",
  "password",
  "*.password",
];

export function createLogger(options: { level?: string; name?: string } = {}): PinoLogger {
  return pino({
    name: options.name ?? "sift-api",
    level: options.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  });
}

export type { PinoLogger };
