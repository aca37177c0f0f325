import { useState } from "react";
import type { FormEvent } from "react";
import type { IssueAction } from "../stream/actions.js";
import { Field } from "./field.js";
import { Menu } from "./menu.js";

export interface IssueActionsProps {
  onAction: (action: IssueAction) => void;
  /** The stream has Merge; one issue's page has subscribe instead. */
  merge?: boolean;
  /** The signed-in user's actor (`user:ID`) for "Assign to me", when signed in with a session. */
  me?: string | null;
  /** False for a member (deleting is an admin's): the button is disabled and says why. */
  canDelete?: boolean;
  bookmarked?: boolean;
  subscribed?: boolean | null;
  disabled?: boolean;
}

function InlineForm({
  label,
  button,
  onSubmit,
}: {
  label: string;
  button: string;
  onSubmit: (v: string) => void;
}) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onSubmit(value.trim());
  };
  return (
    <form className="menu-form" onSubmit={submit}>
      <Field label={label} value={value} onChange={setValue} />
      <button type="submit">{button}</button>
    </form>
  );
}

/** Archive until N more events or users, optionally within a window of minutes. */
function ArchiveUntilForm({ onAction }: { onAction: (action: IssueAction) => void }) {
  const [count, setCount] = useState("100");
  const [of, setOf] = useState<"events" | "users">("events");
  const [window, setWindow] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(count);
    const minutes = window.trim() === "" ? undefined : Number(window);
    if (
      !Number.isInteger(n) ||
      n < 1 ||
      (minutes !== undefined && !(Number.isInteger(minutes) && minutes > 0))
    )
      return;
    onAction({
      kind: of === "events" ? "archiveUntilCount" : "archiveUntilUsers",
      count: n,
      window: minutes,
    });
  };
  return (
    <form className="menu-form" onSubmit={submit}>
      <Field label="Until more" type="number" min={1} value={count} onChange={setCount} />
      <label>
        Of
        <select value={of} onChange={(e) => setOf(e.target.value === "users" ? "users" : "events")}>
          <option value="events">events</option>
          <option value="users">users</option>
        </select>
      </label>
      <Field
        label="Within minutes"
        type="number"
        min={1}
        value={window}
        placeholder="any time"
        onChange={setWindow}
      />
      <button type="submit">Archive until</button>
    </form>
  );
}

const ARCHIVE_CHOICES: { label: string; action: IssueAction }[] = [
  { label: "Forever", action: { kind: "archiveForever" } },
  { label: "For 30 minutes", action: { kind: "archiveFor", minutes: 30 } },
  { label: "For 2 hours", action: { kind: "archiveFor", minutes: 120 } },
  { label: "For 24 hours", action: { kind: "archiveFor", minutes: 1_440 } },
  { label: "For 1 week", action: { kind: "archiveFor", minutes: 10_080 } },
  { label: "Until 10 more events", action: { kind: "archiveUntilCount", count: 10 } },
  { label: "Until 100 more events", action: { kind: "archiveUntilCount", count: 100 } },
  {
    label: "Until 100 more events in an hour",
    action: { kind: "archiveUntilCount", count: 100, window: 60 },
  },
  { label: "Until 10 more users", action: { kind: "archiveUntilUsers", count: 10 } },
  {
    label: "Until 100 more users in a day",
    action: { kind: "archiveUntilUsers", count: 100, window: 1_440 },
  },
];

/** Resolve, Archive, Unresolve, priority, assign, Merge, Delete, Mark reviewed, Bookmark (and Subscribe). */
export function IssueActions(props: IssueActionsProps) {
  const { onAction, merge, me, bookmarked, subscribed, disabled, canDelete = true } = props;
  const act = (label: string, action: IssueAction) => (
    <button type="button" disabled={disabled} onClick={() => onAction(action)}>
      {label}
    </button>
  );
  return (
    <div className="actions" role="group" aria-label="Issue actions">
      {act("Resolve", { kind: "resolve" })}
      <Menu
        label="More resolve options"
        items={[{ label: "In the next release", onSelect: () => onAction({ kind: "resolveInNextRelease" }) }]}
      >
        <InlineForm
          label="Release"
          button="Resolve in release"
          onSubmit={(release) => onAction({ kind: "resolveInRelease", release })}
        />
      </Menu>
      {act("Archive", { kind: "archiveUntilEscalating" })}
      <Menu
        label="More archive options"
        items={ARCHIVE_CHOICES.map((c) => ({ label: c.label, onSelect: () => onAction(c.action) }))}
      >
        <ArchiveUntilForm onAction={onAction} />
      </Menu>
      {act("Unresolve", { kind: "unresolve" })}
      <Menu
        label="Priority"
        items={(["high", "medium", "low"] as const).map((priority) => ({
          label: priority[0]!.toUpperCase() + priority.slice(1),
          onSelect: () => onAction({ kind: "priority", priority }),
        }))}
      />
      <Menu
        label="Assign"
        items={[
          ...(me ? [{ label: "Assign to me", onSelect: () => onAction({ kind: "assign", actor: me }) }] : []),
          { label: "Unassign", onSelect: () => onAction({ kind: "assign", actor: null }) },
        ]}
      >
        <InlineForm
          label="User email or #team"
          button="Assign"
          onSubmit={(actor) => onAction({ kind: "assign", actor })}
        />
      </Menu>
      {merge && act("Merge", { kind: "merge" })}
      {act("Mark reviewed", { kind: "markReviewed" })}
      <button
        type="button"
        disabled={disabled}
        aria-pressed={bookmarked ?? undefined}
        onClick={() => onAction({ kind: "bookmark", on: !bookmarked })}
      >
        {bookmarked ? "Remove bookmark" : "Bookmark"}
      </button>
      {subscribed !== undefined && subscribed !== null && (
        <button
          type="button"
          aria-pressed={subscribed}
          onClick={() => onAction({ kind: "subscribe", on: !subscribed })}
        >
          {subscribed ? "Unsubscribe" : "Subscribe"}
        </button>
      )}
      <button
        type="button"
        className="danger"
        disabled={disabled || !canDelete}
        title={canDelete ? undefined : "Only admins can delete issues"}
        onClick={() => onAction({ kind: "delete" })}
      >
        Delete
      </button>
    </div>
  );
}
