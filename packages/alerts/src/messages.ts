import { levelToString } from "@sift/schemas";
import { issueWebUrl } from "./payloads.js";
import type { IssueContext } from "./payloads.js";

/** Slack mrkdwn: `&`, `<` and `>` are control characters. */
export function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** "Alert rule" or "Alert rules": the label of the rules a message was sent for. */
const rulesLabel = (ruleNames: readonly string[]): string =>
  ruleNames.length === 1 ? "Alert rule" : "Alert rules";

/** "Alert rule: A" or "Alert rules: A, B". */
const rulesLine = (ruleNames: readonly string[]): string =>
  `${rulesLabel(ruleNames)}: ${ruleNames.join(", ")}`;

/** A Slack incoming-webhook message: `text` for notifications, `blocks` for the message. */
export function slackMessage(ctx: IssueContext, ruleNames: readonly string[]): Record<string, unknown> {
  const { issue, project } = ctx;
  const url = issueWebUrl(ctx);
  const title = clip(slackEscape(issue.title), 1_000);
  const level = levelToString(issue.level) ?? "error";
  return {
    text: clip(`[${project.slug}] ${issue.title}`, 3_000),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*<${url}|${title}>*` } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: `*Project*\n${slackEscape(project.slug)}` },
          { type: "mrkdwn", text: `*Level*\n${level}` },
          { type: "mrkdwn", text: `*Events*\n${issue.timesSeen}` },
          { type: "mrkdwn", text: `*Culprit*\n${clip(slackEscape(issue.culprit || "—"), 1_000)}` },
        ],
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: clip(slackEscape(rulesLine(ruleNames)), 500) }],
      },
    ],
  };
}

const htmlEscape = (text: string): string =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** An alert e-mail, plain text and HTML, with the issue's link. */
export function alertEmail(ctx: IssueContext, ruleNames: readonly string[]): EmailMessage {
  const { issue, project } = ctx;
  const url = issueWebUrl(ctx);
  const level = levelToString(issue.level) ?? "error";
  const lines = [
    `${issue.title}`,
    "",
    `Project: ${project.slug}`,
    `Level: ${level}`,
    `Events: ${issue.timesSeen}`,
    `Culprit: ${issue.culprit}`,
    rulesLine(ruleNames),
    "",
    `View the issue: ${url}`,
  ];
  const html = [
    `<h1 style="font-size:18px">${htmlEscape(issue.title)}</h1>`,
    "<table>",
    `<tr><th align="left">Project</th><td>${htmlEscape(project.slug)}</td></tr>`,
    `<tr><th align="left">Level</th><td>${level}</td></tr>`,
    `<tr><th align="left">Events</th><td>${issue.timesSeen}</td></tr>`,
    `<tr><th align="left">Culprit</th><td>${htmlEscape(issue.culprit)}</td></tr>`,
    `<tr><th align="left">${rulesLabel(ruleNames)}</th><td>${htmlEscape(ruleNames.join(", "))}</td></tr>`,
    "</table>",
    `<p><a href="${htmlEscape(url)}">View the issue</a></p>`,
  ].join("\n");
  return {
    subject: clip(`[${project.slug}] ${level.toUpperCase()}: ${issue.title}`, 200),
    text: lines.join("\n"),
    html,
  };
}
