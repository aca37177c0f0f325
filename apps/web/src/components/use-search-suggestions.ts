import { useCallback, useEffect, useMemo, useState } from "react";
import { useTagKeys, useTagValues } from "../api/queries.js";
import type { TagScope } from "../api/queries.js";
import { BUILTIN_KEYS, BUILTIN_VALUES } from "./search-suggest.js";

/** How long typing must pause before the values of the typed prefix are asked for, in ms. */
export const SUGGEST_DEBOUNCE_MS = 150;

/** `value`, once it has stayed the same for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const NO_PROJECTS: readonly string[] = [];

export interface SearchSuggestionsOptions {
  org: string;
  /** The stream's projects, environments and window: the keys and values are those of that scope. */
  scope: TagScope;
  /** Project slugs, the values of `project:`. */
  projects?: readonly string[];
  debounceMs?: number;
}

/**
 * What the search box suggests: the organization's tag keys and the search language's (from the tags
 * endpoint; the language's own until it answers), and the values of the key being typed — the
 * language's for its keys, else the tag values endpoint's for the typed prefix, asked for once typing
 * pauses, a superseded request aborted.
 */
export function useSearchSuggestions({
  org,
  scope,
  projects = NO_PROJECTS,
  debounceMs = SUGGEST_DEBOUNCE_MS,
}: SearchSuggestionsOptions) {
  const tagKeys = useTagKeys(org, scope).data;
  const [wanted, setWanted] = useState<string | null>(null);
  const settled = useDebounced(wanted, debounceMs);
  const [key, prefix] = settled === null ? [null, ""] : (JSON.parse(settled) as [string, string]);
  const fetched = key !== null && !(key in BUILTIN_VALUES) && key !== "project" ? key : null;
  const tagValues = useTagValues(org, fetched, prefix, scope).data;
  const keys = useMemo(() => (tagKeys && tagKeys.length > 0 ? tagKeys : BUILTIN_KEYS), [tagKeys]);
  const valuesOf = useCallback(
    (name: string): readonly string[] => {
      if (name === "project") return projects;
      return BUILTIN_VALUES[name] ?? (tagValues?.key === name ? tagValues.values : []);
    },
    [tagValues, projects],
  );
  const onKeyNeeded = useCallback(
    (name: string, typed: string) => setWanted(JSON.stringify([name, typed])),
    [],
  );
  return { keys, valuesOf, onKeyNeeded };
}
