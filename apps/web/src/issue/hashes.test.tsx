import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Hashes } from "./issue-sections.js";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const HASHES = [
  { id: "a".repeat(32), latestEvent: { eventID: "e1", title: "First way" } },
  { id: "b".repeat(32), latestEvent: { eventID: "e2", title: "Second way" } },
];

describe("the fingerprints section", () => {
  it("unmerges the chosen hashes with Sentry's DELETE …/hashes/?id=, never all of them", async () => {
    const calls: { method: string; url: string }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push({ method: init.method ?? "GET", url });
        const body = init.method === "DELETE" ? null : JSON.stringify(HASHES);
        return new Response(body, { status: init.method === "DELETE" ? 202 : 200 });
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <Hashes base="/organizations/acme/issues/7" />
      </QueryClientProvider>,
    );
    const unmerge = screen.getByRole("button", { name: "Unmerge" });
    await screen.findByText("Second way");
    expect(unmerge.hasAttribute("disabled")).toBe(true);
    const boxes = screen.getAllByRole("checkbox");
    fireEvent.click(boxes[0]!);
    fireEvent.click(boxes[1]!);
    expect(unmerge.hasAttribute("disabled")).toBe(true);
    fireEvent.click(boxes[0]!);
    fireEvent.click(unmerge);
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    expect(calls.find((c) => c.method === "DELETE")!.url).toBe(
      `/api/0/organizations/acme/issues/7/hashes/?id=${"b".repeat(32)}`,
    );
  });
});
