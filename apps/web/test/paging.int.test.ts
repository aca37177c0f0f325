import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Issue } from "../src/api/types.js";
import { startSift } from "./sift.js";
import type { Sift } from "./sift.js";

let sift: Sift;
let page: Page;
const start = Date.now() - 60 * 60_000;

beforeAll(async () => {
  sift = await startSift("web_paging");
  await sift.ingestOccurrences(
    Array.from({ length: 30 }, (_, i) => ({
      fingerprint: `p${i}`,
      title: `Paged issue ${String(i).padStart(2, "0")}`,
      time: new Date(start + i * 60_000),
    })),
  );
  page = await sift.newPage();
  await sift.signIn(page);
});
afterAll(async () => {
  await sift?.stop();
});

const rows = () => page.locator("tbody tr");
const all = () => sift.apiJson<Issue[]>("/organizations/acme/issues/?query=&limit=100&expand=inbox");

describe("paging and actions on everything matching", () => {
  it("pages with the cursor in the URL", async () => {
    await expect.poll(() => rows().count()).toBe(25);
    expect(await rows().first().locator(".title").textContent()).toBe("Paged issue 29");
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => rows().count()).toBe(5);
    expect(new URL(page.url()).searchParams.get("cursor")).toBeTruthy();
    expect(await rows().first().locator(".title").textContent()).toBe("Paged issue 04");
    await page.reload();
    await expect.poll(() => rows().count()).toBe(5);
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect.poll(() => rows().count()).toBe(25);
  });

  it("sets the priority of every issue matching the query, confirming the total", async () => {
    await rows().first().getByRole("checkbox").check();
    await page.getByRole("button", { name: "Select all 30 issues matching the query" }).click();
    await page.getByRole("button", { name: "Priority ▾" }).click();
    await page.getByRole("menuitem", { name: "Low" }).click();
    await page.getByRole("dialog").getByText("Set priority low: 30 issues?").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm: Set priority low" }).click();
    await expect.poll(async () => (await all()).filter((i) => i.priority === "low").length).toBe(30);
  });

  it("bookmarks and marks reviewed the selected issue", async () => {
    await page.goto("/organizations/acme/issues/?query=");
    const row = page.getByRole("row", { name: /Paged issue 29/ });
    await row.getByRole("checkbox").check();
    await page.locator(".bulk").getByRole("button", { name: "Bookmark" }).click();
    const sent = page.waitForResponse(
      (r) => r.request().method() === "PUT" && r.url().includes("/issues/?id="),
    );
    await page.getByRole("dialog").getByRole("button", { name: "Confirm: Bookmark" }).click();
    const response = await sent;
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toEqual({ isBookmarked: true });
    await expect.poll(() => row.getByTitle("Bookmarked").count()).toBe(1);
    // Bookmarks are the signed-in user's: the session's search finds it.
    const box = page.getByRole("combobox", { name: "Search issues" });
    await box.fill("is:bookmarked");
    await box.press("Enter");
    await expect.poll(() => page.locator("tbody tr .title").allTextContents()).toEqual(["Paged issue 29"]);
    await page.goto("/organizations/acme/issues/?query=");
    await row.getByRole("checkbox").check();
    await page.locator(".bulk").getByRole("button", { name: "Mark reviewed" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm: Mark reviewed" }).click();
    await expect
      .poll(async () => (await all()).find((i) => i.title === "Paged issue 29")!.inbox ?? null)
      .toBeNull();
    await page.getByRole("button", { name: "For review" }).click();
    await expect.poll(() => page.getByRole("row", { name: /Paged issue 29/ }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("query")).toBe("is:unresolved is:for_review");
    expect(await rows().count()).toBe(25);
  });
});
