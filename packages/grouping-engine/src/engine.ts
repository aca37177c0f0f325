import type { Knex } from "knex";
import type { Redis } from "ioredis";
import type { Clock, GroupTypeRegistry, Logger, Metrics } from "@sift/schemas";
import type { Db } from "@sift/storage";
import type { RegressionEngine } from "@sift/regression";
import { createBatch } from "./batch.js";
import type { BatchEffects, IngestItem, OccurrenceResult, StageDeps } from "./batch.js";
import { Gates } from "./gates.js";
import { ProjectCache } from "./project-cache.js";
import { admit } from "./stages/admit.js";
import { claimIssues } from "./stages/claim-issues.js";
import { passCreationGates } from "./stages/creation-gates.js";
import { attachEvents } from "./stages/events.js";
import { loadExistingIssues } from "./stages/existing-issues.js";
import { enterInbox } from "./stages/inbox.js";
import { linkIssues } from "./stages/issue-links.js";
import { writeIssueRows } from "./stages/issue-rows.js";
import { countIssueTags } from "./stages/issue-tags.js";
import { matchHashes } from "./stages/match-hashes.js";
import { record } from "./stages/record.js";
import { countNewGroups } from "./stages/new-groups.js";
import { detectRegressions } from "./stages/regressions.js";
import { resolveReleases } from "./stages/releases.js";

export interface GroupingEngineOptions {
  db: Db;
  redis: Redis;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  types: GroupTypeRegistry;
  regression: RegressionEngine;
  /** Prefix of every Redis key (tests isolate with it). */
  keyPrefix?: string;
  /** How long project and feature lookups are cached (ms); 0 reads them every batch. */
  cacheTtlMs?: number;
}

export interface GroupingEngine {
  /** Process occurrences (in order) inside the caller's transaction. */
  processOccurrences(
    trx: Knex.Transaction,
    items: readonly IngestItem[],
  ): Promise<{ results: OccurrenceResult[]; effects: BatchEffects }>;
  afterCommit(effects: BatchEffects): Promise<void>;
  clearCaches(): void;
}

export function createGroupingEngine(options: GroupingEngineOptions): GroupingEngine {
  const { logger, metrics, clock } = options;
  const deps: StageDeps = {
    db: options.db,
    types: options.types,
    logger,
    gates: new Gates(options.redis, options.keyPrefix ?? ""),
    regression: options.regression,
    projects: new ProjectCache(options.db, clock, options.cacheTtlMs ?? 5_000),
  };

  /** The stages, in order; each does its storage work for the whole batch in one round trip per table. */
  async function processOccurrences(
    trx: Knex.Transaction,
    items: readonly IngestItem[],
  ): Promise<{ results: OccurrenceResult[]; effects: BatchEffects }> {
    const batch = createBatch(trx, deps, clock.now(), items.length);
    const admitted = await admit(batch, items);
    const events = await attachEvents(batch, admitted);
    const active = events.recorded.filter((w) => w.outcome === null);
    const environmentIds = await resolveReleases(batch, active);
    const hashes = await matchHashes(batch, active);
    const creating = await passCreationGates(batch, hashes.newGroups);
    const newIssues = await claimIssues(batch, creating);
    const existing = await loadExistingIssues(batch, active);
    await detectRegressions(batch, existing);
    const created = await writeIssueRows(batch, active, newIssues, existing);
    await linkIssues(batch, active, environmentIds, hashes.known);
    await countIssueTags(batch, active);
    await enterInbox(batch, created);
    await record(batch, events.recorded, events.toStore);
    await countNewGroups(batch, newIssues);
    batch.counter.flush(metrics);
    return { results: batch.results.map((r) => r ?? { status: "replayed" }), effects: batch.effects };
  }

  return {
    processOccurrences,
    async afterCommit(effects) {
      try {
        await deps.gates.reset(effects.resetNoise);
      } catch (error) {
        logger.warn({ err: error }, "could not reset noise counters");
      }
    },
    clearCaches() {
      deps.projects.clear();
    },
  };
}
