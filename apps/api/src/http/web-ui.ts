import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The web UI's Content-Security-Policy: scripts, styles and connections from this origin only (no
 * inline script, no eval), no plugins, no framing. Whatever an occurrence carries is rendered as text
 * by the UI; this is the second line.
 */
export const WEB_UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The built UI's folder when it has an `index.html`, else null. */
export function webUiRoot(folder: string): string | null {
  return existsSync(path.join(folder, "index.html")) ? path.resolve(folder) : null;
}

function securityHeaders(reply: FastifyReply): void {
  reply.header("Content-Security-Policy", WEB_UI_CSP);
  reply.header("X-Content-Type-Options", "nosniff");
  reply.header("Referrer-Policy", "same-origin");
  reply.header("X-Frame-Options", "DENY");
}

/** A path the UI's router owns: a GET or HEAD outside the API and the service routes. */
export function isUiPath(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const pathname = request.url.split("?")[0] ?? "/";
  return !/^\/(api|healthz|readyz|metrics)(\/|$)/.test(pathname);
}

/**
 * Serves the built UI at `/`: its files (assets cached for a year, they are content-hashed), and
 * `index.html` for every other UI path (the single-page app routes them). Call `fallback` from the
 * server's not-found handler.
 */
export async function registerWebUi(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: true,
    index: "index.html",
    // @fastify/static 10 hands the reply over (its types still say ServerResponse).
    setHeaders(reply: unknown, filePath: string) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      (reply as FastifyReply).header(
        "Cache-Control",
        immutable ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  app.addHook("onSend", async (request, reply, payload) => {
    if (isUiPath(request)) securityHeaders(reply);
    return payload;
  });
}

/** The UI's answer for a path no file and no route has: the app's `index.html`. */
export function sendWebUiIndex(reply: FastifyReply): FastifyReply {
  return reply.header("Cache-Control", "no-cache").sendFile("index.html");
}
