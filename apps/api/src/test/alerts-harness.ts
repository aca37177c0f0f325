import {
  ACTIONS,
  CONDITIONS,
  createAlertDecider,
  createDeliveryWorker,
  createOutboundGuard,
  createSmtpMailer,
} from "@sift/alerts";
import type {
  AlertDecider,
  DeliveryHandOff,
  DeliveryWorker,
  DeliveryWorkerOptions,
  SendOutcome,
} from "@sift/alerts";
import { groupTypes, silentLogger } from "@sift/schemas";
import type { Db } from "@sift/storage";
import { createApiHarness } from "./harness.js";
import type { ApiHarness, OrgFixture } from "./harness.js";
import type { OccurrenceSpec } from "./generate.js";
import { startReceiver, startSmtpServer } from "./receivers.js";
import type { Receiver } from "./receivers.js";

export const BASE_URL = "http://sift.example";

export interface Tenant {
  org: OrgFixture;
  receiver: Receiver;
  slug: string;
  projectId: number;
  path: string;
}

export interface AlertsHarness extends ApiHarness {
  decider: AlertDecider;
  worker: DeliveryWorker;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  /** A decider of its own (another daemon) over `db`, handing what it decides to `handOff` if given. */
  newDecider(db?: Db, handOff?: DeliveryHandOff): AlertDecider;
  newWorker(options?: Partial<DeliveryWorkerOptions>): DeliveryWorker;
  /** Decides until the log is read, then sends what is due once. */
  settle(worker?: DeliveryWorker): Promise<SendOutcome>;
  /** A new organization with one project (`app`) and a receiver. */
  tenant(): Promise<Tenant>;
  /** A tenant whose first-seen rule posts an event alert to its receiver through an internal integration. */
  firstSeenTenant(): Promise<Tenant>;
  /** An internal integration posting to the tenant's receiver: its secret and installation uuid. */
  createApp(t: Tenant, events?: string[]): Promise<{ secret: string; installation: string }>;
  /** A rule through the API (named `rule` unless the body names it); its id. */
  createRule(org: OrgFixture, path: string, body: Record<string, unknown>): Promise<string>;
  /** One occurrence of `fingerprint` in the tenant's project, now. */
  ingestOne(t: Tenant, fingerprint: string, extra?: Partial<OccurrenceSpec>): Promise<unknown>;
  destroy(): Promise<void>;
}

let tenants = 0;

export async function createAlertsHarness(): Promise<AlertsHarness> {
  const h = await createApiHarness();
  const smtp = await startSmtpServer();
  const mailer = createSmtpMailer({ url: smtp.url, from: "alerts@sift.example" });
  const receivers: Receiver[] = [];
  const newDecider = (db: Db = h.db, handOff?: DeliveryHandOff) =>
    createAlertDecider({
      db,
      handOff,
      clock: h.clock,
      logger: silentLogger,
      metrics: h.metrics,
      types: groupTypes,
      baseUrl: BASE_URL,
    });
  const newWorker = (options: Partial<DeliveryWorkerOptions> = {}) =>
    createDeliveryWorker({
      db: h.db,
      clock: h.clock,
      logger: silentLogger,
      metrics: h.metrics,
      guard: createOutboundGuard(["127.0.0.1"]),
      mailer,
      timeoutMs: 2_000,
      retryBaseMs: 1_000,
      slackIntervalMs: 0,
      ...options,
    });
  const decider = newDecider();
  const worker = newWorker();
  // The cursor starts at the first pass: nothing before it is alerted on.
  await decider.decideOnce();
  const harness: AlertsHarness = {
    ...h,
    decider,
    worker,
    smtp,
    newDecider,
    newWorker,
    async settle(w = worker) {
      await decider.catchUp();
      return w.runOnce();
    },
    async tenant() {
      tenants += 1;
      const slug = `tenant${tenants}`;
      const projectId = 100 + tenants;
      const org = await h.createOrg(slug, [{ slug: "app", id: projectId }]);
      const receiver = await startReceiver();
      receivers.push(receiver);
      return { org, receiver, slug, projectId, path: `/api/0/projects/${slug}/app` };
    },
    async firstSeenTenant() {
      const t = await harness.tenant();
      const { installation } = await harness.createApp(t);
      await harness.createRule(t.org, t.path, {
        name: "New issue",
        conditions: [{ id: CONDITIONS.FIRST_SEEN }],
        actions: [{ id: ACTIONS.SENTRY_APP, sentryAppInstallationUuid: installation }],
      });
      return t;
    },
    async createApp(t, events = []) {
      const res = await h.request("POST", "/api/0/sentry-apps/", {
        token: t.org.tokens.admin,
        body: {
          name: "Receiver",
          organization: t.slug,
          isInternal: true,
          webhookUrl: t.receiver.url,
          events,
        },
      });
      if (res.statusCode !== 201) throw new Error(`sentry-apps answered ${res.statusCode}: ${res.body}`);
      const app = res.json<{ clientSecret: string; installation: { uuid: string } }>();
      return { secret: app.clientSecret, installation: app.installation.uuid };
    },
    async createRule(org, path, body) {
      const res = await h.request("POST", `${path}/rules/`, {
        token: org.tokens.admin,
        body: { name: "rule", ...body },
      });
      if (res.statusCode !== 200) throw new Error(`rules answered ${res.statusCode}: ${res.body}`);
      return res.json<{ id: string }>().id;
    },
    ingestOne: (t, fingerprint, extra = {}) =>
      h.ingest([{ projectId: t.projectId, fingerprint, time: h.clock.now(), ...extra }]),
    async destroy() {
      for (const r of receivers) await r.stop();
      mailer.close();
      await smtp.close();
      await h.destroy();
    },
  };
  return harness;
}
