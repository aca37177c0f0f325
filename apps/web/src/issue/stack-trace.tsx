import { useState } from "react";

interface Frame {
  filename?: string | null;
  absPath?: string | null;
  module?: string | null;
  function?: string | null;
  lineNo?: number | null;
  colNo?: number | null;
  inApp?: boolean | null;
  context?: [number, string][] | null;
  vars?: Record<string, unknown> | null;
}

interface ExceptionValue {
  type?: string | null;
  value?: string | null;
  module?: string | null;
  mechanism?: { type?: string; handled?: boolean } | null;
  stacktrace?: { frames?: Frame[] } | null;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function FrameView({ frame }: { frame: Frame }) {
  const where = frame.filename ?? frame.absPath ?? frame.module ?? "?";
  const line = frame.lineNo ? `:${frame.lineNo}${frame.colNo ? `:${frame.colNo}` : ""}` : "";
  const vars = frame.vars ? Object.entries(frame.vars) : [];
  return (
    <li className={frame.inApp ? "frame in-app" : "frame"}>
      <details open={Boolean(frame.inApp)}>
        <summary>
          <code>{where}</code>
          {line}
          {frame.function ? (
            <>
              {" in "}
              <code>{frame.function}</code>
            </>
          ) : null}
          {frame.inApp ? <span className="badge">in app</span> : null}
        </summary>
        {frame.context && frame.context.length > 0 && (
          <pre className="context">
            {frame.context.map(([no, code]) => (
              <div key={no} className={no === frame.lineNo ? "context-line current" : "context-line"}>
                <span className="line-no">{no}</span> {code}
              </div>
            ))}
          </pre>
        )}
        {vars.length > 0 && (
          <table className="kv">
            <caption>Variables</caption>
            <tbody>
              {vars.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <code>{text(value)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </li>
  );
}

/** An exception entry: every chained exception, its frames (in-app highlighted), newest first or last. */
export function StackTrace({ values }: { values: ExceptionValue[] }) {
  const [newestFirst, setNewestFirst] = useState(true);
  const chain = newestFirst ? [...values].reverse() : values;
  return (
    <div className="exception">
      <label className="row">
        <input type="checkbox" checked={newestFirst} onChange={(e) => setNewestFirst(e.target.checked)} />
        Newest frame first
      </label>
      {chain.map((exception, i) => {
        const frames = exception.stacktrace?.frames ?? [];
        const ordered = newestFirst ? [...frames].reverse() : frames;
        return (
          <section key={i} className="exception-value">
            <h4>
              <code>{text(exception.type) || "Error"}</code>
              {exception.mechanism?.handled === false && <span className="badge level-error">unhandled</span>}
            </h4>
            <p className="exception-message">{text(exception.value)}</p>
            <ol className="frames">
              {ordered.map((frame, j) => (
                <FrameView key={j} frame={frame} />
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
