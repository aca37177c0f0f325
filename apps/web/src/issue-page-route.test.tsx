import { act, cleanup, render } from "@testing-library/react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("./issue/issue-page.js", () => ({ IssuePage: () => <h1>Checkout timed out</h1> }));

// Each test starts with the chunk not yet fetched (fresh modules).
const modules = async () => ({
  ...(await import("./issue-page-loader.js")),
  ...(await import("./issue-page-route.js")),
});
beforeEach(() => void vi.resetModules());
afterEach(cleanup);

describe("the issue page's route", () => {
  it("shows Loading… while the issue page's chunk loads, then the page", async () => {
    const { IssuePageRoute, loadIssuePage } = await modules();
    const view = render(<IssuePageRoute />);
    expect(view.container.innerHTML).toBe('<p class="muted">Loading…</p>');
    await act(() => loadIssuePage());
    expect(view.container.innerHTML).toBe("<h1>Checkout timed out</h1>");
  });

  it("commits the page in its first render once the chunk was fetched beforehand, as the stream does", async () => {
    const { IssuePageRoute, loadIssuePage } = await modules();
    await loadIssuePage();
    const container = document.createElement("div");
    const root = createRoot(container);
    act(() => flushSync(() => root.render(<IssuePageRoute />)));
    expect(container.innerHTML).toBe("<h1>Checkout timed out</h1>");
    act(() => root.unmount());
  });
});
