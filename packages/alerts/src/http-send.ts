import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { lookup as dnsLookup } from "node:dns";
import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { OutboundGuard } from "./outbound-guard.js";

export interface HttpResult {
  status: number;
  /** At most the first 1,000 characters of the answer. */
  body: string;
  retryAfterMs: number | null;
}

/** A DNS lookup that refuses, through the guard, every address the connection would use. */
function guardedLookup(guard: OutboundGuard): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      try {
        for (const a of addresses) guard.check(hostname, a.address);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** POSTs `body` to `url` with a timeout; IP-literal hosts are checked by the guard before connecting. */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { guard: OutboundGuard; timeoutMs: number },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== "http:" && target.protocol !== "https:")
      return reject(new Error(`Unsupported URL scheme ${target.protocol}`));
    const host = target.hostname.replace(/^\[|\]$/g, "");
    try {
      // A literal address is not looked up: check it here.
      if (/^[\d.]+$|:/.test(host)) options.guard.check(host, host);
    } catch (error) {
      return reject(error as Error);
    }
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.guard),
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (text.length < 1_000) text += chunk;
        });
        res.on("end", () => {
          const retryAfter = Number(res.headers["retry-after"]);
          resolve({
            status: res.statusCode ?? 0,
            body: text.slice(0, 1_000),
            retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
          });
        });
        res.on("error", reject);
      },
    );
    // The whole exchange, not only an idle socket, is bounded by the timeout.
    const timer = setTimeout(
      () => req.destroy(new Error(`Timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    req.end(body);
  });
}
