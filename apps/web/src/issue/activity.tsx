import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { apiSend } from "../api/client.js";
import type { Activity } from "../api/types.js";
import { TimeAgo } from "../components/time-ago.js";
import { asText } from "./event-view.js";

function describe(activity: Activity): string {
  const words = activity.type.replaceAll("_", " ");
  const data = activity.data ?? {};
  if (activity.type === "set_resolved_in_release" && data.version)
    return `resolved in release ${asText(data.version)}`;
  if (activity.type === "assigned" && data.assigneeEmail) return `assigned to ${asText(data.assigneeEmail)}`;
  return words;
}

function NoteEditor({
  initial,
  label,
  onSave,
}: {
  initial: string;
  label: string;
  onSave: (t: string) => void;
}) {
  const [text, setText] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) onSave(text.trim());
    if (!initial) setText("");
  };
  return (
    <form onSubmit={submit} className="note-form">
      <label>
        {label}
        <textarea
          value={text}
          rows={3}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
          }}
        />
      </label>
      <button type="submit">{initial ? "Save note" : "Add note"}</button>
    </form>
  );
}

/** The activity timeline, newest first, with notes that can be added, edited and deleted. */
export function ActivityTimeline({ base, activity }: { base: string; activity: Activity[] }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const notes = useMutation({
    mutationFn: (change: { method: "POST" | "PUT" | "DELETE"; id?: string; text?: string }) =>
      apiSend(change.method, `${base}/notes/${change.id ? `${change.id}/` : ""}`, {
        body: change.text === undefined ? undefined : { text: change.text },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ["issue"] }),
  });
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <NoteEditor initial="" label="Note" onSave={(text) => notes.mutate({ method: "POST", text })} />
      {notes.isError && (
        <p role="alert" className="error">
          {notes.error.message}
        </p>
      )}
      <ol className="timeline">
        {activity.map((item) => (
          <li key={item.id}>
            <TimeAgo iso={item.dateCreated} />{" "}
            {item.type === "note" ? (
              editing === item.id ? (
                <NoteEditor
                  initial={asText(item.data.text)}
                  label="Edit note"
                  onSave={(text) => {
                    setEditing(null);
                    notes.mutate({ method: "PUT", id: item.id, text });
                  }}
                />
              ) : (
                <>
                  <strong>note</strong>
                  <p className="note-text">{asText(item.data.text)}</p>
                  <button type="button" onClick={() => setEditing(item.id)}>
                    Edit note
                  </button>{" "}
                  <button type="button" onClick={() => notes.mutate({ method: "DELETE", id: item.id })}>
                    Delete note
                  </button>
                </>
              )
            ) : (
              <span>{describe(item)}</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
