import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SearchBox } from "./search-box.js";
import { suggest, valueRequest } from "./search-suggest.js";
import { useSearchSuggestions } from "./use-search-suggestions.js";

/** A request the fake API holds until the test answers it (or the client aborts it). */
interface Held {
  url: URL;
  signal: AbortSignal | undefined;
  answer: (body: unknown) => void;
}

let held: Held[];
beforeEach(() => {
  held = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(
      (input: string, init?: RequestInit) =>
        new Promise<Response>((resolve, reject) => {
          const signal = init?.signal ?? undefined;
          signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
          held.push({
            url: new URL(input, "http://sift.test"),
            signal,
            answer: (body) => resolve(new Response(JSON.stringify(body), { status: 200 })),
          });
        }),
    ),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const TAG_KEYS = [
  { key: "browser", name: "Browser", totalValues: 9 },
  { key: "environment", name: "Environment", totalValues: 9 },
  { key: "is", name: "Is", totalValues: null },
];

function Box(props: { scope?: { environment?: string[] } }) {
  const search = useSearchSuggestions({
    org: "acme",
    scope: props.scope ?? {},
    projects: ["web"],
    debounceMs: 20,
  });
  return <SearchBox value="" onSubmit={() => {}} {...search} />;
}

function renderBox(props: { scope?: { environment?: string[] } } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Box {...props} />
    </QueryClientProvider>,
  );
  const input = screen.getByRole("combobox", { name: "Search issues" });
  fireEvent.focus(input);
  return input as HTMLInputElement;
}

const type = (input: HTMLElement, text: string) =>
  fireEvent.change(input, { target: { value: text, selectionStart: text.length } });
const options = () => screen.queryAllByRole("option").map((o) => o.textContent);
const requests = (path: string) => held.filter((r) => r.url.pathname === path);
const VALUES = "/api/0/organizations/acme/tags/environment/values/";

describe("the search box's suggestions from the tags endpoints", () => {
  it("suggests the organization's keys once the tags endpoint answers", async () => {
    const input = renderBox({ scope: { environment: ["production"] } });
    await waitFor(() => expect(requests("/api/0/organizations/acme/tags/")).toHaveLength(1));
    expect(requests("/api/0/organizations/acme/tags/")[0]!.url.searchParams.getAll("environment")).toEqual([
      "production",
    ]);
    // Until it answers, the language's own keys.
    type(input, "b");
    expect(options()).toEqual(["bookmarks:"]);
    requests("/api/0/organizations/acme/tags/")[0]!.answer(TAG_KEYS);
    await waitFor(() => expect(options()).toEqual(["browser:"]));
    type(input, "env");
    expect(options()).toEqual(["environment:"]);
  });

  it("asks for the typed prefix once typing pauses, and aborts a request a longer prefix supersedes", async () => {
    const input = renderBox();
    type(input, "environment:p");
    type(input, "environment:pr");
    await waitFor(() => expect(requests(VALUES)).toHaveLength(1));
    // The first two keystrokes came within the pause: one request, for the prefix typed last.
    expect(requests(VALUES)[0]!.url.searchParams.get("query")).toBe("pr");
    type(input, "environment:pro");
    await waitFor(() => expect(requests(VALUES)).toHaveLength(2));
    expect(requests(VALUES)[0]!.signal?.aborted).toBe(true);
    expect(requests(VALUES)[1]!.url.searchParams.get("query")).toBe("pro");
    requests(VALUES)[1]!.answer([
      { key: "environment", name: "production", value: "production", count: 3 },
      { key: "environment", name: "prod-eu", value: "prod-eu", count: 1 },
    ]);
    await waitFor(() => expect(options()).toEqual(["production", "prod-eu"]));
  });

  it("narrows the previous answer while the next prefix loads, and chooses with the keyboard", async () => {
    const input = renderBox();
    type(input, "environment:");
    await waitFor(() => expect(requests(VALUES)).toHaveLength(1));
    requests(VALUES)[0]!.answer([
      { key: "environment", name: "production", value: "production", count: 3 },
      { key: "environment", name: "staging", value: "staging", count: 2 },
    ]);
    await waitFor(() => expect(options()).toEqual(["production", "staging"]));
    type(input, "environment:st");
    expect(options()).toEqual(["staging"]);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(input.getAttribute("aria-activedescendant")).toBe(screen.getByRole("option").id);
    expect(screen.getByRole("option").getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(input.value).toBe("environment:staging ");
  });

  it("answers the language's own values and the project slugs without asking the API", async () => {
    const input = renderBox();
    type(input, "is:unre");
    expect(options()).toEqual(["unresolved"]);
    type(input, "project:");
    expect(options()).toEqual(["web"]);
    await new Promise((r) => setTimeout(r, 50));
    expect(held.filter((r) => r.url.pathname.includes("/values/"))).toEqual([]);
  });
});

describe("valueRequest", () => {
  it("finds the key and the typed prefix of a negated or quoted word", () => {
    expect(valueRequest("!browser:Fire")).toEqual({ key: "browser", prefix: "Fire" });
    expect(valueRequest('url:"/a b')).toEqual({ key: "url", prefix: "/a b" });
    expect(valueRequest('url:"/a b"')).toEqual({ key: "url", prefix: "/a b" });
    expect(valueRequest("checkout")).toBeNull();
    expect(valueRequest(":x")).toBeNull();
    expect(suggest('url:"/a', [], () => ["/a b", "/b"]).map((s) => s.text)).toEqual(['url:"/a b" ']);
  });
});
