import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, CONDITIONS, FILTERS } from "@sift/alerts";
import { addOrganizationMember, createUser } from "@sift/storage";
import { BASE_URL, createAlertsHarness } from "./test/alerts-harness.js";
import type { AlertsHarness, Tenant } from "./test/alerts-harness.js";
import { issueRow } from "./test/harness.js";
import type { OrgFixture } from "./test/harness.js";
import type { OccurrenceSpec } from "./test/generate.js";

let h: AlertsHarness;
beforeAll(async () => {
  h = await createAlertsHarness();
});
afterAll(async () => {
  await h?.destroy();
});

const createApp = (t: Tenant, events: string[] = []) => h.createApp(t, events);
const createRule = (org: OrgFixture, path: string, body: Record<string, unknown>) =>
  h.createRule(org, path, body);
const ingestOne = (t: Tenant, fingerprint: string, extra: Partial<OccurrenceSpec> = {}) =>
  h.ingestOne(t, fingerprint, extra);

describe("rules API", () => {
  it("creates, lists, replaces and deletes a rule with Sentry's JSON and defaults", async () => {
    const t = await h.tenant();
    const body = {
      name: "New issues",
      conditions: [{ id: CONDITIONS.FIRST_SEEN }],
      actions: [{ id: ACTIONS.SLACK, webhookUrl: "https://hooks.slack.com/services/T/B/x" }],
    };
    const id = await createRule(t.org, t.path, body);
    const list = await h.request("GET", `${t.path}/rules/`, { token: t.org.tokens.read });
    expect(list.json()).toMatchObject([
      {
        id,
        name: "New issues",
        actionMatch: "all",
        filterMatch: "all",
        frequency: 30,
        environment: null,
        projects: ["app"],
      },
    ]);
    const put = await h.request("PUT", `${t.path}/rules/${id}/`, {
      token: t.org.tokens.admin,
      body: { ...body, name: "Renamed", frequency: 60, actionMatch: "any" },
    });
    expect(put.json()).toMatchObject({ id, name: "Renamed", frequency: 60, actionMatch: "any" });
    expect(
      (await h.request("DELETE", `${t.path}/rules/${id}/`, { token: t.org.tokens.admin })).statusCode,
    ).toBe(202);
    expect((await h.request("GET", `${t.path}/rules/${id}/`, { token: t.org.tokens.read })).statusCode).toBe(
      404,
    );
  });

  it("refuses invalid rules with Sentry's messages", async () => {
    const t = await h.tenant();
    const cases: [Record<string, unknown>, string][] = [
      [{ conditions: [], actions: [] }, "You must add an action for this alert to fire."],
      [
        { actionMatch: "most", actions: [{ id: ACTIONS.SERVICE, service: "webhooks" }] },
        '"most" is not a valid choice.',
      ],
      [
        { frequency: 1, actions: [{ id: ACTIONS.SERVICE, service: "webhooks" }] },
        "Ensure this value is greater than or equal to 5.",
      ],
      [
        { actions: [{ id: "sentry.rules.actions.Nope" }] },
        "Invalid node. Could not find 'sentry.rules.actions.Nope'",
      ],
      [
        {
          conditions: [{ id: CONDITIONS.EVENT_FREQUENCY, value: 10, interval: "2m" }],
          actions: [{ id: ACTIONS.SERVICE, service: "webhooks" }],
        },
        '"2m" is not a valid choice.',
      ],
      [
        {
          actions: [
            { id: ACTIONS.SENTRY_APP, sentryAppInstallationUuid: "7d1a9d40-0000-4000-8000-000000000000" },
          ],
        },
        "Could not find the Sentry app installation.",
      ],
    ];
    for (const [body, detail] of cases) {
      const res = await h.request("POST", `${t.path}/rules/`, {
        token: t.org.tokens.admin,
        body: { name: "x", ...body },
      });
      expect([res.statusCode, res.json()]).toEqual([400, { detail }]);
    }
    const unnamed = await h.request("POST", `${t.path}/rules/`, {
      token: t.org.tokens.admin,
      body: { actions: [{ id: ACTIONS.SERVICE, service: "webhooks" }] },
    });
    expect(unnamed.json()).toEqual({ detail: "This field is required." });
  });
});

describe("integration webhooks from rules", () => {
  it("a new issue fires a first-seen rule once, signed with the client secret", async () => {
    const t = await h.tenant();
    const { secret, installation } = await createApp(t);
    const ruleId = await createRule(t.org, t.path, {
      name: "First seen",
      conditions: [{ id: CONDITIONS.FIRST_SEEN }],
      actions: [{ id: ACTIONS.SENTRY_APP, sentryAppInstallationUuid: installation }],
    });
    await ingestOne(t, "first-seen");
    expect(await h.settle()).toMatchObject({ delivered: 1 });
    await ingestOne(t, "first-seen");
    await h.settle();
    expect(t.receiver.requests).toHaveLength(1);
    const [req] = t.receiver.requests;
    const issue = await issueRow(h.db, t.projectId, "first-seen");
    expect(req!.headers["sentry-hook-resource"]).toBe("event_alert");
    expect(req!.headers["sentry-hook-signature"]).toBe(
      createHmac("sha256", secret).update(req!.raw).digest("hex"),
    );
    expect(Number(req!.headers["sentry-hook-timestamp"])).toBe(Math.floor(h.clock.now().getTime() / 1000));
    expect(req!.headers["request-id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(req!.json).toMatchObject({
      action: "triggered",
      installation: { uuid: installation },
      actor: { type: "application", id: "sentry", name: "Sentry" },
      data: {
        triggered_rule: "First seen",
        event: {
          // The event's own data, read when the alert is sent, with the links the body sets.
          platform: "python",
          issue_id: String(issue!.id),
          web_url: expect.stringContaining(`${BASE_URL}/organizations/${t.slug}/issues/${issue!.id}/events/`),
        },
      },
    });
    const rule = await h.request("GET", `${t.path}/rules/${ruleId}/`, { token: t.org.tokens.read });
    const { firings } = rule.json<{ firings: { dateAdded: string }[] }>();
    expect(rule.json()).toMatchObject({
      firings: [{ issueId: String(issue!.id) }],
      lastTriggered: firings[0]!.dateAdded,
    });
    const list = await h.request("GET", `${t.path}/rules/`, { token: t.org.tokens.read });
    expect(list.json<{ id: string; lastTriggered: string | null }[]>()).toEqual([
      expect.objectContaining({ id: String(ruleId), lastTriggered: firings[0]!.dateAdded }),
    ]);
  });

  it("a regression fires the regression rule through the legacy webhooks plugin", async () => {
    const t = await h.tenant();
    const plugin = await h.request("PUT", `${t.path}/plugins/webhooks/`, {
      token: t.org.tokens.admin,
      body: { urls: t.receiver.url },
    });
    expect(plugin.json()).toMatchObject({ enabled: true, config: [{ name: "urls", value: t.receiver.url }] });
    await createRule(t.org, t.path, {
      name: "Regressed",
      conditions: [{ id: CONDITIONS.REGRESSION }],
      actions: [{ id: ACTIONS.SERVICE, service: "webhooks" }],
    });
    await ingestOne(t, "regress");
    await h.settle();
    const issue = await issueRow(h.db, t.projectId, "regress");
    const resolved = await h.request("PUT", `/api/0/organizations/${t.slug}/issues/?id=${issue!.id}`, {
      token: t.org.tokens.admin,
      body: { status: "resolved" },
    });
    expect(resolved.statusCode).toBe(200);
    await h.settle();
    expect(t.receiver.requests).toHaveLength(0);
    h.clock.advance(10_000);
    await ingestOne(t, "regress");
    await h.settle();
    expect(t.receiver.requests.map((r) => r.json)).toMatchObject([
      {
        id: String(issue!.id),
        project: "app",
        triggering_rules: ["Regressed"],
        url: `${BASE_URL}/organizations/${t.slug}/issues/${issue!.id}/?referrer=webhooks_plugin`,
        event: { platform: "python", event_id: expect.stringMatching(/^[0-9a-f]{32}$/) },
      },
    ]);
  });

  it("rules firing together send one legacy webhook naming them all, and one integration alert each", async () => {
    const t = await h.tenant();
    const { installation } = await createApp(t);
    await h.request("PUT", `${t.path}/plugins/webhooks/`, {
      token: t.org.tokens.admin,
      body: { urls: t.receiver.url },
    });
    const webhook = { id: ACTIONS.SERVICE, service: "webhooks" };
    const app = { id: ACTIONS.SENTRY_APP, sentryAppInstallationUuid: installation };
    const first = await createRule(t.org, t.path, {
      name: "New issue",
      conditions: [{ id: CONDITIONS.FIRST_SEEN }],
      actions: [webhook],
    });
    const second = await createRule(t.org, t.path, {
      name: "New error",
      conditions: [{ id: CONDITIONS.FIRST_SEEN }],
      filters: [{ id: FILTERS.LEVEL, match: "gte", level: "40" }],
      actions: [webhook, app],
    });
    await ingestOne(t, "together");
    expect(await h.settle()).toMatchObject({ delivered: 2 });
    const received = t.receiver.requests.map((r) => ({
      resource: String(r.headers["sentry-hook-resource"] ?? "legacy"),
      rules: (r.json as { triggering_rules?: string[] }).triggering_rules,
      rule: (r.json as { data?: { triggered_rule?: string } }).data?.triggered_rule,
    }));
    expect(received.sort((a, b) => a.resource.localeCompare(b.resource))).toEqual([
      { resource: "event_alert", rules: undefined, rule: "New error" },
      { resource: "legacy", rules: ["New issue", "New error"], rule: undefined },
    ]);
    const byRule = async (rule: string) =>
      (await h.request("GET", `${t.path}/alert-deliveries/?rule=${rule}`, { token: t.org.tokens.read })).json<
        { action: string; ruleIds: string[] }[]
      >();
    expect(await byRule(first)).toEqual([
      expect.objectContaining({ action: "webhooks", ruleIds: [first, second] }),
    ]);
    expect((await byRule(second)).map((d) => [d.action, d.ruleIds]).sort()).toEqual([
      ["sentry_app", [second]],
      ["webhooks", [first, second]],
    ]);
  });

  it("more than 10 events in 5 minutes fires on the 11th event, and not again within the frequency", async () => {
    const t = await h.tenant();
    await createRule(t.org, t.path, {
      name: "Busy",
      conditions: [{ id: CONDITIONS.EVENT_FREQUENCY, value: 10, interval: "5m" }],
      actions: [{ id: ACTIONS.SLACK, webhookUrl: t.receiver.url }],
    });
    for (let i = 0; i < 10; i++) {
      await ingestOne(t, "busy");
      await h.settle();
    }
    expect(t.receiver.requests).toHaveLength(0);
    await ingestOne(t, "busy");
    await h.settle();
    expect(t.receiver.requests).toHaveLength(1);
    for (let i = 0; i < 5; i++) await ingestOne(t, "busy");
    await h.settle();
    expect(t.receiver.requests).toHaveLength(1);
  });

  it("filters on level, environment and tag keep a rule silent; a matching one fires", async () => {
    const t = await h.tenant();
    const action = [{ id: ACTIONS.SLACK, webhookUrl: t.receiver.url }];
    const firstSeen = [{ id: CONDITIONS.FIRST_SEEN }];
    await createRule(t.org, t.path, {
      name: "fatal only",
      conditions: firstSeen,
      actions: action,
      filters: [{ id: FILTERS.LEVEL, match: "eq", level: "50" }],
    });
    await createRule(t.org, t.path, {
      name: "production only",
      conditions: firstSeen,
      actions: action,
      environment: "production",
    });
    await createRule(t.org, t.path, {
      name: "chrome only",
      conditions: firstSeen,
      actions: action,
      filters: [{ id: FILTERS.TAGGED_EVENT, key: "browser", match: "eq", value: "Chrome" }],
    });
    await ingestOne(t, "filtered", { level: "error", environment: "staging", tags: { browser: "Firefox" } });
    await h.settle();
    expect(t.receiver.requests).toHaveLength(0);
    await ingestOne(t, "unfiltered", { level: "error", environment: "staging", tags: { browser: "Chrome" } });
    await h.settle();
    expect(
      t.receiver.requests.map(
        (r) => (r.json.blocks as { elements?: { text: string }[] }[])[2]!.elements![0]!.text,
      ),
    ).toEqual(["Alert rule: chrome only"]);
  });
});

describe("issue webhooks", () => {
  it("sends created, resolved, assigned, archived and unresolved to an app subscribed to issues", async () => {
    const t = await h.tenant();
    const { secret, installation } = await createApp(t, ["issue"]);
    const { user } = await createUser(h.db, { email: `dev@${t.slug}.example`, name: "Dev" });
    await addOrganizationMember(h.db, t.org.organization.id, user.id);
    await ingestOne(t, "lifecycle");
    await h.settle();
    const issue = await issueRow(h.db, t.projectId, "lifecycle");
    for (const body of [
      { status: "resolved" },
      { assignedTo: `user:${user.id}` },
      { status: "ignored" },
      { status: "unresolved" },
    ]) {
      const res = await h.request("PUT", `/api/0/organizations/${t.slug}/issues/?id=${issue!.id}`, {
        token: t.org.tokens.admin,
        body,
      });
      expect(res.statusCode, res.body).toBe(200);
      await h.settle();
    }
    const requests = t.receiver.requests;
    expect(requests.map((r) => [r.headers["sentry-hook-resource"], r.json.action])).toEqual([
      ["issue", "created"],
      ["issue", "resolved"],
      ["issue", "assigned"],
      ["issue", "archived"],
      ["issue", "unresolved"],
    ]);
    for (const r of requests) {
      expect(r.headers["sentry-hook-signature"]).toBe(
        createHmac("sha256", secret).update(r.raw).digest("hex"),
      );
      expect(r.json).toMatchObject({
        installation: { uuid: installation },
        data: {
          issue: {
            id: String(issue!.id),
            web_url: `${BASE_URL}/organizations/${t.slug}/issues/${issue!.id}/`,
          },
        },
      });
    }
    expect(requests[2]!.json).toMatchObject({
      data: { issue: { assignedTo: { type: "user", id: String(user.id) } } },
    });
  });
});

const decodeQuotedPrintable = (text: string): string =>
  text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe("Slack and e-mail", () => {
  it("both arrive with the issue's link, Slack's text escaped", async () => {
    const t = await h.tenant();
    const { user } = await createUser(h.db, { email: `oncall@${t.slug}.example`, name: "On call" });
    await addOrganizationMember(h.db, t.org.organization.id, user.id);
    await createRule(t.org, t.path, {
      name: "Tell everyone",
      conditions: [{ id: CONDITIONS.FIRST_SEEN }],
      actions: [
        { id: ACTIONS.SLACK, webhookUrl: t.receiver.url },
        { id: ACTIONS.EMAIL, targetType: "Member", targetIdentifier: user.id },
      ],
    });
    await ingestOne(t, "told", { title: "Failed <script> & co" });
    const outcome = await h.settle();
    expect(outcome).toMatchObject({ delivered: 2 });
    const issue = await issueRow(h.db, t.projectId, "told");
    const link = `${BASE_URL}/organizations/${t.slug}/issues/${issue!.id}/`;
    const slack = t.receiver.requests[0]!.json as { text: string; blocks: { text?: { text: string } }[] };
    expect(slack.blocks[0]!.text!.text).toBe(`*<${link}|Failed &lt;script&gt; &amp; co>*`);
    expect(slack.text).toBe("[app] Failed <script> & co");
    const mail = h.smtp.mails.find((m) => m.to.includes(user.email));
    expect(mail).toBeDefined();
    const decoded = decodeQuotedPrintable(mail!.raw);
    expect(decoded).toContain(`View the issue: ${link}`);
    expect(decoded).toContain(`<a href="${link}">View the issue</a>`);
    expect(decoded).toContain("Failed &lt;script&gt; &amp; co");
  });
});
