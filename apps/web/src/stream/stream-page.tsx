import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { ApiError, apiGet, apiPage } from "../api/client.js";
import {
  orgPath,
  useEnvironments,
  UNKNOWN_ME,
  useMe,
  usePrefetchIssue,
  useProjects,
} from "../api/queries.js";
import type { Issue, StatsSeries } from "../api/types.js";
import { IssueActions } from "../components/issue-actions.js";
import { SearchBox } from "../components/search-box.js";
import { useSearchSuggestions } from "../components/use-search-suggestions.js";
import { loadIssuePage, preloadIssuePage } from "../issue-page-loader.js";
import { ShortcutHelp, STREAM_SHORTCUTS, useShortcuts } from "../keyboard.js";
import { FilterBar } from "./filter-bar.js";
import {
  TABS,
  activeTab,
  changeFilters,
  listQuery,
  readFilters,
  statsQuery,
  tagScope,
  writeFilters,
} from "./filters.js";
import type { StreamFilters } from "./filters.js";
import { IssueTable, issuePath } from "./issue-table.js";
import { emptySelection, prune, selectAllMatching, toggle, togglePage } from "./selection.js";
import type { Selection } from "./selection.js";
import { useStreamActions } from "./use-stream-actions.js";

/** How often the open stream re-runs its query (new, changed and departed issues), in ms. */
const LIVE_INTERVAL_MS = 3_000;
/** How often the open stream refreshes its sparklines, in ms. */
const LIVE_STATS_INTERVAL_MS = 15_000;

/** The sparklines of the page's issues: a query of their own, after the rows. */
function useSparklines(org: string, filters: StreamFilters, ids: string[], live: boolean) {
  const query = statsQuery(filters, ids);
  const stats = useQuery({
    queryKey: ["issue-stats", org, query],
    enabled: ids.length > 0,
    queryFn: () => apiGet<Issue[]>(`${orgPath(org)}/issues/`, query),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_STATS_INTERVAL_MS : false,
  });
  return useMemo(() => {
    const series = new Map<string, StatsSeries>();
    for (const issue of stats.data ?? []) {
      const s = issue.stats?.[filters.groupStatsPeriod];
      if (s) series.set(issue.id, s);
    }
    return series;
  }, [stats.data, filters.groupStatsPeriod]);
}

function SelectionStatus(props: {
  selection: Selection;
  hits: number | null;
  shown: number;
  onSelectAll: () => void;
}) {
  const { selection, hits } = props;
  return (
    <>
      <span className="muted" aria-live="polite">
        {selection.all
          ? `All ${hits ?? ""} issues matching the query are selected`
          : `${selection.ids.size} selected`}
      </span>
      {selection.ids.size > 0 && !selection.all && hits !== null && hits > props.shown && (
        <button type="button" onClick={props.onSelectAll}>
          Select all {hits} issues matching the query
        </button>
      )}
    </>
  );
}

function Pager(props: {
  previous: string | null;
  next: string | null;
  hits: number | null;
  go: (cursor: string) => void;
}) {
  return (
    <nav aria-label="Pages" className="row pager">
      <button
        type="button"
        disabled={!props.previous}
        onClick={() => props.previous && props.go(props.previous)}
      >
        Previous page
      </button>
      <span className="muted">{props.hits !== null ? `${props.hits} issues` : ""}</span>
      <button type="button" disabled={!props.next} onClick={() => props.next && props.go(props.next)}>
        Next page
      </button>
    </nav>
  );
}

export function StreamPage() {
  const { org = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = readFilters(params);
  const [live, setLive] = useState(true);
  const [selection, setSelection] = useState(emptySelection);
  const [focused, setFocused] = useState(-1);
  const [help, setHelp] = useState(false);
  const projects = useProjects(org).data ?? [];
  const search = useSearchSuggestions({
    org,
    scope: tagScope(filters),
    projects: useMemo(() => projects.map((p) => p.slug), [projects]),
  });
  const environments = useEnvironments(org).data ?? [];
  const me = useMe().data ?? UNKNOWN_ME;
  const prefetch = usePrefetchIssue(org);

  const apiQuery = listQuery(filters);
  const list = useQuery({
    queryKey: ["issues", org, apiQuery],
    queryFn: () => apiPage<Issue>(`${orgPath(org)}/issues/`, apiQuery),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
  const issues = list.isError ? [] : (list.data?.items ?? []);
  const pageIds = issues.map((i) => i.id);
  const pageKey = pageIds.join(",");
  useEffect(() => {
    setSelection((s) => prune(s, pageKey ? pageKey.split(",") : []));
    setFocused((f) => Math.min(f, pageIds.length - 1));
  }, [pageKey, pageIds.length]);
  const hits = list.data?.hits ?? null;
  // The issue page's chunk, once the rows are shown (so that it never competes with them).
  const shown = list.data !== undefined;
  useEffect(() => {
    if (shown) preloadIssuePage();
  }, [shown]);
  const sparklines = useSparklines(org, filters, pageIds, live);
  const actions = useStreamActions({ org, issues, selection, setSelection, focused, filters, hits });

  const update = (change: Partial<StreamFilters>) => {
    setSelection(emptySelection);
    setParams(writeFilters(changeFilters(filters, change)));
  };
  const linkSearch = params.size > 0 ? `?${params.toString()}` : "";
  useShortcuts({
    j: () => setFocused((f) => Math.min(issues.length - 1, f + 1)),
    k: () => setFocused((f) => Math.max(0, f - 1)),
    x: () => issues[focused] && setSelection((s) => toggle(s, issues[focused]!.id)),
    Enter: () => issues[focused] && void navigate(issuePath(org, issues[focused].id, linkSearch)),
    r: () => actions.request({ kind: "resolve" }),
    e: () => actions.request({ kind: "archiveUntilEscalating" }),
    "/": () => document.querySelector<HTMLInputElement>('input[aria-label="Search issues"]')?.focus(),
    "?": () => setHelp(true),
  });

  const error = list.error instanceof ApiError && list.error.status === 400 ? list.error.detail : null;
  const tab = activeTab(filters.query);
  return (
    <section className="stream">
      <h1 className="visually-hidden">Issues</h1>
      <nav aria-label="Issue views" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.label}
            type="button"
            className="tab"
            aria-current={tab === t.label ? "page" : undefined}
            onClick={() => update({ query: t.query })}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <SearchBox value={filters.query} onSubmit={(query) => update({ query })} error={error} {...search} />
      <FilterBar
        filters={filters}
        projects={projects}
        environments={environments}
        live={live}
        onLive={setLive}
        onChange={update}
      />
      <div className="bulk row">
        <IssueActions
          onAction={actions.request}
          merge
          me={me.actor}
          canDelete={me.canDelete}
          disabled={actions.busy}
        />
        <SelectionStatus
          selection={selection}
          hits={hits}
          shown={issues.length}
          onSelectAll={() => setSelection(selectAllMatching(pageIds))}
        />
      </div>
      {actions.notice && (
        <p role="status" className="notice">
          {actions.notice}
        </p>
      )}
      {list.isError && !error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      {list.isPending ? (
        <p className="muted">Loading issues…</p>
      ) : (
        <IssueTable
          org={org}
          issues={issues}
          selection={selection}
          focused={focused}
          statsPeriod={filters.groupStatsPeriod}
          stats={sparklines}
          stale={list.isPlaceholderData}
          onPrefetch={(id) => {
            prefetch(id);
            void loadIssuePage();
          }}
          linkSearch={linkSearch}
          onToggle={(id) => setSelection((s) => toggle(s, id))}
          onTogglePage={() => setSelection((s) => togglePage(s, pageIds))}
        />
      )}
      {!list.isPending && issues.length === 0 && !list.isError && <p className="muted">No issues match.</p>}
      <Pager
        previous={list.data?.previous ?? null}
        next={list.data?.next ?? null}
        hits={hits}
        go={(cursor) => update({ cursor })}
      />
      {actions.dialog}
      {help && <ShortcutHelp shortcuts={STREAM_SHORTCUTS} onClose={() => setHelp(false)} />}
    </section>
  );
}
