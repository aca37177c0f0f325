import type { Conn } from "./sql.js";
import { stripUuid } from "./sql.js";

/** `sentry_apps` and `sentry_app_installations`: internal integrations and their webhook secrets. */

export interface SentryApp {
  id: number;
  organizationId: number;
  uuid: string;
  slug: string;
  name: string;
  clientId: string;
  clientSecret: string;
  webhookUrl: string | null;
  events: string[];
  scopes: string[];
  isInternal: boolean;
  dateAdded: Date;
}

/** An installation with the app whose webhook it receives. */
export interface SentryAppInstallation {
  uuid: string;
  organizationId: number;
  app: SentryApp;
}

interface SentryAppRow {
  id: number | string;
  organization_id: number | string;
  uuid: string;
  slug: string;
  name: string;
  client_id: string;
  client_secret: string;
  webhook_url: string | null;
  events: string[];
  scopes: string[];
  is_internal: boolean;
  date_added: Date;
}

function toSentryApp(r: SentryAppRow): SentryApp {
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    uuid: r.uuid,
    slug: r.slug,
    name: r.name,
    clientId: r.client_id,
    clientSecret: r.client_secret,
    webhookUrl: r.webhook_url,
    events: r.events,
    scopes: r.scopes,
    isInternal: r.is_internal,
    dateAdded: r.date_added,
  };
}

export type SentryAppInput = Omit<SentryApp, "id" | "dateAdded">;

/** Creates an app and, for an internal one, its installation in the same organization. */
export async function createSentryApp(
  db: Conn,
  input: SentryAppInput,
  installationUuid: string,
  at: Date,
): Promise<SentryAppInstallation> {
  const [row] = await db("sentry_apps")
    .insert({
      organization_id: input.organizationId,
      uuid: input.uuid,
      slug: input.slug,
      name: input.name,
      client_id: input.clientId,
      client_secret: input.clientSecret,
      webhook_url: input.webhookUrl,
      events: input.events,
      scopes: input.scopes,
      is_internal: input.isInternal,
      date_added: at,
    })
    .returning<SentryAppRow[]>("*");
  const app = toSentryApp(row!);
  await db("sentry_app_installations").insert({
    uuid: installationUuid,
    app_id: app.id,
    organization_id: input.organizationId,
    date_added: at,
  });
  return { uuid: installationUuid, organizationId: input.organizationId, app };
}

export async function sentryAppSlugTaken(db: Conn, organizationId: number, slug: string): Promise<boolean> {
  const row = (await db("sentry_apps").where({ organization_id: organizationId, slug }).first("id")) as
    { id: number } | undefined;
  return row !== undefined;
}

/** The installations of an organization, with their apps, in creation order. */
export async function listSentryAppInstallations(
  db: Conn,
  organizationIds: readonly number[],
): Promise<SentryAppInstallation[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db("sentry_app_installations as i")
    .join("sentry_apps as a", "a.id", "i.app_id")
    .whereIn("i.organization_id", [...organizationIds])
    .orderBy("a.id")
    .select<(SentryAppRow & { installation_uuid: string })[]>("a.*", "i.uuid as installation_uuid");
  return rows.map((r) => ({
    uuid: r.installation_uuid,
    organizationId: Number(r.organization_id),
    app: toSentryApp(r),
  }));
}

/** Installations by uuid (hyphenated or not). */
export async function getSentryAppInstallations(
  db: Conn,
  uuids: readonly string[],
): Promise<Map<string, SentryAppInstallation>> {
  const result = new Map<string, SentryAppInstallation>();
  if (uuids.length === 0) return result;
  const rows = await db("sentry_app_installations as i")
    .join("sentry_apps as a", "a.id", "i.app_id")
    .whereIn("i.uuid", [...new Set(uuids)])
    .select<(SentryAppRow & { installation_uuid: string })[]>("a.*", "i.uuid as installation_uuid");
  for (const r of rows)
    result.set(stripUuid(r.installation_uuid), {
      uuid: r.installation_uuid,
      organizationId: Number(r.organization_id),
      app: toSentryApp(r),
    });
  return result;
}

/** The legacy webhooks plugin of a project: its URLs and whether it is on. */
export async function getProjectWebhookConfig(
  db: Conn,
  projectId: number,
): Promise<{ urls: string[]; enabled: boolean }> {
  const row = await db("project_webhook_urls").where({ project_id: projectId }).first<{
    urls: string[];
    enabled: boolean;
  }>("urls", "enabled");
  return row ?? { urls: [], enabled: false };
}

/** The legacy webhooks plugin of several projects in one statement (projects without one: absent). */
export async function getProjectWebhookConfigs(
  db: Conn,
  projectIds: readonly number[],
): Promise<Map<number, { urls: string[]; enabled: boolean }>> {
  const result = new Map<number, { urls: string[]; enabled: boolean }>();
  if (projectIds.length === 0) return result;
  const rows = (await db("project_webhook_urls")
    .whereIn("project_id", [...new Set(projectIds)])
    .select("project_id", "urls", "enabled")) as {
    project_id: number | string;
    urls: string[];
    enabled: boolean;
  }[];
  for (const r of rows) result.set(Number(r.project_id), { urls: r.urls, enabled: r.enabled });
  return result;
}

export async function setProjectWebhookConfig(
  db: Conn,
  projectId: number,
  config: { urls: string[]; enabled: boolean },
): Promise<void> {
  await db("project_webhook_urls")
    .insert({ project_id: projectId, urls: config.urls, enabled: config.enabled })
    .onConflict("project_id")
    .merge();
}
