import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { MetricLabels, Metrics } from "@sift/schemas";

/** Prometheus names from the reference's dotted names: `occurrence_ingest.messages` → `occurrence_ingest_messages_total`. */
export function promName(name: string, kind: "counter" | "histogram" | "gauge"): string {
  const base = name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^_+/, "");
  if (kind === "counter") return `${base}_total`;
  if (kind === "histogram") return `${base}_seconds`;
  return base;
}

const stringify = (labels: MetricLabels = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));

/** A Metrics backed by a prom-client registry; each metric is registered on first use. */
export class PromMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly gauges = new Map<string, Gauge>();

  constructor(options: { defaultMetrics?: boolean; prefix?: string } = {}) {
    if (options.defaultMetrics !== false)
      collectDefaultMetrics({ register: this.registry, prefix: options.prefix });
  }

  increment(name: string, labels?: MetricLabels, value = 1): void {
    const l = stringify(labels);
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter({
        name: promName(name, "counter"),
        help: name,
        labelNames: Object.keys(l),
        registers: [this.registry],
      });
      this.counters.set(name, c);
    }
    safe(() => c.inc(l, value));
  }

  observe(name: string, value: number, labels?: MetricLabels): void {
    const l = stringify(labels);
    let h = this.histograms.get(name);
    if (!h) {
      h = new Histogram({
        name: promName(name, "histogram"),
        help: name,
        labelNames: Object.keys(l),
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [this.registry],
      });
      this.histograms.set(name, h);
    }
    safe(() => h.observe(l, value));
  }

  gauge(name: string, value: number, labels?: MetricLabels): void {
    const l = stringify(labels);
    let g = this.gauges.get(name);
    if (!g) {
      g = new Gauge({
        name: promName(name, "gauge"),
        help: name,
        labelNames: Object.keys(l),
        registers: [this.registry],
      });
      this.gauges.set(name, g);
    }
    safe(() => g.set(l, value));
  }
}

// A label set that differs from the metric's first use must not take the daemon down.
function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignored: metrics are best effort
  }
}
