// The issue page is its own chunk: the stream route loads only what the stream needs, then fetches
// this chunk while idle so that opening an issue does not wait for it.
export const loadIssuePage = () => import("./issue/issue-page.js").then((m) => ({ default: m.IssuePage }));

export function preloadIssuePage(): void {
  const load = () => void loadIssuePage();
  if ("requestIdleCallback" in window) window.requestIdleCallback(load, { timeout: 2_000 });
  else setTimeout(load, 500);
}
