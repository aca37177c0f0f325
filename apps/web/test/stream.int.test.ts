import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Issue } from "../src/api/types.js";
import { startSift } from "./sift.js";
import type { Sift } from "./sift.js";

let sift: Sift;
let page: Page;
beforeAll(async () => {
  sift = await startSift("web_stream");
  await sift.ingestOccurrences([
    {
      fingerprint: "checkout-timeout",
      title: "Checkout timed out",
      culprit: "shop.checkout",
      tags: { browser: "firefox" },
    },
    { fingerprint: "login-failed", title: "Login failed for user", culprit: "auth.login", level: "warning" },
    { fingerprint: "cart-empty", title: "Cart vanished", culprit: "shop.cart", projectId: 2 },
  ]);
  page = await sift.newPage();
  await sift.signIn(page);
});
afterAll(async () => {
  await sift?.stop();
});

const issueRows = () => page.locator("tbody tr");
const rowOf = (title: string) => page.getByRole("row", { name: new RegExp(title) });
const titles = async () => (await page.locator("tbody tr .title").allTextContents()).sort();
const issueByTitle = async (title: string) => {
  const list = await sift.apiJson<Issue[]>("/organizations/acme/issues/?query=&limit=100");
  return list.find((i) => i.title === title)!;
};

describe("the issue stream in a browser", () => {
  it("shows the seeded issues as table rows with their short ids as links", async () => {
    await expect.poll(() => issueRows().count()).toBe(3);
    expect(await titles()).toEqual(["Cart vanished", "Checkout timed out", "Login failed for user"]);
    expect(await rowOf("Checkout timed out").getByRole("link").textContent()).toMatch(/^WEB-\d+$/);
    expect(await rowOf("Cart vanished").getByRole("link").textContent()).toMatch(/^API-\d+$/);
    const sparkline = rowOf("Checkout timed out").getByRole("img");
    await expect.poll(() => sparkline.getAttribute("aria-label")).toMatch(/^WEB-\d+ last 24h: 1 events$/);
    await sift.screenshot(page, "stream");
  });

  it("has no serious or critical accessibility violation on the stream and the login page", async () => {
    expect(await sift.seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "More archive options ▾" }).click();
    await page.getByRole("menu").waitFor();
    expect(await sift.seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    const login = await sift.newPage();
    await login.goto("/auth/login/");
    await login.getByRole("heading", { name: "Sign in to Sift" }).waitFor();
    expect(await sift.seriousViolations(login)).toEqual([]);
    await sift.screenshot(login, "login");
    await login.close();
  });

  it("narrows with a search, keeps it in the URL, and shows a bad search's error under the box", async () => {
    const box = page.getByRole("combobox", { name: "Search issues" });
    await box.fill("is:unresolved level:warning");
    await box.press("Enter");
    await expect.poll(titles).toEqual(["Login failed for user"]);
    expect(new URL(page.url()).searchParams.get("query")).toBe("is:unresolved level:warning");

    await box.fill("is:unresolved times_seen:>lots");
    await box.press("Enter");
    const alert = page.locator(".search [role=alert]");
    await alert.waitFor();
    expect((await alert.textContent())!.length).toBeGreaterThan(5);
    expect(await box.inputValue()).toBe("is:unresolved times_seen:>lots");
    await sift.screenshot(page, "stream-search-error");

    await page.getByRole("button", { name: "Unresolved" }).click();
    await expect.poll(() => issueRows().count()).toBe(3);
    expect(await box.inputValue()).toBe("is:unresolved");
  });

  it("filters by project from the URL", async () => {
    await page.goto("/organizations/acme/issues/?project=2");
    await expect.poll(titles).toEqual(["Cart vanished"]);
    await page.goto("/organizations/acme/issues/");
    await expect.poll(() => issueRows().count()).toBe(3);
  });

  it("shows the rows while the sparklines' stats are still loading, and the sparklines once they arrive", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let statsRequests = 0;
    const isStats = (url: URL) =>
      url.pathname === "/api/0/organizations/acme/issues/" && url.searchParams.has("group");
    await page.route(isStats, async (route) => {
      statsRequests++;
      await held;
      await route.continue();
    });
    const sparklines = page.locator("tbody svg.sparkline");
    try {
      await page.goto("/organizations/acme/issues/");
      await expect.poll(() => statsRequests).toBe(1);
      expect(await issueRows().count()).toBe(3);
      expect(await titles()).toEqual(["Cart vanished", "Checkout timed out", "Login failed for user"]);
      expect(await sparklines.count()).toBe(0);
    } finally {
      release();
      // Waits for the held request to go on before removing the route.
      await page.unrouteAll({ behavior: "wait" });
    }
    await expect.poll(() => sparklines.count()).toBe(3);
  });

  it("shows an occurrence posted to the intake without a reload, and drops an issue resolved elsewhere", async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await sift.ingestOccurrences([
      { fingerprint: "live-one", title: "Arrived while watching", culprit: "live.feed" },
    ]);
    await expect.poll(titles, { timeout: 15_000 }).toContain("Arrived while watching");
    const arrived = await issueByTitle("Arrived while watching");
    await sift.apiJson(`/organizations/acme/issues/${arrived.id}/`, {
      method: "PUT",
      body: { status: "resolved" },
    });
    await expect.poll(titles, { timeout: 15_000 }).not.toContain("Arrived while watching");
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  it("bulk-resolves the selected issues after a confirmation stating how many, and the API says resolved", async () => {
    await rowOf("Checkout timed out").getByRole("checkbox").check();
    await rowOf("Cart vanished").getByRole("checkbox").check();
    await page.locator(".bulk").getByRole("button", { name: "Resolve", exact: true }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByText("Resolve: 2 issues?").count()).toBe(1);
    await sift.screenshot(page, "stream-confirm");
    await dialog.getByRole("button", { name: "Confirm: Resolve" }).click();
    await expect.poll(titles).toEqual(["Login failed for user"]);
    for (const title of ["Checkout timed out", "Cart vanished"])
      await expect.poll(async () => (await issueByTitle(title)).status).toBe("resolved");
    expect((await issueByTitle("Login failed for user")).status).toBe("unresolved");
  });

  it("moves with j/k, selects with x, lists shortcuts with ?, archives with e and opens with Enter", async () => {
    await page.getByRole("button", { name: "All", exact: true }).click();
    await expect.poll(() => issueRows().count()).toBe(4);
    await page.locator("body").click({ position: { x: 5, y: 400 } });
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await sift.screenshot(page, "stream-shortcuts");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);

    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    const first = issueRows().first();
    expect(await first.getAttribute("class")).toBe("focused");
    await page.keyboard.press("x");
    expect(await first.getByRole("checkbox").isChecked()).toBe(true);
    const title = (await first.locator(".title").textContent())!;
    await page.keyboard.press("e");
    await page.getByRole("dialog").getByText("Archive until escalating: 1 issue?").waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await issueByTitle(title)).substatus).toBe("archived_until_escalating");

    await page.keyboard.press("j");
    const focusedTitle = (await page.locator("tbody tr.focused .title").textContent())!;
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/organizations\/acme\/issues\/\d+\//);
    await page.getByRole("heading", { level: 1, name: focusedTitle }).waitFor();
    expect(await page.getByRole("heading", { level: 1 }).allTextContents()).toEqual([focusedTitle]);
  });
});
