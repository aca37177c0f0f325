import { groupTypes, hashFingerprint } from "@sift/schemas";
import type { Knex } from "knex";
import type { MetricLabels, Occurrence } from "@sift/schemas";
import { createBatch } from "../batch.js";
import type { Batch, FingerprintGroup, IngestItem, StageDeps, Work } from "../batch.js";
import type { ProjectContext } from "../project-cache.js";
import { newWork } from "../stages/admit.js";

/** Builders for the unit tests of the pure stage functions (no services). */

export const RECEIVED_AT = new Date("2026-11-27T11:30:05Z");
export const EVENT_TIME = new Date("2026-11-27T11:30:00Z");

let ids = 0;
const nextId = (): string => (++ids).toString(16).padStart(32, "0");

export function occurrence(over: Partial<Occurrence> & { fingerprint?: string[] } = {}): Occurrence {
  const fingerprint = over.fingerprint ?? ["checkout failed"];
  return {
    payload: { fingerprint, issue_title: "Checkout failed", subtitle: "card declined", type: 1 },
    payloadType: "occurrence",
    id: nextId(),
    projectId: 1,
    eventId: nextId(),
    fingerprintHashes: hashFingerprint(fingerprint),
    issueTitle: "Checkout failed",
    subtitle: "card declined",
    resourceId: null,
    evidenceData: null,
    evidenceDisplay: [],
    type: 1,
    detectionTime: EVENT_TIME,
    level: "error",
    culprit: "/api/checkout",
    priority: null,
    assignee: null,
    event: null,
    eventTime: EVENT_TIME,
    eventSchema: null,
    isBufferedSpans: false,
    ...over,
    fingerprint,
  };
}

export function projectContext(
  over: { id?: number; organizationId?: number; features?: string[] } = {},
): ProjectContext {
  return {
    project: {
      id: over.id ?? 1,
      organizationId: over.organizationId ?? 10,
      slug: "web",
      name: "web",
      platform: null,
      resolveAgeHours: 0,
      allowedDomains: ["*"],
    },
    features: new Set(over.features ?? []),
  };
}

export function item(occ: Occurrence = occurrence()): IngestItem {
  return { occurrence: occ, receivedAt: RECEIVED_AT };
}

/** An admitted occurrence (its inline event attached), undecided unless `over` says otherwise. */
export function work(occ: Occurrence = occurrence(), over: Partial<Work> = {}): Work {
  const admitted = newWork(0, item(occ), projectContext({ id: occ.projectId }), groupTypes.get(occ.type));
  return { ...admitted, event: occ.event, ...over };
}

export function group(items: Work[]): FingerprintGroup {
  const first = items[0]!;
  return { projectId: first.occ.projectId, hash: first.occ.fingerprintHashes[0]!, type: first.type, items };
}

export interface TestBatch extends Batch {
  /** The batch's metric increments, flushed: `name{label=value,…}` → count. */
  metrics(): Record<string, number>;
  warnings: string[];
  errors: string[];
}

/** A batch for pure stage functions: no pool, transaction, gates, regression engine or project cache. */
export function testBatch(size = 0): TestBatch {
  const warnings: string[] = [];
  const errors: string[] = [];
  const deps: StageDeps = {
    db: undefined as never,
    types: groupTypes,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (_obj, msg) => void warnings.push(msg ?? ""),
      error: (_obj, msg) => void errors.push(msg ?? ""),
    },
    gates: undefined as never,
    regression: undefined as never,
    projects: undefined as never,
  };
  const batch = createBatch(
    undefined as unknown as Knex.Transaction,
    deps,
    new Date("2026-11-27T12:00:00Z"),
    size,
  );
  return {
    ...batch,
    warnings,
    errors,
    metrics() {
      const counts: Record<string, number> = {};
      batch.counter.flush({
        increment(name: string, labels: MetricLabels = {}, n = 1) {
          const tags = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
          const label = `${name}{${tags.join(",")}}`;
          counts[label] = (counts[label] ?? 0) + n;
        },
        observe: () => undefined,
        gauge: () => undefined,
      });
      return counts;
    },
  };
}
