import { describe, expect, it } from "vitest";
import { sentBody } from "./payloads.js";

const stored = { exception: { values: [{ type: "TypeError" }] }, event_id: "old", title: "from the event" };

describe("a delivery's body as sent", () => {
  it("spreads the event's data into the legacy webhook's event, under the keys the body set", () => {
    const body = sentBody(
      { action: "webhooks", resource: "alert", payload: { id: "7", event: { event_id: "e1", id: "e1" } } },
      stored,
    );
    expect(body).toEqual({
      id: "7",
      event: {
        exception: { values: [{ type: "TypeError" }] },
        event_id: "e1",
        title: "from the event",
        id: "e1",
      },
    });
  });

  it("spreads it into an integration's event_alert at data.event, the links winning", () => {
    const payload = {
      action: "triggered",
      data: { event: { event_id: "e1", title: "Issue title", url: "u" }, triggered_rule: "R" },
    };
    expect(sentBody({ action: "sentry_app", resource: "event_alert", payload }, stored)).toEqual({
      action: "triggered",
      data: {
        event: {
          exception: { values: [{ type: "TypeError" }] },
          event_id: "e1",
          title: "Issue title",
          url: "u",
        },
        triggered_rule: "R",
      },
    });
    expect(payload.data.event).toEqual({ event_id: "e1", title: "Issue title", url: "u" });
  });

  it("leaves bodies that carry no event, and bodies whose event is gone, as stored", () => {
    const issueHook = { action: "created", data: { issue: { id: "7" } } };
    expect(sentBody({ action: "sentry_app", resource: "issue", payload: issueHook }, stored)).toBe(issueHook);
    const slack = { text: "[api] TypeError" };
    expect(sentBody({ action: "slack", resource: "alert", payload: slack }, stored)).toBe(slack);
    const hook = { id: "7", event: { event_id: "e1", id: "e1" } };
    expect(sentBody({ action: "webhooks", resource: "alert", payload: hook }, null)).toBe(hook);
  });
});
