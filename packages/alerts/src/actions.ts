import { randomUUID } from "node:crypto";
import { emailsOf, getProjectWebhookConfig } from "@sift/storage";
import type { AlertRule, Db, DeliveryInput, RuleNode, SentryAppInstallation } from "@sift/storage";
import { alertEmail, slackMessage } from "./messages.js";
import { eventAlertBody, legacyWebhookBody } from "./payloads.js";
import type { IssueContext } from "./payloads.js";
import { ACTIONS } from "./rule-ids.js";
import { asText } from "./text.js";

/** What a rule's actions need besides the issue. */
export interface ActionEnv {
  db: Db;
  installations: ReadonlyMap<string, SentryAppInstallation>;
}

const normalizeUuid = (uuid: string): string => uuid.replaceAll("-", "").toLowerCase();

async function emailRecipients(db: Db, node: RuleNode, ctx: IssueContext): Promise<string[]> {
  if (node.targetType === "Member") return emailsOf(db, { userIds: [Number(node.targetIdentifier)] });
  if (node.targetType === "Team") return emailsOf(db, { teamIds: [Number(node.targetIdentifier)] });
  const { assigneeUserId, assigneeTeamId } = ctx.issue;
  return emailsOf(db, {
    userIds: assigneeUserId === null ? [] : [assigneeUserId],
    teamIds: assigneeTeamId === null ? [] : [assigneeTeamId],
  });
}

/** The deliveries one rule firing for one issue decides: one per action target. */
export async function deliveriesOfFiring(
  env: ActionEnv,
  rule: AlertRule,
  ctx: IssueContext,
): Promise<DeliveryInput[]> {
  const base = {
    organizationId: ctx.organization.id,
    projectId: ctx.project.id,
    issueId: ctx.issue.id,
    ruleId: rule.id,
    activityId: null,
  };
  const out: DeliveryInput[] = [];
  const add = (
    resource: string,
    action: string,
    target: Record<string, unknown>,
    payload: Record<string, unknown>,
  ) => out.push({ ...base, uuid: randomUUID(), resource, action, target, payload });
  for (const node of rule.actions) {
    switch (node.id) {
      case ACTIONS.SENTRY_APP: {
        const installation = env.installations.get(normalizeUuid(asText(node.sentryAppInstallationUuid)));
        if (!installation?.app.webhookUrl) break;
        add(
          "event_alert",
          "sentry_app",
          { url: installation.app.webhookUrl, installationUuid: installation.uuid },
          eventAlertBody(ctx, rule.name, installation.uuid, node.settings),
        );
        break;
      }
      case ACTIONS.SERVICE: {
        const config = await getProjectWebhookConfig(env.db, ctx.project.id);
        if (!config.enabled) break;
        for (const url of config.urls) add("alert", "webhooks", { url }, legacyWebhookBody(ctx, rule.name));
        break;
      }
      case ACTIONS.EMAIL: {
        const to = await emailRecipients(env.db, node, ctx);
        if (to.length > 0) add("alert", "email", { to }, { ...alertEmail(ctx, rule.name) });
        break;
      }
      case ACTIONS.SLACK:
        add("alert", "slack", { url: asText(node.webhookUrl) }, slackMessage(ctx, rule.name));
        break;
      default:
        break;
    }
  }
  return out;
}

export { normalizeUuid };
