import { rows, raw } from "./sql.js";
import { keyedRows } from "./keyed-rows.js";
import { inIssueOrder } from "./issue-order.js";
import type { Conn } from "./sql.js";

/** `issue_forecasts`: the escalation limits of issues archived until escalating. */

/** An `issue_forecasts` row. */
export interface IssueForecast {
  issueId: number;
  /** The UTC day of the first limit. */
  forecastDay: Date;
  /** One limit a day from `forecastDay`. */
  limits: number[];
}

interface ForecastRow {
  issue_id: number | string;
  forecast_day: string;
  limits: number[];
}

const forecastEntry = (r: ForecastRow): [number, IssueForecast] => {
  const issueId = Number(r.issue_id);
  return [issueId, { issueId, forecastDay: new Date(`${r.forecast_day}T00:00:00Z`), limits: r.limits }];
};

export function loadForecasts(db: Conn, issueIds: readonly number[]): Promise<Map<number, IssueForecast>> {
  return keyedRows(issueIds, forecastEntry, () =>
    rows<ForecastRow>(
      db,
      `SELECT issue_id, to_char(forecast_day, 'YYYY-MM-DD') AS forecast_day, limits
         FROM issue_forecasts WHERE issue_id = ANY(?::bigint[])`,
      [[...issueIds]],
    ),
  );
}

/** Stores forecasts, replacing the issues' earlier ones (one statement). */
export async function saveForecasts(db: Conn, forecasts: readonly IssueForecast[], at: Date): Promise<void> {
  if (forecasts.length === 0) return;
  await raw(
    db,
    `INSERT INTO issue_forecasts (issue_id, forecast_day, limits, computed_at)
       SELECT f.issue_id, f.forecast_day::date, ARRAY(SELECT json_array_elements_text(f.limits)::int), ?
         FROM json_to_recordset(?::json) AS f(issue_id bigint, forecast_day text, limits json)
     ON CONFLICT (issue_id) DO UPDATE SET
       forecast_day = EXCLUDED.forecast_day, limits = EXCLUDED.limits, computed_at = EXCLUDED.computed_at`,
    [
      at,
      JSON.stringify(
        inIssueOrder(forecasts).map((f) => ({
          issue_id: f.issueId,
          forecast_day: f.forecastDay.toISOString().slice(0, 10),
          limits: f.limits,
        })),
      ),
    ],
  );
}
