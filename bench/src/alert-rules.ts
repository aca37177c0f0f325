import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ACTIONS, CONDITIONS, FILTERS, parseRuleSpec } from "@sift/alerts";
import {
  createAlertRule,
  createDb,
  lockAlertCursor,
  setProjectWebhookConfig,
  withTransaction,
} from "@sift/storage";

/**
 * The rules of the "sift + 20 rules/project" variant, as a project's Sentry alert rules look: new
 * issues, regressions and reappearances with level, environment, tag and category filters, and
 * event and user frequencies over 1 minute to a day, counts and percent comparisons. Every action is
 * the project's legacy webhook (pointed at a local receiver); each body goes through the API's
 * validation.
 */
export function benchRuleBodies(): Record<string, unknown>[] {
  const webhook = [{ id: ACTIONS.SERVICE, service: "webhooks" }];
  const level = (match: string, value: string) => ({ id: FILTERS.LEVEL, match, level: value });
  const tag = (key: string, match: string, value: string) => ({
    id: FILTERS.TAGGED_EVENT,
    key,
    match,
    value,
  });
  const events = (value: number, interval: string, extra: Record<string, unknown> = {}) => ({
    id: CONDITIONS.EVENT_FREQUENCY,
    value,
    interval,
    comparisonType: "count",
    ...extra,
  });
  const users = (value: number, interval: string) => ({
    id: CONDITIONS.UNIQUE_USERS,
    value,
    interval,
    comparisonType: "count",
  });
  const rule = (
    name: string,
    conditions: unknown[],
    filters: unknown[] = [],
    extra: Record<string, unknown> = {},
  ) => ({
    name,
    actionMatch: "any",
    filterMatch: "all",
    frequency: 30,
    conditions,
    filters,
    actions: webhook,
    ...extra,
  });
  return [
    rule("New issue", [{ id: CONDITIONS.FIRST_SEEN }]),
    rule("New error", [{ id: CONDITIONS.FIRST_SEEN }], [level("gte", "40")]),
    rule("New issue in production", [{ id: CONDITIONS.FIRST_SEEN }], [], { environment: "production" }),
    rule("New cron failure", [{ id: CONDITIONS.FIRST_SEEN }], [{ id: FILTERS.ISSUE_CATEGORY, value: "4" }]),
    rule("New issue on web-1", [{ id: CONDITIONS.FIRST_SEEN }], [tag("server_name", "eq", "web-1")]),
    rule("Regression", [{ id: CONDITIONS.REGRESSION }]),
    rule("Regression in production", [{ id: CONDITIONS.REGRESSION }], [], { environment: "production" }),
    rule("Reappeared", [{ id: CONDITIONS.REAPPEARED }]),
    rule("New high priority issue", [{ id: CONDITIONS.NEW_HIGH_PRIORITY }]),
    rule("Burst: 100 events in a minute", [events(100, "1m")]),
    rule("500 events in 5 minutes", [events(500, "5m")], [level("gte", "30")]),
    rule("1,000 events in 15 minutes", [events(1_000, "15m")]),
    rule("5,000 events in an hour", [events(5_000, "1h")], [], { environment: "production" }),
    rule("20,000 events in a day", [events(20_000, "1d")]),
    rule(
      "Errors up 200% on the hour",
      [events(200, "1h", { comparisonType: "percent", comparisonInterval: "1d" })],
      [level("eq", "40")],
    ),
    rule(
      "Spike in staging",
      [events(50, "5m", { comparisonType: "percent", comparisonInterval: "1h" })],
      [],
      { environment: "staging" },
    ),
    rule("50 users in an hour", [users(50, "1h")]),
    rule("200 users in a day", [users(200, "1d")], [tag("release", "sw", "svc-")]),
    rule(
      "New or regressed on the API",
      [{ id: CONDITIONS.FIRST_SEEN }, { id: CONDITIONS.REGRESSION }],
      [tag("transaction", "sw", "/api/endpoint/1")],
    ),
    rule("Frequent new issue", [{ id: CONDITIONS.FIRST_SEEN }, events(10, "1m")], [], { actionMatch: "all" }),
  ];
}

/** A local webhook receiver that answers 200 to everything and counts the requests. */
export async function startWebhookReceiver(): Promise<{
  url: string;
  received: () => number;
  close: () => Promise<void>;
}> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Adds the rules (each body validated as the API does) and the webhook to every project, and starts
 * the alert cursor: everything the daemon ingests from the template is decided on.
 */
export async function addBenchRules(
  url: string,
  organizationId: number,
  projects: number,
  webhookUrl: string,
): Promise<number> {
  const db = createDb({ url, poolMax: 2 });
  let created = 0;
  try {
    const specs = benchRuleBodies().map(parseRuleSpec);
    for (let projectId = 1; projectId <= projects; projectId++) {
      await setProjectWebhookConfig(db, projectId, { urls: [webhookUrl], enabled: true });
      for (const spec of specs) {
        await createAlertRule(db, { ...spec, organizationId, projectId }, new Date());
        created++;
      }
    }
    await withTransaction(db, (trx) => lockAlertCursor(trx, "default"));
  } finally {
    await db.destroy();
  }
  return created;
}
