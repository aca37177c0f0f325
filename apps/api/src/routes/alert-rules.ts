import { z } from "zod";
import { ACTIONS, RuleValidationError, parseRuleSpec } from "@sift/alerts";
import type { RuleSpec } from "@sift/alerts";
import {
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  getSentryAppInstallations,
  listAlertRules,
  listRuleFirings,
  updateAlertRule,
} from "@sift/storage";
import type { Organization } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requirePathProject } from "../http/auth.js";
import { notFound } from "../http/errors.js";
import { ruleSchema, serializeRule } from "../alerts/rule-json.js";
import { noContent } from "../serializers/schemas.js";

const org = z.string().min(1).max(100).describe("organization slug (or id)");
export const projectParams = z.object({
  org,
  project: z.string().min(1).max(100).describe("project slug (or id)"),
});
const ruleParams = projectParams.extend({
  ruleId: z
    .string()
    .regex(/^\d{1,15}$/, "A rule id is a number.")
    .describe("the rule's id"),
});
const ruleBody = z
  .unknown()
  .describe(
    "Sentry's rule JSON: `name`, `environment`, `actionMatch`/`filterMatch` (`all`, `any`, `none`), " +
      "`conditions`, `filters`, `actions` (Sentry's ids), `frequency` (minutes, 5 to 43200, default 30), `owner`",
  );
const TAGS = ["Alert rules"];
const FIRINGS_SHOWN = 20;

/** A rule's sentry-app actions must name installations of the organization. */
async function checkInstallations(
  ctx: ApiContext,
  organization: Organization,
  spec: RuleSpec,
): Promise<void> {
  const uuids = spec.actions
    .filter((a) => a.id === ACTIONS.SENTRY_APP)
    .map((a) => String(a.sentryAppInstallationUuid));
  if (uuids.length === 0) return;
  const valid = uuids.filter((u) =>
    /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(u),
  );
  const found = await getSentryAppInstallations(ctx.db, valid);
  for (const uuid of uuids) {
    const installation = found.get(uuid.replaceAll("-", "").toLowerCase());
    if (!installation || installation.organizationId !== organization.id)
      throw new RuleValidationError("actions", "Could not find the Sentry app installation.");
  }
}

/** Sentry's issue alert rules of a project. */
export function alertRuleRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.get(
      "/projects/:org/:project/rules/",
      {
        schema: {
          tags: TAGS,
          operationId: "listProjectRules",
          summary: "List a project's issue alert rules",
          params: projectParams,
          response: { 200: z.array(ruleSchema).describe("the rules, oldest first") },
        },
      },
      async (req) => {
        const { project } = await requirePathProject(ctx.db, req.auth!, req.params);
        const rules = await listAlertRules(ctx.db, [project.id]);
        return rules.map((r) => serializeRule(r, project));
      },
    );
    app.post(
      "/projects/:org/:project/rules/",
      {
        schema: {
          tags: TAGS,
          operationId: "createProjectRule",
          summary: "Create an issue alert rule",
          params: projectParams,
          body: ruleBody,
          response: { 200: ruleSchema.describe("the rule (Sentry answers 200)") },
        },
      },
      async (req) => {
        const { organization, project } = await requirePathProject(ctx.db, req.auth!, req.params);
        const spec = parseRuleSpec(req.body);
        await checkInstallations(ctx, organization, spec);
        const rule = await createAlertRule(
          ctx.db,
          { ...spec, organizationId: organization.id, projectId: project.id },
          ctx.clock.now(),
        );
        return serializeRule(rule, project);
      },
    );
    app.get(
      "/projects/:org/:project/rules/:ruleId/",
      {
        schema: {
          tags: TAGS,
          operationId: "getProjectRule",
          summary: "An issue alert rule, with its last firings",
          params: ruleParams,
          response: { 200: ruleSchema },
        },
      },
      async (req) => {
        const { project } = await requirePathProject(ctx.db, req.auth!, req.params);
        const rule = await getAlertRule(ctx.db, project.id, Number(req.params.ruleId));
        if (!rule) throw notFound();
        return serializeRule(rule, project, await listRuleFirings(ctx.db, rule.id, FIRINGS_SHOWN));
      },
    );
    app.put(
      "/projects/:org/:project/rules/:ruleId/",
      {
        schema: {
          tags: TAGS,
          operationId: "updateProjectRule",
          summary: "Replace an issue alert rule",
          params: ruleParams,
          body: ruleBody,
          response: { 200: ruleSchema },
        },
      },
      async (req) => {
        const { organization, project } = await requirePathProject(ctx.db, req.auth!, req.params);
        if (!(await getAlertRule(ctx.db, project.id, Number(req.params.ruleId)))) throw notFound();
        const spec = parseRuleSpec(req.body);
        await checkInstallations(ctx, organization, spec);
        const rule = await updateAlertRule(ctx.db, Number(req.params.ruleId), {
          ...spec,
          organizationId: organization.id,
          projectId: project.id,
        });
        if (!rule) throw notFound();
        return serializeRule(rule, project);
      },
    );
    app.delete(
      "/projects/:org/:project/rules/:ruleId/",
      {
        schema: {
          tags: TAGS,
          operationId: "deleteProjectRule",
          summary: "Delete an issue alert rule",
          params: ruleParams,
          response: { 202: noContent("deleted (Sentry answers 202)") },
        },
      },
      async (req, reply) => {
        const { project } = await requirePathProject(ctx.db, req.auth!, req.params);
        if (!(await deleteAlertRule(ctx.db, project.id, Number(req.params.ruleId)))) throw notFound();
        return reply.code(202).send();
      },
    );
  });
}
