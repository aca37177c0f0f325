import { Link } from "react-router";
import type { Issue, StatsSeries } from "../api/types.js";
import { ColumnHeads } from "../components/column-heads.js";
import { Sparkline } from "../components/sparkline.js";
import { TimeAgo } from "../components/time-ago.js";
import { compactNumber } from "../format.js";
import { pageState } from "./selection.js";
import type { Selection } from "./selection.js";

export interface IssueTableProps {
  org: string;
  issues: Issue[];
  selection: Selection;
  focused: number;
  statsPeriod: "24h" | "14d";
  /** Each issue's sparkline series, by id (they load after the rows). */
  stats: ReadonlyMap<string, StatsSeries>;
  onToggle: (id: string) => void;
  onTogglePage: () => void;
  linkSearch: string;
  /** Called as a row's link is hovered or focused (to prefetch the issue). */
  onPrefetch?: (id: string) => void;
  /** The rows are the previous query's while the new one loads. */
  stale?: boolean;
}

export function issuePath(org: string, id: string, search = ""): string {
  return `/organizations/${encodeURIComponent(org)}/issues/${encodeURIComponent(id)}/${search}`;
}

export function StatusBadge({ status, substatus }: { status: string; substatus: string | null }) {
  const text = substatus ? substatus.replaceAll("_", " ") : status;
  return <span className={`badge status-${status}`}>{text}</span>;
}

type IssueRowProps = Omit<IssueTableProps, "issues" | "focused" | "onTogglePage"> & {
  issue: Issue;
  selected: boolean;
  focused: boolean;
};

function IssueRow(props: IssueRowProps) {
  const { issue, org } = props;
  const assignee = issue.assignedTo
    ? issue.assignedTo.type === "team"
      ? `#${issue.assignedTo.name}`
      : issue.assignedTo.name
    : "—";
  return (
    <tr
      className={props.focused ? "focused" : undefined}
      aria-selected={props.selected}
      data-issue-id={issue.id}
    >
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${issue.shortId}`}
          checked={props.selected}
          onChange={() => props.onToggle(issue.id)}
        />
      </td>
      <td className="issue-cell">
        <div className="issue-title">
          <Link
            to={issuePath(org, issue.id, props.linkSearch)}
            className="short-id"
            onMouseEnter={() => props.onPrefetch?.(issue.id)}
            onFocus={() => props.onPrefetch?.(issue.id)}
          >
            {issue.shortId}
          </Link>{" "}
          <span className="title">{issue.title}</span>
          {issue.isBookmarked && (
            <span className="badge" title="Bookmarked">
              ★
            </span>
          )}
        </div>
        <div className="meta">
          <span className="culprit">{issue.culprit}</span>
          <span className="badge">{issue.issueCategory}</span>
          {issue.issueType !== issue.issueCategory && <span className="badge">{issue.issueType}</span>}
          <span className={`badge level-${issue.level}`}>{issue.level}</span>
          <StatusBadge status={issue.status} substatus={issue.substatus} />
          {issue.inbox && <span className="badge">for review</span>}
        </div>
      </td>
      <td>
        <TimeAgo iso={issue.lastSeen} />
      </td>
      <td>
        <TimeAgo iso={issue.firstSeen} />
      </td>
      <td>
        <Sparkline series={props.stats.get(issue.id)} label={`${issue.shortId} last ${props.statsPeriod}`} />
      </td>
      <td className="num">{compactNumber(issue.count)}</td>
      <td className="num">{compactNumber(issue.userCount)}</td>
      <td>{issue.priority ?? "—"}</td>
      <td>{assignee}</td>
    </tr>
  );
}

/** The stream's table: one row per issue, its short id a link to the issue page. */
export function IssueTable(props: IssueTableProps) {
  const ids = props.issues.map((i) => i.id);
  const state = pageState(props.selection, ids);
  return (
    <table className={props.stale ? "issues stale" : "issues"} aria-busy={props.stale ? true : undefined}>
      <ColumnHeads names={["Issue", "Last seen", "Age", "Graph", "Events", "Users", "Priority", "Assignee"]}>
        <th scope="col">
          <input
            type="checkbox"
            aria-label="Select all issues on this page"
            checked={state === "all"}
            ref={(el) => {
              if (el) el.indeterminate = state === "some";
            }}
            onChange={props.onTogglePage}
          />
        </th>
      </ColumnHeads>
      <tbody>
        {props.issues.map((issue, index) => (
          <IssueRow
            key={issue.id}
            org={props.org}
            selection={props.selection}
            statsPeriod={props.statsPeriod}
            stats={props.stats}
            linkSearch={props.linkSearch}
            onToggle={props.onToggle}
            onPrefetch={props.onPrefetch}
            issue={issue}
            selected={props.selection.ids.has(issue.id)}
            focused={index === props.focused}
          />
        ))}
      </tbody>
    </table>
  );
}
