import { LIMITS, isObject, object, text } from "./event-fields.js";
import type { Errors } from "./event-fields.js";

type Json = Record<string, unknown>;

const FRAME_STRINGS = ["filename", "abs_path", "function", "raw_function", "module", "package", "platform"];
const FRAME_NUMBERS = ["lineno", "colno"];

function frame(value: unknown, name: string, errors: Errors): Json | undefined {
  const raw = object(value, name, errors);
  if (!raw) return undefined;
  const out: Json = {};
  for (const key of FRAME_STRINGS) {
    const v = text(raw[key], `${name}.${key}`, errors, LIMITS.shortString * 4);
    if (v !== undefined) out[key] = v;
  }
  for (const key of FRAME_NUMBERS) {
    if (typeof raw[key] === "number" && Number.isFinite(raw[key])) out[key] = raw[key];
  }
  if (typeof raw.in_app === "boolean") out.in_app = raw.in_app;
  const contextLine = text(raw.context_line, `${name}.context_line`, errors, LIMITS.shortString * 2);
  if (contextLine !== undefined) out.context_line = contextLine;
  for (const key of ["pre_context", "post_context"] as const) {
    if (Array.isArray(raw[key]))
      out[key] = (raw[key] as unknown[])
        .slice(-10)
        .map((l) => (typeof l === "string" ? l.slice(0, 512) : ""));
  }
  const vars = object(raw.vars, `${name}.vars`, errors);
  if (vars) out.vars = vars;
  if (typeof raw.instruction_addr === "string") out.instruction_addr = raw.instruction_addr;
  return out;
}

/**
 * A stack trace with its frames normalised; beyond Sentry's 250 frames the middle ones go (the oldest
 * and newest halves stay, as the ones that matter), noted in `frames_omitted`.
 */
export function stacktrace(value: unknown, name: string, errors: Errors): Json | undefined {
  const raw = object(value, name, errors);
  if (!raw) return undefined;
  if (!Array.isArray(raw.frames)) {
    if (raw.frames !== undefined) errors.push({ type: "invalid_data", name: `${name}.frames` });
    return undefined;
  }
  let frames = raw.frames as unknown[];
  const out: Json = {};
  if (frames.length > LIMITS.frames) {
    const half = LIMITS.frames / 2;
    out.frames_omitted = [half, frames.length - half];
    frames = [...frames.slice(0, half), ...frames.slice(-half)];
  }
  out.frames = frames
    .map((f, i) => frame(f, `${name}.frames.${i}`, errors))
    .filter((f): f is Json => f !== undefined);
  if (isObject(raw.registers)) out.registers = raw.registers;
  return out;
}

/**
 * The values of `{values: […]}`, a bare list or one object; undefined when absent, and (with an error)
 * when it is none of those.
 */
function valuesOf(value: unknown, name: string, errors: Errors): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value as unknown[];
  if (isObject(value)) return Array.isArray(value.values) ? (value.values as unknown[]) : [value];
  errors.push({ type: "invalid_data", name, reason: "expected an object or a list" });
  return undefined;
}

/** `exception`: `{values: […]}`, a bare list or one object; each value with its stack trace. */
export function exception(value: unknown, errors: Errors): { values: Json[] } | undefined {
  const list = valuesOf(value, "exception", errors);
  if (!list) return undefined;
  const values: Json[] = [];
  for (const [i, item] of list.slice(-LIMITS.exceptions).entries()) {
    const name = `exception.values.${i}`;
    const raw = object(item, name, errors);
    if (!raw) continue;
    const out: Json = {};
    const type = text(raw.type, `${name}.type`, errors, LIMITS.shortString);
    if (type) out.type = type;
    const v =
      typeof raw.value === "string" || raw.value === undefined ? raw.value : JSON.stringify(raw.value);
    const exceptionValue = text(v, `${name}.value`, errors, LIMITS.message);
    if (exceptionValue !== undefined) out.value = exceptionValue;
    const module = text(raw.module, `${name}.module`, errors, LIMITS.shortString);
    if (module) out.module = module;
    const mechanism = object(raw.mechanism, `${name}.mechanism`, errors);
    if (mechanism) out.mechanism = mechanism;
    const trace = stacktrace(raw.stacktrace, `${name}.stacktrace`, errors);
    if (trace) out.stacktrace = trace;
    if (typeof raw.thread_id === "number" || typeof raw.thread_id === "string") out.thread_id = raw.thread_id;
    if (out.type !== undefined || out.value !== undefined) values.push(out);
    else errors.push({ type: "invalid_data", name, reason: "an exception needs a type or a value" });
  }
  return values.length > 0 ? { values } : undefined;
}

/** `threads`: each thread with its stack trace. */
export function threads(value: unknown, errors: Errors): { values: Json[] } | undefined {
  const list = valuesOf(value, "threads", errors);
  if (!list) return undefined;
  const values = list.filter(isObject).map((t, i) => {
    const out: Json = { ...t };
    const trace = stacktrace(t.stacktrace, `threads.values.${i}.stacktrace`, errors);
    if (trace) out.stacktrace = trace;
    else delete out.stacktrace;
    return out;
  });
  return values.length > 0 ? { values } : undefined;
}

/** Breadcrumbs: the newest 100, each an object. */
export function breadcrumbs(value: unknown, errors: Errors): { values: Json[] } | undefined {
  const list = valuesOf(value, "breadcrumbs", errors);
  if (!list) return undefined;
  const values = list.filter(isObject).slice(-LIMITS.breadcrumbs);
  return values.length > 0 ? { values } : undefined;
}
