import type { ErrorEvent } from "./event.js";
import { formattedMessage } from "./logentry.js";
import { crashFrames, lastException } from "./metadata.js";

const VARIABLE = /^\{\{\s*(\S+?)\s*\}\}$/;

/** The variable of a `{{ name }}` fingerprint entry, or undefined for a literal entry. */
export function fingerprintVariable(entry: string): string | undefined {
  return VARIABLE.exec(entry)?.[1];
}

export function isDefaultEntry(entry: string): boolean {
  return fingerprintVariable(entry) === "default";
}

function crashFrameOf(event: ErrorEvent) {
  const frames = crashFrames(event);
  return [...frames].reverse().find((f) => f.in_app === true) ?? frames[frames.length - 1];
}

/**
 * The value of a fingerprint entry: a literal as it is, a variable (`{{ transaction }}`,
 * `{{ type }}`, …) resolved from the event, `<no-…>` when the event lacks it. `{{ default }}` and
 * unknown variables stay as they are.
 */
export function resolveFingerprintEntry(entry: string, event: ErrorEvent): string {
  const variable = fingerprintVariable(entry);
  if (variable === undefined || variable === "default") return entry;
  const exception = lastException(event);
  switch (variable) {
    case "transaction":
      return event.transaction || "<no-transaction>";
    case "message":
      return formattedMessage(event) || exception?.value || "<no-message>";
    case "type":
    case "error.type":
      return exception?.type || "<no-type>";
    case "value":
    case "error.value":
      return exception?.value || "<no-value>";
    case "function":
    case "stack.function":
      return crashFrameOf(event)?.function || "<no-function>";
    case "path":
    case "stack.abs_path":
      return crashFrameOf(event)?.abs_path || "<no-abs-path>";
    case "stack.filename":
      return crashFrameOf(event)?.filename || "<no-filename>";
    case "module":
    case "stack.module":
      return crashFrameOf(event)?.module || "<no-module>";
    case "package":
    case "stack.package":
      return crashFrameOf(event)?.package?.split(/[/\\]/).pop() || "<no-package>";
    default:
      return entry;
  }
}
