import { useEffect, useRef } from "react";

export interface ConfirmDialogProps {
  question: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question before an action runs: Confirm or Cancel (Escape cancels). */
export function ConfirmDialog({ question, confirmLabel, danger, onConfirm, onCancel }: ConfirmDialogProps) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div className="backdrop" onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby="confirm-question" className="dialog card">
        <p id="confirm-question">{question}</p>
        <div className="row">
          <button ref={confirm} type="button" className={danger ? "danger" : "primary"} onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
