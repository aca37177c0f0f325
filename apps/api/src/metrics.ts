import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { MetricLabels, Metrics } from "@sift/schemas";

/** A reference metric name (`workflow.slo.http_response`) as a Prometheus name (`workflow_slo_http_response`). */
export function promName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_:]/g, "_");
}

/**
 * The `Metrics` interface backed by prom-client, one registry per server (so tests can build several).
 * Counters get `_total`; label names are fixed by a metric's first use (later extra labels are dropped,
 * missing ones are empty).
 */
export class PromMetrics implements Metrics {
  readonly registry: Registry;
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly gauges = new Map<string, Gauge>();

  constructor(options: { registry?: Registry; defaultMetrics?: boolean } = {}) {
    this.registry = options.registry ?? new Registry();
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  increment(name: string, labels: MetricLabels = {}, value = 1): void {
    let counter = this.counters.get(name);
    if (!counter) {
      counter = new Counter({
        name: `${promName(name)}_total`,
        help: `${name} (reference metric)`,
        labelNames: Object.keys(labels).map(promName),
        registers: [this.registry],
      });
      this.counters.set(name, counter);
    }
    counter.inc(this.labelsFor(counter, labels), value);
  }

  observe(name: string, value: number, labels: MetricLabels = {}): void {
    let histogram = this.histograms.get(name);
    if (!histogram) {
      histogram = new Histogram({
        name: promName(name),
        help: `${name} (reference metric)`,
        labelNames: Object.keys(labels).map(promName),
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [this.registry],
      });
      this.histograms.set(name, histogram);
    }
    histogram.observe(this.labelsFor(histogram, labels), value);
  }

  gauge(name: string, value: number, labels: MetricLabels = {}): void {
    let gauge = this.gauges.get(name);
    if (!gauge) {
      gauge = new Gauge({
        name: promName(name),
        help: `${name} (reference metric)`,
        labelNames: Object.keys(labels).map(promName),
        registers: [this.registry],
      });
      this.gauges.set(name, gauge);
    }
    gauge.set(this.labelsFor(gauge, labels), value);
  }

  private labelsFor(
    metric: Counter | Histogram | Gauge,
    labels: MetricLabels,
  ): Record<string, string | number> {
    const names = (metric as unknown as { labelNames: string[] }).labelNames;
    const out: Record<string, string | number> = {};
    for (const name of names) out[name] = "";
    for (const [key, value] of Object.entries(labels)) {
      const k = promName(key);
      if (names.includes(k)) out[k] = value;
    }
    return out;
  }
}
