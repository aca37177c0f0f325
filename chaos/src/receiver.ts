import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver answered. */
export interface Reception {
  path: string;
  /** The delivery's `Request-ID`, 32 lower-case hex (as Sift stores delivery ids). */
  requestId: string;
  resource: string | null;
  status: number;
  /** For integration webhooks: whether `Sentry-Hook-Signature` is the body's HMAC; else null. */
  signatureOk: boolean | null;
}

export interface Receiver {
  /** Base URL (`http://127.0.0.1:<port>`). */
  url: string;
  receptions: Reception[];
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** The integration's client secret, to check signatures. */
  secret: string;
  /** Answer 503 to the first attempt of a delivery when this holds for its id (a retry follows). */
  refuseFirst: (requestId: string) => boolean;
  /** Milliseconds to wait before answering a request of this id (slow receivers keep sends in flight). */
  delayMs: (requestId: string) => number;
}

const normalize = (id: string): string => id.replaceAll("-", "").toLowerCase();

/** A webhook receiver on loopback: records every request and answers 200 (or 503 on a first attempt). */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const receptions: Reception[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
      };
      const requestId = normalize(header("request-id") ?? "");
      const signature = header("sentry-hook-signature");
      const resource = header("sentry-hook-resource");
      const n = (attempts.get(requestId) ?? 0) + 1;
      attempts.set(requestId, n);
      const status = n === 1 && options.refuseFirst(requestId) ? 503 : 200;
      receptions.push({
        path: req.url ?? "",
        requestId,
        resource,
        status,
        signatureOk:
          resource === null
            ? null
            : signature === createHmac("sha256", options.secret).update(body, "utf8").digest("hex"),
      });
      setTimeout(() => {
        res.statusCode = status;
        res.end(status === 200 ? "ok" : "try again");
      }, options.delayMs(requestId));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    receptions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
