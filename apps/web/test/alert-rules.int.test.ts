import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Rule } from "../src/alerts/rule-model.js";
import { MEMBER, startSift } from "./sift.js";
import type { Sift } from "./sift.js";

const FIRST_SEEN = "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition";
const EVENT_FREQUENCY = "sentry.rules.conditions.event_frequency.EventFrequencyCondition";
const LEVEL = "sentry.rules.filters.level.LevelFilter";
const SLACK = "sift.rules.actions.SlackWebhookAction";
const NAME = "Web <b>new</b> issues";
const RENAMED = "Web: new or busy issues";

/** A webhook receiver on 127.0.0.1 answering the queued statuses in turn (the last one stays). */
async function startReceiver(statuses: number[]) {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      bodies.push(body);
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      res.writeHead(status).end(status < 300 ? "ok" : "unavailable");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0/B0/secret`,
    origin: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sift: Sift;
let page: Page;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver([503, 200]);
  sift = await startSift("web_alert_rules", {
    ingestEnv: {
      SIFT_OUTBOUND_ALLOW: "127.0.0.1",
      SIFT_ALERTS_INTERVAL_MS: "200",
      SIFT_ALERTS_RETRY_BASE_MS: "200",
    },
  });
  page = await sift.newPage();
  await sift.signIn(page);
});
afterAll(async () => {
  await sift?.stop();
  await receiver?.close();
});

const rules = () => sift.apiJson<Rule[]>("/projects/acme/web/rules/");
const rowOf = (name: string) => page.getByRole("row", { name: new RegExp(name) });

describe("alert rules in a browser", () => {
  it("lists the project's rules from the layout's Alerts link, at Sentry's URL", async () => {
    await page.getByRole("link", { name: "Alerts" }).click();
    await page.waitForURL(/\/organizations\/acme\/alerts\/rules\/$/);
    await page.getByText("This project has no alert rules yet.").waitFor();
    expect(await page.getByLabel("Project").inputValue()).toBe("api");
    await page.getByLabel("Project").selectOption("web");
    await page.waitForURL(/\/organizations\/acme\/alerts\/rules\/\?project=web$/);
    await page.getByText("This project has no alert rules yet.").waitFor();
    expect(await sift.seriousViolations(page)).toEqual([]);
  });

  it("shows the API's refusal next to the form and keeps what was typed", async () => {
    await page.getByRole("link", { name: "Create alert rule" }).click();
    await page.waitForURL(/\/organizations\/acme\/alerts\/new\/issue\/\?project=web$/);
    await page.getByLabel("Rule name").fill(NAME);
    // Keyboard: choose in the select, Tab to its Add button, Enter.
    await page.getByLabel("New condition").selectOption({ label: "A new issue is created" });
    await page.getByLabel("New condition").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("group", { name: "Condition 1: A new issue is created" }).waitFor();
    await page.getByRole("button", { name: "Save rule" }).click();
    const alert = page.getByRole("alert");
    await alert.getByText("You must add an action for this alert to fire.").waitFor();
    expect(await page.getByLabel("Rule name").inputValue()).toBe(NAME);
    expect(page.url()).toMatch(/\/alerts\/new\/issue\//);
    expect(await rules()).toEqual([]);
    expect(await sift.seriousViolations(page)).toEqual([]);
    await sift.screenshot(page, "alert-rule-refused");
  });

  it("creates the rule through the form; the API has Sentry's JSON of it", async () => {
    await page.getByLabel("Fire when").selectOption("any");
    await page
      .getByLabel("New condition")
      .selectOption({ label: "The issue is seen more than a number of times" });
    await page.getByRole("button", { name: "Add condition" }).click();
    const busy = page.getByRole("group", {
      name: "Condition 2: The issue is seen more than a number of times",
    });
    await busy.getByLabel("More than (events)").fill("500");
    await busy.getByLabel("Within", { exact: true }).selectOption("1d");
    await page.getByLabel("New filter").selectOption({ label: "The event's level" });
    await page.getByRole("button", { name: "Add filter" }).click();
    await page.getByLabel("New action").selectOption({ label: "Send a Slack message" });
    await page.getByRole("button", { name: "Add action" }).click();
    await page.getByLabel("Slack incoming webhook URL").fill(receiver.url);
    await page.getByLabel(/at most once for each issue every/).selectOption("5");
    await page.getByRole("button", { name: "Save rule" }).click();
    await page.waitForURL(/\/organizations\/acme\/alerts\/rules\/web\/\d+\/details\/$/);
    const h1 = page.getByRole("heading", { level: 1 });
    expect(await h1.textContent()).toBe(NAME);
    expect(await h1.locator("b").count()).toBe(0);
    expect(await rules()).toMatchObject([
      {
        name: NAME,
        environment: null,
        actionMatch: "any",
        filterMatch: "all",
        frequency: 5,
        conditions: [
          { id: FIRST_SEEN },
          { id: EVENT_FREQUENCY, value: 500, interval: "1d", comparisonType: "count" },
        ],
        filters: [{ id: LEVEL, match: "gte", level: "40" }],
        actions: [{ id: SLACK, webhookUrl: receiver.url }],
      },
    ]);
  });

  it("lists the rule with its conditions, actions, frequency and status, then edits it", async () => {
    await page.goto("/organizations/acme/alerts/rules/?project=web");
    const row = rowOf("Web <b>new</b> issues");
    await row.waitFor();
    const cells = await row.getByRole("cell").allTextContents();
    expect(cells.slice(0, 5)).toEqual([
      NAME,
      "Any of: A new issue is created; The issue is seen more than 500 times in one day" +
        "If The event's level is at least error",
      `Send a Slack message via ${new URL(receiver.url).host}`,
      "at most every 5 minutes",
      "active",
    ]);
    expect(cells[5]).toBe("—");
    await row.getByRole("link", { name: `Edit ${NAME}` }).click();
    await page.waitForURL(/\/alerts\/rules\/web\/\d+\/$/);
    expect(await page.getByLabel("Slack incoming webhook URL").inputValue()).toBe(receiver.url);
    await page.getByLabel("Rule name").fill(RENAMED);
    await page.getByLabel(/at most once for each issue every/).selectOption("10");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/\/alerts\/rules\/web\/\d+\/details\/$/);
    await page.getByRole("heading", { level: 1, name: RENAMED }).waitFor();
    expect(await rules()).toMatchObject([{ name: RENAMED, frequency: 10, actionMatch: "any" }]);
  });

  it("an alert delivered through the pipeline is in the delivery log with each attempt's status code", async () => {
    // The ingest daemon's alert decider has started its cursor: what is ingested from now on fires.
    await expect
      .poll(async () => Boolean(await sift.db("alert_cursors").first()), { timeout: 30_000 })
      .toBe(true);
    await sift.ingestOccurrences([{ fingerprint: "alerted", title: "Checkout broke", level: "error" }]);
    const delivery = page.getByRole("row", { name: /^Delivery \d+$/ });
    await expect
      .poll(async () => ((await delivery.count()) > 0 ? await delivery.first().textContent() : ""), {
        timeout: 30_000,
      })
      .toMatch(/delivered.*2 attempts/);
    expect(await delivery.count()).toBe(1);
    expect(await delivery.getByRole("cell").nth(2).textContent()).toBe(receiver.origin);
    await delivery.getByText("2 attempts").click();
    const attempts = delivery.getByRole("table", { name: /^Attempts of delivery/ }).locator("tbody tr");
    const attempt = async (i: number) =>
      (await attempts.nth(i).getByRole("cell").allTextContents()).filter((_, c) => c !== 1 && c !== 4);
    expect([await attempt(0), await attempt(1)]).toEqual([
      ["1", "503", "retry", "HTTP 503: unavailable"],
      ["2", "200", "delivered", ""],
    ]);
    expect(receiver.bodies).toHaveLength(2);
    expect(await sift.seriousViolations(page)).toEqual([]);
    await sift.screenshot(page, "alert-rule-details");
    await page.goto("/organizations/acme/alerts/?project=web");
    await page.getByRole("link", { name: /^Rule \d+$/ }).waitFor();
    expect(await sift.seriousViolations(page)).toEqual([]);
    await page.goto("/organizations/acme/alerts/rules/?project=web");
    await expect
      .poll(async () => (await rowOf(RENAMED).getByRole("cell").allTextContents())[5])
      .toBe("just now");
  });

  it("a member sees the rule but cannot delete it", async () => {
    const memberPage = await sift.newPage();
    await sift.signIn(memberPage, MEMBER);
    await memberPage.goto("/organizations/acme/alerts/rules/?project=web");
    const button = memberPage.getByRole("button", { name: `Delete ${RENAMED}` });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute("title")).toBe("Deleting an alert rule needs the admin role.");
    await memberPage.context().close();
  });

  it("an admin deletes the rule after a confirmation", async () => {
    await rowOf(RENAMED)
      .getByRole("button", { name: `Delete ${RENAMED}` })
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(`Delete the alert rule "${RENAMED}"? This cannot be undone.`).waitFor();
    await dialog.getByRole("button", { name: "Confirm: Delete" }).click();
    await page.getByText("This project has no alert rules yet.").waitFor();
    expect(await rules()).toEqual([]);
  });
});
