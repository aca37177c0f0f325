import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { clientKeyJson } from "@sift/schemas";
import {
  PROJECT_KEY_PATTERN,
  createProjectKey,
  deleteProjectKey,
  listProjectKeys,
  updateProjectKey,
} from "@sift/storage";
import type { ProjectKey } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requirePathProject } from "../http/auth.js";
import { notFound } from "../http/errors.js";
import { noContent } from "../serializers/schemas.js";

/** The default DSN host when the server is not told the ingest daemon's public URL. */
export const DEFAULT_INGEST_PUBLIC_URL = "http://127.0.0.1:8001";

const rateLimitSchema = z
  .object({
    window: z.int().min(1).max(86_400).describe("seconds"),
    count: z.int().min(0).max(1_000_000_000).describe("events accepted per window"),
  })
  .nullable();

const keySchema = z
  .looseObject({
    id: z.string().describe("the public key"),
    name: z.string(),
    label: z.string(),
    public: z.string(),
    secret: z.string(),
    projectId: z.number(),
    isActive: z.boolean(),
    rateLimit: rateLimitSchema,
    dsn: z.looseObject({ secret: z.string(), public: z.string(), csp: z.string() }),
    dateCreated: z.string(),
  })
  .meta({ id: "ProjectKey", description: "a project's client key (DSN), as Sentry's project keys API" });

const projectParams = z.object({ org: z.string(), project: z.string() });
const keyParams = projectParams.extend({ keyId: z.string().describe("the key's public part") });
const label = z.string().max(64);
const createBody = z
  .looseObject({
    name: label.optional(),
    public: z.string().regex(PROJECT_KEY_PATTERN, "32 lower-case hex characters").optional(),
    secret: z.string().regex(PROJECT_KEY_PATTERN, "32 lower-case hex characters").optional(),
    rateLimit: rateLimitSchema.optional(),
  })
  .nullable()
  .optional();
const updateBody = z.looseObject({
  name: label.optional(),
  isActive: z.boolean().optional(),
  rateLimit: rateLimitSchema.optional(),
});
const TAGS = ["Project keys"];

/** Sentry's project keys API: the DSNs SDKs send events with. */
export function projectKeyRoutes(ctx: ApiContext) {
  const serialize = (key: ProjectKey) => clientKeyJson(key, ctx.ingestPublicUrl);
  return zodRoutes((app) => {
    const projectOf = async (req: FastifyRequest, params: { org: string; project: string }) =>
      (await requirePathProject(ctx.db, req.auth!, params)).project;
    const keyOf = async (req: FastifyRequest, params: z.infer<typeof keyParams>) => {
      const project = await projectOf(req, params);
      const key = (await listProjectKeys(ctx.db, project.id)).find((k) => k.publicKey === params.keyId);
      if (!key) throw notFound();
      return { project, key };
    };

    app.get(
      "/projects/:org/:project/keys/",
      {
        schema: {
          tags: TAGS,
          operationId: "listProjectKeys",
          summary: "List a project's client keys",
          params: projectParams,
          response: { 200: z.array(keySchema) },
        },
      },
      async (req) => (await listProjectKeys(ctx.db, (await projectOf(req, req.params)).id)).map(serialize),
    );
    app.post(
      "/projects/:org/:project/keys/",
      {
        schema: {
          tags: TAGS,
          operationId: "createProjectKey",
          summary: "Create a client key",
          description: "`name` labels it; `public`/`secret` may be given (32 hex characters).",
          params: projectParams,
          body: createBody,
          response: { 201: keySchema },
        },
        // Keys are an admin's, like tokens: a member (or a write token) reads the DSNs but cannot add one.
        config: { scope: "event:admin" },
      },
      async (req, reply) => {
        const project = await projectOf(req, req.params);
        const body = req.body ?? {};
        const key = await createProjectKey(ctx.db, {
          projectId: project.id,
          label: body.name ?? "",
          publicKey: body.public,
          secretKey: body.secret,
          rateLimit: body.rateLimit ?? null,
        });
        return reply.code(201).send(serialize(key));
      },
    );
    app.get(
      "/projects/:org/:project/keys/:keyId/",
      {
        schema: {
          tags: TAGS,
          operationId: "getProjectKey",
          summary: "Get a client key",
          params: keyParams,
          response: { 200: keySchema },
        },
      },
      async (req) => serialize((await keyOf(req, req.params)).key),
    );
    app.put(
      "/projects/:org/:project/keys/:keyId/",
      {
        schema: {
          tags: TAGS,
          operationId: "updateProjectKey",
          summary: "Rename, enable or disable a client key, or set its rate limit",
          params: keyParams,
          body: updateBody,
          response: { 200: keySchema },
        },
        config: { scope: "event:admin" },
      },
      async (req) => {
        const { project, key } = await keyOf(req, req.params);
        const updated = await updateProjectKey(ctx.db, project.id, key.publicKey, {
          label: req.body.name,
          active: req.body.isActive,
          rateLimit: req.body.rateLimit,
        });
        if (!updated) throw notFound();
        return serialize(updated);
      },
    );
    app.delete(
      "/projects/:org/:project/keys/:keyId/",
      {
        schema: {
          tags: TAGS,
          operationId: "deleteProjectKey",
          summary: "Delete a client key",
          params: keyParams,
          response: { 204: noContent("deleted") },
        },
      },
      async (req, reply) => {
        const { project, key } = await keyOf(req, req.params);
        if (!(await deleteProjectKey(ctx.db, project.id, key.publicKey))) throw notFound();
        return reply.code(204).send();
      },
    );
  });
}
