import type { Knex } from "knex";
import type {
  GroupType,
  GroupTypeRegistry,
  InvalidPayloadError,
  Logger,
  MetricLabels,
  Metrics,
  Occurrence,
  OccurrenceOutcome,
} from "@sift/schemas";
import type { Db, IngestIssue, Release } from "@sift/storage";
import type { RegressionEngine } from "@sift/regression";
import type { Gates } from "./gates.js";
import type { ProjectCache, ProjectContext } from "./project-cache.js";

export interface IngestItem {
  occurrence: Occurrence;
  receivedAt: Date;
}

export type OccurrenceResult =
  | {
      status: "stored";
      outcome: OccurrenceOutcome;
      issueId: number | null;
      isNew: boolean;
      isRegression: boolean;
    }
  | { status: "replayed" }
  | { status: "invalid"; error: InvalidPayloadError };

/** Work to do once the batch's transaction has committed. */
export interface BatchEffects {
  resetNoise: { projectId: number; hash: string }[];
}

/** What the stages are built from (the engine's options, resolved once). */
export interface StageDeps {
  /**
   * The pool, for what is committed apart from the batch (releases and environments: shared by every
   * batch, so none waits on another's open transaction to learn that one exists).
   */
  db: Db;
  types: GroupTypeRegistry;
  logger: Logger;
  gates: Gates;
  regression: RegressionEngine;
  projects: ProjectCache;
}

/** One batch as it moves through the stages: its transaction, its time, and what it reports. */
export interface Batch {
  trx: Knex.Transaction;
  now: Date;
  deps: StageDeps;
  counter: BatchCounter;
  effects: BatchEffects;
  /** One per input item, in order; `null` until a stage decides it (a replay when none does). */
  results: (OccurrenceResult | null)[];
}

/** One admitted occurrence; the stages fill in its event, release, issue and outcome. */
export interface Work {
  index: number;
  /** The occurrence that created its issue. */
  creator: boolean;
  item: IngestItem;
  occ: Occurrence;
  ctx: ProjectContext;
  type: GroupType;
  event: Record<string, unknown> | null;
  eventTime: Date;
  eventType: string;
  releaseVersion: string | null;
  environment: string;
  release: Release | null;
  issueId: number | null;
  outcome: OccurrenceOutcome | null;
  isNew: boolean;
  isRegression: boolean;
}

/**
 * What counting a grouped occurrence into its issue reads of it (environments, releases, hourly counts,
 * users, tag values): a batch's `Work`, or a stored occurrence being moved to another issue.
 */
export type Grouped = Pick<
  Work,
  "issueId" | "event" | "eventTime" | "environment" | "release" | "outcome"
> & {
  ctx: { project: { organizationId: number } };
  occ: Pick<Occurrence, "projectId" | "fingerprintHashes">;
};

/**
 * The occurrences of a batch whose fingerprint has no issue yet, by (project, primary hash), in batch
 * order. The first occurrence's type decides the noise gate and the quota.
 */
export interface FingerprintGroup {
  projectId: number;
  hash: string;
  type: GroupType;
  items: Work[];
}

/** A group that won its hash: the issue it creates, with the occurrences from its creator on. */
export interface NewIssue extends FingerprintGroup {
  id: number;
}

/** An issue that existed before the batch, as loaded, with the batch's occurrences grouped into it. */
export interface ExistingIssue {
  issue: IngestIssue;
  items: Work[];
}

/** The key every per-project lookup of the batch uses (the storage maps are keyed the same way). */
export const key = (projectId: number, value: string): string => `${projectId}:${value}`;

export function createBatch(trx: Knex.Transaction, deps: StageDeps, now: Date, size: number): Batch {
  return {
    trx,
    now,
    deps,
    counter: new BatchCounter(),
    effects: { resetNoise: [] },
    results: Array.from({ length: size }, () => null),
  };
}

/** Counts a batch's metric increments and reports each (name, labels) once. */
export class BatchCounter {
  private readonly counts = new Map<string, { name: string; labels: MetricLabels; n: number }>();

  add(name: string, labels: MetricLabels = {}): void {
    const key = `${name}|${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}`;
    const entry = this.counts.get(key);
    if (entry) entry.n += 1;
    else this.counts.set(key, { name, labels, n: 1 });
  }

  flush(metrics: Metrics): void {
    for (const { name, labels, n } of this.counts.values()) metrics.increment(name, labels, n);
    this.counts.clear();
  }
}
