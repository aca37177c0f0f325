import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Issue } from "../src/api/types.js";
import { startSift } from "./sift.js";
import type { Sift } from "./sift.js";

const IMG = "<img src=x onerror=\"window.__xss='img'\">";
const SCRIPT = "<script>window.__xss='script'</script>";

let sift: Sift;
let page: Page;
const dialogs: string[] = [];
let issues: Issue[];
const byTitle = (title: string) => issues.find((i) => i.title === title)!;

// Every event of the issue carries the same evidence: whichever one the page recommends shows it.
const EVIDENCE = [
  { name: "Duration", value: "2.4 s", important: false },
  { name: "Query", value: "SELECT * FROM orders", important: true },
];

beforeAll(async () => {
  sift = await startSift("web_issue");
  await sift.ingestOccurrences([
    {
      fingerprint: "slow-db",
      title: "Slow DB query on orders",
      culprit: "orders.list",
      tags: { browser: "firefox", region: "eu" },
      environment: "production",
      evidence: EVIDENCE,
    },
    {
      fingerprint: "slow-db",
      title: "Slow DB query on orders",
      tags: { browser: "chrome", region: "eu" },
      evidence: EVIDENCE,
    },
    {
      fingerprint: "slow-db",
      title: "Slow DB query on orders",
      tags: { browser: "firefox", region: "us" },
      evidence: EVIDENCE,
    },
    {
      fingerprint: "xss",
      title: `${IMG} ${SCRIPT}`,
      culprit: SCRIPT,
      tags: { payload: IMG },
      message: SCRIPT,
      evidence: [{ name: IMG, value: SCRIPT, important: true }],
    },
  ]);
  issues = await sift.apiJson<Issue[]>("/organizations/acme/issues/?query=&limit=100");
  page = await sift.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await sift.signIn(page);
});
afterAll(async () => {
  await sift?.stop();
});

describe("the issue page in a browser", () => {
  it("opens from the stream without a reload and shows the title as h1 with the header facts", async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const link = page.getByRole("row", { name: /Slow DB query on orders/ }).getByRole("link");
    await link.hover();
    const clicked = Date.now();
    await link.click();
    const h1 = page.getByRole("heading", { level: 1, name: "Slow DB query on orders" });
    await h1.waitFor();
    console.log(`row click to the issue page's header: ${Date.now() - clicked} ms`);
    expect(await h1.textContent()).toBe("Slow DB query on orders");
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    expect(page.url()).toContain(`/organizations/acme/issues/${byTitle("Slow DB query on orders").id}/`);
    const facts = await page.locator(".facts").textContent();
    expect(facts).toContain("Events3");
    expect(facts).toContain("Levelerror");
  });

  it("shows the evidence with important rows first, the tags with their shares, the chart and the events", async () => {
    const evidence = page.locator(".evidence tr");
    await expect
      .poll(() => evidence.allTextContents())
      .toEqual(["QuerySELECT * FROM orders", "Duration2.4 s"]);
    const browser = page.locator(".tag-key", { has: page.getByRole("heading", { name: "browser" }) });
    await expect.poll(() => browser.locator("li").allTextContents()).toEqual(["firefox 67%", "chrome 33%"]);
    expect(await page.locator(".chart canvas").count()).toBe(1);
    expect(await page.locator(".chart").getAttribute("aria-label")).toBe("3 events in the last 24h");
    const events = page.getByRole("region", { name: "All events" }).locator("tbody tr");
    await expect.poll(() => events.count()).toBe(3);
    await sift.screenshot(page, "issue");
  });

  it("adds, edits and deletes a note in the activity", async () => {
    await page.getByLabel("Note", { exact: true }).fill("Payments gateway is slow again");
    await page.getByRole("button", { name: "Add note" }).click();
    const note = page.locator(".note-text");
    await expect.poll(() => note.allTextContents()).toEqual(["Payments gateway is slow again"]);
    await page.getByRole("button", { name: "Edit note" }).click();
    await page.getByLabel("Edit note").fill("Gateway fixed in 2.4");
    await page.getByRole("button", { name: "Save note" }).click();
    await expect.poll(() => note.allTextContents()).toEqual(["Gateway fixed in 2.4"]);
    const id = byTitle("Slow DB query on orders").id;
    const notes = await sift.apiJson<{ data: { text: string } }[]>(`/organizations/acme/issues/${id}/notes/`);
    expect(notes.map((n) => n.data.text)).toEqual(["Gateway fixed in 2.4"]);
    await page.getByRole("button", { name: "Delete note" }).click();
    await expect.poll(() => note.count()).toBe(0);
  });

  it("resolves from the header and with r, archives with e; the API agrees", async () => {
    const id = byTitle("Slow DB query on orders").id;
    const status = async () => (await sift.apiJson<Issue>(`/organizations/acme/issues/${id}/`)).status;
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect.poll(status).toBe("resolved");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("e");
    await expect.poll(status).toBe("ignored");
    await page.keyboard.press("r");
    await expect.poll(status).toBe("resolved");
  });

  it("has no serious or critical accessibility violation", async () => {
    expect(await sift.seriousViolations(page)).toEqual([]);
  });

  it("renders script and image payloads of an occurrence as inert text", async () => {
    const response = await page.goto(`/organizations/acme/issues/${byTitle(`${IMG} ${SCRIPT}`).id}/`);
    expect(response!.headers()["content-security-policy"]).toContain("script-src 'self'");
    const h1 = page.getByRole("heading", { level: 1 });
    await h1.waitFor();
    expect(await h1.textContent()).toBe(`${IMG} ${SCRIPT}`);
    await expect.poll(() => page.locator(".evidence tr").allTextContents()).toEqual([`${IMG}${SCRIPT}`]);
    await expect.poll(() => page.locator(".tag-values li").allTextContents()).toContain(`${IMG} 100%`);
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    await page.goto("/organizations/acme/issues/?query=");
    await page.getByRole("row", { name: /onerror/ }).waitFor();
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await sift.screenshot(page, "xss-stream");
  });
});
