import type { AlertRuleInput, RuleNode } from "@sift/storage";
import { RuleValidationError } from "./errors.js";
import { asText } from "./text.js";
import {
  ACTIONS,
  CONDITIONS,
  DEFAULT_FREQUENCY,
  FILTERS,
  INTERVALS,
  MATCH_TYPES,
  MAX_FREQUENCY,
  MIN_FREQUENCY,
} from "./rule-ids.js";

/** A rule as the API accepts it, validated (the project and organization come from the path). */
export type RuleSpec = Omit<AlertRuleInput, "organizationId" | "projectId">;

const MATCHES = ["all", "any", "none"];
const LEVELS = ["0", "10", "20", "30", "40", "50"];
const CATEGORIES = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];
const ATTRIBUTES = [
  "message",
  "platform",
  "environment",
  "type",
  "error.handled",
  "error.unhandled",
  "error.main_thread",
  "exception.type",
  "exception.value",
  "user.id",
  "user.email",
  "user.username",
  "user.ip_address",
  "http.method",
  "http.url",
  "http.status_code",
  "sdk.name",
  "stacktrace.code",
  "stacktrace.module",
  "stacktrace.filename",
  "stacktrace.abs_path",
  "stacktrace.package",
];

const fail = (field: string, message: string): never => {
  throw new RuleValidationError(field, message);
};
const notAChoice = (value: unknown): string => `"${asText(value)}" is not a valid choice.`;

function choice(field: string, value: unknown, choices: readonly string[], fallback?: string): string {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    return fail(field, "This field is required.");
  }
  const given = asText(value);
  if (!choices.includes(given)) return fail(field, notAChoice(value));
  return given;
}

function integer(field: string, value: unknown, min?: number, max?: number): number {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^-?\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n)) return fail(field, "A valid integer is required.");
  if (min !== undefined && n < min) fail(field, `Ensure this value is greater than or equal to ${min}.`);
  if (max !== undefined && n > max) fail(field, `Ensure this value is less than or equal to ${max}.`);
  return n;
}

function text(field: string, value: unknown, options: { required: boolean; max?: number }): string | null {
  if (value === undefined || value === null)
    return options.required ? fail(field, "This field is required.") : null;
  if (typeof value !== "string") return fail(field, "Not a valid string.");
  if (options.required && value.trim() === "") fail(field, "This field may not be blank.");
  if (options.max !== undefined && value.length > options.max)
    fail(field, `Ensure this field has no more than ${options.max} characters.`);
  return value;
}

type NodeCheck = (field: string, node: Record<string, unknown>) => RuleNode;

const keep =
  (...keys: string[]): NodeCheck =>
  (_field, node) => {
    const out: RuleNode = { id: asText(node.id) };
    for (const k of keys) if (node[k] !== undefined) out[k] = node[k];
    return out;
  };

function frequencyCondition(field: string, node: Record<string, unknown>): RuleNode {
  const comparisonType = choice(
    `${field}.comparisonType`,
    node.comparisonType,
    ["count", "percent"],
    "count",
  );
  const out: RuleNode = {
    id: asText(node.id),
    value: integer(`${field}.value`, node.value, 0),
    interval: choice(`${field}.interval`, node.interval, Object.keys(INTERVALS)),
    comparisonType,
  };
  if (comparisonType === "percent")
    out.comparisonInterval = choice(`${field}.comparisonInterval`, node.comparisonInterval, [
      "5m",
      "15m",
      "1h",
      "1d",
      "1w",
      "30d",
    ]);
  return out;
}

function matchFilter(keyName: "key" | "attribute"): NodeCheck {
  return (field, node) => {
    const match = choice(`${field}.match`, node.match, MATCH_TYPES);
    const key =
      keyName === "attribute"
        ? choice(`${field}.attribute`, node.attribute, ATTRIBUTES)
        : text(`${field}.key`, node.key, { required: true })!;
    const value =
      match === "is" || match === "ns" ? "" : text(`${field}.value`, node.value, { required: true })!;
    return { id: asText(node.id), [keyName]: key, match, value };
  };
}

const NODES: Readonly<Record<string, Readonly<Record<string, NodeCheck>>>> = {
  conditions: {
    [CONDITIONS.FIRST_SEEN]: keep(),
    [CONDITIONS.REGRESSION]: keep(),
    [CONDITIONS.REAPPEARED]: keep(),
    [CONDITIONS.NEW_HIGH_PRIORITY]: keep(),
    [CONDITIONS.EVENT_FREQUENCY]: frequencyCondition,
    [CONDITIONS.UNIQUE_USERS]: frequencyCondition,
  },
  filters: {
    [FILTERS.AGE]: (field, node) => ({
      id: asText(node.id),
      comparison_type: choice(`${field}.comparison_type`, node.comparison_type, ["older", "newer"]),
      value: integer(`${field}.value`, node.value, 0),
      time: choice(`${field}.time`, node.time, ["minute", "hour", "day", "week"]),
    }),
    [FILTERS.OCCURRENCES]: (field, node) => ({
      id: asText(node.id),
      value: integer(`${field}.value`, node.value, 0),
    }),
    [FILTERS.ASSIGNED_TO]: (field, node) => {
      const targetType = choice(`${field}.targetType`, node.targetType, ["Unassigned", "Team", "Member"]);
      return targetType === "Unassigned"
        ? { id: asText(node.id), targetType }
        : {
            id: asText(node.id),
            targetType,
            targetIdentifier: integer(`${field}.targetIdentifier`, node.targetIdentifier),
          };
    },
    [FILTERS.LATEST_RELEASE]: keep(),
    [FILTERS.EVENT_ATTRIBUTE]: matchFilter("attribute"),
    [FILTERS.TAGGED_EVENT]: matchFilter("key"),
    [FILTERS.LEVEL]: (field, node) => ({
      id: asText(node.id),
      match: choice(`${field}.match`, node.match, ["eq", "gte", "lte"]),
      level: choice(`${field}.level`, node.level, LEVELS),
    }),
    [FILTERS.ISSUE_CATEGORY]: (field, node) => ({
      id: asText(node.id),
      value: choice(`${field}.value`, node.value, CATEGORIES),
    }),
  },
  actions: {
    [ACTIONS.SENTRY_APP]: (field, node) => ({
      id: asText(node.id),
      sentryAppInstallationUuid: text(`${field}.sentryAppInstallationUuid`, node.sentryAppInstallationUuid, {
        required: true,
      })!,
      ...(Array.isArray(node.settings) ? { settings: node.settings } : {}),
    }),
    [ACTIONS.SERVICE]: (field, node) => ({
      id: asText(node.id),
      service: choice(`${field}.service`, node.service, ["webhooks"]),
    }),
    [ACTIONS.EMAIL]: (field, node) => {
      const targetType = choice(`${field}.targetType`, node.targetType, ["IssueOwners", "Team", "Member"]);
      return targetType === "IssueOwners"
        ? { id: asText(node.id), targetType, fallthroughType: node.fallthroughType ?? "ActiveMembers" }
        : {
            id: asText(node.id),
            targetType,
            targetIdentifier: integer(`${field}.targetIdentifier`, node.targetIdentifier),
          };
    },
    [ACTIONS.SLACK]: (field, node) => {
      const url = text(`${field}.webhookUrl`, node.webhookUrl, { required: true })!;
      if (!/^https?:\/\/[^/\s]+/i.test(url)) fail(`${field}.webhookUrl`, "Enter a valid URL.");
      return { id: asText(node.id), webhookUrl: url };
    },
  },
};

function nodes(kind: "conditions" | "filters" | "actions", value: unknown): RuleNode[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(kind, `Expected a list of items but got type "${typeof value}".`);
  return value.map((raw: unknown, i) => {
    const field = `${kind}.${i}`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail(field, "Invalid node");
    const node = raw as Record<string, unknown>;
    if (node.id === undefined) return fail(field, "Missing attribute 'id'");
    const check = NODES[kind]![asText(node.id)];
    if (!check) return fail(field, `Invalid node. Could not find '${asText(node.id)}'`);
    return check(field, node);
  });
}

/** Validates a rule body as Sentry's `RuleSerializer` does, with its messages. */
export function parseRuleSpec(body: unknown): RuleSpec {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return fail("", "Invalid data. Expected a dictionary.");
  const b = body as Record<string, unknown>;
  const spec: RuleSpec = {
    name: text("name", b.name, { required: true, max: 256 })!,
    environment: text("environment", b.environment, { required: false }),
    actionMatch: choice("actionMatch", b.actionMatch, MATCHES, "all"),
    filterMatch: choice("filterMatch", b.filterMatch, MATCHES, "all"),
    frequency:
      b.frequency === undefined || b.frequency === null
        ? DEFAULT_FREQUENCY
        : integer("frequency", b.frequency, MIN_FREQUENCY, MAX_FREQUENCY),
    conditions: nodes("conditions", b.conditions),
    filters: nodes("filters", b.filters),
    actions: nodes("actions", b.actions),
    owner: text("owner", b.owner, { required: false }),
  };
  if (spec.actions.length === 0) fail("actions", "You must add an action for this alert to fire.");
  if (spec.environment === "") spec.environment = null;
  return spec;
}
