import type { EvidenceRow, IssueEvent } from "../api/types.js";
import { ColumnHeads } from "../components/column-heads.js";
import { StackTrace } from "./stack-trace.js";

interface Entry {
  type: string;
  data: Record<string, unknown>;
}

/** Any value of an event as text (never markup). */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function evidenceRows(event: IssueEvent): EvidenceRow[] {
  const rows = event.occurrence?.evidenceDisplay;
  if (!Array.isArray(rows)) return [];
  const valid = rows.filter(
    (r): r is EvidenceRow => typeof r === "object" && r !== null && "name" in r && "value" in r,
  );
  // Important rows first, each group in the order the occurrence gave.
  return [...valid.filter((r) => r.important), ...valid.filter((r) => !r.important)];
}

function KeyValues({ caption, rows }: { caption: string; rows: [string, unknown][] }) {
  if (rows.length === 0) return null;
  return (
    <table className="kv">
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([key, value], i) => (
          <tr key={`${key}-${i}`}>
            <th scope="row">{key}</th>
            <td>{asText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Breadcrumbs({ values }: { values: Record<string, unknown>[] }) {
  return (
    <table className="kv">
      <caption>Breadcrumbs</caption>
      <ColumnHeads names={["Time", "Category", "Message", "Level"]} />
      <tbody>
        {values.map((crumb, i) => (
          <tr key={i}>
            <td>{asText(crumb.timestamp)}</td>
            <td>{asText(crumb.category ?? crumb.type)}</td>
            <td>{asText(crumb.message ?? crumb.data)}</td>
            <td>{asText(crumb.level)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntryView({ entry }: { entry: Entry }) {
  const data = entry.data ?? {};
  switch (entry.type) {
    case "exception":
      return <StackTrace values={(data.values as never[]) ?? []} />;
    case "threads":
      return (
        <StackTrace
          values={((data.values as Record<string, unknown>[]) ?? [])
            .filter((t) => t.stacktrace)
            .map((t) => ({ type: `Thread ${asText(t.name ?? t.id)}`, stacktrace: t.stacktrace as never }))}
        />
      );
    case "stacktrace":
      return <StackTrace values={[{ type: "Stack trace", stacktrace: data as never }]} />;
    case "message":
      return <pre>{asText(data.formatted ?? data.message)}</pre>;
    case "request":
      return <KeyValues caption="Request" rows={Object.entries(data)} />;
    case "breadcrumbs":
      return <Breadcrumbs values={(data.values as Record<string, unknown>[]) ?? []} />;
    default:
      return <KeyValues caption={entry.type} rows={Object.entries(data)} />;
  }
}

function contextRows(contexts: unknown): [string, unknown][] {
  if (!contexts || typeof contexts !== "object") return [];
  const rows: [string, unknown][] = [];
  for (const [name, value] of Object.entries(contexts as Record<string, unknown>)) {
    if (value && typeof value === "object")
      for (const [key, v] of Object.entries(value as Record<string, unknown>))
        rows.push([`${name}.${key}`, v]);
    else rows.push([name, value]);
  }
  return rows;
}

/** One event: evidence, exception and stack trace, message, tags, contexts, user, request, breadcrumbs, JSON. */
export function EventView({ event }: { event: IssueEvent }) {
  const evidence = evidenceRows(event);
  const entries = (Array.isArray(event.entries) ? event.entries : []) as Entry[];
  return (
    <div className="event">
      {evidence.length > 0 && (
        <section aria-labelledby="evidence-title">
          <h3 id="evidence-title">Evidence</h3>
          <table className="kv evidence">
            <tbody>
              {evidence.map((row, i) => (
                <tr key={`${row.name}-${i}`} className={row.important ? "important" : undefined}>
                  <th scope="row">{asText(row.name)}</th>
                  <td>{asText(row.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {event.message && !entries.some((e) => e.type === "message") && (
        <section>
          <h3>Message</h3>
          <pre>{event.message}</pre>
        </section>
      )}
      {entries.map((entry, i) => (
        <section key={i}>
          <h3>{entry.type[0]!.toUpperCase() + entry.type.slice(1)}</h3>
          <EntryView entry={entry} />
        </section>
      ))}
      <section>
        <h3>Tags</h3>
        <KeyValues caption="Event tags" rows={event.tags.map((t) => [t.key, t.value])} />
      </section>
      <KeyValues caption="Contexts" rows={contextRows(event.contexts)} />
      <KeyValues caption="User" rows={event.user ? Object.entries(event.user) : []} />
      <details>
        <summary>Raw JSON</summary>
        <pre>{JSON.stringify(event, null, 2)}</pre>
      </details>
    </div>
  );
}
