import { MessageChannel } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { forwardedMetrics } from "./alerts-thread.js";

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) c.port1.close();
});

/** The messages `port` receives, each resolved in order. */
function inbox(port: MessagePort) {
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  port.on("message", (m) => {
    messages.push(m);
    wake?.();
  });
  return async (): Promise<unknown> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift();
  };
}

describe("the alerts thread's metrics", () => {
  it("are posted once per flush, the increments of one counter and labels summed", async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    const next = inbox(channel.port2);
    const metrics = forwardedMetrics(channel.port1, 60_000);
    metrics.increment("alerts.decided", { action: "webhooks" });
    metrics.increment("alerts.decided", { action: "webhooks" }, 2);
    metrics.increment("alerts.decided", { action: "slack" });
    metrics.observe("alerts.delivery.duration", 0.25, { action: "webhooks" });
    metrics.observe("alerts.delivery.duration", 0.5, { action: "webhooks" });
    metrics.gauge("alerts.pending", 7);
    metrics.flush();
    expect(await next()).toEqual({
      kind: "metrics",
      ops: [
        ["increment", "alerts.decided", 3, { action: "webhooks" }],
        ["increment", "alerts.decided", 1, { action: "slack" }],
        ["observe", "alerts.delivery.duration", 0.25, { action: "webhooks" }],
        ["observe", "alerts.delivery.duration", 0.5, { action: "webhooks" }],
        ["gauge", "alerts.pending", 7, {}],
      ],
    });
    // A flush with nothing new posts nothing; the next one posts only what came after the last.
    metrics.flush();
    metrics.increment("alerts.delivered", { action: "slack" });
    metrics.flush();
    expect(await next()).toEqual({
      kind: "metrics",
      ops: [["increment", "alerts.delivered", 1, { action: "slack" }]],
    });
  });
});
