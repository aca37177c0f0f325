import { lazy, Suspense } from "react";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { ApiError } from "./api/client.js";
import { Loading } from "./components/loading.js";
import { IssuePageRoute } from "./issue-page-route.js";
import { Layout } from "./layout.js";
import { LoginPage, lastOrganization } from "./login.js";
import { StreamPage } from "./stream/stream-page.js";

const SettingsPage = lazy(() =>
  import("./settings/settings-page.js").then((m) => ({ default: m.SettingsPage })),
);
const AlertsRoutes = lazy(() =>
  import("./alerts/alerts-routes.js").then((m) => ({ default: m.AlertsRoutes })),
);

function Home() {
  const org = lastOrganization();
  return <Navigate to={org ? `/organizations/${encodeURIComponent(org)}/issues/` : "/auth/login/"} replace />;
}

const router = createBrowserRouter([
  { path: "/auth/login/", element: <LoginPage /> },
  {
    path: "/organizations/:org",
    element: <Layout />,
    children: [
      { path: "issues/", element: <StreamPage /> },
      {
        path: "issues/:issueId/",
        element: <IssuePageRoute />,
      },
      {
        path: "issues/:issueId/events/:eventId/",
        element: <IssuePageRoute />,
      },
      {
        path: "alerts/*",
        element: (
          <Suspense fallback={<Loading />}>
            <AlertsRoutes />
          </Suspense>
        ),
      },
    ],
  },
  {
    path: "/settings/:org",
    element: <Layout />,
    children: [
      {
        path: "*",
        element: (
          <Suspense fallback={<Loading />}>
            <SettingsPage />
          </Suspense>
        ),
      },
    ],
  },
  { path: "*", element: <Home /> },
]);

/** A 401 anywhere sends the user to sign in, then back to where they were. */
function onApiError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && !location.pathname.startsWith("/auth/")) {
    const next = `${location.pathname}${location.search}`;
    void router.navigate(`/auth/login/?next=${encodeURIComponent(next)}`);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
