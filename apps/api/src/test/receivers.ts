import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived. */
  raw: string;
  json: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** The status the next answers have (a queue; the last one stays). */
  answer(...statuses: number[]): void;
  /** Stops listening (connections are refused) until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 that records every request and answers 200 unless told otherwise. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let statuses: number[] = [200];
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          requests.push({
            path: req.url ?? "",
            headers: req.headers,
            raw,
            json: JSON.parse(raw) as Record<string, unknown>,
          });
          const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
          res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "error");
        });
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}/hook`;
    },
    get port() {
      return port;
    },
    requests,
    answer: (...next) => void (statuses = next),
    stop: () =>
      new Promise<void>((resolve) => {
        const s = server;
        server = null;
        if (!s) return resolve();
        s.close(() => resolve());
        s.closeAllConnections();
      }),
    start: listen,
  };
}

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps every message. */
export async function startSmtpServer(): Promise<{
  url: string;
  mails: ReceivedMail[];
  /** Connections opened to it so far. */
  connections(): number;
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TCP server on 127.0.0.1 that accepts connections and never says a word (a hung mail server or
 * webhook receiver); it counts the connections.
 */
export async function startSilentServer(): Promise<{
  port: number;
  connections(): number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createNetServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
