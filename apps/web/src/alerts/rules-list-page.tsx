import { Link, useParams } from "react-router";
import { TimeAgo } from "../components/time-ago.js";
import { AlertsHeader, useAlertProject } from "./alerts-header.js";
import { ColumnHeads } from "./column-heads.js";
import { DeleteRuleButton } from "./delete-rule.js";
import { alertPaths, useInstallations, useRules } from "./queries.js";
import { describeActions, describeFrequency, describeNodes } from "./rule-model.js";
import type { DescribeContext } from "./rule-nodes.js";

const RULE_COLUMNS = ["Name", "Conditions", "Actions", "Frequency", "Status", "Last fired"];

/** Names integrations by their installation in summaries. */
export function useDescribeContext(org: string): DescribeContext {
  const installations = useInstallations(org).data ?? [];
  return { installationName: (uuid) => installations.find((i) => i.uuid === uuid)?.app.slug };
}

/** `/organizations/{org}/alerts/rules/?project={slug}`: the project's issue alert rules. */
export function RulesListPage() {
  const { org = "" } = useParams();
  const { project, projects } = useAlertProject(org);
  const rules = useRules(org, project);
  const context = useDescribeContext(org);
  return (
    <>
      <AlertsHeader org={org} project={project} projects={projects} current="rules" title="Alert rules" />
      {project && (
        <p>
          <Link to={alertPaths.create(org, project)} className="button-link primary">
            Create alert rule
          </Link>
        </p>
      )}
      {rules.error && (
        <p role="alert" className="error">
          {rules.error.message}
        </p>
      )}
      {rules.isPending && project && <p className="muted">Loading…</p>}
      {rules.data?.length === 0 && <p className="muted">This project has no alert rules yet.</p>}
      {project && rules.data && rules.data.length > 0 && (
        <table className="issues rules">
          <caption className="visually-hidden">Alert rules of {project}</caption>
          <ColumnHeads names={[...RULE_COLUMNS, <span className="visually-hidden">Manage</span>]} />
          <tbody>
            {rules.data.map((rule) => (
              <tr key={rule.id}>
                <td className="rule-name">
                  <Link to={alertPaths.details(org, project, rule.id)}>{rule.name}</Link>
                  {rule.environment && <div className="muted">{rule.environment}</div>}
                </td>
                <td>
                  {describeNodes(rule.conditions, rule.actionMatch, "No conditions", context)}
                  {rule.filters.length > 0 && (
                    <div className="muted">
                      If {describeNodes(rule.filters, rule.filterMatch, "", context)}
                    </div>
                  )}
                </td>
                <td>{describeActions(rule.actions, context)}</td>
                <td>at most every {describeFrequency(rule.frequency)}</td>
                <td>{rule.status}</td>
                <td>
                  <TimeAgo iso={rule.lastTriggered} />
                </td>
                <td>
                  <div className="row">
                    <Link to={alertPaths.edit(org, project, rule.id)} aria-label={`Edit ${rule.name}`}>
                      Edit
                    </Link>
                    <DeleteRuleButton org={org} project={project} rule={rule} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
