import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/client.js";
import { RuleForm } from "./rule-form.js";
import { emptyRule, ruleToForm } from "./rule-model.js";
import type { Rule, RuleBody } from "./rule-model.js";

afterEach(cleanup);

function setup(options: { initial?: Rule; refuse?: unknown[] } = {}) {
  const sent: RuleBody[] = [];
  const refusals = [...(options.refuse ?? [])];
  render(
    <RuleForm
      initial={options.initial ? ruleToForm(options.initial) : emptyRule()}
      environments={["production", "staging"]}
      installations={[{ uuid: "6b1c0d2e-0000-4000-8000-00000000000a", app: { uuid: "a", slug: "pagerbot" } }]}
      onSave={async (body) => {
        sent.push(body);
        if (refusals.length > 0) throw refusals.shift();
      }}
      submitLabel="Save rule"
      cancel={null}
    />,
  );
  return sent;
}

const add = (kind: string, label: string) => {
  fireEvent.change(screen.getByLabelText(`New ${kind}`), {
    target: {
      value: within(screen.getByLabelText(`New ${kind}`))
        .getByText(label)
        .getAttribute("value"),
    },
  });
  fireEvent.click(screen.getByRole("button", { name: `Add ${kind}` }));
};
const group = (name: string) => within(screen.getByRole("group", { name }));

describe("the rule form", () => {
  it("sends the Sentry JSON of what was chosen and typed", async () => {
    const sent = setup();
    fireEvent.change(screen.getByLabelText("Rule name"), { target: { value: "Checkout is on fire" } });
    fireEvent.change(screen.getByLabelText("Environment"), { target: { value: "production" } });
    fireEvent.change(screen.getByLabelText("Fire when"), { target: { value: "any" } });
    add("condition", "A new issue is created");
    add("condition", "The issue is seen by more than a number of users");
    const users = group("Condition 2: The issue is seen by more than a number of users");
    fireEvent.change(users.getByLabelText("More than (users)"), { target: { value: "25" } });
    fireEvent.change(users.getByLabelText("Compared as"), { target: { value: "percent" } });
    fireEvent.change(users.getByLabelText("Compared with the same window"), { target: { value: "1d" } });
    add("filter", "The event's attribute");
    const attribute = group("Filter 1: The event's attribute");
    fireEvent.change(attribute.getByLabelText("Attribute"), { target: { value: "exception.type" } });
    fireEvent.change(attribute.getByLabelText("Match"), { target: { value: "co" } });
    fireEvent.change(attribute.getByLabelText("Value"), { target: { value: "Timeout" } });
    add("action", "Send a notification via an integration");
    fireEvent.change(
      group("Action 1: Send a notification via an integration").getByLabelText("Integration"),
      {
        target: { value: "6b1c0d2e-0000-4000-8000-00000000000a" },
      },
    );
    add("action", "Send a Slack message");
    fireEvent.change(screen.getByLabelText("Slack incoming webhook URL"), {
      target: { value: "https://hooks.slack.com/services/T/B/x" },
    });
    fireEvent.change(screen.getByLabelText(/at most once for each issue every/), {
      target: { value: "180" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      name: "Checkout is on fire",
      environment: "production",
      actionMatch: "any",
      filterMatch: "all",
      frequency: 180,
      conditions: [
        { id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" },
        {
          id: "sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition",
          value: 25,
          interval: "1h",
          comparisonType: "percent",
          comparisonInterval: "1d",
        },
      ],
      filters: [
        {
          id: "sentry.rules.filters.event_attribute.EventAttributeFilter",
          attribute: "exception.type",
          match: "co",
          value: "Timeout",
        },
      ],
      actions: [
        {
          id: "sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction",
          sentryAppInstallationUuid: "6b1c0d2e-0000-4000-8000-00000000000a",
        },
        { id: "sift.rules.actions.SlackWebhookAction", webhookUrl: "https://hooks.slack.com/services/T/B/x" },
      ],
      owner: null,
    });
  });

  it("shows the API's refusal next to the form and keeps what was typed; removing a node drops it", async () => {
    const sent = setup({
      refuse: [
        new ApiError(400, "You must add an action for this alert to fire.", {
          detail: "You must add an action for this alert to fire.",
        }),
        new ApiError(400, "400 Bad Request", {
          name: ["Ensure this field has no more than 256 characters."],
        }),
      ],
    });
    fireEvent.change(screen.getByLabelText("Rule name"), { target: { value: "Kept" } });
    add("condition", "A new issue is created");
    add("condition", "The issue changes state from resolved to unresolved");
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("You must add an action for this alert to fire.");
    expect((screen.getByLabelText("Rule name") as HTMLInputElement).value).toBe("Kept");
    expect(screen.getAllByRole("group", { name: /^Condition \d/ })).toHaveLength(2);

    fireEvent.click(screen.getByRole("button", { name: "Remove condition 1" }));
    add("action", "Send a notification via WebHooks (legacy plugin)");
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(await screen.findByText("Ensure this field has no more than 256 characters.")).toBeTruthy();
    expect(screen.getByLabelText("Rule name").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByLabelText("Rule name").getAttribute("aria-describedby")).toBe("rule-error-name");
    expect(sent[1]!.conditions).toEqual([
      { id: "sentry.rules.conditions.regression_event.RegressionEventCondition" },
    ]);
    expect(sent[1]!.actions).toEqual([
      { id: "sentry.rules.actions.notify_event_service.NotifyEventServiceAction", service: "webhooks" },
    ]);
  });

  it("edits a saved rule: its values are in the fields, an unknown environment and frequency stay choosable", async () => {
    const sent = setup({
      initial: {
        id: "3",
        name: "Old",
        environment: "canary",
        actionMatch: "all",
        filterMatch: "none",
        frequency: 45,
        conditions: [
          {
            id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
            value: 9,
            interval: "5m",
            comparisonType: "count",
          },
        ],
        filters: [{ id: "sentry.rules.filters.level.LevelFilter", match: "eq", level: "50" }],
        actions: [{ id: "sift.rules.actions.SlackWebhookAction", webhookUrl: "https://hooks.slack.com/a" }],
        owner: "team:2",
        dateCreated: "2026-12-01T00:00:00.000Z",
        projects: ["web"],
        status: "active",
        lastTriggered: null,
      },
    });
    expect((screen.getByLabelText("Environment") as HTMLSelectElement).value).toBe("canary");
    expect((screen.getByLabelText(/at most once/) as HTMLSelectElement).value).toBe("45");
    expect((screen.getByLabelText("More than (events)") as HTMLInputElement).value).toBe("9");
    fireEvent.change(screen.getByLabelText("Level"), { target: { value: "30" } });
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      environment: "canary",
      filterMatch: "none",
      frequency: 45,
      owner: "team:2",
      filters: [{ id: "sentry.rules.filters.level.LevelFilter", match: "eq", level: "30" }],
    });
  });
});
