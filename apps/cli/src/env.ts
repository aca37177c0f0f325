import { z } from "zod";
import { parseEnv } from "@sift/schemas";

/** The CLI's configuration: the only place of @sift/cli that reads `process.env`. */
export const envSchema = z.object({
  DATABASE_URL: z.url().default("postgres://postgres@127.0.0.1:5432/sift"),
  /** `sift issues …`: the API to call (default http://127.0.0.1:8000); the CLI validates it when used. */
  SIFT_URL: z.string().optional(),
  /** `sift issues …`: the API token (instead of `--token`). */
  SIFT_TOKEN: z.string().optional(),
  /** `sift key …`: the ingest daemon's public URL, the host of the DSNs (default http://127.0.0.1:8001). */
  SIFT_INGEST_PUBLIC_URL: z.url().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once; a bad value is a startup error naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseEnv(envSchema, source);
}
