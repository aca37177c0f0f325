import type { AuditResult } from "./audit.js";

export type ScenarioName = "crash" | "outages" | "bad-input" | "isolation" | "load" | "alerts";
export const SCENARIOS: readonly ScenarioName[] = [
  "crash",
  "outages",
  "bad-input",
  "isolation",
  "load",
  "alerts",
];

export interface ScenarioResult {
  scenario: ScenarioName;
  status: "passed" | "failed" | "skipped";
  /** Messages produced (ingest scenarios) or requests sent (API scenarios). */
  messages: number;
  lost: number;
  duplicated: number;
  deadLettered: number;
  /** Longest time from the end of a fault to processing again, in seconds (null: no fault). */
  recoveredInSeconds: number | null;
  /** One line for the table's last column. */
  note: string;
  failures: string[];
  seconds: number;
  audit?: AuditResult;
  details: Record<string, unknown>;
}

/** A scenario's result from its audit and its own checks. */
export function fromAudit(
  scenario: ScenarioName,
  messages: number,
  result: AuditResult,
  extra: {
    failures?: string[];
    recoveredInSeconds?: number | null;
    note?: string;
    details?: Record<string, unknown>;
    started: number;
  },
): ScenarioResult {
  const failures = [...(extra.failures ?? []), ...result.failures];
  return {
    scenario,
    status: failures.length === 0 ? "passed" : "failed",
    messages,
    lost: result.lost,
    duplicated: result.duplicated,
    deadLettered: result.deadLettered,
    recoveredInSeconds: extra.recoveredInSeconds ?? null,
    note: extra.note ?? "",
    failures,
    seconds: Math.round((Date.now() - extra.started) / 1000),
    audit: result,
    details: extra.details ?? {},
  };
}
