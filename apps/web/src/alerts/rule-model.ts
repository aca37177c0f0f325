// The rule form's state and Sentry's rule JSON, both ways: `ruleToForm` for editing what the API
// answered, `formToRule` for the body of POST/PUT. A node the form does not know, and fields of a known
// node it does not edit, are kept as they came, so saving never loses what another client wrote.
import { ApiError } from "../api/client.js";
import { nodeSpec } from "./rule-nodes.js";
import type { DescribeContext, NodeKind } from "./rule-nodes.js";

export type Match = "all" | "any" | "none";

/** A condition, filter or action as the API has it: Sentry's id and its fields. */
export type RuleNode = { id: string } & Record<string, unknown>;

/** The rule JSON the API answers (Sentry's rule serializer); only what the UI reads. */
export interface Rule {
  id: string;
  name: string;
  environment: string | null;
  actionMatch: Match;
  filterMatch: Match;
  frequency: number;
  conditions: RuleNode[];
  filters: RuleNode[];
  actions: RuleNode[];
  owner: string | null;
  dateCreated: string;
  projects: string[];
  status: string;
  lastTriggered: string | null;
  /** The issues the rule fired for, the most recently fired first (with the time it last fired). */
  firings?: { issueId: string; dateAdded: string }[];
}

/** The body of `POST …/rules/` and `PUT …/rules/{id}/`. */
export type RuleBody = Pick<
  Rule,
  "name" | "environment" | "actionMatch" | "filterMatch" | "conditions" | "filters" | "actions" | "owner"
> & { frequency: number | string };

/** One node being edited: its fields as typed, and what the form does not edit (kept as it came). */
export interface NodeRow {
  key: string;
  id: string;
  fields: Record<string, string>;
  extra: Record<string, unknown>;
}

export interface RuleFormState {
  name: string;
  environment: string;
  actionMatch: Match;
  filterMatch: Match;
  frequency: string;
  conditions: NodeRow[];
  filters: NodeRow[];
  actions: NodeRow[];
  owner: string | null;
}

/** Sentry's choices of "perform the actions at most once every …" (minutes). */
export const FREQUENCIES: readonly (readonly [string, string])[] = [
  ["5", "5 minutes"],
  ["10", "10 minutes"],
  ["30", "30 minutes"],
  ["60", "60 minutes"],
  ["180", "3 hours"],
  ["720", "12 hours"],
  ["1440", "24 hours"],
  ["10080", "one week"],
  ["43200", "30 days"],
];

let keys = 0;
const nextKey = () => `node-${++keys}`;

const asText = (value: unknown): string =>
  typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : "";

/** A new node of a kind with the fields' initial values. */
export function newNode(id: string): NodeRow {
  const fields: Record<string, string> = {};
  for (const field of nodeSpec(id)?.fields ?? []) fields[field.name] = field.initial;
  return { key: nextKey(), id, fields, extra: {} };
}

export function nodeToRow(node: RuleNode): NodeRow {
  const spec = nodeSpec(node.id);
  const fields: Record<string, string> = {};
  const extra: Record<string, unknown> = {};
  const edited = new Set(spec?.fields.map((f) => f.name) ?? []);
  for (const field of spec?.fields ?? [])
    fields[field.name] = node[field.name] === undefined ? field.initial : asText(node[field.name]);
  for (const [name, value] of Object.entries(node))
    if (name !== "id" && !edited.has(name)) extra[name] = value;
  // A field the node did not have and the form hides stays absent (not sent with its initial value).
  for (const field of spec?.fields ?? [])
    if (node[field.name] === undefined && field.when && !field.when(fields)) delete fields[field.name];
  return { key: nextKey(), id: node.id, fields, extra };
}

/** A typed integer is sent as a number; anything else as typed, for the API to say what is wrong. */
const numberOrText = (text: string): number | string => (/^-?\d+$/.test(text.trim()) ? Number(text) : text);

export function rowToNode(row: NodeRow): RuleNode {
  const spec = nodeSpec(row.id);
  const node: RuleNode = { id: row.id, ...row.extra };
  for (const field of spec?.fields ?? []) {
    const value = row.fields[field.name] ?? field.initial;
    if (field.when && !field.when(row.fields)) {
      if (field.hiddenValue !== undefined) node[field.name] = field.hiddenValue;
      continue;
    }
    node[field.name] = field.kind === "number" ? numberOrText(value) : value;
  }
  return node;
}

export function emptyRule(): RuleFormState {
  return {
    name: "",
    environment: "",
    actionMatch: "all",
    filterMatch: "all",
    frequency: "30",
    conditions: [],
    filters: [],
    actions: [],
    owner: null,
  };
}

export function ruleToForm(rule: Rule): RuleFormState {
  return {
    name: rule.name,
    environment: rule.environment ?? "",
    actionMatch: rule.actionMatch,
    filterMatch: rule.filterMatch,
    frequency: String(rule.frequency),
    conditions: rule.conditions.map(nodeToRow),
    filters: rule.filters.map(nodeToRow),
    actions: rule.actions.map(nodeToRow),
    owner: rule.owner,
  };
}

export function formToRule(form: RuleFormState): RuleBody {
  return {
    name: form.name,
    environment: form.environment === "" ? null : form.environment,
    actionMatch: form.actionMatch,
    filterMatch: form.filterMatch,
    frequency: numberOrText(form.frequency),
    conditions: form.conditions.map(rowToNode),
    filters: form.filters.map(rowToNode),
    actions: form.actions.map(rowToNode),
    owner: form.owner,
  };
}

/** One node as a line of text (Sentry's wording); an unknown node by its id. */
export function describeNode(node: RuleNode, context: DescribeContext = {}): string {
  const spec = nodeSpec(node.id);
  if (!spec) return node.id;
  return spec.describe(nodeToRow(node).fields, context);
}

const MATCH_WORDS: Record<Match, string> = { all: "All of", any: "Any of", none: "None of" };

/** "Any of: A new issue is created; …", or `empty` when there are no nodes. */
export function describeNodes(
  nodes: readonly RuleNode[],
  match: Match,
  empty: string,
  context: DescribeContext = {},
): string {
  if (nodes.length === 0) return empty;
  const lines = nodes.map((n) => describeNode(n, context));
  return nodes.length === 1 ? lines[0]! : `${MATCH_WORDS[match]}: ${lines.join("; ")}`;
}

export function describeActions(actions: readonly RuleNode[], context: DescribeContext = {}): string {
  return actions.length === 0 ? "No actions" : actions.map((a) => describeNode(a, context)).join("; ");
}

export function describeFrequency(minutes: number): string {
  return FREQUENCIES.find(([m]) => m === String(minutes))?.[1] ?? `${minutes} minutes`;
}

export const KIND_NAMES: Record<NodeKind, string> = {
  conditions: "condition",
  filters: "filter",
  actions: "action",
};

/** The refusal of a save: `detail` for the whole form, and Sentry's field errors by field. */
export interface SaveErrors {
  detail: string | null;
  fields: Record<string, string>;
}

/**
 * The API refuses a rule with `{"detail": "…"}`; Sentry's own API answers field errors
 * (`{"name": ["This field is required."], "actions": ["…"]}`): both are shown, the latter by their field.
 */
export function saveErrors(error: unknown): SaveErrors {
  if (!(error instanceof ApiError))
    return { detail: error instanceof Error ? error.message : String(error), fields: {} };
  const body = error.body;
  const fields: Record<string, string> = {};
  if (body && typeof body === "object" && !Array.isArray(body) && !("detail" in body))
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      const messages = Array.isArray(value)
        ? value.map(asText).filter(Boolean)
        : [asText(value)].filter(Boolean);
      if (messages.length > 0) fields[name] = messages.join(" ");
    }
  return { detail: Object.keys(fields).length > 0 ? null : error.detail, fields };
}
