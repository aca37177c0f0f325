import { useEffect, useRef } from "react";

export type Shortcuts = Record<string, () => void>;

/** True when a key press belongs to a text field (shortcuts stay out of the way of typing). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

/** Single-key shortcuts on the page (`j`, `k`, `x`, `Enter`, `r`, `e`, `?`), ignored while typing. */
export function useShortcuts(shortcuts: Shortcuts): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "Enter" && event.target instanceof HTMLElement && event.target.closest("a,button"))
        return;
      const handler = current.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

export const STREAM_SHORTCUTS: [string, string][] = [
  ["j", "Next issue"],
  ["k", "Previous issue"],
  ["x", "Select the issue"],
  ["Enter", "Open the issue"],
  ["r", "Resolve the selected (or current) issues"],
  ["e", "Archive the selected (or current) issues"],
  ["/", "Search"],
  ["?", "Show these shortcuts"],
];

export function ShortcutHelp({ shortcuts, onClose }: { shortcuts: [string, string][]; onClose: () => void }) {
  return (
    <div className="backdrop" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <div role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" className="dialog card">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {shortcuts.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
