import { lazy, Suspense, useState } from "react";
import { Loading } from "./components/loading.js";
import { loadIssuePage, loadedIssuePage } from "./issue-page-loader.js";

const LazyIssuePage = lazy(loadIssuePage);

/**
 * The issue page's route: the page itself when its chunk is there (rendered in the navigation's own
 * commit), else the lazy page under Suspense while the chunk loads.
 */
export function IssuePageRoute() {
  const [Page] = useState(() => loadedIssuePage() ?? LazyIssuePage);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}
