import { useState } from "react";
import { Link, useParams } from "react-router";
import { TimeAgo } from "../components/time-ago.js";
import { exactTime } from "../format.js";
import { AlertsHeader, useAlertProject } from "./alerts-header.js";
import { ColumnHeads } from "./column-heads.js";
import { alertPaths, useDeliveries } from "./queries.js";
import type { Delivery } from "./queries.js";

const ACTION_NAMES: Record<Delivery["action"], string> = {
  sentry_app: "Integration",
  webhooks: "WebHooks plugin",
  email: "Email",
  slack: "Slack",
};

function Attempts({ delivery }: { delivery: Delivery }) {
  const count = delivery.attempts.length;
  if (count === 0) return <span className="muted">none yet</span>;
  return (
    <details>
      <summary>
        {count} attempt{count === 1 ? "" : "s"}
      </summary>
      <table className="attempts">
        <caption className="visually-hidden">Attempts of delivery {delivery.id}</caption>
        <ColumnHeads names={["#", "Started", "Status code", "Outcome", "Duration", "Error"]} />
        <tbody>
          {delivery.attempts.map((a) => (
            <tr key={a.attempt}>
              <td className="num">{a.attempt}</td>
              <td>
                <TimeAgo iso={a.dateStarted} />
              </td>
              <td className="num">{a.statusCode ?? "—"}</td>
              <td>{a.outcome}</td>
              <td className="num">{a.durationMs} ms</td>
              <td className="delivery-error">{a.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A project's deliveries (all of them, or one rule's), newest first, each with its attempts. */
export function DeliveryLog(props: { org: string; project: string; rule?: string }) {
  const { org, project, rule } = props;
  const [status, setStatus] = useState("");
  const [cursor, setCursor] = useState<string | null>(null);
  const deliveries = useDeliveries(org, project, { rule, status, cursor });
  const page = deliveries.data;
  return (
    <section aria-labelledby="delivery-log-title">
      <div className="row">
        <h2 id="delivery-log-title">Deliveries</h2>
        <span className="spacer" />
        <label htmlFor="delivery-status">Delivery status</label>
        <select
          id="delivery-status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setCursor(null);
          }}
        >
          {["", "pending", "delivered", "failed"].map((value) => (
            <option key={value} value={value}>
              {value || "any"}
            </option>
          ))}
        </select>
      </div>
      {deliveries.error && (
        <p role="alert" className="error">
          {deliveries.error.message}
        </p>
      )}
      {page && page.items.length === 0 && <p className="muted">No deliveries yet.</p>}
      {page && page.items.length > 0 && (
        <table className="issues deliveries">
          <caption className="visually-hidden">Alert deliveries, newest first</caption>
          <ColumnHeads
            names={["Decided", "Action", "Destination"]
              .concat(rule === undefined ? ["Rule"] : [])
              .concat(["Issue", "Status", "Attempts"])}
          />
          <tbody>
            {page.items.map((d) => (
              <tr key={d.id} aria-label={`Delivery ${d.id}`}>
                <td>
                  <TimeAgo iso={d.dateCreated} />
                </td>
                <td>
                  {ACTION_NAMES[d.action] ?? d.action}
                  <div className="muted">{d.resource}</div>
                </td>
                <td className="destination">{d.destination}</td>
                {rule === undefined && (
                  <td>
                    {d.ruleIds.length > 0 ? (
                      d.ruleIds.map((id, i) => (
                        <span key={id}>
                          {i > 0 && ", "}
                          <Link to={alertPaths.details(org, project, id)}>Rule {id}</Link>
                        </span>
                      ))
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
                <td>
                  {d.issueId ? (
                    <Link to={alertPaths.issue(org, d.issueId)}>Issue {d.issueId}</Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>
                  <span className={`badge delivery-${d.status}`}>{d.status}</span>
                  {d.nextAttempt && <div className="muted">next try {exactTime(d.nextAttempt)}</div>}
                  {d.lastError && <div className="delivery-error">{d.lastError}</div>}
                </td>
                <td>
                  <Attempts delivery={d} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <button type="button" disabled={!page?.previous} onClick={() => setCursor(page?.previous ?? null)}>
          Newer deliveries
        </button>
        <button type="button" disabled={!page?.next} onClick={() => setCursor(page?.next ?? null)}>
          Older deliveries
        </button>
      </div>
    </section>
  );
}

/** `/organizations/{org}/alerts/`: Sentry's page of what alerts fired, here the project's delivery log. */
export function DeliveryLogPage() {
  const { org = "" } = useParams();
  const { project, projects } = useAlertProject(org);
  return (
    <>
      <AlertsHeader org={org} project={project} projects={projects} current="log" title="Alert deliveries" />
      {project ? (
        <DeliveryLog key={project} org={org} project={project} />
      ) : (
        <p className="muted">No projects.</p>
      )}
    </>
  );
}
