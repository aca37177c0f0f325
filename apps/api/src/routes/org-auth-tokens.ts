import { z } from "zod";
import { TOKEN_SCOPES } from "@sift/schemas";
import { createApiToken, listApiTokens, revokeOrganizationToken } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requireOrganization } from "../http/auth.js";
import { badRequest, notFound } from "../http/errors.js";
import { noContent } from "../serializers/schemas.js";
import { createdOrgTokenSchema, orgTokenSchema, serializeOrgToken } from "../serializers/settings.js";

const TAGS = ["Organization tokens"];
const orgParams = z.object({ org: z.string().min(1).max(100).describe("organization slug (or id)") });
const tokenParams = orgParams.extend({
  tokenId: z
    .string()
    .regex(/^\d{1,15}$/, "a token id")
    .describe("the token's id"),
});
const createBody = z.looseObject({
  name: z.string().optional().describe("required, at most 255 characters"),
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1)
    .optional()
    .describe("Sift's: the token's scopes (default `event:read`)"),
});

/**
 * Sentry's organization auth tokens API over Sift's tokens, which belong to an organization: list
 * (any member: names, scopes, last use, never the token), create (the token is answered once) and
 * revoke, both for an admin's session only (`org:admin`: no token can mint or revoke tokens).
 */
export function orgAuthTokenRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.get(
      "/organizations/:org/org-auth-tokens/",
      {
        schema: {
          tags: TAGS,
          operationId: "listOrgAuthTokens",
          summary: "An organization's live tokens, newest first",
          params: orgParams,
          response: { 200: z.array(orgTokenSchema) },
        },
      },
      async (req) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        return (await listApiTokens(ctx.db, organization.id)).map((t) =>
          serializeOrgToken(t, t.lastCharacters),
        );
      },
    );
    app.post(
      "/organizations/:org/org-auth-tokens/",
      {
        schema: {
          tags: TAGS,
          operationId: "createOrgAuthToken",
          summary: "Create a token",
          description: "The answer's `token` is the only time the token is shown: only its sha256 is kept.",
          params: orgParams,
          body: createBody,
          response: { 201: createdOrgTokenSchema },
        },
        config: { scope: "org:admin" },
      },
      async (req, reply) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const name = (req.body.name ?? "").trim();
        if (name === "") throw badRequest("The name cannot be blank.");
        if (name.length > 255) throw badRequest("The name cannot be longer than 255 characters.");
        const { token, record } = await createApiToken(ctx.db, {
          organizationId: organization.id,
          name,
          scopes: req.body.scopes ?? ["event:read"],
        });
        return reply.code(201).send({ ...serializeOrgToken(record, token.slice(-4)), token });
      },
    );
    app.delete(
      "/organizations/:org/org-auth-tokens/:tokenId/",
      {
        schema: {
          tags: TAGS,
          operationId: "revokeOrgAuthToken",
          summary: "Revoke a token",
          description: "Requests with the token answer 401 from then on.",
          params: tokenParams,
          response: { 204: noContent("revoked") },
        },
        config: { scope: "org:admin" },
      },
      async (req, reply) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const revoked = await revokeOrganizationToken(ctx.db, {
          organizationId: organization.id,
          id: Number(req.params.tokenId),
          now: ctx.clock.now(),
        });
        if (!revoked) throw notFound();
        return reply.code(204).send();
      },
    );
  });
}
