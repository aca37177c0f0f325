import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useParams } from "react-router";
import { apiSend, orFallback, storeToken } from "./api/client.js";
import { useTheme } from "./theme.js";
import type { ThemeChoice } from "./theme.js";

/** The frame of every signed-in page: the brand, the organization, the theme and sign out. */
export function Layout() {
  const { org = "" } = useParams();
  const [theme, setTheme] = useTheme();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = async () => {
    storeToken(null);
    await orFallback(apiSend("POST", "/auth/logout/"), null).catch(() => null);
    queryClient.clear();
    await navigate("/auth/login/");
  };
  return (
    <>
      <header className="topbar">
        <Link to={`/organizations/${encodeURIComponent(org)}/issues/`} className="brand">
          Sift
        </Link>
        <span className="muted">{org}</span>
        <Link to={`/organizations/${encodeURIComponent(org)}/alerts/rules/`}>Alerts</Link>
        <span className="spacer" />
        <Link to={`/settings/${encodeURIComponent(org)}/projects/`}>Settings</Link>
        <label>
          Theme{" "}
          <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}
