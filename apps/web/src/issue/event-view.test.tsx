import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { IssueEvent } from "../api/types.js";
import { EventView, evidenceRows } from "./event-view.js";

afterEach(cleanup);

const frame = (fn: string, lineNo: number, inApp: boolean) => ({
  filename: `app/${fn}.py`,
  function: fn,
  lineNo,
  inApp,
  context: [
    [lineNo - 1, "before()"],
    [lineNo, `${fn}()`],
  ],
  vars: inApp ? { order_id: 42 } : null,
});

const event: IssueEvent = {
  id: "e1",
  eventID: "e1",
  groupID: "1",
  title: "KeyError",
  message: "",
  culprit: "app.checkout",
  platform: "python",
  dateCreated: "2026-12-01T10:00:00Z",
  tags: [{ key: "browser", value: "<img src=x onerror=alert(1)>" }],
  user: { email: "a@example.com" },
  release: null,
  environment: "production",
  contexts: { os: { name: "Linux" } },
  entries: [
    {
      type: "exception",
      data: {
        values: [
          { type: "ValueError", value: "bad input", stacktrace: { frames: [frame("parse", 3, false)] } },
          {
            type: "KeyError",
            value: "'total'",
            mechanism: { handled: false },
            stacktrace: { frames: [frame("main", 10, false), frame("checkout", 20, true)] },
          },
        ],
      },
    },
    { type: "request", data: { url: "https://shop.test/checkout", method: "POST" } },
    {
      type: "breadcrumbs",
      data: { values: [{ timestamp: "2026-12-01T09:59:59Z", category: "http", message: "GET /cart" }] },
    },
  ],
  occurrence: {
    fingerprint: ["a"],
    evidenceData: {},
    evidenceDisplay: [
      { name: "Later", value: "2", important: false },
      { name: "First", value: "<script>x()</script>", important: true },
    ],
  },
};

describe("an event's view", () => {
  it("shows chained exceptions newest first with in-app frames highlighted, and flips the order", () => {
    render(<EventView event={event} />);
    const headings = () => screen.getAllByRole("heading", { level: 4 }).map((h) => h.textContent);
    expect(headings()).toEqual(["KeyErrorunhandled", "ValueError"]);
    const frames = () => [...document.querySelectorAll(".exception-value")][0]!.querySelectorAll(".frame");
    expect([...frames()].map((f) => f.className)).toEqual(["frame in-app", "frame"]);
    expect(frames()[0]!.textContent).toContain("app/checkout.py:20 in checkout");
    expect(within(frames()[0] as HTMLElement).getByText("order_id").nextSibling?.textContent).toBe("42");
    fireEvent.click(screen.getByLabelText("Newest frame first"));
    expect(headings()).toEqual(["ValueError", "KeyErrorunhandled"]);
  });

  it("puts important evidence first and renders markup from the event as text", () => {
    expect(evidenceRows(event).map((r) => r.name)).toEqual(["First", "Later"]);
    render(<EventView event={event} />);
    expect(document.querySelector("script, img")).toBeNull();
    expect(screen.getByText("<script>x()</script>")).toBeTruthy();
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(screen.getByText("https://shop.test/checkout")).toBeTruthy();
    expect(screen.getByText("GET /cart")).toBeTruthy();
    expect(screen.getByText("os.name").nextSibling?.textContent).toBe("Linux");
  });
});
