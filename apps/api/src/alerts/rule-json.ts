import { z } from "zod";
import type { AlertRule, Project, RuleFiring } from "@sift/storage";

const nodeSchema = z
  .looseObject({ id: z.string() })
  .describe("a condition, filter or action: Sentry's id and its fields");

export const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    environment: z.string().nullable(),
    actionMatch: z.enum(["all", "any", "none"]),
    filterMatch: z.enum(["all", "any", "none"]),
    frequency: z.number().int().describe("minutes between two firings of the rule for one issue"),
    conditions: z.array(nodeSchema),
    filters: z.array(nodeSchema),
    actions: z.array(nodeSchema),
    owner: z.string().nullable(),
    createdBy: z.null(),
    dateCreated: z.string(),
    projects: z.array(z.string()),
    status: z.string(),
    snooze: z.boolean(),
    lastTriggered: z.string().nullable().describe("when the rule last fired"),
    firings: z
      .array(z.object({ issueId: z.string(), dateAdded: z.string() }))
      .optional()
      .describe("rule details only: the issues it fired for, the most recently fired first"),
  })
  .meta({ id: "IssueAlertRule", description: "an issue alert rule, as Sentry's rule serializer" });

export type RuleJson = z.output<typeof ruleSchema>;

/** A rule as Sentry serializes it; `firings` (its details) or `lastTriggered` (a list) say when it last fired. */
export function serializeRule(
  rule: AlertRule,
  project: Project,
  fired: { firings?: readonly RuleFiring[]; lastTriggered?: Date | null } = {},
): RuleJson {
  const { firings } = fired;
  const json: RuleJson = {
    id: String(rule.id),
    name: rule.name,
    environment: rule.environment,
    actionMatch: rule.actionMatch as RuleJson["actionMatch"],
    filterMatch: rule.filterMatch as RuleJson["filterMatch"],
    frequency: rule.frequency,
    conditions: rule.conditions,
    filters: rule.filters,
    actions: rule.actions,
    owner: rule.owner,
    createdBy: null,
    dateCreated: rule.dateAdded.toISOString(),
    projects: [project.slug],
    status: rule.status,
    snooze: false,
    lastTriggered: (firings?.[0]?.dateAdded ?? fired.lastTriggered)?.toISOString() ?? null,
  };
  if (firings)
    json.firings = firings.map((f) => ({
      issueId: String(f.issueId),
      dateAdded: f.dateAdded.toISOString(),
    }));
  return json;
}
