import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Issue } from "../src/api/types.js";
import { startSift } from "./sift.js";
import type { Sift } from "./sift.js";

let sift: Sift;
let page: Page;
const DAY = 86_400_000;

beforeAll(async () => {
  sift = await startSift("web_actions");
  const old = new Date(Date.now() - 3 * DAY);
  await sift.ingestOccurrences([
    { fingerprint: "a", title: "Alpha broke", environment: "production" },
    { fingerprint: "a", title: "Alpha broke", environment: "production" },
    { fingerprint: "a", title: "Alpha broke", environment: "production" },
    { fingerprint: "b", title: "Beta broke", environment: "staging" },
    { fingerprint: "b", title: "Beta broke", environment: "staging" },
    { fingerprint: "c", title: "Gamma broke", environment: "production", time: old },
    { fingerprint: "d", title: "Delta broke" },
    { fingerprint: "e", title: "Epsilon broke" },
  ]);
  page = await sift.newPage();
  await sift.signIn(page);
});
afterAll(async () => {
  await sift?.stop();
});

const titles = () => page.locator("tbody tr .title").allTextContents();
const rowOf = (title: string) => page.getByRole("row", { name: new RegExp(title) });
const all = () => sift.apiJson<Issue[]>("/organizations/acme/issues/?query=&limit=100");
const issueByTitle = async (title: string) => (await all()).find((i) => i.title === title);
const confirmDialog = async (question: string, button: string) => {
  const dialog = page.getByRole("dialog");
  await dialog.getByText(question).waitFor();
  await dialog.getByRole("button", { name: button }).click();
};

describe("stream filters and actions in a browser", () => {
  it("filters by environment, time range and sorts by events, all kept in the URL", async () => {
    await expect.poll(async () => (await titles()).length).toBe(5);
    const environment = page.getByLabel("Environment");
    await expect
      .poll(async () => (await environment.locator("option").allTextContents()).includes("production"))
      .toBe(true);
    await environment.selectOption("production");
    await expect.poll(async () => (await titles()).sort()).toEqual(["Alpha broke", "Gamma broke"]);
    expect(new URL(page.url()).searchParams.getAll("environment")).toEqual(["production"]);
    await page.getByLabel("Time range").selectOption("24h");
    await expect.poll(titles).toEqual(["Alpha broke"]);
    expect(new URL(page.url()).searchParams.get("statsPeriod")).toBe("24h");
    await environment.selectOption("");
    await page.getByLabel("Sort").selectOption("freq");
    await expect.poll(async () => (await titles()).slice(0, 2)).toEqual(["Alpha broke", "Beta broke"]);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("freq");
    await page.goto("/organizations/acme/issues/");
    await expect.poll(async () => (await titles()).length).toBe(5);
  });

  it("archives until 10 more events, and 10 events through the intake bring the issue back", async () => {
    await rowOf("Beta broke").getByRole("checkbox").check();
    await page.getByRole("button", { name: "More archive options ▾" }).click();
    await page.getByRole("menuitem", { name: "Until 10 more events", exact: true }).click();
    await confirmDialog("Archive until 10 more events: 1 issue?", "Confirm: Archive until 10 more events");
    await expect.poll(titles).not.toContain("Beta broke");
    const archived = (await issueByTitle("Beta broke"))!;
    expect([archived.status, archived.substatus]).toEqual(["ignored", "archived_until_condition_met"]);
    await sift.ingestOccurrences(
      Array.from({ length: 10 }, () => ({ fingerprint: "b", title: "Beta broke" })),
    );
    await expect.poll(async () => (await issueByTitle("Beta broke"))!.status).toBe("unresolved");
    await expect.poll(titles, { timeout: 15_000 }).toContain("Beta broke");
  });

  it("merges two issues of one project into one after a confirmation, and unmerges a fingerprint", async () => {
    await rowOf("Delta broke").getByRole("checkbox").check();
    await rowOf("Epsilon broke").getByRole("checkbox").check();
    await page.locator(".bulk").getByRole("button", { name: "Merge" }).click();
    await confirmDialog("Merge 2 issues into one?", "Confirm: Merge");
    await expect
      .poll(async () => (await all()).filter((i) => /^(Delta|Epsilon) broke$/.test(i.title)).length)
      .toBe(1);
    const survivor = (await all()).find((i) => /^(Delta|Epsilon) broke$/.test(i.title))!;
    await page
      .getByRole("row", { name: new RegExp(survivor.title) })
      .getByRole("link")
      .click();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect.poll(() => page.locator(".hashes li").count()).toBe(2);
    await sift.screenshot(page, "issue-merged");
    await page.locator(".hashes li").first().getByRole("checkbox").check();
    await page.getByRole("button", { name: "Unmerge" }).click();
    await expect.poll(() => page.locator(".hashes li").count()).toBe(1);
    await expect
      .poll(async () => (await all()).filter((i) => /^(Delta|Epsilon) broke$/.test(i.title)).length)
      .toBe(2);
  });

  it("deletes an issue after a confirmation; the API no longer has it", async () => {
    await page.goto("/organizations/acme/issues/");
    await rowOf("Alpha broke").getByRole("checkbox").check();
    await page.locator(".bulk").getByRole("button", { name: "Delete" }).click();
    await confirmDialog("Delete 1 issue? This cannot be undone.", "Confirm: Delete");
    await expect.poll(titles).not.toContain("Alpha broke");
    await expect.poll(() => issueByTitle("Alpha broke")).toBeUndefined();
  });

  it("switches between light, dark and the system's theme, and keeps the choice", async () => {
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByLabel("Theme").selectOption("light");
    expect(await theme()).toBe("light");
    await page.reload();
    await page.locator("tbody tr").first().waitFor();
    expect(await theme()).toBe("light");
    await page.getByLabel("Theme").selectOption("system");
    expect(await theme()).toBe("dark");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(theme).toBe("light");
    await page.getByLabel("Theme").selectOption("dark");
    expect(await theme()).toBe("dark");
    expect(await sift.seriousViolations(page)).toEqual([]);
    await sift.screenshot(page, "stream-dark");
  });
});
