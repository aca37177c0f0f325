// The rule nodes the form knows, by Sentry's ids: conditions ("when"), filters ("if") and actions
// ("then"), each with the fields Sentry's rule JSON gives it. The API validates them (Sentry's
// RuleSerializer); this registry only says how to edit and describe them.

export type NodeKind = "conditions" | "filters" | "actions";
export type Option = readonly [value: string, label: string];

export interface FieldSpec {
  name: string;
  label: string;
  /** `number` fields are sent as numbers when they are integers, as typed otherwise (the API says why). */
  kind: "number" | "text" | "select" | "installation";
  options?: readonly Option[];
  initial: string;
  /** Shown (and sent) only when this holds for the node's fields. */
  when?: (fields: Readonly<Record<string, string>>) => boolean;
  /** What a hidden field sends, if anything (the match filters' `value` is "" for "is set"). */
  hiddenValue?: string;
}

/** What a summary may name besides the node: the integrations' names by installation. */
export interface DescribeContext {
  installationName?: (uuid: string) => string | undefined;
}

export interface NodeSpec {
  id: string;
  kind: NodeKind;
  label: string;
  fields: readonly FieldSpec[];
  /** One line of text for summaries, from the node's fields. */
  describe: (fields: Readonly<Record<string, string>>, context: DescribeContext) => string;
}

const INTERVALS: readonly Option[] = [
  ["1m", "one minute"],
  ["5m", "5 minutes"],
  ["15m", "15 minutes"],
  ["1h", "one hour"],
  ["1d", "one day"],
  ["1w", "one week"],
  ["30d", "30 days"],
];
const COMPARISON_INTERVALS = INTERVALS.slice(1);
const MATCHES: readonly Option[] = [
  ["eq", "equals"],
  ["ne", "does not equal"],
  ["sw", "starts with"],
  ["nsw", "does not start with"],
  ["ew", "ends with"],
  ["new", "does not end with"],
  ["co", "contains"],
  ["nc", "does not contain"],
  ["is", "is set"],
  ["ns", "is not set"],
];
const ATTRIBUTES: readonly Option[] = (
  "message platform environment type error.handled error.unhandled error.main_thread exception.type " +
  "exception.value user.id user.email user.username user.ip_address http.method http.url " +
  "http.status_code sdk.name stacktrace.code stacktrace.module stacktrace.filename stacktrace.abs_path " +
  "stacktrace.package"
)
  .split(" ")
  .map((a) => [a, a] as const);
const LEVELS: readonly Option[] = [
  ["50", "fatal"],
  ["40", "error"],
  ["30", "warning"],
  ["20", "info"],
  ["10", "debug"],
  ["0", "sample"],
];
const CATEGORIES: readonly Option[] = [
  ["1", "error"],
  ["2", "performance"],
  ["3", "profile"],
  ["4", "cron"],
  ["5", "replay"],
  ["6", "feedback"],
  ["7", "uptime"],
];

/** The label of a value among options (the value itself when it is not one). */
export const optionLabel = (options: readonly Option[] | undefined, value: string | undefined): string =>
  options?.find(([v]) => v === value)?.[1] ?? value ?? "";

const needsTarget = (f: Readonly<Record<string, string>>) =>
  f.targetType === "Team" || f.targetType === "Member";
const targetText = (f: Readonly<Record<string, string>>, none: string) =>
  needsTarget(f) ? `${f.targetType === "Team" ? "team" : "member"} #${f.targetIdentifier ?? ""}` : none;
const notSetMatch = (f: Readonly<Record<string, string>>) => f.match !== "is" && f.match !== "ns";

/** The host of a webhook URL: its path may carry a secret (Slack's do), so summaries show the host. */
export function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? "").host || "(no URL)";
  } catch {
    return "(invalid URL)";
  }
}

function frequency(id: string, what: string, label: string): NodeSpec {
  return {
    id,
    kind: "conditions",
    label,
    fields: [
      { name: "value", label: `More than (${what})`, kind: "number", initial: "100" },
      { name: "interval", label: "Within", kind: "select", options: INTERVALS, initial: "1h" },
      {
        name: "comparisonType",
        label: "Compared as",
        kind: "select",
        options: [
          ["count", "a count"],
          ["percent", "a percent increase over an earlier window"],
        ],
        initial: "count",
      },
      {
        name: "comparisonInterval",
        label: "Compared with the same window",
        kind: "select",
        options: COMPARISON_INTERVALS.map(([v, l]) => [v, `${l} before`] as const),
        initial: "1w",
        when: (f) => f.comparisonType === "percent",
      },
    ],
    describe: (f) =>
      f.comparisonType === "percent"
        ? `The issue's ${what} in ${optionLabel(INTERVALS, f.interval)} rise more than ${f.value}% ` +
          `over ${optionLabel(COMPARISON_INTERVALS, f.comparisonInterval)} before`
        : `The issue is seen ${what === "events" ? "" : "by "}more than ${f.value} ${
            what === "events" ? "times" : "users"
          } in ${optionLabel(INTERVALS, f.interval)}`,
  };
}

function matchFilter(id: string, keyName: "key" | "attribute", label: string, subject: string): NodeSpec {
  const key: FieldSpec =
    keyName === "key"
      ? { name: "key", label: "Tag", kind: "text", initial: "" }
      : { name: "attribute", label: "Attribute", kind: "select", options: ATTRIBUTES, initial: "message" };
  return {
    id,
    kind: "filters",
    label,
    fields: [
      key,
      { name: "match", label: "Match", kind: "select", options: MATCHES, initial: "eq" },
      { name: "value", label: "Value", kind: "text", initial: "", when: notSetMatch, hiddenValue: "" },
    ],
    describe: (f) =>
      `The event's ${subject} ${f[keyName]} ${optionLabel(MATCHES, f.match)}` +
      (notSetMatch(f) ? ` "${f.value}"` : ""),
  };
}

const plain = (id: string, kind: NodeKind, label: string): NodeSpec => ({
  id,
  kind,
  label,
  fields: [],
  describe: () => label,
});

export const NODE_SPECS: readonly NodeSpec[] = [
  plain(
    "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
    "conditions",
    "A new issue is created",
  ),
  plain(
    "sentry.rules.conditions.regression_event.RegressionEventCondition",
    "conditions",
    "The issue changes state from resolved to unresolved",
  ),
  plain(
    "sentry.rules.conditions.reappeared_event.ReappearedEventCondition",
    "conditions",
    "The issue changes state from archived to escalating",
  ),
  plain(
    "sentry.rules.conditions.high_priority_issue.NewHighPriorityIssueCondition",
    "conditions",
    "A new issue is high priority",
  ),
  frequency(
    "sentry.rules.conditions.event_frequency.EventFrequencyCondition",
    "events",
    "The issue is seen more than a number of times",
  ),
  frequency(
    "sentry.rules.conditions.event_frequency.EventUniqueUserFrequencyCondition",
    "users",
    "The issue is seen by more than a number of users",
  ),
  {
    id: "sentry.rules.filters.level.LevelFilter",
    kind: "filters",
    label: "The event's level",
    fields: [
      {
        name: "match",
        label: "Level is",
        kind: "select",
        options: [
          ["eq", "equal to"],
          ["gte", "greater than or equal to"],
          ["lte", "less than or equal to"],
        ],
        initial: "gte",
      },
      { name: "level", label: "Level", kind: "select", options: LEVELS, initial: "40" },
    ],
    describe: (f) =>
      `The event's level is ${f.match === "eq" ? "" : f.match === "gte" ? "at least " : "at most "}` +
      optionLabel(LEVELS, f.level),
  },
  {
    id: "sentry.rules.filters.age_comparison.AgeComparisonFilter",
    kind: "filters",
    label: "The issue's age",
    fields: [
      {
        name: "comparison_type",
        label: "The issue is",
        kind: "select",
        options: [
          ["older", "older than"],
          ["newer", "newer than"],
        ],
        initial: "older",
      },
      { name: "value", label: "Age", kind: "number", initial: "10" },
      {
        name: "time",
        label: "Unit",
        kind: "select",
        options: [
          ["minute", "minutes"],
          ["hour", "hours"],
          ["day", "days"],
          ["week", "weeks"],
        ],
        initial: "minute",
      },
    ],
    describe: (f) => `The issue is ${f.comparison_type} than ${f.value} ${f.time}(s)`,
  },
  {
    id: "sentry.rules.filters.issue_occurrences.IssueOccurrencesFilter",
    kind: "filters",
    label: "The issue has happened a number of times",
    fields: [{ name: "value", label: "At least (events)", kind: "number", initial: "10" }],
    describe: (f) => `The issue has happened at least ${f.value} times`,
  },
  matchFilter("sentry.rules.filters.tagged_event.TaggedEventFilter", "key", "The event's tags", "tag"),
  matchFilter(
    "sentry.rules.filters.event_attribute.EventAttributeFilter",
    "attribute",
    "The event's attribute",
    "attribute",
  ),
  {
    id: "sentry.rules.filters.assigned_to.AssignedToFilter",
    kind: "filters",
    label: "The issue's assignee",
    fields: [
      {
        name: "targetType",
        label: "Assigned to",
        kind: "select",
        options: [
          ["Unassigned", "no one"],
          ["Team", "a team"],
          ["Member", "a member"],
        ],
        initial: "Unassigned",
      },
      {
        name: "targetIdentifier",
        label: "Team or member id",
        kind: "number",
        initial: "",
        when: needsTarget,
      },
    ],
    describe: (f) => `The issue is assigned to ${targetText(f, "no one")}`,
  },
  plain(
    "sentry.rules.filters.latest_release.LatestReleaseFilter",
    "filters",
    "The event is from the latest release",
  ),
  {
    id: "sentry.rules.filters.issue_category.IssueCategoryFilter",
    kind: "filters",
    label: "The issue's category",
    fields: [{ name: "value", label: "Category", kind: "select", options: CATEGORIES, initial: "1" }],
    describe: (f) => `The issue's category is ${optionLabel(CATEGORIES, f.value)}`,
  },
  {
    id: "sift.rules.actions.SlackWebhookAction",
    kind: "actions",
    label: "Send a Slack message",
    fields: [{ name: "webhookUrl", label: "Slack incoming webhook URL", kind: "text", initial: "" }],
    describe: (f) => `Send a Slack message via ${hostOf(f.webhookUrl)}`,
  },
  {
    id: "sentry.rules.actions.notify_event_sentry_app.NotifyEventSentryAppAction",
    kind: "actions",
    label: "Send a notification via an integration",
    fields: [{ name: "sentryAppInstallationUuid", label: "Integration", kind: "installation", initial: "" }],
    describe: (f, context) =>
      `Send a notification via ${
        context.installationName?.(f.sentryAppInstallationUuid ?? "") ??
        `the integration ${f.sentryAppInstallationUuid}`
      }`,
  },
  {
    id: "sentry.rules.actions.notify_event_service.NotifyEventServiceAction",
    kind: "actions",
    label: "Send a notification via WebHooks (legacy plugin)",
    fields: [
      {
        name: "service",
        label: "Service",
        kind: "select",
        options: [["webhooks", "WebHooks"]],
        initial: "webhooks",
      },
    ],
    describe: () => "Send a notification via the WebHooks plugin",
  },
  {
    id: "sentry.mail.actions.NotifyEmailAction",
    kind: "actions",
    label: "Send an email",
    fields: [
      {
        name: "targetType",
        label: "Send to",
        kind: "select",
        options: [
          ["IssueOwners", "the issue's assignee"],
          ["Team", "a team"],
          ["Member", "a member"],
        ],
        initial: "IssueOwners",
      },
      {
        name: "targetIdentifier",
        label: "Team or member id",
        kind: "number",
        initial: "",
        when: needsTarget,
      },
      {
        name: "fallthroughType",
        label: "When no one is assigned, send to",
        kind: "select",
        options: [
          ["ActiveMembers", "recently active members"],
          ["AllMembers", "all members"],
          ["NoOne", "no one"],
        ],
        initial: "ActiveMembers",
        when: (f) => f.targetType === "IssueOwners",
      },
    ],
    describe: (f) => `Send an email to ${targetText(f, "the issue's assignee")}`,
  },
];

const BY_ID = new Map(NODE_SPECS.map((s) => [s.id, s]));

export function nodeSpec(id: string): NodeSpec | undefined {
  return BY_ID.get(id);
}

export function specsOf(kind: NodeKind): NodeSpec[] {
  return NODE_SPECS.filter((s) => s.kind === kind);
}
