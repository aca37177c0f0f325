import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { FastifyInstance, RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@sift/storage";
import type { Db } from "@sift/storage";
import { buildServer } from "../server.js";
import { DOCS_PREFIX, INTAKE_PATH, OPENAPI_PATH } from "./openapi.js";
import { SDK_PATHS } from "./openapi-sdk.js";

// The document and the docs need no database: the server gets one that is never reached.
let db: Db;
let app: FastifyInstance;
const routes: { method: string; url: string }[] = [];
let doc: OpenApiDocument;

interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  security?: Record<string, string[]>[];
  servers?: { url: string }[];
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation> & { servers?: { url: string; variables?: unknown }[] }>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const METHODS = ["get", "put", "post", "delete", "patch"];

beforeAll(async () => {
  db = createDb({ url: "postgres://postgres@127.0.0.1:1/nowhere" });
  app = await buildServer({
    db,
    checkResponses: true,
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    },
  });
  await app.ready();
  const res = await app.inject({ method: "GET", url: OPENAPI_PATH });
  expect(res.statusCode).toBe(200);
  doc = res.json<OpenApiDocument>();
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

/** `/api/0/issues/:issueId/` → `/api/0/issues/{issueId}/`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** Swagger UI's own files and copies of the document under /api/0/docs/ (the page itself is documented). */
const isDocsAsset = (url: string) => url.startsWith(`${DOCS_PREFIX}/`) && url !== `${DOCS_PREFIX}/`;

describe("the OpenAPI document", () => {
  it("lists every route registered on the server, and nothing else but the ingest intake", () => {
    const served = routes
      // HEAD routes are fastify's automatic twins of the GET routes.
      .filter((r) => r.method !== "HEAD" && !isDocsAsset(r.url))
      .map(
        (r) => `${r.method.toLowerCase()} ${openApiPath(r.url === `${DOCS_PREFIX}/` ? DOCS_PREFIX : r.url)}`,
      );
    expect(served.length).toBeGreaterThanOrEqual(28);
    expect(served).toContain("get /api/0/organizations/{org}/issues/");
    expect(served).toContain(`get ${DOCS_PREFIX}`);

    const documented = Object.entries(doc.paths).flatMap(([url, item]) =>
      METHODS.filter((m) => item[m]).map((m) => `${m} ${url}`),
    );
    expect(documented.filter((op) => !served.includes(op))).toEqual([
      `post ${INTAKE_PATH}`,
      ...SDK_PATHS.map((path) => `post ${path}`),
    ]);
    expect(served.filter((op) => !documented.includes(op))).toEqual([]);
  });

  it("validates as OpenAPI 3 (@seriousme/openapi-schema-validator)", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.0");
  });

  it("a broken document does not validate (the validator is really checking)", async () => {
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, unknown>> };
    delete (broken.paths["/healthz"]!.get as { responses?: unknown }).responses;
    const result = await new Validator().validate(broken as unknown as Record<string, unknown>);
    expect(result.valid).toBe(false);
  });

  it("gives every operation its path parameters, request body and answers", () => {
    const operationIds = Object.values(doc.paths).flatMap((item) =>
      METHODS.map((m) => item[m]?.operationId).filter((id) => id !== undefined),
    );
    // The schema validator does not check this: generated clients need unique operation ids.
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const [url, item] of Object.entries(doc.paths)) {
      const pathParams = [...url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const where = `${method} ${url}`;
        expect(op.operationId, where).toBeTruthy();
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(
          (op.parameters ?? [])
            .filter((p) => p.in === "path")
            .map((p) => p.name)
            .sort(),
          where,
        ).toEqual([...pathParams].sort());
        expect(
          (op.parameters ?? []).filter((p) => p.in === "path").every((p) => p.required),
          where,
        ).toBe(true);
        // JSON, except the SDK envelope's own media type.
        if (method === "put" || method === "post")
          expect(Object.values(op.requestBody?.content ?? {})[0]?.schema, where).toBeDefined();
        const success = Object.keys(op.responses).filter((code) => /^2\d\d$/.test(code));
        expect(success.length, where).toBeGreaterThan(0);
        // A 2xx with a body describes it (204 / 202 have none).
        for (const code of success) {
          if (code === "204" || code === "202") continue;
          expect(Object.keys(op.responses[code]!.content ?? {}).length, `${where} ${code}`).toBe(1);
        }
      }
    }
  });

  it('documents the {"detail": string} answers 400, 401, 403 and 404 and the token on every API route', () => {
    const error = doc.components.schemas.Error!;
    expect(error.properties).toEqual({ detail: { type: "string" } });
    expect(error.required).toEqual(["detail"]);
    let checked = 0;
    for (const [url, item] of Object.entries(doc.paths)) {
      if (!url.startsWith("/api/0/") || url === OPENAPI_PATH || url === DOCS_PREFIX) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        for (const code of ["400", "401", "403", "404"]) {
          const schema = op.responses[code]?.content?.["application/json"]?.schema;
          // The intake's 400 lists every invalid message besides the detail.
          if (url === INTAKE_PATH && code === "400")
            expect(schema, `${method} ${url} ${code}`).toMatchObject({
              properties: { detail: { type: "string" } },
              required: expect.arrayContaining(["detail"]),
            });
          else
            expect(JSON.stringify(schema), `${method} ${url} ${code}`).toContain(
              "#/components/schemas/Error",
            );
        }
        // Signing in and out needs neither (the session cookie is read by the route itself).
        const signInRoute =
          url === "/api/0/auth/login/" ||
          url === "/api/0/auth/logout/" ||
          (url === "/api/0/auth/" && method === "delete");
        if (signInRoute) expect(op.security, `${method} ${url}`).toBeUndefined();
        else if (url === INTAKE_PATH) expect(op.security, `${method} ${url}`).toEqual([{ bearerAuth: [] }]);
        else expect(op.security, `${method} ${url}`).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(24); // 23 API routes and the intake
    // The service routes need no token.
    for (const url of ["/healthz", "/readyz", "/metrics", OPENAPI_PATH, DOCS_PREFIX])
      expect(doc.paths[url]!.get!.security, url).toBeUndefined();
  });

  it("documents the response shapes the serializers produce", () => {
    const list = doc.paths["/api/0/organizations/{org}/issues/"]!.get!;
    expect(list.responses["200"]!.content!["application/json"]!.schema).toEqual({
      type: "array",
      items: {
        anyOf: [{ $ref: "#/components/schemas/Issue" }, { $ref: "#/components/schemas/CollapsedIssue" }],
      },
      description: "a page of issues",
    });
    const issue = doc.components.schemas.Issue!;
    for (const field of ["id", "shortId", "title", "status", "derivedData"])
      expect(issue.required, field).toContain(field);
    // `collapse=stats` leaves the seen stats out, as in Sentry.
    for (const field of ["count", "userCount", "firstSeen", "lastSeen"]) {
      expect(issue.required, field).not.toContain(field);
      expect(Object.keys(issue.properties ?? {}), field).toContain(field);
    }
    const update = doc.paths["/api/0/projects/{org}/{project}/issues/"]!.put!;
    expect(Object.keys(update.responses).sort()).toEqual(
      ["200", "204", "400", "401", "403", "404", "default"].sort(),
    );
    expect(JSON.stringify(update.requestBody)).toContain('"resolvedInNextRelease"');
  });

  it("documents the ingest daemon's intake under its own server (port 8001)", () => {
    const intake = doc.paths[INTAKE_PATH]!;
    expect(intake.servers?.[0]?.url).toBe("{scheme}://{host}:{port}");
    expect(intake.servers?.[0]?.variables).toMatchObject({ port: { default: "8001" } });
    const body = JSON.stringify(intake.post!.requestBody);
    expect(body).toContain("#/components/schemas/OccurrenceMessage");
    expect(body).toContain("#/components/schemas/StatusChangeMessage");
    expect(doc.components.schemas.OccurrenceMessage!.required).toEqual(
      expect.arrayContaining(["id", "project_id", "fingerprint", "issue_title", "type", "detection_time"]),
    );
    expect(Object.keys(intake.post!.responses)).toEqual(expect.arrayContaining(["202", "400", "401", "403"]));
  });

  it("needs no token, and the docs serve the same document", async () => {
    const res = await app.inject({ method: "GET", url: OPENAPI_PATH });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    const copy = await app.inject({ method: "GET", url: `${DOCS_PREFIX}/json` });
    expect(copy.json()).toEqual(doc);
  });
});

describe("/api/0/docs", () => {
  const uiDir = path.join(
    path.dirname(createRequire(import.meta.url).resolve("@fastify/swagger-ui/package.json")),
    "static",
  );

  for (const url of [DOCS_PREFIX, `${DOCS_PREFIX}/`]) {
    it(`${url} answers an HTML page whose every asset is local and comes from node_modules`, async () => {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toContain("text/html");
      expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(res.headers["content-security-policy"]).toContain("connect-src 'self'");
      expect(res.body).not.toMatch(/https?:\/\//);
      expect(res.body).not.toMatch(/(?:src|href)="\/\//);

      const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.filter((r) => r.endsWith(".js")).length).toBe(3);
      expect(refs.filter((r) => r.endsWith(".css")).length).toBe(2);
      for (const ref of refs) {
        const asset = new URL(ref, `http://sift.test${url}`);
        expect(asset.host, ref).toBe("sift.test");
        const got = await app.inject({ method: "GET", url: asset.pathname });
        expect(got.statusCode, ref).toBe(200);
        const name = path.basename(asset.pathname);
        if (name === "swagger-initializer.js") {
          // Generated by the plugin: points Swagger UI at this server's document, no online validator.
          expect(got.body).toContain("resolveUrl('./json')");
          expect(got.body).toContain("validatorUrl: null");
          // (its one URL is in a comment, a Stack Overflow link)
          expect(got.body.replace(/^\s*\/\/.*$/gm, "")).not.toMatch(/https?:\/\//);
        } else {
          expect(got.rawPayload.equals(readFileSync(path.join(uiDir, name))), ref).toBe(true);
        }
        if (name.endsWith(".css")) expect(got.body).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//);
      }
    });
  }
});
