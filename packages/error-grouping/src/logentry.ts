import type { ErrorEvent } from "./event.js";

/** printf/Python placeholders: `%s`, `%d`, `%(name)s`, `%%`, with flags, width and precision. */
const PLACEHOLDER = /%(?:\(([^)]+)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[hlL]?([diouxXeEfFgGcrs%])/g;

function display(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** A template with its parameters filled in (positional list or named object), as Relay formats it. */
export function formatTemplate(template: string, params: unknown): string {
  let position = 0;
  return template.replace(PLACEHOLDER, (match, name: string | undefined, type: string) => {
    if (type === "%") return "%";
    if (name !== undefined) {
      const named = params && typeof params === "object" && !Array.isArray(params) ? params : undefined;
      return named && name in named ? display((named as Record<string, unknown>)[name]) : match;
    }
    if (!Array.isArray(params) || position >= params.length) return match;
    return display(params[position++]);
  });
}

/** The event's message as people read it: formatted, else the template with its params, else `message`. */
export function formattedMessage(event: ErrorEvent): string | undefined {
  const entry = event.logentry;
  if (entry?.formatted) return entry.formatted;
  if (entry?.message)
    return entry.params === undefined ? entry.message : formatTemplate(entry.message, entry.params);
  return event.message || undefined;
}
