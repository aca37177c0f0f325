import { describe, expect, it } from "vitest";
import { PromMetrics, promName } from "./prometheus.js";

describe("promName", () => {
  it("turns reference names into Prometheus names by kind", () => {
    expect(promName("occurrence_ingest.messages", "counter")).toBe("occurrence_ingest_messages_total");
    expect(promName("occurrence_consumer._process_message.save_issue_occurrence", "counter")).toBe(
      "occurrence_consumer__process_message_save_issue_occurrence_total",
    );
    expect(promName("occurrence_consumer.process_batch", "histogram")).toBe(
      "occurrence_consumer_process_batch_seconds",
    );
    expect(promName("occurrence_consumer.checkin.parallel_batch_count", "gauge")).toBe(
      "occurrence_consumer_checkin_parallel_batch_count",
    );
  });
});

describe("PromMetrics", () => {
  it("exposes counters, histograms and gauges with their labels", async () => {
    const metrics = new PromMetrics();
    metrics.increment("occurrence_ingest.messages", { occurrence_type: 1006 });
    metrics.increment("occurrence_ingest.messages", { occurrence_type: 1006 }, 2);
    metrics.observe("http.server.duration", 0.02, { method: "GET", route: "/x", status: 200 });
    metrics.gauge("occurrence_consumer.checkin.parallel_batch_count", 7);
    const text = await metrics.registry.metrics();
    expect(text).toContain('occurrence_ingest_messages_total{occurrence_type="1006"} 3');
    expect(text).toContain(
      'http_server_duration_seconds_bucket{le="0.025",method="GET",route="/x",status="200"} 1',
    );
    expect(text).toContain("occurrence_consumer_checkin_parallel_batch_count 7");
  });

  it("keeps the label names of a metric's first use, and never throws", async () => {
    const metrics = new PromMetrics();
    metrics.increment("intake.rejected_requests", { code: "INVALID_JSON" });
    metrics.increment("intake.rejected_requests", { code: "TOO_LARGE", extra: "dropped" });
    metrics.increment("intake.rejected_requests");
    expect(() => metrics.increment("intake.rejected_requests", { code: "X" }, -1)).not.toThrow();
    const text = await metrics.registry.metrics();
    expect(text).toContain('intake_rejected_requests_total{code="INVALID_JSON"} 1');
    expect(text).toContain('intake_rejected_requests_total{code="TOO_LARGE"} 1');
    expect(text).toContain('intake_rejected_requests_total{code=""} 1');
    expect(text).not.toContain("extra");
  });

  it("registers Node's default metrics only when asked", async () => {
    expect(await new PromMetrics().registry.metrics()).not.toContain("process_resident_memory_bytes");
    expect(await new PromMetrics({ defaultMetrics: true }).registry.metrics()).toContain(
      "process_resident_memory_bytes",
    );
  });
});
