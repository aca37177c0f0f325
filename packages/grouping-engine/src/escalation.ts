import type { Knex } from "knex";
import { escalationForecast, isEscalating, limitOn, utcDay } from "@sift/escalation";
import { planEscalation } from "@sift/lifecycle";
import type { Transition } from "@sift/lifecycle";
import { GroupStatus, GroupSubStatus } from "@sift/schemas";
import { getIssueHourlyCounts, loadForecasts, saveForecasts } from "@sift/storage";
import type { HourlyCount, IngestIssue, IssueForecast } from "@sift/storage";
import { hourOf } from "./issue-fields.js";

const HOUR_MS = 3_600_000;
const WEEK_HOURS = 168;

export interface EscalationCheck {
  issue: IngestIssue;
  /** The event times of this batch's occurrences of the issue (not yet in the hourly counts). */
  eventTimes: readonly Date[];
}

/**
 * Issues archived until escalating whose events in the current hour exceed today's forecast limit
 * escalate (`planEscalation`). A forecast older than today is made again from the 168 hours before the
 * current one, and stored, so each issue's forecast is computed at most once a day, by the first batch
 * that needs it. Two reads (forecasts, hourly counts) and at most one write per batch.
 */
export async function planEscalations(
  trx: Knex.Transaction,
  checks: readonly EscalationCheck[],
  now: Date,
): Promise<Transition[]> {
  const archived = checks.filter(
    (c) => c.issue.status === GroupStatus.IGNORED && c.issue.substatus === GroupSubStatus.UNTIL_ESCALATING,
  );
  if (archived.length === 0) return [];
  const ids = archived.map((c) => c.issue.id);
  const hour = hourOf(now);
  const today = utcDay(now);
  const forecasts = await loadForecasts(trx, ids);
  const stale = ids.filter((id) => (forecasts.get(id)?.forecastDay.getTime() ?? -1) < today.getTime());
  const counts = await getIssueHourlyCounts(
    trx,
    ids,
    new Date(hour.getTime() - (stale.length > 0 ? WEEK_HOURS : 0) * HOUR_MS),
    hour,
  );
  const byIssue = new Map<number, HourlyCount[]>();
  for (const c of counts) {
    const list = byIssue.get(c.issueId);
    if (list) list.push(c);
    else byIssue.set(c.issueId, [c]);
  }
  const made: IssueForecast[] = stale.map((issueId) => ({
    issueId,
    forecastDay: today,
    limits: escalationForecast(
      (byIssue.get(issueId) ?? []).filter((c) => c.hour < hour),
      today,
    ),
  }));
  await saveForecasts(trx, made, now);
  for (const f of made) forecasts.set(f.issueId, f);

  return archived.flatMap((c) => {
    const stored = byIssue.get(c.issue.id)?.find((h) => h.hour.getTime() === hour.getTime());
    const count =
      (stored?.count ?? 0) + c.eventTimes.filter((t) => hourOf(t).getTime() === hour.getTime()).length;
    const forecast = forecasts.get(c.issue.id)!;
    const limit = limitOn(forecast.limits, forecast.forecastDay, now);
    return isEscalating(count, limit) ? planEscalation(c.issue, { limit, count }, now) : [];
  });
}
