import type { z } from "zod";

/**
 * Parses an app's environment with its zod schema (unset and empty variables take the defaults); a bad
 * value is an error naming the variable. The apps' `env.ts` pass the process environment; packages never
 * read it.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.output<S> {
  const input = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid environment variable ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
