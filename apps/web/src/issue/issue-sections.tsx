import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { apiGet, apiPage, apiSend, orFallback } from "../api/client.js";
import type { IssueEvent, IssueHash, TagKey } from "../api/types.js";
import { ColumnHeads } from "../components/column-heads.js";
import { TimeAgo } from "../components/time-ago.js";

/** Top values of each tag key with their share of the issue's events. */
export function TagBreakdown({ base }: { base: string }) {
  const tags = useQuery({
    queryKey: ["issue", "tags", base],
    queryFn: () => apiGet<TagKey[]>(`${base}/tags/`),
  });
  return (
    <section aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      {tags.isError && <p className="muted">Tags are not available: {tags.error.message}</p>}
      {(tags.data ?? []).map((tag) => (
        <div key={tag.key} className="tag-key">
          <h3>{tag.key}</h3>
          <ul className="tag-values">
            {tag.topValues.map((v) => {
              const share = tag.totalValues ? Math.round((v.count / tag.totalValues) * 100) : 0;
              return (
                <li key={String(v.value)}>
                  <span className="tag-value">{v.name ?? v.value ?? "(empty)"}</span>
                  <span className="muted"> {share}%</span>
                  <span className="share" style={{ width: `${share}%` }} aria-hidden="true" />
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The issue's events, newest first, with their own search. */
export function EventsList({ base, eventPath }: { base: string; eventPath: (id: string) => string }) {
  const [query, setQuery] = useState("");
  const [draft, setDraft] = useState("");
  const events = useQuery({
    queryKey: ["issue", "events", base, query],
    queryFn: () => apiPage<IssueEvent>(`${base}/events/`, { query, per_page: 20 }),
  });
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">All events</h2>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(draft.trim());
        }}
      >
        <input aria-label="Search events" value={draft} onChange={(e) => setDraft(e.target.value)} />
      </form>
      {events.isError && (
        <p role="alert" className="error">
          {events.error.message}
        </p>
      )}
      <table className="kv">
        <ColumnHeads names={["Event", "Time", "Environment", "Release"]} />
        <tbody>
          {(events.data?.items ?? []).map((event) => (
            <tr key={event.eventID}>
              <td>
                <Link to={eventPath(event.eventID)}>{event.eventID.slice(0, 8)}</Link>
              </td>
              <td>
                <TimeAgo iso={event.dateCreated} />
              </td>
              <td>{event.environment ?? "—"}</td>
              <td>{event.release?.version ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The fingerprints (hashes) of the issue with their latest event, and Unmerge for the selected ones. */
export function Hashes({ base }: { base: string }) {
  const client = useQueryClient();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const hashes = useQuery({
    queryKey: ["issue", "hashes", base],
    queryFn: () => orFallback(apiGet<IssueHash[]>(`${base}/hashes/`), []),
  });
  const unmerge = useMutation({
    mutationFn: () => apiSend("DELETE", `${base}/hashes/`, { query: { id: [...chosen] } }),
    onSuccess: () => setChosen(new Set()),
    onSettled: () => client.invalidateQueries({ queryKey: ["issue"] }),
  });
  const list = hashes.data ?? [];
  return (
    <section aria-labelledby="hashes-title">
      <h2 id="hashes-title">Fingerprints</h2>
      <ul className="hashes">
        {list.map((hash) => (
          <li key={hash.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(hash.id)}
                onChange={() => {
                  const next = new Set(chosen);
                  if (next.has(hash.id)) next.delete(hash.id);
                  else next.add(hash.id);
                  setChosen(next);
                }}
              />{" "}
              <code>{hash.id}</code>
            </label>{" "}
            <span className="muted">{hash.latestEvent?.title ?? ""}</span>
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={chosen.size === 0 || chosen.size >= list.length || unmerge.isPending}
        onClick={() => unmerge.mutate()}
      >
        Unmerge
      </button>
      {unmerge.isError && (
        <p role="alert" className="error">
          {unmerge.error.message}
        </p>
      )}
    </section>
  );
}
