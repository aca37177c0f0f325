import { Link, useNavigate, useParams } from "react-router";
import { useEnvironments } from "../api/queries.js";
import { useAlertProject } from "./alerts-header.js";
import { alertPaths, useInstallations, useRule, useSaveRule } from "./queries.js";
import { RuleForm } from "./rule-form.js";
import { emptyRule, ruleToForm } from "./rule-model.js";
import type { RuleBody } from "./rule-model.js";

function Editor(props: { org: string; project: string; ruleId?: string }) {
  const { org, project, ruleId } = props;
  const navigate = useNavigate();
  const rule = useRule(org, project, ruleId);
  const environments = useEnvironments(org).data ?? [];
  const installations = useInstallations(org).data ?? [];
  const save = useSaveRule(org, project, ruleId);
  if (rule.error)
    return (
      <p role="alert" className="error">
        {rule.error.message}
      </p>
    );
  if (ruleId !== undefined && !rule.data) return <p className="muted">Loading…</p>;
  const onSave = async (body: RuleBody) => {
    const saved = await save.mutateAsync(body);
    await navigate(alertPaths.details(org, project, saved?.id ?? ruleId ?? ""));
  };
  const back =
    ruleId === undefined ? alertPaths.rules(org, project) : alertPaths.details(org, project, ruleId);
  return (
    <RuleForm
      key={rule.data?.id ?? "new"}
      initial={rule.data ? ruleToForm(rule.data) : emptyRule()}
      environments={environments}
      installations={installations}
      onSave={onSave}
      submitLabel={ruleId === undefined ? "Save rule" : "Save changes"}
      cancel={<Link to={back}>Cancel</Link>}
    />
  );
}

/** `/organizations/{org}/alerts/new/issue/?project={slug}`: a new issue alert rule. */
export function NewRulePage() {
  const { org = "" } = useParams();
  const { project } = useAlertProject(org);
  return (
    <>
      <h1>New alert rule{project ? ` for ${project}` : ""}</h1>
      {project ? <Editor org={org} project={project} /> : <p className="muted">No projects.</p>}
    </>
  );
}

/** `/organizations/{org}/alerts/rules/{project}/{ruleId}/`: edit a rule. */
export function EditRulePage() {
  const { org = "", project = "", ruleId = "" } = useParams();
  return (
    <>
      <h1>Edit alert rule</h1>
      <Editor org={org} project={project} ruleId={ruleId} />
    </>
  );
}
