import { Link, useSearchParams } from "react-router";
import { useProjects } from "../api/queries.js";
import { Options } from "../components/options.js";
import { alertPaths } from "./queries.js";

const TABS = [
  ["rules", "Alert rules"],
  ["log", "Delivery log"],
] as const;

/** The project the page is about: `?project=` (a slug), else the organization's first project. */
export function useAlertProject(org: string): { project: string | null; projects: string[] } {
  const [params] = useSearchParams();
  const projects = (useProjects(org).data ?? []).map((p) => p.slug);
  return { project: params.get("project") ?? projects[0] ?? null, projects };
}

/** The alerts pages' heading, their tabs (rules, delivery log) and the project they show. */
export function AlertsHeader(props: {
  org: string;
  project: string | null;
  projects: readonly string[];
  current: "rules" | "log";
  title: string;
}) {
  const { org, project } = props;
  const [params, setParams] = useSearchParams();
  const projects =
    project && !props.projects.includes(project) ? [...props.projects, project] : props.projects;
  return (
    <>
      <h1>{props.title}</h1>
      <nav className="tabs" aria-label="Alerts">
        {TABS.map(([tab, label]) => (
          <Link
            key={tab}
            className="tab"
            to={alertPaths[tab](org, project ?? undefined)}
            aria-current={props.current === tab ? "page" : undefined}
          >
            {label}
          </Link>
        ))}
      </nav>
      <div className="row">
        <label htmlFor="alerts-project">Project</label>
        <select
          id="alerts-project"
          value={project ?? ""}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            next.set("project", e.target.value);
            next.delete("cursor");
            setParams(next);
          }}
        >
          <Options choices={projects} />
        </select>
      </div>
    </>
  );
}
