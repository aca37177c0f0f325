import type { ErrorEvent, ErrorEventMetadata, ExceptionValue, Frame, Stacktrace } from "./event.js";

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

/** The exception the issue is named after: the last of the chain. */
export function mainException(event: ErrorEvent): ExceptionValue | undefined {
  const values = event.exception?.values ?? [];
  return values[values.length - 1];
}

function crashFrames(event: ErrorEvent): Frame[] {
  const fromException = mainException(event)?.stacktrace?.frames;
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

function allFrames(event: ErrorEvent): Frame[] {
  const stacks: (Stacktrace | undefined)[] = [
    event.stacktrace,
    ...(event.exception?.values ?? []).map((e) => e.stacktrace),
    ...(event.threads?.values ?? []).map((t) => t.stacktrace),
  ];
  return stacks.flatMap((s) => s?.frames ?? []);
}

function frameMix(frames: Frame[]): ErrorEventMetadata["in_app_frame_mix"] {
  const inApp = frames.filter((f) => f.in_app === true).length;
  if (inApp === frames.length) return "in-app-only";
  return inApp > 0 ? "mixed" : "system-only";
}

export function errorMetadata(event: ErrorEvent): ErrorEventMetadata {
  const exception = mainException(event);
  const metadata: ErrorEventMetadata = {};
  if (exception) {
    if (exception.mechanism?.synthetic !== true) {
      metadata.type = truncate(exception.type || "Error", METADATA_TYPE_MAX);
    }
    metadata.value = truncate(exception.value ?? "", METADATA_VALUE_MAX);
  }
  const frame = crashFrame(event);
  if (frame) {
    const filename = frame.filename || frame.abs_path;
    if (filename) metadata.filename = filename;
    if (frame.function) metadata.function = frame.function;
  }
  const frames = allFrames(event);
  if (frames.length) metadata.in_app_frame_mix = frameMix(frames);
  return metadata;
}

/** `Type: first line of the value` for an exception, else the message's first line. */
export function errorTitle(event: ErrorEvent, metadata: ErrorEventMetadata): string {
  if (mainException(event)) {
    if (metadata.type !== undefined) {
      return metadata.value
        ? `${metadata.type}: ${truncate(firstLine(metadata.value), TITLE_VALUE_MAX)}`
        : metadata.type;
    }
    return metadata.function || "<unknown>";
  }
  const message = (event.logentry?.formatted || event.logentry?.message || event.message || "").trim();
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
    if (exceptions[exceptions.length - 1]?.mechanism?.synthetic === true) return "";
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
