import { parseArgs } from "node:util";
import { SLUG_PATTERN } from "@sift/storage";
import { CliUsageError } from "./errors.js";

// The pieces every command's parser is made of: option parsing with --json and --help, and the checks
// of slugs and free text. All pure; a bad argument is a CliUsageError carrying the command's usage.

export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** The options and exactly `positionals` positional arguments of a command, or its help (--help). */
export function parse(
  help: string,
  args: string[],
  options: OptionSpec,
  positionals: number,
): ParsedArgs | { help: string } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message.split("\n")[0]!, help);
  }
  if (parsed.values.help) return { help };
  if (parsed.positionals.length < positionals) {
    throw new CliUsageError(
      `missing argument(s): expected ${positionals}, got ${parsed.positionals.length}`,
      help,
    );
  }
  if (parsed.positionals.length > positionals) {
    throw new CliUsageError(`unexpected argument "${parsed.positionals[positionals]}"`, help);
  }
  return { values: parsed.values as OptionValues, positionals: parsed.positionals };
}

/**
 * A command's parser from its options, its number of positional arguments and what `build` makes of
 * them (given the usage, and whatever more the parser is called with); `--help` answers the usage.
 */
export function commandParser<T, More extends unknown[] = []>(
  options: OptionSpec,
  positionals: number,
  build: (r: ParsedArgs, help: string, ...more: More) => T,
): (args: string[], help: string, ...more: More) => T | { kind: "help"; text: string } {
  return (args, help, ...more) => {
    const r = parse(help, args, options, positionals);
    return "help" in r ? { kind: "help", text: r.help } : build(r, help, ...more);
  };
}

export function slug(value: string, what: string, help: string): string {
  if (!SLUG_PATTERN.test(value)) {
    throw new CliUsageError(
      `invalid ${what} "${value}": use lower-case letters, digits, "-" and "_", starting with a letter or digit (at most 50)`,
      help,
    );
  }
  return value;
}

export function optionalText(
  value: string | boolean | string[] | undefined,
  what: string,
  help: string,
  max = 200,
): string | null {
  if (value === undefined) return null;
  const text = String(value).trim();
  if (text === "" || text.length > max)
    throw new CliUsageError(`invalid ${what}: must be 1–${max} characters`, help);
  return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address argument, trimmed; one longer than `maxLength` is refused too. */
export function emailAddress(value: string, help: string, maxLength = Infinity): string {
  const text = value.trim();
  if (!EMAIL.test(text) || text.length > maxLength) throw new CliUsageError(`invalid email "${text}"`, help);
  return text;
}
