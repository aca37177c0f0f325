import type { Clock, GroupTypeRegistry } from "@sift/schemas";
import {
  getAssignees,
  getInboxEntries,
  getIssueHourlyCounts,
  getStatusContext,
  listProjects,
  loadIssueUserState,
} from "@sift/storage";
import type { Db, Organization } from "@sift/storage";
import type { SerializableIssue } from "../serializers/issue.js";
import { serializeListIssue } from "../serializers/issue.js";
import type { IssueSerializeContext } from "../serializers/issue.js";
import { loadFiltered } from "./filtered.js";
import type { FilteredScope } from "./filtered.js";
import { buildSeries, statsSpecFor } from "./stats.js";
import type { GroupStatsPeriod } from "./stats.js";
import type { CollapsedIssueJson, IssueJson } from "../serializers/schemas.js";

export interface SerializeDeps {
  db: Db;
  clock: Clock;
  types: GroupTypeRegistry;
}

export interface SerializeOptions {
  expand?: ReadonlySet<string>;
  collapse?: ReadonlySet<string>;
  /** Null: no `stats`. */
  statsPeriod: GroupStatsPeriod | null;
  /** The request's date window (for `groupStatsPeriod=auto`). */
  window: { start: Date; end: Date };
  baseUrl: string;
  /** The signed-in user whose bookmarks, seen times and subscriptions the JSON shows; null for a token. */
  userId?: number | null;
  /** The filters `filtered` counts under; null or absent: `filtered` is null. */
  filtered?: FilteredScope | null;
}

/** Loads what the issues' JSON needs in a fixed number of queries and serialises them in order. */
export async function loadSerializeContext(
  deps: SerializeDeps,
  organization: Organization,
  issues: readonly SerializableIssue[],
  options: SerializeOptions,
): Promise<IssueSerializeContext> {
  const { db } = deps;
  const now = deps.clock.now();
  const ids = issues.map((i) => i.id);
  const collapse = options.collapse ?? new Set<string>();
  const wantStats = options.statsPeriod !== null && !collapse.has("stats") && ids.length > 0;
  const spec = options.statsPeriod !== null ? statsSpecFor(options.statsPeriod, now, options.window) : null;
  const userId = options.userId ?? null;
  const [projects, { users, teams }, status, inbox, counts, viewer] = await Promise.all([
    listProjects(db, organization.id),
    getAssignees(db, issues),
    getStatusContext(db, ids),
    options.expand?.has("inbox") ? getInboxEntries(db, ids) : Promise.resolve(null),
    wantStats && spec ? getIssueHourlyCounts(db, ids, spec.from, spec.to) : Promise.resolve([]),
    userId === null ? Promise.resolve(null) : loadIssueUserState(db, userId, ids),
  ]);
  const filtered =
    options.filtered && !collapse.has("filtered") && ids.length > 0
      ? await loadFiltered(db, ids, options.filtered, spec ?? statsSpecFor("24h", now, options.window), now)
      : null;
  return {
    organization,
    projects: new Map(projects.map((p) => [p.id, p])),
    users,
    teams,
    status,
    inbox,
    viewer,
    stats: spec ? { key: spec.key, series: buildSeries(spec, ids, counts) } : null,
    filtered,
    collapse,
    baseUrl: options.baseUrl,
    types: deps.types,
    now,
  };
}

export async function serializeIssues(
  deps: SerializeDeps,
  organization: Organization,
  issues: readonly SerializableIssue[],
  options: SerializeOptions,
): Promise<(IssueJson | CollapsedIssueJson)[]> {
  if (issues.length === 0) return [];
  const ctx = await loadSerializeContext(deps, organization, issues, options);
  return issues.map((issue) => serializeListIssue(issue, ctx));
}
