import type { ErrorEvent, ErrorEventMetadata, ExceptionValue, Frame, Stacktrace } from "./event.js";
import { formattedMessage } from "./logentry.js";

const TITLE_VALUE_MAX = 100;
const METADATA_VALUE_MAX = 1024;
const METADATA_TYPE_MAX = 128;
const CULPRIT_MAX = 200;
const UNNAMED_FUNCTIONS = new Set(["<redacted>", "<unknown>"]);
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Cuts a text to `max` characters, the last three being `...` when it was longer. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function firstLine(text: string): string {
  return text.split(LINE_BREAK)[0] ?? "";
}

export function lastException(event: ErrorEvent): ExceptionValue | undefined {
  const values = event.exception?.values ?? [];
  return values[values.length - 1];
}

/** The frames of the crash: the last exception's, else the top-level stack trace's, else the only thread's. */
export function crashFrames(event: ErrorEvent): Frame[] {
  const fromException = lastException(event)?.stacktrace?.frames;
  if (fromException?.length) return fromException;
  if (event.stacktrace?.frames?.length) return event.stacktrace.frames;
  const threads = event.threads?.values ?? [];
  return threads.length === 1 ? (threads[0]?.stacktrace?.frames ?? []) : [];
}

/** The frame closest to the crash that has a function name: in-app first, else the newest. */
function crashFrame(event: ErrorEvent): Frame | undefined {
  let fallback: Frame | undefined;
  for (const frame of [...crashFrames(event)].reverse()) {
    if (!frame.function || UNNAMED_FUNCTIONS.has(frame.function)) continue;
    if (frame.in_app === true) return frame;
    fallback ??= frame;
  }
  return fallback;
}

function frameMix(event: ErrorEvent): ErrorEventMetadata["in_app_frame_mix"] {
  const stacks: (Stacktrace | undefined)[] = [
    event.stacktrace,
    ...(event.exception?.values ?? []).map((e) => e.stacktrace),
    ...(event.threads?.values ?? []).map((t) => t.stacktrace),
  ];
  const frames = stacks.flatMap((s) => s?.frames ?? []);
  if (!frames.length) return undefined;
  const inApp = frames.filter((f) => f.in_app === true).length;
  if (inApp === frames.length) return "in-app-only";
  return inApp > 0 ? "mixed" : "system-only";
}

/**
 * Sentry's metadata of an error event: the main exception's `type` (none when synthetic) and
 * `value`, the crash frame's `filename` and `function`, and how in-app and system frames mix (for an
 * event without exception only the last).
 */
export function errorMetadata(event: ErrorEvent, main: ExceptionValue | undefined): ErrorEventMetadata {
  const metadata: ErrorEventMetadata = {};
  if (main) {
    if (main.mechanism?.synthetic !== true) metadata.type = truncate(main.type || "Error", METADATA_TYPE_MAX);
    metadata.value = truncate(main.value ?? "", METADATA_VALUE_MAX);
    const frame = crashFrame(event);
    const filename = frame?.filename || frame?.abs_path;
    if (filename) metadata.filename = filename;
    if (frame?.function) metadata.function = frame.function;
  }
  const mix = frameMix(event);
  if (mix) metadata.in_app_frame_mix = mix;
  return metadata;
}

/**
 * `Type: first line of the value` for an exception; a synthetic one (whose type the SDK made up) by
 * its value, else its crash function; an event without exception by its message's first line.
 */
export function errorTitle(
  event: ErrorEvent,
  main: ExceptionValue | undefined,
  metadata: ErrorEventMetadata,
) {
  if (main) {
    const value = metadata.value ? truncate(firstLine(metadata.value), TITLE_VALUE_MAX) : "";
    if (metadata.type !== undefined) return value ? `${metadata.type}: ${value}` : metadata.type;
    return value || metadata.function || "<unknown>";
  }
  const message = formattedMessage(event)?.trim();
  return message ? truncate(firstLine(message), TITLE_VALUE_MAX) : "<unlabeled event>";
}

function frameCulprit(frame: Frame, eventPlatform: string | undefined): string {
  const platform = frame.platform ?? eventPlatform;
  if (platform === "objc" || platform === "cocoa" || platform === "native") return frame.function || "?";
  const location = frame.module || frame.filename;
  if (!location) return "";
  if (platform === "javascript" || platform === "node") return `${frame.function || "?"}(${location})`;
  return `${location} in ${frame.function || "?"}`;
}

function stacktraceCulprit(frames: Frame[], platform: string | undefined): string {
  let fallback: string | undefined;
  for (const frame of [...frames].reverse()) {
    if (frame.in_app === true) {
      const culprit = frameCulprit(frame, platform);
      if (culprit) return culprit;
    } else {
      fallback ??= frameCulprit(frame, platform);
    }
  }
  return fallback ?? "";
}

function generatedCulprit(event: ErrorEvent): string {
  const exceptions = event.exception?.values ?? [];
  let stacks: Frame[][];
  if (exceptions.length) {
    if (lastException(event)?.mechanism?.synthetic === true) return "";
    stacks = exceptions.map((e) => e.stacktrace?.frames ?? []).filter((f) => f.length > 0);
  } else {
    stacks = event.stacktrace?.frames?.length ? [event.stacktrace.frames] : [];
  }
  const last = stacks[stacks.length - 1];
  const culprit = (last ? stacktraceCulprit(last, event.platform) : "") || event.request?.url || "";
  return truncate(culprit, CULPRIT_MAX);
}

/** The event's own culprit, else its transaction, else the newest in-app frame of the last stack. */
export function errorCulprit(event: ErrorEvent): string {
  return event.culprit || event.transaction || generatedCulprit(event);
}
