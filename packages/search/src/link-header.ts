/** One side of a page: the cursor to ask for and whether that page has results. */
export interface PageLink {
  cursor: string;
  results: boolean;
}

/**
 * Sentry's pagination `Link` header:
 * `<URL?…&cursor=C>; rel="previous"; results="false"; cursor="C", <URL?…&cursor=N>; rel="next"; results="true"; cursor="N"`.
 * `url` is the absolute request URL; its `cursor` parameter is replaced, the others are kept in order
 * (form-encoded, like Django's `QueryDict.urlencode`).
 */
export function buildLinkHeader(url: string | URL, links: { previous: PageLink; next: PageLink }): string {
  const base = new URL(url);
  const params = new URLSearchParams(base.search);
  params.delete("cursor");
  const prefix = `${base.origin}${base.pathname}?${params.toString()}`;
  const link = (rel: "previous" | "next", { cursor, results }: PageLink): string =>
    `<${prefix}&cursor=${cursor}>; rel="${rel}"; results="${results ? "true" : "false"}"; cursor="${cursor}"`;
  return `${link("previous", links.previous)}, ${link("next", links.next)}`;
}
