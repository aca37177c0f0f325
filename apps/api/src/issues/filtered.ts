import { compileIssueEventFilter, parseSearchQuery } from "@sift/search";
import { getFilteredIssueCounts } from "@sift/storage";
import type { Db } from "@sift/storage";
import { iso } from "../serializers/common.js";
import type { FilteredJson } from "../serializers/schemas.js";
import { buildSeries } from "./stats.js";
import type { StatsSpec } from "./stats.js";

/**
 * The filters an issue's `filtered` counts are taken under: the list's environments and window (the
 * details': their environments). Sentry's `filtered`, which counts the events its filters select.
 */
export interface FilteredScope {
  environments: readonly string[];
  window: { start: Date; end: Date } | null;
}

/** Each issue's `filtered`: count, users, first and last seen and the stats series under the scope. */
export async function loadFiltered(
  db: Db,
  issueIds: readonly number[],
  scope: FilteredScope,
  spec: StatsSpec,
  now: Date,
): Promise<Map<number, FilteredJson>> {
  const filter = compileIssueEventFilter({
    query: parseSearchQuery(""),
    now,
    environmentNames: scope.environments,
    window: scope.window,
  });
  const { totals, hourly } = await getFilteredIssueCounts(db, issueIds, filter, {
    from: spec.from,
    to: spec.to,
  });
  const series = buildSeries(spec, issueIds, hourly);
  return new Map(
    issueIds.map((id) => {
      const t = totals.get(id);
      return [
        id,
        {
          count: String(t?.count ?? 0),
          userCount: t?.userCount ?? 0,
          firstSeen: iso(t?.firstSeen ?? null),
          lastSeen: iso(t?.lastSeen ?? null),
          stats: { [spec.key]: series.get(id) ?? [] },
        },
      ];
    }),
  );
}
