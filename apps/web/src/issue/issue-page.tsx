import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ReactNode } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { apiGet } from "../api/client.js";
import { orgPath, useIssueDetails, UNKNOWN_ME, useMe } from "../api/queries.js";
import type { IssueDetails, IssueEvent } from "../api/types.js";
import { useIssueAction } from "../api/use-issue-action.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { IssueActions } from "../components/issue-actions.js";
import { TimeAgo } from "../components/time-ago.js";
import { compactNumber } from "../format.js";
import { ShortcutHelp, useShortcuts } from "../keyboard.js";
import { actionLabel, confirmation } from "../stream/actions.js";
import type { IssueAction } from "../stream/actions.js";
import { StatusBadge } from "../stream/issue-table.js";
import { ActivityTimeline } from "./activity.js";
import { EventView } from "./event-view.js";
import { EventsChart } from "./events-chart.js";
import type { ReleaseMarker } from "./events-chart.js";
import { EventsList, Hashes, TagBreakdown } from "./issue-sections.js";

const ISSUE_SHORTCUTS: [string, string][] = [
  ["r", "Resolve"],
  ["e", "Archive"],
  ["b", "Bookmark"],
  ["j", "Next (older) event"],
  ["k", "Previous (newer) event"],
  ["?", "Show these shortcuts"],
];

function markers(issue: IssueDetails): ReleaseMarker[] {
  const out: ReleaseMarker[] = [];
  for (const release of [issue.firstRelease, issue.lastRelease])
    if (release?.dateCreated && !out.some((m) => m.version === release.version))
      out.push({
        version: release.shortVersion || release.version,
        at: Date.parse(release.dateCreated) / 1000,
      });
  return out;
}

/** One term of the header's description list. */
function Fact(props: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Header({ issue }: { issue: IssueDetails }) {
  const assignee = issue.assignedTo ? issue.assignedTo.name : "unassigned";
  return (
    <header className="issue-header">
      <p className="muted">
        <span className="short-id">{issue.shortId}</span> · {issue.project.slug}
      </p>
      <h1>{issue.title}</h1>
      <p className="culprit">{issue.culprit}</p>
      <dl className="facts">
        <Fact term="Status">
          <StatusBadge status={issue.status} substatus={issue.substatus} />
        </Fact>
        <Fact term="Level">{issue.level}</Fact>
        <Fact term="Priority">{issue.priority ?? "—"}</Fact>
        <Fact term="Events">{compactNumber(issue.count)}</Fact>
        <Fact term="Users">{compactNumber(issue.userCount)}</Fact>
        <Fact term="First seen">
          <TimeAgo iso={issue.firstSeen} /> {issue.firstRelease ? `in ${issue.firstRelease.version}` : ""}
        </Fact>
        <Fact term="Last seen">
          <TimeAgo iso={issue.lastSeen} /> {issue.lastRelease ? `in ${issue.lastRelease.version}` : ""}
        </Fact>
        <Fact term="Assignee">{assignee}</Fact>
      </dl>
    </header>
  );
}

function EventNav({ event, eventPath }: { event: IssueEvent; eventPath: (id: string) => string }) {
  return (
    <nav aria-label="Events" className="row">
      <Link to={eventPath("recommended")}>Recommended</Link>
      <Link to={eventPath("latest")}>Latest</Link>
      <Link to={eventPath("oldest")}>Oldest</Link>
      {event.previousEventID ? (
        <Link to={eventPath(event.previousEventID)}>Previous</Link>
      ) : (
        <span className="muted">Previous</span>
      )}
      {event.nextEventID ? (
        <Link to={eventPath(event.nextEventID)}>Next</Link>
      ) : (
        <span className="muted">Next</span>
      )}
      <span className="muted">
        Event <code>{event.eventID}</code> · <TimeAgo iso={event.dateCreated} />
      </span>
    </nav>
  );
}

/** One issue: header and actions, chart, evidence and event, tags, events, activity, fingerprints. */
export function IssuePage() {
  const { org = "", issueId = "", eventId = "recommended" } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const base = `${orgPath(org)}/issues/${encodeURIComponent(issueId)}`;
  const streamSearch = params.size > 0 ? `?${params.toString()}` : "";
  const eventPath = (id: string) =>
    `/organizations/${encodeURIComponent(org)}/issues/${encodeURIComponent(issueId)}/events/${encodeURIComponent(id)}/${streamSearch}`;
  const issue = useIssueDetails(org, issueId);
  const event = useQuery({
    queryKey: ["issue", org, issueId, "event", eventId],
    queryFn: () => apiGet<IssueEvent>(`${base}/events/${encodeURIComponent(eventId)}/`),
  });
  const me = useMe().data ?? UNKNOWN_ME;
  const run = useIssueAction();
  const [pending, setPending] = useState<IssueAction | null>(null);
  const [help, setHelp] = useState(false);

  const act = (action: IssueAction) => {
    if (action.kind === "delete") return setPending(action);
    run.mutate({ action, target: { org, ids: [issue.data?.id ?? issueId] } });
  };
  const confirm = () => {
    if (!pending) return;
    setPending(null);
    run.mutate(
      { action: pending, target: { org, ids: [issue.data?.id ?? issueId] } },
      { onSuccess: () => void navigate(`/organizations/${encodeURIComponent(org)}/issues/${streamSearch}`) },
    );
  };
  useShortcuts({
    r: () => act({ kind: "resolve" }),
    e: () => act({ kind: "archiveUntilEscalating" }),
    b: () => act({ kind: "bookmark", on: !issue.data?.isBookmarked }),
    j: () => event.data?.previousEventID && void navigate(eventPath(event.data.previousEventID)),
    k: () => event.data?.nextEventID && void navigate(eventPath(event.data.nextEventID)),
    "?": () => setHelp(true),
  });

  if (issue.isPending) return <p className="muted">Loading…</p>;
  if (issue.isError)
    return (
      <section>
        <h1>Issue not found</h1>
        <p role="alert">{issue.error.message}</p>
        <Link to={`/organizations/${encodeURIComponent(org)}/issues/`}>Back to the issues</Link>
      </section>
    );
  const data = issue.data;
  return (
    <article className="issue-page">
      <Link to={`/organizations/${encodeURIComponent(org)}/issues/${streamSearch}`}>← Issues</Link>
      <Header issue={data} />
      <IssueActions
        onAction={act}
        me={me.actor}
        canDelete={me.canDelete}
        bookmarked={data.isBookmarked}
        subscribed={data.isSubscribed}
        disabled={run.isPending}
      />
      {run.isError && (
        <p role="alert" className="error">
          {run.error.message}
        </p>
      )}
      <div className="issue-grid">
        <div className="issue-main">
          {data.stats?.["24h"] && data.stats["30d"] ? (
            <EventsChart stats={data.stats} releases={markers(data)} />
          ) : (
            <p className="muted chart">Loading the chart…</p>
          )}
          <section aria-labelledby="event-title">
            <h2 id="event-title">Event</h2>
            {event.data && <EventNav event={event.data} eventPath={eventPath} />}
            {event.isError && <p className="muted">No event: {event.error.message}</p>}
            {event.data && <EventView event={event.data} />}
          </section>
          <EventsList base={base} eventPath={eventPath} />
          <ActivityTimeline base={base} activity={data.activity} />
        </div>
        <aside className="issue-side">
          <TagBreakdown base={base} />
          <Hashes base={base} />
        </aside>
      </div>
      {pending && (
        <ConfirmDialog
          question={confirmation(pending, 1)}
          confirmLabel={`Confirm: ${actionLabel(pending)}`}
          danger
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        />
      )}
      {help && <ShortcutHelp shortcuts={ISSUE_SHORTCUTS} onClose={() => setHelp(false)} />}
    </article>
  );
}
