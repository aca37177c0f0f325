/** The value after a flag, read at most once. */
export interface FlagValue {
  /** A positive integer, else an error naming the flag. */
  positiveInt(): number;
  /** A comma-separated list (empty items dropped). */
  list(): string[];
}

/**
 * Walks command-line flags in order, calling `handle(flag, value)` for each; a handler that reads
 * `value` consumes the next argument. `--` is skipped.
 */
export function walkFlags(argv: readonly string[], handle: (flag: string, value: FlagValue) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--") continue;
    const next = argv[i + 1];
    let used = false;
    const take = (): string => {
      if (!used) {
        used = true;
        i++;
      }
      return next ?? "";
    };
    handle(flag, {
      positiveInt: () => {
        const n = Number(take());
        if (next === undefined || !Number.isInteger(n) || n <= 0) {
          throw new Error(`${flag} needs a positive integer`);
        }
        return n;
      },
      list: () =>
        take()
          .split(",")
          .filter((item) => item !== ""),
    });
  }
}
