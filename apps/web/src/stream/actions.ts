// The bulk (and single-issue) actions: each one an issue update body or a delete, with the words its
// confirmation uses. Pure, so the menus and their tests agree on what each choice sends.

export type IssueAction =
  | { kind: "resolve" }
  | { kind: "resolveInNextRelease" }
  | { kind: "resolveInRelease"; release: string }
  | { kind: "archiveUntilEscalating" }
  | { kind: "archiveForever" }
  | { kind: "archiveFor"; minutes: number }
  | { kind: "archiveUntilCount"; count: number; window?: number }
  | { kind: "archiveUntilUsers"; count: number; window?: number }
  | { kind: "unresolve" }
  | { kind: "priority"; priority: "high" | "medium" | "low" }
  | { kind: "assign"; actor: string | null }
  | { kind: "merge" }
  | { kind: "delete" }
  | { kind: "markReviewed" }
  | { kind: "bookmark"; on: boolean }
  | { kind: "subscribe"; on: boolean };

/** Archived until a condition is met: the condition's fields are the status details. */
function archivedUntil(statusDetails: Record<string, number>): Record<string, unknown> {
  return { status: "ignored", substatus: "archived_until_condition_met", statusDetails };
}

export function actionBody(action: IssueAction): Record<string, unknown> | null {
  switch (action.kind) {
    case "resolve":
      return { status: "resolved", statusDetails: {} };
    case "resolveInNextRelease":
      return { status: "resolved", statusDetails: { inNextRelease: true } };
    case "resolveInRelease":
      return { status: "resolved", statusDetails: { inRelease: action.release } };
    case "archiveUntilEscalating":
      return { status: "ignored", substatus: "archived_until_escalating", statusDetails: {} };
    case "archiveForever":
      return { status: "ignored", substatus: "archived_forever", statusDetails: {} };
    case "archiveFor":
      return archivedUntil({ ignoreDuration: action.minutes });
    case "archiveUntilCount":
      return archivedUntil({
        ignoreCount: action.count,
        ...(action.window ? { ignoreWindow: action.window } : {}),
      });
    case "archiveUntilUsers":
      return archivedUntil({
        ignoreUserCount: action.count,
        ...(action.window ? { ignoreUserWindow: action.window } : {}),
      });
    case "unresolve":
      return { status: "unresolved", statusDetails: {} };
    case "priority":
      return { priority: action.priority };
    case "assign":
      return { assignedTo: action.actor ?? "" };
    case "merge":
      return { merge: 1 };
    case "markReviewed":
      return { inbox: false };
    case "bookmark":
      return { isBookmarked: action.on };
    case "subscribe":
      return { isSubscribed: action.on };
    case "delete":
      return null;
  }
}

function duration(minutes: number): string {
  if (minutes % 10_080 === 0) return `${minutes / 10_080} week${minutes === 10_080 ? "" : "s"}`;
  if (minutes % 1_440 === 0) return `${minutes / 1_440} day${minutes === 1_440 ? "" : "s"}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"}`;
  return `${minutes} minutes`;
}

/** The verb phrase of an action, as the confirmation and the menus say it. */
export function actionLabel(action: IssueAction): string {
  switch (action.kind) {
    case "resolve":
      return "Resolve";
    case "resolveInNextRelease":
      return "Resolve in the next release";
    case "resolveInRelease":
      return `Resolve in release ${action.release}`;
    case "archiveUntilEscalating":
      return "Archive until escalating";
    case "archiveForever":
      return "Archive forever";
    case "archiveFor":
      return `Archive for ${duration(action.minutes)}`;
    case "archiveUntilCount":
      return `Archive until ${action.count} more events${action.window ? ` in ${duration(action.window)}` : ""}`;
    case "archiveUntilUsers":
      return `Archive until ${action.count} more users${action.window ? ` in ${duration(action.window)}` : ""}`;
    case "unresolve":
      return "Unresolve";
    case "priority":
      return `Set priority ${action.priority}`;
    case "assign":
      return action.actor === null ? "Unassign" : `Assign to ${action.actor}`;
    case "merge":
      return "Merge";
    case "delete":
      return "Delete";
    case "markReviewed":
      return "Mark reviewed";
    case "bookmark":
      return action.on ? "Bookmark" : "Remove bookmark";
    case "subscribe":
      return action.on ? "Subscribe" : "Unsubscribe";
  }
}

/** The confirmation's question: the action and how many issues it touches. */
export function confirmation(action: IssueAction, count: number): string {
  const issues = `${count} issue${count === 1 ? "" : "s"}`;
  if (action.kind === "merge") return `Merge ${issues} into one?`;
  if (action.kind === "delete") return `Delete ${issues}? This cannot be undone.`;
  return `${actionLabel(action)}: ${issues}?`;
}

/** Why an action cannot run on the selection, or null when it can. */
export function refusal(action: IssueAction, projects: readonly string[], count: number): string | null {
  if (count === 0) return "Select issues first";
  if (action.kind === "merge") {
    if (count < 2) return "Select two or more issues to merge";
    if (new Set(projects).size > 1) return "Only issues of one project can be merged";
  }
  return null;
}
