import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client.js";
import {
  describeActions,
  describeNodes,
  emptyRule,
  formToRule,
  newNode,
  ruleToForm,
  saveErrors,
} from "./rule-model.js";
import type { Rule, RuleNode } from "./rule-model.js";

const C = "sentry.rules.conditions.";
const F = "sentry.rules.filters.";
const A = "sentry.rules.actions.";

// Every node the form edits, as the API answers it after its validation (Sentry's serializer).
const CONDITIONS: RuleNode[] = [
  { id: `${C}first_seen_event.FirstSeenEventCondition` },
  { id: `${C}regression_event.RegressionEventCondition` },
  { id: `${C}reappeared_event.ReappearedEventCondition` },
  { id: `${C}high_priority_issue.NewHighPriorityIssueCondition` },
  { id: `${C}event_frequency.EventFrequencyCondition`, value: 100, interval: "1h", comparisonType: "count" },
  {
    id: `${C}event_frequency.EventUniqueUserFrequencyCondition`,
    value: 50,
    interval: "1d",
    comparisonType: "percent",
    comparisonInterval: "1w",
  },
];
const FILTERS: RuleNode[] = [
  { id: `${F}level.LevelFilter`, match: "gte", level: "40" },
  { id: `${F}age_comparison.AgeComparisonFilter`, comparison_type: "newer", value: 3, time: "day" },
  { id: `${F}issue_occurrences.IssueOccurrencesFilter`, value: 10 },
  { id: `${F}tagged_event.TaggedEventFilter`, key: "browser", match: "co", value: "Chrome" },
  { id: `${F}tagged_event.TaggedEventFilter`, key: "customer", match: "is", value: "" },
  { id: `${F}event_attribute.EventAttributeFilter`, attribute: "http.url", match: "sw", value: "https://" },
  { id: `${F}assigned_to.AssignedToFilter`, targetType: "Unassigned" },
  { id: `${F}assigned_to.AssignedToFilter`, targetType: "Member", targetIdentifier: 7 },
  { id: `${F}latest_release.LatestReleaseFilter` },
  { id: `${F}issue_category.IssueCategoryFilter`, value: "1" },
];
const ACTIONS: RuleNode[] = [
  {
    id: `${A}notify_event_sentry_app.NotifyEventSentryAppAction`,
    sentryAppInstallationUuid: "0f6b2c1e-8a53-4e0c-9a43-1d2e3f4a5b6c",
    settings: [{ name: "channel", value: "#ops" }],
  },
  { id: `${A}notify_event_service.NotifyEventServiceAction`, service: "webhooks" },
  { id: "sentry.mail.actions.NotifyEmailAction", targetType: "IssueOwners", fallthroughType: "AllMembers" },
  { id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: 4 },
  {
    id: "sift.rules.actions.SlackWebhookAction",
    webhookUrl: "https://hooks.slack.com/services/T0/B0/secret",
  },
];

const rule = (over: Partial<Rule> = {}): Rule => ({
  id: "12",
  name: "Checkout errors",
  environment: "production",
  actionMatch: "any",
  filterMatch: "all",
  frequency: 60,
  conditions: CONDITIONS,
  filters: FILTERS,
  actions: ACTIONS,
  owner: null,
  dateCreated: "2026-12-01T10:00:00.000Z",
  projects: ["web"],
  status: "active",
  lastTriggered: null,
  ...over,
});

describe("the rule form's state and Sentry's rule JSON", () => {
  it("a rule the API answered comes back unchanged from the form (every condition, filter and action)", () => {
    const { id: _id, dateCreated: _d, projects: _p, status: _s, lastTriggered: _l, ...body } = rule();
    expect(Object.keys(body)).toHaveLength(9);
    expect(formToRule(ruleToForm(rule()))).toEqual(body);
  });

  it("keeps a node it does not know and fields it does not edit, as they came", () => {
    const odd = { id: "sentry.rules.conditions.some_future.Condition", value: 3, nested: { a: [1] } };
    const slack = {
      id: "sift.rules.actions.SlackWebhookAction",
      webhookUrl: "https://x.test/h",
      tags: "a,b",
    };
    const body = formToRule(ruleToForm(rule({ conditions: [odd], filters: [], actions: [slack] })));
    expect([body.conditions, body.actions]).toEqual([[odd], [slack]]);
  });

  it("builds a new rule from typed fields: integers as numbers, hidden fields left out or emptied", () => {
    const form = { ...emptyRule(), name: "Busy issues", frequency: "10" };
    const frequency = newNode(`${C}event_frequency.EventFrequencyCondition`);
    frequency.fields.value = "250";
    frequency.fields.interval = "15m";
    const tag = newNode(`${F}tagged_event.TaggedEventFilter`);
    tag.fields = { key: "region", match: "ns", value: "typed before choosing 'is not set'" };
    const email = newNode("sentry.mail.actions.NotifyEmailAction");
    email.fields.targetType = "Member";
    email.fields.targetIdentifier = "42";
    form.conditions = [frequency];
    form.filters = [tag];
    form.actions = [email];
    expect(formToRule(form)).toEqual({
      name: "Busy issues",
      environment: null,
      actionMatch: "all",
      filterMatch: "all",
      frequency: 10,
      conditions: [
        {
          id: `${C}event_frequency.EventFrequencyCondition`,
          value: 250,
          interval: "15m",
          comparisonType: "count",
        },
      ],
      filters: [{ id: `${F}tagged_event.TaggedEventFilter`, key: "region", match: "ns", value: "" }],
      actions: [{ id: "sentry.mail.actions.NotifyEmailAction", targetType: "Member", targetIdentifier: 42 }],
      owner: null,
    });
  });

  it("sends a value that is not an integer as typed, for the API to refuse with its message", () => {
    const age = newNode(`${F}age_comparison.AgeComparisonFilter`);
    age.fields.value = "1.5";
    const body = formToRule({ ...emptyRule(), filters: [age], frequency: "" });
    expect([body.filters[0]!.value, body.frequency]).toEqual(["1.5", ""]);
  });

  it("describes a rule in Sentry's words, naming a Slack webhook by its host only", () => {
    expect(describeNodes(CONDITIONS.slice(0, 1), "any", "none")).toBe("A new issue is created");
    expect(describeNodes([CONDITIONS[0]!, CONDITIONS[4]!], "any", "none")).toBe(
      "Any of: A new issue is created; The issue is seen more than 100 times in one hour",
    );
    expect(describeNodes([CONDITIONS[5]!], "all", "")).toBe(
      "The issue's users in one day rise more than 50% over one week before",
    );
    expect(describeNodes([FILTERS[0]!, FILTERS[4]!, FILTERS[7]!], "none", "")).toBe(
      "None of: The event's level is at least error; The event's tag customer is set; " +
        "The issue is assigned to member #7",
    );
    expect(
      describeActions(ACTIONS, {
        installationName: (uuid) => (uuid.startsWith("0f6b") ? "pager" : undefined),
      }),
    ).toBe(
      "Send a notification via pager; Send a notification via the WebHooks plugin; " +
        "Send an email to the issue's assignee; Send an email to team #4; " +
        "Send a Slack message via hooks.slack.com",
    );
    expect(describeNodes([], "all", "No conditions")).toBe("No conditions");
  });

  it("reads the API's refusal: `detail` for the form, Sentry's field errors by field", () => {
    expect(
      saveErrors(new ApiError(400, "You must add an action for this alert to fire.", { detail: "…" })),
    ).toEqual({
      detail: "You must add an action for this alert to fire.",
      fields: {},
    });
    expect(
      saveErrors(
        new ApiError(400, "400 Bad Request", {
          name: ["This field is required."],
          frequency: ["Too low.", "No."],
        }),
      ),
    ).toEqual({ detail: null, fields: { name: "This field is required.", frequency: "Too low. No." } });
    expect(saveErrors(new TypeError("Failed to fetch"))).toEqual({ detail: "Failed to fetch", fields: {} });
  });
});
