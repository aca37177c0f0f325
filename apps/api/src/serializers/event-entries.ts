import { parseTimestamp } from "@sift/schemas";
import { iso } from "./common.js";

// The `entries` of Sentry's event JSON — exception (with stack traces), threads, stack trace, message,
// breadcrumbs and request — built from a stored event in Sentry's payload form, camel-cased as Sentry's
// event serializer answers them. An event without those parts (issue-platform events) has no entries.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const valuesOf = (v: unknown): Json[] =>
  isObject(v) && Array.isArray(v.values) ? (v.values as unknown[]).filter(isObject) : [];
const orNull = (v: unknown) => (v === undefined ? null : v);

/** A frame's source lines as `[lineNo, line]` pairs around its own line. */
function frameContext(frame: Json): [number, string][] {
  const lineNo = typeof frame.lineno === "number" ? frame.lineno : null;
  if (lineNo === null || typeof frame.context_line !== "string") return [];
  const pre = Array.isArray(frame.pre_context) ? (frame.pre_context as unknown[]) : [];
  const post = Array.isArray(frame.post_context) ? (frame.post_context as unknown[]) : [];
  return [
    ...pre.map((line, i): [number, string] => [lineNo - pre.length + i, String(line)]),
    [lineNo, frame.context_line],
    ...post.map((line, i): [number, string] => [lineNo + 1 + i, String(line)]),
  ];
}

function serializeFrame(frame: Json): Json {
  return {
    filename: orNull(frame.filename),
    absPath: orNull(frame.abs_path),
    module: orNull(frame.module),
    package: orNull(frame.package),
    platform: orNull(frame.platform),
    instructionAddr: orNull(frame.instruction_addr),
    function: orNull(frame.function),
    rawFunction: orNull(frame.raw_function),
    context: frameContext(frame),
    lineNo: orNull(frame.lineno),
    colNo: orNull(frame.colno),
    inApp: frame.in_app === true,
    vars: orNull(frame.vars),
  };
}

function serializeStacktrace(trace: unknown): Json | null {
  if (!isObject(trace) || !Array.isArray(trace.frames)) return null;
  const frames = (trace.frames as unknown[]).filter(isObject);
  return {
    frames: frames.map(serializeFrame),
    framesOmitted: orNull(trace.frames_omitted),
    registers: orNull(trace.registers),
    hasSystemFrames: frames.some((f) => f.in_app !== true),
  };
}

/** An entry listing the `values` of an event part (none when it has none), with `more` data after them. */
function valuesEntry(
  type: string,
  part: unknown,
  serialize: (value: Json) => Json,
  more: (values: Json[]) => Json = () => ({}),
): Json | null {
  const values = valuesOf(part);
  if (values.length === 0) return null;
  return { type, data: { values: values.map(serialize), ...more(values) } };
}

function exceptionEntry(exception: unknown): Json | null {
  return valuesEntry(
    "exception",
    exception,
    (v) => ({
      type: orNull(v.type),
      value: orNull(v.value),
      module: orNull(v.module),
      mechanism: orNull(v.mechanism),
      threadId: orNull(v.thread_id),
      stacktrace: serializeStacktrace(v.stacktrace),
      rawStacktrace: null,
    }),
    (values) => ({
      excOmitted: null,
      hasSystemFrames: values.some((v) => serializeStacktrace(v.stacktrace)?.hasSystemFrames === true),
    }),
  );
}

function threadsEntry(threads: unknown): Json | null {
  return valuesEntry("threads", threads, (t) => ({
    id: orNull(t.id),
    name: orNull(t.name),
    crashed: t.crashed === true,
    current: t.current === true,
    stacktrace: serializeStacktrace(t.stacktrace),
  }));
}

function messageEntry(data: Json): Json | null {
  const entry = isObject(data.logentry) ? data.logentry : null;
  if (!entry) return null;
  return {
    type: "message",
    data: {
      formatted: orNull(entry.formatted),
      message: orNull(entry.message),
      params: orNull(entry.params),
    },
  };
}

function breadcrumbsEntry(breadcrumbs: unknown): Json | null {
  return valuesEntry("breadcrumbs", breadcrumbs, (b) => {
    const time = parseTimestamp(b.timestamp);
    return {
      type: typeof b.type === "string" ? b.type : "default",
      timestamp: time ? iso(time) : null,
      level: typeof b.level === "string" ? b.level : "info",
      message: orNull(b.message),
      category: orNull(b.category),
      data: orNull(b.data),
      event_id: orNull(b.event_id),
    };
  });
}

/** `[key, value]` pairs from a query string, an object or a list of pairs. */
function pairs(value: unknown): [string, string][] {
  if (typeof value === "string") return [...new URLSearchParams(value.replace(/^\?/, "")).entries()];
  const list = Array.isArray(value) ? value : isObject(value) ? Object.entries(value) : [];
  return list
    .filter((p): p is [unknown, unknown] => Array.isArray(p) && p.length === 2)
    .map(([k, v]) => [String(k), typeof v === "string" ? v : JSON.stringify(v)]);
}

function requestEntry(request: unknown): Json | null {
  if (!isObject(request)) return null;
  return {
    type: "request",
    data: {
      url: orNull(request.url),
      method: orNull(request.method),
      query: pairs(request.query_string),
      fragment: orNull(request.fragment),
      data: orNull(request.data),
      headers: pairs(request.headers),
      cookies: pairs(request.cookies),
      env: orNull(request.env),
      inferredContentType: null,
      apiTarget: null,
    },
  };
}

export interface EventEntry {
  type: string;
  data: unknown;
}

/** The entries of a stored event, in the order Sentry's event page shows them. */
export function eventEntries(data: Json): EventEntry[] {
  return [
    exceptionEntry(data.exception),
    threadsEntry(data.threads),
    data.exception
      ? null
      : (() => {
          const trace = serializeStacktrace(data.stacktrace);
          return trace ? { type: "stacktrace", data: trace } : null;
        })(),
    messageEntry(data),
    breadcrumbsEntry(data.breadcrumbs),
    requestEntry(data.request),
  ].filter((e): e is Json => e !== null) as unknown as EventEntry[];
}
