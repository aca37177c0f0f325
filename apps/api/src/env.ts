import { z } from "zod";
import { parseEnv } from "@sift/schemas";

/** The API's configuration: the only place of @sift/api that reads `process.env`. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z.url().default("postgres://postgres@127.0.0.1:5432/sift"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Issues last seen longer ago than this are left out of the issue list (event retention). */
  SIFT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /** Base of issue `permalink`s (e.g. https://sift.example.com); the request's own origin when unset. */
  SIFT_PUBLIC_URL: z.url().optional(),
  /** The ingest daemon's public URL, the host of the DSNs the keys API answers. */
  SIFT_INGEST_PUBLIC_URL: z.url().default("http://127.0.0.1:8001"),
  /** Postgres pool size of the API process. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Per-statement timeout in ms (0 = none), so a runaway query cannot hold a connection forever. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Behind a reverse proxy: trust its `X-Forwarded-For` and `X-Forwarded-Proto` (cookies get `Secure` over HTTPS). */
  SIFT_TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** A sign-in session expires this many hours after it began. */
  SIFT_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(8_760).default(336),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once; a bad value is a startup error naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(envSchema, source);
}
