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

/** A project's settings tabs: General and Client Keys. */
export function ProjectTabs({ org, project }: { org: string; project: string }) {
  const base = `/settings/${encodeURIComponent(org)}/projects/${encodeURIComponent(project)}`;
  return (
    <nav aria-label="Project settings" className="tabs">
      <NavLink to={`${base}/`} end className="tab">
        General
      </NavLink>
      <NavLink to={`${base}/keys/`} className="tab">
        Client Keys (DSN)
      </NavLink>
    </nav>
  );
}

/** An API error, or what the caller lacks, as an alert. */
export function Failure({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error instanceof Error ? error.message : "Something went wrong"}
    </p>
  );
}

export function formatDate(value: string | null): string {
  return value ? new Date(value).toLocaleString() : "never";
}
