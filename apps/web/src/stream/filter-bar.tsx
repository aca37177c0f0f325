import { useState } from "react";
import type { Project } from "../api/types.js";
import { Options, choiceValue } from "../components/options.js";
import type { Choice } from "../components/options.js";
import { PERIODS, SORTS } from "./filters.js";
import type { StreamFilters } from "./filters.js";

export interface FilterBarProps {
  filters: StreamFilters;
  projects: Project[];
  environments: string[];
  live: boolean;
  onLive: (live: boolean) => void;
  onChange: (change: Partial<StreamFilters>) => void;
}

/** A URL time (UTC, `Z` or not) as the `datetime-local` input shows it: the browser's local time. */
function toLocal(iso: string | null): string {
  if (!iso) return "";
  const time = new Date(/(?:Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(time.getTime())) return "";
  return new Date(time.getTime() - time.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
/** A `datetime-local` value (local time) as the URL keeps it: UTC, to the second. */
const fromLocal = (value: string) => (value ? new Date(value).toISOString().slice(0, 19) : null);

function TimeRange({ filters, onChange }: Pick<FilterBarProps, "filters" | "onChange">) {
  const absolute = Boolean(filters.start && filters.end);
  const [custom, setCustom] = useState(absolute);
  const [start, setStart] = useState(toLocal(filters.start));
  const [end, setEnd] = useState(toLocal(filters.end));
  return (
    <>
      <label>
        Time range{" "}
        <select
          value={custom ? "custom" : (filters.statsPeriod ?? "")}
          onChange={(e) => {
            if (e.target.value === "custom") return setCustom(true);
            setCustom(false);
            onChange({ statsPeriod: e.target.value || null, start: null, end: null });
          }}
        >
          <option value="">Last 90 days (default)</option>
          <Options choices={PERIODS} />
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {custom && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            onChange({ start: fromLocal(start), end: fromLocal(end), statsPeriod: null });
          }}
        >
          <label>
            From{" "}
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
          </label>
          <label>
            To <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
          </label>
          <button type="submit">Apply range</button>
        </form>
      )}
    </>
  );
}

/** A filter of one value or of all (""): a value from the URL that is not among the choices is still shown. */
function OneOf(props: {
  label: string;
  all: string;
  choices: readonly Choice[];
  selected: readonly string[];
  unknown: (value: string) => string;
  onChange: (selected: string[]) => void;
}) {
  const current = props.selected[0];
  return (
    <label>
      {props.label}{" "}
      <select value={current ?? ""} onChange={(e) => props.onChange(e.target.value ? [e.target.value] : [])}>
        <option value="">{props.all}</option>
        <Options choices={props.choices} />
        {current && !props.choices.some((c) => choiceValue(c) === current) && (
          <option value={current}>{props.unknown(current)}</option>
        )}
      </select>
    </label>
  );
}

/** Project, environment, time range, sort, the sparklines' period and live refresh. */
export function FilterBar({ filters, projects, environments, live, onLive, onChange }: FilterBarProps) {
  return (
    <div className="filters row">
      <OneOf
        label="Project"
        all="All projects"
        choices={projects.map((p) => ({ value: p.id, label: p.slug }))}
        selected={filters.project}
        unknown={(id) => `project ${id}`}
        onChange={(project) => onChange({ project })}
      />
      <OneOf
        label="Environment"
        all="All environments"
        choices={environments}
        selected={filters.environment}
        unknown={(name) => name}
        onChange={(environment) => onChange({ environment })}
      />
      <TimeRange filters={filters} onChange={onChange} />
      <label>
        Sort{" "}
        <select value={filters.sort} onChange={(e) => onChange({ sort: e.target.value })}>
          <Options choices={SORTS} />
        </select>
      </label>
      <label>
        Graph{" "}
        <select
          value={filters.groupStatsPeriod}
          onChange={(e) => onChange({ groupStatsPeriod: e.target.value === "14d" ? "14d" : "24h" })}
        >
          <option value="24h">24 hours</option>
          <option value="14d">14 days</option>
        </select>
      </label>
      <button type="button" aria-pressed={live} onClick={() => onLive(!live)}>
        {live ? "Live: on" : "Live: off"}
      </button>
    </div>
  );
}
