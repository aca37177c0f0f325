import type { ComponentType } from "react";

// The issue page is its own chunk: the stream route loads only what the stream needs, then fetches
// this chunk once its rows are shown (or a row is hovered) so that opening an issue does not wait for it.

let loading: Promise<{ default: ComponentType }> | null = null;
let loaded: ComponentType | null = null;

/** The issue page's chunk, fetched once. */
export function loadIssuePage(): Promise<{ default: ComponentType }> {
  loading ??= import("./issue/issue-page.js").then(
    (m) => {
      loaded = m.IssuePage;
      return { default: m.IssuePage };
    },
    (error: unknown) => {
      loading = null; // a later attempt fetches it again
      throw error;
    },
  );
  return loading;
}

/**
 * The issue page once its chunk has arrived, else null. Rendered directly it does not suspend, where a
 * lazy component suspends on its first render even when its chunk is there; a navigation (a React
 * transition) that suspends is then committed only after React's Suspense throttle, about 300 ms.
 */
export function loadedIssuePage(): ComponentType | null {
  return loaded;
}

export function preloadIssuePage(): void {
  const load = () => void loadIssuePage();
  if ("requestIdleCallback" in window) window.requestIdleCallback(load, { timeout: 2_000 });
  else setTimeout(load, 500);
}
