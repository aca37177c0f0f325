import { NavLink, Navigate, Route, Routes, useParams } from "react-router";
import { AuthTokensPage } from "./auth-tokens.js";
import { MembersPage } from "./members.js";
import { ProjectGeneralPage } from "./project-general.js";
import { ProjectKeysPage } from "./project-keys.js";
import { ProjectsPage } from "./projects.js";
import "./settings.css";

/** `/settings/{org}/…`: the organization's settings, at Sentry's URLs, with their own navigation. */
export function SettingsPage() {
  const { org = "" } = useParams();
  const base = `/settings/${encodeURIComponent(org)}`;
  return (
    <div className="settings">
      <nav aria-label="Settings" className="settings-nav">
        <NavLink to={`${base}/projects/`}>Projects</NavLink>
        <NavLink to={`${base}/members/`}>Members</NavLink>
        <NavLink to={`${base}/auth-tokens/`}>Auth Tokens</NavLink>
      </nav>
      <div className="settings-body">
        <Routes>
          <Route path="projects/" element={<ProjectsPage />} />
          <Route path="projects/:project/" element={<ProjectGeneralPage />} />
          <Route path="projects/:project/keys/" element={<ProjectKeysPage />} />
          <Route path="members/" element={<MembersPage />} />
          <Route path="auth-tokens/" element={<AuthTokensPage />} />
          <Route path="*" element={<Navigate to={`${base}/projects/`} replace />} />
        </Routes>
      </div>
    </div>
  );
}
