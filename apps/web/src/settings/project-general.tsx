import { useState } from "react";
import type { FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { apiSend } from "../api/client.js";
import { Field } from "../components/field.js";
import { Failure, ProjectTabs } from "./parts.js";
import { projectBase, useAccess, useSettingsQuery } from "./settings-api.js";
import type { ProjectDetails } from "./settings-api.js";

/** `/settings/{org}/projects/{project}/`: the project's name, slug and platform. */
export function ProjectGeneralPage() {
  const { org = "", project = "" } = useParams();
  const details = useSettingsQuery<ProjectDetails>(
    ["project", org, project],
    `${projectBase(org, project)}/`,
  );
  return (
    <section aria-labelledby="project-title">
      <h1 id="project-title">{details.data?.name ?? project}</h1>
      <ProjectTabs org={org} project={project} />
      <Failure error={details.error} />
      {details.data && <ProjectForm org={org} project={details.data} key={details.data.slug} />}
    </section>
  );
}

function ProjectForm({ org, project }: { org: string; project: ProjectDetails }) {
  const access = useAccess();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(project.name);
  const [slug, setSlug] = useState(project.slug);
  const [platform, setPlatform] = useState(project.platform ?? "");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const readOnly = !access.data?.projects;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const body: Record<string, unknown> = { name, platform: platform.trim() || null };
      if (slug !== project.slug) body.slug = slug;
      const updated = await apiSend<ProjectDetails>("PUT", `${projectBase(org, project.slug)}/`, { body });
      await client.invalidateQueries({ queryKey: ["projects", org] });
      setSaved(true);
      if (updated && updated.slug !== project.slug)
        await navigate(`/settings/${encodeURIComponent(org)}/projects/${encodeURIComponent(updated.slug)}/`);
      else await client.invalidateQueries({ queryKey: ["project", org, project.slug] });
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form className="card stack settings-form" onSubmit={(e) => void submit(e)} aria-label="Project details">
      <Field label="Name" required maxLength={200} value={name} readOnly={readOnly} onChange={setName} />
      <Field label="Slug" required maxLength={50} value={slug} readOnly={readOnly} onChange={setSlug} />
      <Field label="Platform" maxLength={64} value={platform} readOnly={readOnly} onChange={setPlatform} />
      <p className="muted">Project id {project.id}</p>
      {readOnly ? (
        access.data && <p className="muted">Only admins can change a project.</p>
      ) : (
        <div className="row">
          <button type="submit" className="primary">
            Save changes
          </button>
        </div>
      )}
      <Failure error={error} />
      {saved && (
        <p role="status" className="notice">
          Saved.
        </p>
      )}
    </form>
  );
}
