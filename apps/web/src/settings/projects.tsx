import { useState } from "react";
import type { FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { apiSend } from "../api/client.js";
import { Field } from "../components/field.js";
import { Options } from "../components/options.js";
import { AdminOnly, Failure, SettingsTable } from "./parts.js";
import { orgBase, useAccess, useSettingsQuery } from "./settings-api.js";
import type { ProjectDetails, Team } from "./settings-api.js";

const enc = encodeURIComponent;

/** `/settings/{org}/projects/`: the projects, and for an admin a form that creates one for a team. */
export function ProjectsPage() {
  const { org = "" } = useParams();
  const access = useAccess();
  const projects = useSettingsQuery<ProjectDetails[]>(["projects", org], `${orgBase(org)}/projects/`);
  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">Projects</h1>
      <Failure error={projects.error} />
      <SettingsTable
        columns={["Project", "Slug", "Platform", "Teams"]}
        rows={projects.data}
        cells={(p) => (
          <>
            <td>
              <Link to={`/settings/${enc(org)}/projects/${enc(p.slug)}/`}>{p.name}</Link>
            </td>
            <td>{p.slug}</td>
            <td>{p.platform ?? "—"}</td>
            <td>{p.teams.map((t) => t.slug).join(", ") || "—"}</td>
          </>
        )}
      />
      <AdminOnly allowed={access.data?.projects} note="Only admins can create projects.">
        <CreateProject org={org} />
      </AdminOnly>
    </section>
  );
}

function CreateProject({ org }: { org: string }) {
  const client = useQueryClient();
  const teams = useSettingsQuery<Team[]>(["teams", org], `${orgBase(org)}/teams/`);
  const [name, setName] = useState("");
  const [platform, setPlatform] = useState("");
  const [team, setTeam] = useState("");
  const [newTeam, setNewTeam] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<ProjectDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const noTeams = teams.data?.length === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let teamSlug = team || teams.data?.[0]?.slug || "";
      if (noTeams) {
        const made = await apiSend<Team>("POST", `${orgBase(org)}/teams/`, { body: { name: newTeam } });
        teamSlug = made!.slug;
        await client.invalidateQueries({ queryKey: ["teams", org] });
      }
      const project = await apiSend<ProjectDetails>("POST", `/teams/${enc(org)}/${enc(teamSlug)}/projects/`, {
        body: { name, platform: platform || null },
      });
      setCreated(project);
      setName("");
      setPlatform("");
      await client.invalidateQueries({ queryKey: ["projects", org] });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card stack settings-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="create-project"
    >
      <h2 id="create-project">Create a project</h2>
      <Field label="Project name" required maxLength={50} value={name} onChange={setName} />
      <Field label="Platform (optional)" value={platform} maxLength={64} onChange={setPlatform} />
      {noTeams ? (
        <Field label="New team name" required maxLength={64} value={newTeam} onChange={setNewTeam} />
      ) : (
        <label>
          Team
          <select value={team || teams.data?.[0]?.slug || ""} onChange={(e) => setTeam(e.target.value)}>
            <Options choices={teams.data?.map((t) => ({ value: t.slug, label: t.name })) ?? []} />
          </select>
        </label>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || !teams.data}>
          Create project
        </button>
      </div>
      <Failure error={error ?? teams.error} />
      {created && (
        <p role="status" className="notice">
          Created {created.name}.{" "}
          <Link to={`/settings/${enc(org)}/projects/${enc(created.slug)}/keys/`}>See its DSN</Link>
        </p>
      )}
    </form>
  );
}
