import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startSift } from "./sift.js";
import type { Sift } from "./sift.js";

let sift: Sift;
let page: Page;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  sift = await startSift("web_suggest");
  await sift.ingestOccurrences([
    { fingerprint: "pay-declined", title: "Payment declined", environment: "production" },
    { fingerprint: "pay-declined", title: "Payment declined", environment: "production" },
    { fingerprint: "search-slow", title: "Search is slow", environment: "staging" },
    { fingerprint: "stage-crash", title: "Stage crashed", environment: "stage-eu", projectId: 2 },
    {
      fingerprint: "old-report",
      title: "Old report failed",
      environment: "production",
      time: new Date(Date.now() - 3 * DAY_MS),
    },
  ]);
  page = await sift.newPage();
  await sift.signIn(page);
});
afterAll(async () => {
  await sift?.stop();
});

const titles = async () => (await page.locator("tbody tr .title").allTextContents()).sort();
const box = () => page.getByRole("combobox", { name: "Search issues" });
const suggestions = () => page.getByRole("listbox", { name: "Suggestions" }).getByRole("option");
const ALL = ["Old report failed", "Payment declined", "Search is slow", "Stage crashed"];

describe("the search box's suggestions and the stream's selectors in a browser", () => {
  it("suggests environment for env, then the seeded environments for a prefix, and the choice narrows the stream", async () => {
    await expect.poll(titles).toEqual(ALL);
    await box().fill("is:unresolved ");
    await box().pressSequentially("env");
    await expect.poll(() => suggestions().allTextContents()).toEqual(["environment:"]);
    expect(await box().getAttribute("aria-expanded")).toBe("true");
    await box().press("ArrowDown");
    await box().press("Enter");
    expect(await box().inputValue()).toBe("is:unresolved environment:");

    await box().pressSequentially("sta");
    await expect.poll(() => suggestions().allTextContents()).toEqual(["stage-eu", "staging"]);
    await sift.screenshot(page, "stream-suggest-values");
    await box().press("ArrowDown");
    await box().press("ArrowDown");
    const active = await box().getAttribute("aria-activedescendant");
    expect(await page.locator(`[id="${active}"]`).textContent()).toBe("staging");
    await box().press("Enter");
    expect(await box().inputValue()).toBe("is:unresolved environment:staging ");
    await box().press("Enter");
    await expect.poll(titles).toEqual(["Search is slow"]);
    expect(new URL(page.url()).searchParams.get("query")).toBe("is:unresolved environment:staging");
  });

  it("filters by the environment chosen in the selector, listed from the environments endpoint", async () => {
    await page.getByRole("button", { name: "Unresolved" }).click();
    await expect.poll(titles).toEqual(ALL);
    const selector = page.getByRole("combobox", { name: "Environment" });
    await expect
      .poll(() => selector.locator("option").allTextContents())
      .toEqual(["All environments", "production", "stage-eu", "staging"]);
    await selector.selectOption("production");
    await expect.poll(titles).toEqual(["Old report failed", "Payment declined"]);
    expect(new URL(page.url()).searchParams.getAll("environment")).toEqual(["production"]);
    // The values suggested follow the selection: only the production environment's.
    await box().fill("is:unresolved ");
    await box().pressSequentially("environment:");
    await expect.poll(() => suggestions().allTextContents()).toEqual(["production"]);
    await box().press("Escape");
  });

  it("narrows by a relative and an absolute time range, both kept in the URL", async () => {
    const range = page.getByRole("combobox", { name: "Time range" });
    await range.selectOption("24h");
    await expect.poll(titles).toEqual(["Payment declined"]);
    expect(new URL(page.url()).searchParams.get("statsPeriod")).toBe("24h");

    await range.selectOption("custom");
    const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
    await page.getByLabel("From", { exact: true }).fill(`${day(-4)}T00:00`);
    await page.getByLabel("To", { exact: true }).fill(`${day(-2)}T00:00`);
    await page.getByRole("button", { name: "Apply range" }).click();
    await expect.poll(titles).toEqual(["Old report failed"]);
    const params = new URL(page.url()).searchParams;
    expect(params.get("statsPeriod")).toBeNull();
    expect(params.get("start")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(params.get("end")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(params.getAll("environment")).toEqual(["production"]);

    await page.goto(`/organizations/acme/issues/?project=2`);
    await expect.poll(titles).toEqual(["Stage crashed"]);
    expect(await page.getByRole("combobox", { name: "Project" }).inputValue()).toBe("2");
  });
});
