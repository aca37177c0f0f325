// Which issues of the stream are selected: some rows of the page, or everything the query matches.

export interface Selection {
  ids: ReadonlySet<string>;
  /** Everything matching the query, not only the rows shown. */
  all: boolean;
}

export const emptySelection: Selection = { ids: new Set(), all: false };

export function toggle(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, all: false };
}

/** The header checkbox: selects the page's rows, or clears when they all are. */
export function togglePage(selection: Selection, pageIds: readonly string[]): Selection {
  const every = pageIds.length > 0 && pageIds.every((id) => selection.ids.has(id));
  return every ? emptySelection : { ids: new Set(pageIds), all: false };
}

export function selectAllMatching(pageIds: readonly string[]): Selection {
  return { ids: new Set(pageIds), all: true };
}

/** Rows that left the page (live refresh, paging) leave the selection. */
export function prune(selection: Selection, pageIds: readonly string[]): Selection {
  const present = new Set(pageIds);
  const ids = [...selection.ids].filter((id) => present.has(id));
  if (ids.length === selection.ids.size) return selection;
  return { ids: new Set(ids), all: selection.all && ids.length > 0 };
}

export function pageState(selection: Selection, pageIds: readonly string[]): "none" | "some" | "all" {
  const chosen = pageIds.filter((id) => selection.ids.has(id)).length;
  if (chosen === 0) return "none";
  return chosen === pageIds.length ? "all" : "some";
}

/** How many issues an action on the selection touches (`hits` is the query's total when known). */
export function selectedCount(selection: Selection, hits: number | null): number {
  return selection.all && hits !== null ? hits : selection.ids.size;
}
