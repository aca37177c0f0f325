import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import {
  createSentryApp,
  getProjectWebhookConfig,
  listSentryAppInstallations,
  sentryAppSlugTaken,
  setProjectWebhookConfig,
} from "@sift/storage";
import type { SentryAppInstallation } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requireOrganization, requirePathProject } from "../http/auth.js";
import { badRequest } from "../http/errors.js";
import { projectParams } from "./alert-rules.js";

const EVENTS = ["issue", "error", "comment"];

const appBody = z.looseObject({
  name: z.string().min(1, "This field is required.").max(64).describe("the integration's name"),
  organization: z.string().min(1).describe("the organization's slug"),
  isInternal: z.boolean().optional().describe("must be true: Sift has internal integrations only"),
  webhookUrl: z.string().max(2_000).nullish().describe("where its webhooks go"),
  events: z.array(z.string()).optional().describe("resources it subscribes to (`issue`)"),
  scopes: z.array(z.string()).optional(),
});

const installationSchema = z.object({
  uuid: z.string(),
  status: z.literal("installed"),
  app: z.object({ uuid: z.string(), slug: z.string() }),
  organization: z.object({ slug: z.string() }),
});
const appSchema = z
  .object({
    name: z.string(),
    slug: z.string(),
    uuid: z.string(),
    status: z.literal("internal"),
    isAlertable: z.boolean(),
    webhookUrl: z.string().nullable(),
    events: z.array(z.string()),
    scopes: z.array(z.string()),
    clientId: z.string(),
    clientSecret: z.string().describe("the key of `Sentry-Hook-Signature` (HMAC-SHA256 of the body)"),
    owner: z.object({ id: z.number(), slug: z.string() }),
    installation: installationSchema,
  })
  .meta({ id: "SentryApp", description: "an internal integration with its installation" });

const webhookConfigBody = z.looseObject({
  urls: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe("one URL a line, or a list"),
});
const webhookPluginSchema = z.object({
  id: z.literal("webhooks"),
  slug: z.literal("webhooks"),
  name: z.literal("WebHooks"),
  enabled: z.boolean(),
  config: z.array(z.object({ name: z.literal("urls"), value: z.string() })),
});

const installationJson = (
  i: SentryAppInstallation,
  orgSlug: string,
): z.output<typeof installationSchema> => ({
  uuid: i.uuid,
  status: "installed",
  app: { uuid: i.app.uuid, slug: i.app.slug },
  organization: { slug: orgSlug },
});

const slugify = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "integration";

function parseUrls(value: string | string[] | undefined): string[] {
  const list = (Array.isArray(value) ? value : (value ?? "").split(/\r?\n/))
    .map((u) => u.trim())
    .filter(Boolean);
  for (const url of list)
    if (!/^https?:\/\/[^\s/]+/i.test(url)) throw badRequest(`Enter a valid URL: ${url}`);
  return list;
}

/** Internal integrations (Sentry apps) and the legacy WebHooks plugin of a project. */
export function sentryAppRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.post(
      "/sentry-apps/",
      {
        schema: {
          tags: ["Integrations"],
          operationId: "createSentryApp",
          summary: "Create an internal integration",
          description: "Answers the app with its `clientSecret` and its installation in the organization.",
          body: appBody,
          response: { 201: appSchema },
        },
      },
      async (req, reply) => {
        const organization = requireOrganization(req.auth!, req.body.organization);
        const body = req.body;
        if (body.isInternal !== true) throw badRequest("Only internal integrations can be created.");
        const events = body.events ?? [];
        for (const e of events) if (!EVENTS.includes(e)) throw badRequest(`Invalid event subscription: ${e}`);
        const webhookUrl = body.webhookUrl?.trim() || null;
        if (events.length > 0 && !webhookUrl)
          throw badRequest("webhookUrl required if events are specified.");
        if (webhookUrl) parseUrls([webhookUrl]);
        let slug = `${slugify(body.name)}-${randomBytes(3).toString("hex")}`;
        while (await sentryAppSlugTaken(ctx.db, organization.id, slug))
          slug = `${slugify(body.name)}-${randomBytes(3).toString("hex")}`;
        const installation = await createSentryApp(
          ctx.db,
          {
            organizationId: organization.id,
            uuid: randomUUID(),
            slug,
            name: body.name,
            clientId: randomBytes(32).toString("hex"),
            clientSecret: randomBytes(32).toString("hex"),
            webhookUrl,
            events,
            scopes: body.scopes ?? [],
            isInternal: true,
          },
          randomUUID(),
          ctx.clock.now(),
        );
        const a = installation.app;
        return reply.code(201).send({
          name: a.name,
          slug: a.slug,
          uuid: a.uuid,
          status: "internal",
          isAlertable: true,
          webhookUrl: a.webhookUrl,
          events: a.events,
          scopes: a.scopes,
          clientId: a.clientId,
          clientSecret: a.clientSecret,
          owner: { id: organization.id, slug: organization.slug },
          installation: installationJson(installation, organization.slug),
        });
      },
    );
    app.get(
      "/organizations/:org/sentry-app-installations/",
      {
        schema: {
          tags: ["Integrations"],
          operationId: "listSentryAppInstallations",
          summary: "List the organization's integration installations",
          params: z.object({ org: z.string().min(1).max(100) }),
          response: { 200: z.array(installationSchema) },
        },
      },
      async (req) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const list = await listSentryAppInstallations(ctx.db, [organization.id]);
        return list.map((i) => installationJson(i, organization.slug));
      },
    );
  });
}

function pluginJson(config: { urls: string[]; enabled: boolean }): z.output<typeof webhookPluginSchema> {
  return {
    id: "webhooks",
    slug: "webhooks",
    name: "WebHooks",
    enabled: config.enabled,
    config: [{ name: "urls", value: config.urls.join("\n") }],
  };
}

/** The legacy WebHooks plugin: its URLs (`PUT`), enabled (`POST`) or disabled (`DELETE`). */
export function webhookPluginRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    const path = "/projects/:org/:project/plugins/webhooks/";
    const schema = (operationId: string, summary: string) => ({
      tags: ["Integrations"],
      operationId,
      summary,
      params: projectParams,
      response: { 200: webhookPluginSchema },
    });
    app.get(path, { schema: schema("getWebhooksPlugin", "The project's WebHooks plugin") }, async (req) => {
      const { project } = await requirePathProject(ctx.db, req.auth!, req.params);
      return pluginJson(await getProjectWebhookConfig(ctx.db, project.id));
    });
    app.put(
      path,
      {
        schema: {
          ...schema("configureWebhooksPlugin", "Set the WebHooks plugin's URLs (one a line)"),
          body: webhookConfigBody,
        },
      },
      async (req) => {
        const { project } = await requirePathProject(ctx.db, req.auth!, req.params);
        const current = await getProjectWebhookConfig(ctx.db, project.id);
        const config = {
          urls: parseUrls(req.body.urls),
          enabled: current.enabled || current.urls.length === 0,
        };
        await setProjectWebhookConfig(ctx.db, project.id, config);
        return pluginJson(config);
      },
    );
    for (const [method, enabled] of [
      ["POST", true],
      ["DELETE", false],
    ] as const) {
      app.route({
        method,
        url: path,
        schema: {
          ...schema(
            enabled ? "enableWebhooksPlugin" : "disableWebhooksPlugin",
            enabled ? "Enable the WebHooks plugin" : "Disable the WebHooks plugin",
          ),
          ...(enabled ? { body: z.looseObject({}).optional().describe("nothing is needed") } : {}),
        },
        handler: async (req) => {
          const { project } = await requirePathProject(ctx.db, req.auth!, req.params);
          const config = { ...(await getProjectWebhookConfig(ctx.db, project.id)), enabled };
          await setProjectWebhookConfig(ctx.db, project.id, config);
          return pluginJson(config);
        },
      });
    }
  });
}
