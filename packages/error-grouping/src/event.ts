/**
 * The parts of a normalized SDK event that grouping reads. Field names and shapes are Sentry's event
 * payload (snake_case, as the SDKs send it); every field is optional because SDKs omit what they lack.
 */
export interface ErrorEvent {
  /** `javascript`, `node`, `python`, … (`other` when the SDK sent none). */
  platform?: string;
  exception?: { values?: ExceptionValue[] };
  threads?: { values?: Thread[] };
  /** A stack trace outside any exception (Python's `attach_stacktrace`, `captureMessage` with one). */
  stacktrace?: Stacktrace;
  logentry?: LogEntry;
  /** The legacy top-level message (normalization usually moves it into `logentry.formatted`). */
  message?: string;
  fingerprint?: string[];
  culprit?: string;
  transaction?: string;
  /** Only `url` is read: the culprit's last resort. */
  request?: { url?: string };
}

export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: Mechanism;
  stacktrace?: Stacktrace;
}

export interface Mechanism {
  type?: string;
  handled?: boolean;
  /** A synthetic exception's type is made up by the SDK (e.g. a captured message or a signal). */
  synthetic?: boolean;
  /** Exception groups (Python `ExceptionGroup`, JS `AggregateError`): ids linking the chain's members. */
  exception_id?: number;
  parent_id?: number;
  is_exception_group?: boolean;
  source?: string;
}

export interface Stacktrace {
  /** Oldest call first, the frame that threw last (the SDK order). */
  frames?: Frame[];
}

export interface Frame {
  filename?: string;
  abs_path?: string;
  module?: string;
  package?: string;
  function?: string;
  raw_function?: string;
  context_line?: string;
  in_app?: boolean;
  lineno?: number;
  colno?: number;
  /** A frame of another platform than the event's (mixed stacks). */
  platform?: string;
}

export interface Thread {
  id?: number | string;
  crashed?: boolean;
  current?: boolean;
  stacktrace?: Stacktrace;
}

export interface LogEntry {
  /** The template (`"User %s failed"`) when the SDK sent `params`. */
  message?: string;
  /** The message with its parameters filled in. */
  formatted?: string;
  params?: unknown;
}

/** Where an event's hashes came from: Sentry's variant names. */
export type GroupingVariant = "app" | "system" | "default" | "custom_fingerprint" | "fallback";

export interface ErrorEventMetadata {
  type?: string;
  value?: string;
  filename?: string;
  function?: string;
  in_app_frame_mix?: "in-app-only" | "mixed" | "system-only";
}

export interface ErrorGrouping {
  /** The event's grouping hashes, most specific first (`app` before `system`); never empty. */
  hashes: string[];
  title: string;
  culprit: string;
  metadata: ErrorEventMetadata;
  /** The variant of `hashes[0]`. */
  variant: GroupingVariant;
}
