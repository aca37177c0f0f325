import {
  createAlertDecider,
  createDeliveryWorker,
  createOutboundGuard,
  createSmtpMailer,
} from "@sift/alerts";
import type { AlertDecider, DeliveryWorker, DeliveryWorkerOptions, SendOutcome } from "@sift/alerts";
import { groupTypes, silentLogger } from "@sift/schemas";
import type { Db } from "@sift/storage";
import { createApiHarness } from "./harness.js";
import type { ApiHarness, OrgFixture } from "./harness.js";
import { startReceiver, startSmtpServer } from "./receivers.js";
import type { Receiver } from "./receivers.js";

export const BASE_URL = "http://sift.example";

export interface AlertsHarness extends ApiHarness {
  decider: AlertDecider;
  worker: DeliveryWorker;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  /** A decider of its own (another daemon) over `db`. */
  newDecider(db?: Db): AlertDecider;
  newWorker(options?: Partial<DeliveryWorkerOptions>): DeliveryWorker;
  /** Decides until the log is read, then sends what is due once. */
  settle(worker?: DeliveryWorker): Promise<SendOutcome>;
  /** A new organization with one project (`app`) and a receiver. */
  tenant(): Promise<{ org: OrgFixture; receiver: Receiver; slug: string; projectId: number; path: string }>;
  destroy(): Promise<void>;
}

let tenants = 0;

export async function createAlertsHarness(): Promise<AlertsHarness> {
  const h = await createApiHarness();
  const smtp = await startSmtpServer();
  const mailer = createSmtpMailer({ url: smtp.url, from: "alerts@sift.example" });
  const receivers: Receiver[] = [];
  const newDecider = (db: Db = h.db) =>
    createAlertDecider({
      db,
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
  return {
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
    async destroy() {
      for (const r of receivers) await r.stop();
      mailer.close();
      await smtp.close();
      await h.destroy();
    },
  };
}
