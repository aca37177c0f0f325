import type { z } from "zod";
import { InvalidPayloadError } from "./errors.js";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isFinite(value)) return "a number out of range";
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !(String(key) in current)) {
      return { present: false, value: undefined };
    }
    current = (current as Record<string, unknown>)[String(key)];
  }
  return { present: true, value: current };
}

export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  const parts = [prefix, ...path.map(String)].filter((p) => p !== "");
  return parts.join(".");
}

/** The first zod issue as an InvalidPayloadError naming the field and what was expected. */
export function toInvalidPayload(error: z.ZodError, input: unknown, prefix = ""): InvalidPayloadError {
  const issue = error.issues[0];
  if (!issue) return new InvalidPayloadError("INVALID_FIELD", "Invalid payload", prefix);
  const path = joinPath(prefix, issue.path);
  const { present, value } = valueAt(input, issue.path);
  if (!present && (issue.code === "invalid_type" || issue.code === "invalid_union")) {
    return new InvalidPayloadError("MISSING_FIELD", `Missing required field "${path}"`, path);
  }
  let detail: string;
  switch (issue.code) {
    case "invalid_type":
      detail = `expected ${issue.expected}, received ${describe(value)}`;
      break;
    case "invalid_union": {
      // A field that may take several types (detection_time: number or string): name them all.
      const expected = new Set(
        issue.errors.flatMap((alternative) =>
          alternative.flatMap((i) => (i.code === "invalid_type" && i.path.length === 0 ? [i.expected] : [])),
        ),
      );
      detail =
        expected.size > 0
          ? `expected ${[...expected].join(" or ")}, received ${describe(value)}`
          : issue.message;
      break;
    }
    case "unrecognized_keys":
      detail = `unexpected field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
      break;
    case "invalid_value":
      detail = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      break;
    default:
      detail = issue.message;
  }
  return new InvalidPayloadError("INVALID_FIELD", `Invalid field "${path || "(root)"}": ${detail}`, path);
}
