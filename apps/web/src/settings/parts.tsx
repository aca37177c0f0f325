import { useState } from "react";
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { ColumnHeads } from "../components/column-heads.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";

/** A project's settings tabs: General and Client Keys. */
export function ProjectTabs({ org, project }: { org: string; project: string }) {
  const base = `/settings/${encodeURIComponent(org)}/projects/${encodeURIComponent(project)}`;
  return (
    <nav aria-label="Project settings" className="tabs">
      <NavLink to={`${base}/`} end className="tab">
        General
      </NavLink>
      <NavLink to={`${base}/keys/`} className="tab">
        Client Keys (DSN)
      </NavLink>
    </nav>
  );
}

/** An API error, or what the caller lacks, as an alert. */
export function Failure({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error instanceof Error ? error.message : "Something went wrong"}
    </p>
  );
}

export function formatDate(value: string | null): string {
  return value ? new Date(value).toLocaleString() : "never";
}

/**
 * A destructive action asked about first: `ask(item)` opens the dialog, whose confirmation runs
 * `run(item)`. Answers the dialog to render (null when closed) and `ask`.
 */
export function useConfirmed<T>(
  question: (item: T) => string,
  confirmLabel: string,
  run: (item: T) => void,
): [ReactNode, (item: T) => void] {
  const [pending, setPending] = useState<{ item: T } | null>(null);
  const dialog = pending && (
    <ConfirmDialog
      question={question(pending.item)}
      confirmLabel={confirmLabel}
      danger
      onConfirm={() => {
        setPending(null);
        run(pending.item);
      }}
      onCancel={() => setPending(null)}
    />
  );
  return [dialog, (item) => setPending({ item })];
}

/** What an admin may use, or for anyone else (once their access is known) a note saying so. */
export function AdminOnly(props: { allowed: boolean | undefined; note: string; children: ReactNode }) {
  if (props.allowed) return <>{props.children}</>;
  return props.allowed === false ? <p className="muted">{props.note}</p> : null;
}

/**
 * A settings list as a table: one row per item, its cells from `cells`. With `danger` (an admin's), an
 * Actions column whose button in each row starts that item's destructive action.
 */
export function SettingsTable<T extends { id: string }>(props: {
  columns: readonly string[];
  rows: readonly T[] | undefined;
  cells: (row: T) => ReactNode;
  danger?: { label: (row: T) => string; onClick: (row: T) => void };
}) {
  const { rows, cells, danger } = props;
  if (!rows) return null;
  return (
    <table className="settings-table">
      <ColumnHeads names={danger ? [...props.columns, "Actions"] : props.columns} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            {cells(row)}
            {danger && (
              <td>
                <button type="button" className="danger" onClick={() => danger.onClick(row)}>
                  {danger.label(row)}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
