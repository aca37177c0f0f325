import { useState } from "react";
import type { Issue } from "../api/types.js";
import { useIssueAction } from "../api/use-issue-action.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { actionLabel, confirmation, refusal } from "./actions.js";
import type { IssueAction } from "./actions.js";
import type { StreamFilters } from "./filters.js";
import { emptySelection, selectedCount } from "./selection.js";
import type { Selection } from "./selection.js";

export interface StreamActionsInput {
  org: string;
  issues: Issue[];
  selection: Selection;
  setSelection: (selection: Selection) => void;
  focused: number;
  filters: StreamFilters;
  hits: number | null;
}

/**
 * The stream's actions: on the selected rows (or everything matching), else on the focused row; each
 * one confirmed with how many issues it touches, then run optimistically.
 */
export function useStreamActions(input: StreamActionsInput) {
  const { org, issues, selection, focused, filters, hits } = input;
  const run = useIssueAction();
  const [pending, setPending] = useState<IssueAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const focusedIssue = focused >= 0 ? issues[focused] : undefined;
  const targetIds = selection.ids.size > 0 ? [...selection.ids] : focusedIssue ? [focusedIssue.id] : [];
  const count = selection.all ? selectedCount(selection, hits) : targetIds.length;

  const request = (action: IssueAction) => {
    const projects = issues.filter((i) => targetIds.includes(i.id)).map((i) => i.project.id);
    const why = refusal(action, projects, count);
    if (why) return setNotice(why);
    setNotice(null);
    setPending(action);
  };
  const confirm = () => {
    if (!pending) return;
    const action = pending;
    setPending(null);
    run.mutate(
      { action, target: { org, ids: targetIds, all: selection.all, filters } },
      {
        onSuccess: () => setNotice(`${actionLabel(action)}: done`),
        onError: (error) => setNotice(error instanceof Error ? error.message : String(error)),
      },
    );
    input.setSelection(emptySelection);
  };
  const dialog = pending && (
    <ConfirmDialog
      question={confirmation(pending, count)}
      confirmLabel={`Confirm: ${actionLabel(pending)}`}
      danger={pending.kind === "delete"}
      onConfirm={confirm}
      onCancel={() => setPending(null)}
    />
  );
  return { request, dialog, notice, busy: run.isPending };
}
