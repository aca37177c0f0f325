import { z } from "zod";
import { listDeliveries } from "@sift/storage";
import type { Delivery, DeliveryAttempt } from "@sift/storage";
import { requestUrlOf, zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { badRequest } from "../http/errors.js";
import { offsetLinkHeader, offsetPage } from "../http/offset-page.js";
import { singleParam } from "../http/params.js";
import { projectOf, projectParams } from "./alert-rules.js";

const attemptSchema = z.object({
  attempt: z.number().int(),
  dateStarted: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  outcome: z.enum(["delivered", "retry", "failed"]),
});
const deliverySchema = z
  .object({
    id: z.string(),
    requestId: z.string().describe("`Request-ID` of every attempt"),
    resource: z.string().describe("`issue`, `event_alert` or `alert`"),
    action: z.enum(["sentry_app", "webhooks", "email", "slack"]),
    ruleIds: z.array(z.string()).describe("the rules that fired together for this message"),
    issueId: z.string().nullable(),
    destination: z.string().describe("the receiver: a URL's origin, or the e-mail addresses"),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.array(attemptSchema),
    dateCreated: z.string(),
    dateFinished: z.string().nullable(),
    nextAttempt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: "AlertDelivery", description: "one decided alert or webhook and its attempts" });

const listQuery = z.looseObject({
  rule: singleParam,
  status: singleParam,
  cursor: singleParam,
  per_page: singleParam,
});

function destination(d: Delivery): string {
  if (Array.isArray(d.target.to)) return (d.target.to as string[]).join(", ");
  try {
    // Webhook URLs may carry secrets in their path (Slack's do): only the origin is shown.
    return new URL(String(d.target.url)).origin;
  } catch {
    return "";
  }
}

function attemptJson(a: DeliveryAttempt): z.output<typeof attemptSchema> {
  return {
    attempt: a.attempt,
    dateStarted: a.startedAt.toISOString(),
    durationMs: a.durationMs,
    statusCode: a.statusCode,
    error: a.error,
    outcome: a.outcome as "delivered" | "retry" | "failed",
  };
}

/** The project's alert deliveries, newest first, with every attempt. */
export function alertDeliveryRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.get(
      "/projects/:org/:project/alert-deliveries/",
      {
        schema: {
          tags: ["Alert rules"],
          operationId: "listAlertDeliveries",
          summary: "List the project's alert deliveries and their attempts",
          description:
            "Newest first; `rule` (a rule id), `status` (`pending`, `delivered`, `failed`), `per_page`, `cursor`.",
          params: projectParams,
          querystring: listQuery,
          response: { 200: z.array(deliverySchema) },
        },
        config: { responseHeaders: { 200: { Link: 'pagination (`cursor="0:<offset>:0"`), as in Sentry' } } },
      },
      async (req, reply) => {
        const { project } = await projectOf(ctx, req.auth!, req.params);
        const { rule, status } = req.query;
        if (rule !== undefined && !/^\d{1,15}$/.test(rule)) throw badRequest("Invalid rule parameter.");
        if (status !== undefined && !["pending", "delivered", "failed"].includes(status))
          throw badRequest("Invalid status parameter.");
        const page = offsetPage(req.query.cursor, req.query.per_page);
        const found = await listDeliveries(
          ctx.db,
          {
            projectIds: [project.id],
            ...(rule === undefined ? {} : { ruleId: Number(rule) }),
            ...(status === undefined ? {} : { status: status as Delivery["status"] }),
          },
          { limit: page.limit + 1, offset: page.offset },
        );
        return reply
          .header("Link", offsetLinkHeader(requestUrlOf(ctx, req), page, found.length > page.limit))
          .send(
            found.slice(0, page.limit).map((d) => ({
              id: String(d.id),
              requestId: d.uuid,
              resource: d.resource,
              action: d.action as "sentry_app" | "webhooks" | "email" | "slack",
              ruleIds: d.ruleIds.map(String),
              issueId: d.issueId === null ? null : String(d.issueId),
              destination: destination(d),
              status: d.status,
              attempts: d.attemptList.map(attemptJson),
              dateCreated: d.createdAt.toISOString(),
              dateFinished: d.finishedAt?.toISOString() ?? null,
              nextAttempt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
              lastError: d.lastError,
            })),
          );
      },
    );
  });
}
