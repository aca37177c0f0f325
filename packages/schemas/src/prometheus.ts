import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { MetricLabels, Metrics } from "./runtime.js";

type Kind = "counter" | "histogram" | "gauge";

/**
 * A reference metric name as a Prometheus name: dots and other punctuation become underscores,
 * counters end in `_total`, histograms (of seconds) in `_seconds`:
 * `occurrence_ingest.messages` → `occurrence_ingest_messages_total`.
 */
export function promName(name: string, kind: Kind | "label"): string {
  const base = name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^_+/, "");
  if (kind === "counter") return `${base}_total`;
  if (kind === "histogram") return `${base}_seconds`;
  return base;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Metric = Counter | Histogram | Gauge;

/**
 * The `Metrics` interface backed by a prom-client registry (one per instance, so tests can build
 * several). Each metric is registered on first use, which also fixes its label names: later extra
 * labels are dropped and missing ones are empty. Recording never throws: metrics are best effort.
 */
export class PromMetrics implements Metrics {
  readonly registry: Registry;
  private readonly metrics = new Map<string, { metric: Metric; labelNames: string[] }>();

  constructor(options: { registry?: Registry; defaultMetrics?: boolean } = {}) {
    this.registry = options.registry ?? new Registry();
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  increment(name: string, labels: MetricLabels = {}, value = 1): void {
    this.record("counter", name, labels, (m, l) => (m as Counter).inc(l, value));
  }

  observe(name: string, value: number, labels: MetricLabels = {}): void {
    this.record("histogram", name, labels, (m, l) => (m as Histogram).observe(l, value));
  }

  gauge(name: string, value: number, labels: MetricLabels = {}): void {
    this.record("gauge", name, labels, (m, l) => (m as Gauge).set(l, value));
  }

  private record(
    kind: Kind,
    name: string,
    labels: MetricLabels,
    apply: (metric: Metric, labels: Record<string, string>) => void,
  ): void {
    try {
      const key = `${kind}:${name}`;
      let entry = this.metrics.get(key);
      if (!entry) {
        const labelNames = Object.keys(labels).map((l) => promName(l, "label"));
        const config = { name: promName(name, kind), help: name, labelNames, registers: [this.registry] };
        const metric =
          kind === "counter"
            ? new Counter(config)
            : kind === "histogram"
              ? new Histogram({ ...config, buckets: BUCKETS })
              : new Gauge(config);
        entry = { metric, labelNames };
        this.metrics.set(key, entry);
      }
      const values: Record<string, string> = Object.fromEntries(entry.labelNames.map((l) => [l, ""]));
      for (const [label, value] of Object.entries(labels)) {
        const l = promName(label, "label");
        if (l in values) values[l] = String(value);
      }
      apply(entry.metric, values);
    } catch {
      // A bad value or a name clash must not take a request or a batch down.
    }
  }
}
