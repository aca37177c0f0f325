import type { Knex } from "knex";
import type { Conn } from "./sql.js";
import type { RowOf } from "./row-of.js";
import { stripUuid } from "./sql.js";
import { keyedRows } from "./keyed-rows.js";
import { fromRow } from "./row-of.js";

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

type SentryAppRow = RowOf<SentryApp>;

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
  const app = fromRow<SentryApp>(row!);
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

type InstallationRow = SentryAppRow & { installation_uuid: string };

/** Installations with their apps, as `InstallationRow`s. */
function installationRows(
  db: Conn,
  where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
): PromiseLike<InstallationRow[]> {
  const query = db("sentry_app_installations as i").join("sentry_apps as a", "a.id", "i.app_id");
  return where(query).select<InstallationRow[]>("a.*", "i.uuid as installation_uuid");
}

const toInstallation = ({ installation_uuid, ...app }: InstallationRow): SentryAppInstallation => ({
  uuid: installation_uuid,
  organizationId: app.organization_id,
  app: fromRow<SentryApp>(app),
});

/** The installations of an organization, with their apps, in creation order. */
export async function listSentryAppInstallations(
  db: Conn,
  organizationIds: readonly number[],
): Promise<SentryAppInstallation[]> {
  if (organizationIds.length === 0) return [];
  const rows = await installationRows(db, (q) =>
    q.whereIn("i.organization_id", [...organizationIds]).orderBy("a.id"),
  );
  return rows.map(toInstallation);
}

const installationEntry = (r: InstallationRow): [string, SentryAppInstallation] => [
  stripUuid(r.installation_uuid),
  toInstallation(r),
];

/** Installations by uuid (hyphenated or not). */
export function getSentryAppInstallations(
  db: Conn,
  uuids: readonly string[],
): Promise<Map<string, SentryAppInstallation>> {
  return keyedRows(uuids, installationEntry, () =>
    installationRows(db, (q) => q.whereIn("i.uuid", [...new Set(uuids)])),
  );
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
