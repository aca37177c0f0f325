import type { Metrics } from "@sift/schemas";
import type { Envelope } from "./envelope.js";
import { isObject } from "./event-fields.js";

/** Item types counted under their own name; any other is counted as `unknown`. */
const KNOWN_TYPES = new Set([
  "event",
  "transaction",
  "span",
  "session",
  "sessions",
  "client_report",
  "attachment",
  "check_in",
  "profile",
  "profile_chunk",
  "replay_event",
  "replay_recording",
  "replay_video",
  "log",
  "otel_log",
  "statsd",
  "metric_meta",
  "user_report",
  "feedback",
]);

const label = (value: unknown): string => (typeof value === "string" ? value.slice(0, 64) : "unknown");

/**
 * Counts an envelope's items per type (`sdk_intake_envelope_items_total{type}`), and the events a
 * client report says the SDK discarded (`sdk_intake_client_discarded_events_total{reason,category}`).
 * Only events are stored; the rest is accepted so that SDKs never see an error for it.
 */
export function countEnvelopeItems(metrics: Metrics, envelope: Envelope): void {
  for (const item of envelope.items) {
    metrics.increment("sdk_intake.envelope_items", {
      type: KNOWN_TYPES.has(item.type) ? item.type : "unknown",
    });
    if (item.type !== "client_report") continue;
    let report: unknown;
    try {
      report = JSON.parse(item.payload.toString("utf8"));
    } catch {
      continue; // a client report is informational: a broken one is counted and otherwise ignored
    }
    const discarded =
      isObject(report) && Array.isArray(report.discarded_events) ? report.discarded_events : [];
    for (const entry of discarded) {
      if (!isObject(entry) || typeof entry.quantity !== "number" || entry.quantity <= 0) continue;
      metrics.increment(
        "sdk_intake.client_discarded_events",
        { reason: label(entry.reason), category: label(entry.category) },
        entry.quantity,
      );
    }
  }
}
