import { randomUUID } from "node:crypto";
import { emailDirectory, getProjectWebhookConfigs } from "@sift/storage";
import type {
  AlertRule,
  Db,
  DeliveryInput,
  EmailDirectory,
  RuleNode,
  SentryAppInstallation,
} from "@sift/storage";
import { alertEmail, slackMessage } from "./messages.js";
import { carriesEvent, eventAlertBody, legacyWebhookBody } from "./payloads.js";
import type { IssueContext } from "./payloads.js";
import { ACTIONS } from "./rule-ids.js";
import { asText } from "./text.js";

/** What a pass's rule actions need besides the issue, loaded once for all its firings. */
export interface ActionEnv {
  installations: ReadonlyMap<string, SentryAppInstallation>;
  /** The legacy webhooks plugin of each project that has one. */
  webhooks: ReadonlyMap<number, { urls: string[]; enabled: boolean }>;
  emails: EmailDirectory;
}

const normalizeUuid = (uuid: string): string => uuid.replaceAll("-", "").toLowerCase();

/** An e-mail action's recipients: a member, a team's members, or the issue's assignee. */
function emailTargets(node: RuleNode, ctx: IssueContext): { userIds: number[]; teamIds: number[] } {
  if (node.targetType === "Member") return { userIds: [Number(node.targetIdentifier)], teamIds: [] };
  if (node.targetType === "Team") return { userIds: [], teamIds: [Number(node.targetIdentifier)] };
  const { assigneeUserId, assigneeTeamId } = ctx.issue;
  return {
    userIds: assigneeUserId === null ? [] : [assigneeUserId],
    teamIds: assigneeTeamId === null ? [] : [assigneeTeamId],
  };
}

function emailRecipients(env: ActionEnv, node: RuleNode, ctx: IssueContext): string[] {
  const { userIds, teamIds } = emailTargets(node, ctx);
  const emails = [
    ...userIds.flatMap((id) => env.emails.users.get(id) ?? []),
    ...teamIds.flatMap((id) => env.emails.teams.get(id) ?? []),
  ];
  return [...new Set(emails)].sort();
}

/**
 * Loads what the firings' actions need in at most two statements: the projects' webhook plugins and
 * the e-mail recipients.
 */
export async function loadActionEnv(
  db: Db,
  firings: readonly { rule: AlertRule; ctx: IssueContext }[],
  installations: ReadonlyMap<string, SentryAppInstallation>,
): Promise<ActionEnv> {
  const webhookProjects = firings
    .filter((f) => f.rule.actions.some((a) => a.id === ACTIONS.SERVICE))
    .map((f) => f.ctx.project.id);
  const targets = firings.flatMap((f) =>
    f.rule.actions.filter((a) => a.id === ACTIONS.EMAIL).map((a) => emailTargets(a, f.ctx)),
  );
  const [webhooks, emails] = await Promise.all([
    getProjectWebhookConfigs(db, webhookProjects),
    emailDirectory(db, {
      userIds: targets.flatMap((t) => t.userIds),
      teamIds: targets.flatMap((t) => t.teamIds),
    }),
  ]);
  return { installations, webhooks, emails };
}

/**
 * The deliveries of the rules that fired together for one issue, as Sentry sends them: one message
 * per target (a legacy webhook URL, a Slack webhook, a set of e-mail recipients) naming every rule
 * that fired (`triggering_rules`), and one integration alert per rule (its body names one rule).
 */
export function deliveriesOfFirings(
  env: ActionEnv,
  rules: readonly AlertRule[],
  ctx: IssueContext,
): DeliveryInput[] {
  const base = {
    organizationId: ctx.organization.id,
    projectId: ctx.project.id,
    issueId: ctx.issue.id,
    activityId: null,
  };
  const out: DeliveryInput[] = [];
  /** Per target, in the order first met: what to send and the rules it carries. */
  const shared = new Map<string, { action: string; target: Record<string, unknown>; rules: AlertRule[] }>();
  const share = (key: string, action: string, target: Record<string, unknown>, rule: AlertRule) => {
    const entry = shared.get(key) ?? { action, target, rules: [] };
    if (!entry.rules.includes(rule)) entry.rules.push(rule);
    shared.set(key, entry);
  };
  for (const rule of rules) {
    for (const node of rule.actions) {
      switch (node.id) {
        case ACTIONS.SENTRY_APP: {
          const installation = env.installations.get(normalizeUuid(asText(node.sentryAppInstallationUuid)));
          if (!installation?.app.webhookUrl) break;
          out.push({
            ...base,
            uuid: randomUUID(),
            ruleIds: [rule.id],
            resource: "event_alert",
            action: "sentry_app",
            target: { url: installation.app.webhookUrl, installationUuid: installation.uuid },
            payload: eventAlertBody(ctx, rule.name, installation.uuid, node.settings),
            eventId: ctx.event?.eventId ?? null,
          });
          break;
        }
        case ACTIONS.SERVICE: {
          const config = env.webhooks.get(ctx.project.id);
          if (!config?.enabled) break;
          for (const url of config.urls) share(`webhooks ${url}`, "webhooks", { url }, rule);
          break;
        }
        case ACTIONS.EMAIL: {
          const to = emailRecipients(env, node, ctx);
          if (to.length > 0) share(`email ${to.join(",")}`, "email", { to }, rule);
          break;
        }
        case ACTIONS.SLACK: {
          const url = asText(node.webhookUrl);
          share(`slack ${url}`, "slack", { url }, rule);
          break;
        }
        default:
          break;
      }
    }
  }
  for (const { action, target, rules: carried } of shared.values()) {
    const names = carried.map((r) => r.name);
    const payload =
      action === "webhooks"
        ? legacyWebhookBody(ctx, names)
        : action === "email"
          ? { ...alertEmail(ctx, names) }
          : slackMessage(ctx, names);
    out.push({
      ...base,
      uuid: randomUUID(),
      ruleIds: carried.map((r) => r.id),
      resource: "alert",
      action,
      target,
      payload,
      eventId: carriesEvent(action, "alert") ? (ctx.event?.eventId ?? null) : null,
    });
  }
  return out;
}

export { normalizeUuid };
