import { Link, useNavigate, useParams } from "react-router";
import { TimeAgo } from "../components/time-ago.js";
import { DeleteRuleButton } from "./delete-rule.js";
import { DeliveryLog } from "./delivery-log.js";
import { alertPaths, useRule } from "./queries.js";
import { describeFrequency, describeNode } from "./rule-model.js";
import type { Match, RuleNode } from "./rule-model.js";
import { useDescribeContext } from "./rules-list-page.js";

const MATCH_TEXT: Record<Match, string> = { all: "all of", any: "any of", none: "none of" };

function NodeList(props: { title: string; lead: string; nodes: readonly RuleNode[]; empty: string }) {
  const context = useDescribeContext(useParams().org ?? "");
  return (
    <section aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.nodes.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <>
          {props.lead && <p>{props.lead}</p>}
          <ul>
            {props.nodes.map((node, i) => (
              <li key={i}>{describeNode(node, context)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** `/organizations/{org}/alerts/rules/{project}/{ruleId}/details/`: the rule, its firings, its log. */
export function RuleDetailsPage() {
  const { org = "", project = "", ruleId = "" } = useParams();
  const navigate = useNavigate();
  const query = useRule(org, project, ruleId, true);
  const rule = query.data;
  if (query.error)
    return (
      <p role="alert" className="error">
        {query.error.message}
      </p>
    );
  if (!rule) return <p className="muted">Loading…</p>;
  return (
    <>
      <p>
        <Link to={alertPaths.rules(org, project)}>← Alert rules of {project}</Link>
      </p>
      <h1>{rule.name}</h1>
      <div className="row">
        <Link to={alertPaths.edit(org, project, rule.id)} className="button-link">
          Edit rule
        </Link>
        <DeleteRuleButton
          org={org}
          project={project}
          rule={rule}
          onDeleted={() => void navigate(alertPaths.rules(org, project))}
        />
      </div>
      <dl className="rule-facts">
        <dt>Environment</dt>
        <dd>{rule.environment ?? "All environments"}</dd>
        <dt>Frequency</dt>
        <dd>at most once for each issue every {describeFrequency(rule.frequency)}</dd>
        <dt>Status</dt>
        <dd>{rule.status}</dd>
        <dt>Created</dt>
        <dd>
          <TimeAgo iso={rule.dateCreated} />
        </dd>
        <dt>Last fired</dt>
        <dd>{rule.lastTriggered ? <TimeAgo iso={rule.lastTriggered} /> : "never"}</dd>
      </dl>
      <NodeList
        title="When"
        lead={`When ${MATCH_TEXT[rule.actionMatch]} these happen:`}
        nodes={rule.conditions}
        empty="No conditions: every event of an unresolved issue."
      />
      <NodeList
        title="If"
        lead={`If ${MATCH_TEXT[rule.filterMatch]} these hold:`}
        nodes={rule.filters}
        empty="No filters."
      />
      <NodeList title="Then" lead="" nodes={rule.actions} empty="No actions." />
      <section aria-labelledby="firings-title">
        <h2 id="firings-title">Last firings</h2>
        {(rule.firings ?? []).length === 0 ? (
          <p className="muted">The rule has not fired yet.</p>
        ) : (
          <ul>
            {rule.firings!.map((f) => (
              <li key={f.issueId}>
                <TimeAgo iso={f.dateAdded} />
                {" — "}
                <Link to={alertPaths.issue(org, f.issueId)}>Issue {f.issueId}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <DeliveryLog org={org} project={project} rule={rule.id} />
    </>
  );
}
