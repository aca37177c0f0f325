import { useState } from "react";
import { useMe } from "../api/queries.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { useDeleteRule } from "./queries.js";
import type { Rule } from "./rule-model.js";

const NOT_ADMIN = "Deleting an alert rule needs the admin role.";

/**
 * Delete with a confirmation. A signed-in member's role has no `event:admin` (the API answers the
 * session's scopes), so the button is there but disabled, saying why; the API's own refusal is shown too.
 */
export function DeleteRuleButton(props: {
  org: string;
  project: string;
  rule: Rule;
  onDeleted?: () => void;
}) {
  const { rule } = props;
  // Disabled until the caller's role is known.
  const canDelete = useMe().data?.canDelete ?? false;
  const remove = useDeleteRule(props.org, props.project);
  const [asking, setAsking] = useState(false);
  const hint = `delete-hint-${rule.id}`;
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={!canDelete || remove.isPending}
        aria-label={`Delete ${rule.name}`}
        aria-describedby={canDelete ? undefined : hint}
        title={canDelete ? undefined : NOT_ADMIN}
        onClick={() => setAsking(true)}
      >
        Delete
      </button>
      {!canDelete && (
        <span id={hint} className="visually-hidden">
          {NOT_ADMIN}
        </span>
      )}
      {remove.error && (
        <span role="alert" className="error">
          {remove.error.message}
        </span>
      )}
      {asking && (
        <ConfirmDialog
          question={`Delete the alert rule "${rule.name}"? This cannot be undone.`}
          confirmLabel="Confirm: Delete"
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            remove.mutate(rule.id, { onSuccess: () => props.onDeleted?.() });
          }}
        />
      )}
    </>
  );
}
