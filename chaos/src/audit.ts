import { OCCURRENCE_OUTCOMES, STATUS_CHANGE_OUTCOMES, canonicalUuid } from "@sift/schemas";
import { readTopic, waitForDrain } from "./kafka.js";
import type { DeadLetterRecord } from "./kafka.js";
import type { Rig } from "./rig.js";

/** A valid message that must end up stored exactly once (repeats of an id are fine: they are resends). */
export interface ExpectedValid {
  id: string;
  projectId: number;
  payloadType: "occurrence" | "status_change";
}

/** A message that must end up in the dead-letter topic, found by its Kafka key or its id. */
export interface ExpectedDeadLetter {
  key?: string;
  id?: string;
  codes: readonly string[];
  label: string;
}

export interface AuditSpec {
  rig: Rig;
  projectIds: readonly number[];
  valid: readonly ExpectedValid[];
  deadLetters?: readonly ExpectedDeadLetter[];
  /** Ids that must not be stored (refused messages). */
  mustNotStore?: readonly string[];
  drainTimeoutMs?: number;
}

export interface AuditResult {
  /** Distinct messages the audit expected to find somewhere. */
  expected: number;
  stored: number;
  lost: number;
  duplicated: number;
  deadLettered: number;
  /** Dead letters written more than once for one message (at-least-once into the DLQ). */
  deadLetterRepeats: number;
  lag: number;
  issues: number;
  outcomes: Record<string, number>;
  deadLetterCodes: Record<string, number>;
  failures: string[];
}

interface StoredRow {
  project_id: string;
  id: string;
  outcome: string;
  issue_id: string | null;
  hash: string | null;
}

const SAMPLE = 5;

/** Collects failures by category, keeping a few examples of each. */
class Failures {
  private readonly byKind = new Map<string, { count: number; examples: string[] }>();
  add(kind: string, example: string): void {
    const entry = this.byKind.get(kind) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < SAMPLE) entry.examples.push(example);
    this.byKind.set(kind, entry);
  }
  list(): string[] {
    return [...this.byKind].map(
      ([kind, { count, examples }]) =>
        `${kind}: ${count}${count > 0 ? ` (e.g. ${examples.join("; ")})` : ""}`,
    );
  }
}

const OCCURRENCE_OK = new Set<string>(OCCURRENCE_OUTCOMES);
const STATUS_CHANGE_OK = new Set<string>(STATUS_CHANGE_OUTCOMES);

function idOfValue(value: Buffer | null): string | null {
  if (!value || value.length > 4 * 1024 * 1024) return null;
  try {
    const parsed = JSON.parse(value.toString("utf8")) as { id?: unknown };
    return canonicalUuid(parsed?.id);
  } catch {
    return null;
  }
}

/**
 * The exact audit at the end of a scenario: the consumer group has no lag; every valid message is stored
 * once with an outcome Sift knows; every refused one is in the dead-letter topic with a specific reason
 * and complete headers, and nothing else is; per issue, times_seen equals its stored `grouped`
 * occurrences; no fingerprint's grouped occurrences point at two issues.
 */
export async function audit(spec: AuditSpec): Promise<AuditResult> {
  const { rig } = spec;
  const failures = new Failures();
  const drain = await waitForDrain(rig.ctx.admin, rig.groupId, rig.topic, spec.drainTimeoutMs ?? 300_000);
  if (!drain.drained)
    failures.add("consumer group lag is not 0", `lag ${drain.lag} when the audit gave up waiting`);

  const db = rig.db;
  const projects = [...spec.projectIds];
  const occurrences = (
    await db.raw<{ rows: StoredRow[] }>(
      `SELECT project_id, replace(id::text, '-', '') AS id, outcome, issue_id, fingerprint[1] AS hash
         FROM occurrences WHERE project_id = ANY(?)`,
      [projects],
    )
  ).rows;
  const statusChanges = (
    await db.raw<{ rows: StoredRow[] }>(
      `SELECT project_id, replace(id::text, '-', '') AS id, outcome, issue_id, NULL AS hash
         FROM status_changes WHERE project_id = ANY(?)`,
      [projects],
    )
  ).rows;
  const deadLetters = await readTopic(rig.ctx.kafka, rig.ctx.admin, rig.dlqTopic);

  const storedOcc = new Map<string, StoredRow>();
  const storedSc = new Map<string, StoredRow>();
  const outcomes: Record<string, number> = {};
  let duplicated = 0;
  for (const [rows, map, prefix] of [
    [occurrences, storedOcc, ""],
    [statusChanges, storedSc, "status_change:"],
  ] as const) {
    for (const r of rows) {
      const k = `${r.project_id}:${r.id}`;
      if (map.has(k)) {
        duplicated++;
        failures.add("stored twice", k);
      }
      map.set(k, r);
      outcomes[prefix + r.outcome] = (outcomes[prefix + r.outcome] ?? 0) + 1;
      const ok = prefix === "" ? OCCURRENCE_OK : STATUS_CHANGE_OK;
      if (!ok.has(r.outcome)) failures.add("unknown outcome", `${k} ${r.outcome}`);
    }
  }

  // Dead letters by key and by the id in their value.
  const byKey = new Map<string, DeadLetterRecord[]>();
  const byId = new Map<string, DeadLetterRecord[]>();
  const deadLetterCodes: Record<string, number> = {};
  for (const d of deadLetters) {
    if (d.key !== null) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
    const id = idOfValue(d.value);
    if (id) byId.set(id, [...(byId.get(id) ?? []), d]);
    const code = d.headers["sift-error-code"] ?? "(none)";
    deadLetterCodes[code] = (deadLetterCodes[code] ?? 0) + 1;
  }
  const matched = new Set<DeadLetterRecord>();

  // Every valid message: stored once, in the right table.
  const expected = new Map<string, "occurrence" | "status_change">();
  for (const v of spec.valid) expected.set(`${v.projectId}:${v.id}`, v.payloadType);
  let lost = 0;
  let stored = 0;
  let deadLettered = 0;
  for (const [k, type] of expected) {
    const row = (type === "occurrence" ? storedOcc : storedSc).get(k);
    if (row) {
      stored++;
      continue;
    }
    const letters = byId.get(k.slice(k.indexOf(":") + 1)) ?? [];
    if (letters.length > 0) {
      deadLettered++;
      letters.forEach((d) => matched.add(d));
      failures.add(
        "valid message dead-lettered",
        `${k}: ${letters[0]!.headers["sift-error-code"]} ${letters[0]!.headers["sift-error-message"]}`,
      );
    } else {
      lost++;
      failures.add(`valid ${type} lost (neither stored nor dead-lettered)`, k);
    }
  }
  for (const [k] of storedOcc)
    if (expected.get(k) !== "occurrence") failures.add("stored but never sent as valid", k);
  for (const [k] of storedSc)
    if (expected.get(k) !== "status_change") failures.add("stored but never sent as valid", k);
  const refused = new Set(spec.mustNotStore ?? []);
  for (const r of [...occurrences, ...statusChanges]) {
    if (refused.has(r.id)) failures.add("refused message stored", `${r.project_id}:${r.id}`);
  }

  // Every refused message: in the dead-letter topic with the right code and complete headers.
  let deadLetterRepeats = 0;
  for (const e of spec.deadLetters ?? []) {
    const letters = (e.key !== undefined ? byKey.get(e.key) : e.id ? byId.get(e.id) : undefined) ?? [];
    if (letters.length === 0) {
      lost++;
      failures.add("refused message not in the dead-letter topic", e.label);
      continue;
    }
    deadLettered++;
    deadLetterRepeats += letters.length - 1;
    for (const d of letters) {
      matched.add(d);
      const code = d.headers["sift-error-code"] ?? "";
      const message = d.headers["sift-error-message"] ?? "";
      if (!e.codes.includes(code))
        failures.add("dead letter with the wrong reason", `${e.label}: ${code} ${message}`);
      if (message.trim() === "") failures.add("dead letter without a message", e.label);
      if (
        d.headers["sift-original-topic"] !== rig.topic ||
        !/^\d+$/.test(d.headers["sift-original-partition"] ?? "") ||
        !/^\d+$/.test(d.headers["sift-original-offset"] ?? "")
      ) {
        failures.add("dead letter without its origin headers", `${e.label}: ${JSON.stringify(d.headers)}`);
      }
    }
  }
  for (const d of deadLetters) {
    if (!matched.has(d))
      failures.add(
        "unexpected dead letter",
        `${d.key ?? "(no key)"} ${d.headers["sift-error-code"]}: ${d.headers["sift-error-message"]}`,
      );
  }

  // Exact counters: times_seen = grouped occurrences, per issue.
  const counts = (
    await db.raw<{ rows: { id: string; times_seen: string; grouped: string }[] }>(
      `SELECT i.id, i.times_seen, count(o.id) AS grouped
         FROM issues i LEFT JOIN occurrences o ON o.issue_id = i.id AND o.outcome = 'grouped'
        WHERE i.project_id = ANY(?)
        GROUP BY i.id, i.times_seen`,
      [projects],
    )
  ).rows;
  const issueIds = new Set(counts.map((c) => c.id));
  for (const c of counts) {
    const diff = Number(c.times_seen) - Number(c.grouped);
    if (diff !== 0)
      failures.add(
        "times_seen differs from grouped occurrences",
        `issue ${c.id}: ${c.times_seen} vs ${c.grouped}`,
      );
    if (diff > 0) duplicated += diff;
    if (diff < 0) lost -= diff;
  }

  // One issue per fingerprint; the hash table agrees with the occurrences.
  const hashes = new Map(
    (
      await db.raw<{ rows: { project_id: string; hash: string; issue_id: string | null }[] }>(
        "SELECT project_id, hash, issue_id FROM issue_hashes WHERE project_id = ANY(?)",
        [projects],
      )
    ).rows.map((h) => [`${h.project_id}:${h.hash}`, h.issue_id]),
  );
  const issuesOfFingerprint = new Map<string, Set<string>>();
  for (const r of occurrences) {
    if (r.outcome !== "grouped") continue;
    if (r.issue_id === null || !issueIds.has(r.issue_id)) {
      failures.add("grouped occurrence without its issue", `${r.project_id}:${r.id} → ${r.issue_id}`);
      continue;
    }
    const fk = `${r.project_id}:${r.hash}`;
    const set = issuesOfFingerprint.get(fk) ?? new Set<string>();
    set.add(r.issue_id);
    issuesOfFingerprint.set(fk, set);
    const mapped = hashes.get(fk);
    if (mapped !== undefined && mapped !== r.issue_id)
      failures.add(
        "occurrence grouped into an issue its fingerprint does not map to",
        `${fk}: ${r.issue_id} vs ${mapped}`,
      );
  }
  for (const [fk, set] of issuesOfFingerprint) {
    if (set.size > 1) {
      duplicated += set.size - 1;
      failures.add("fingerprint maps to two issues", `${fk}: ${[...set].join(", ")}`);
    }
  }

  return {
    expected: expected.size + (spec.deadLetters?.length ?? 0),
    stored,
    lost,
    duplicated,
    deadLettered,
    deadLetterRepeats,
    lag: drain.lag,
    issues: counts.length,
    outcomes,
    deadLetterCodes,
    failures: failures.list(),
  };
}
