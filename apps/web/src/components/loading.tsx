/** What a route shows while its chunk loads. */
export function Loading() {
  return <p className="muted">Loading…</p>;
}
