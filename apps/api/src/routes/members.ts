import { randomBytes } from "node:crypto";
import { z } from "zod";
import { MEMBER_ROLES, hashPassword } from "@sift/schemas";
import {
  addOrganizationMember,
  createUser,
  getOrganizationMember,
  listOrganizationMembers,
  lockOrganizationMembers,
  removeOrganizationMember,
  setOrganizationMemberRole,
  setUserPassword,
  withTransaction,
} from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { requireOrganization } from "../http/auth.js";
import { badRequest, notFound } from "../http/errors.js";
import { noContent } from "../serializers/schemas.js";
import { createdMemberSchema, memberSchema, serializeMember } from "../serializers/settings.js";

type Conn = Parameters<typeof lockOrganizationMembers>[0];

const TAGS = ["Members"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const LAST_ADMIN_REMOVE_DETAIL = "You cannot remove the only remaining admin of the organization.";
export const LAST_ADMIN_DEMOTE_DETAIL = "You cannot demote the only remaining admin of the organization.";

const orgParams = z.object({ org: z.string().min(1).max(100).describe("organization slug (or id)") });
const memberParams = orgParams.extend({
  memberId: z
    .string()
    .regex(/^\d{1,15}$/, "a member id")
    .describe("the member's id (the user's id)"),
});
const role = z.enum(MEMBER_ROLES);
const createBody = z.looseObject({
  email: z.string().trim().max(254).regex(EMAIL, "an email address").describe("the new member's email"),
  name: z.string().trim().max(200).optional(),
  orgRole: role.optional().describe("`member` (default) or `admin`"),
  role: role.optional().describe("Sentry's older name of `orgRole`"),
});
const updateBody = z.looseObject({ orgRole: role.optional(), role: role.optional() });

/** A password for a new user: 20 characters, 120 random bits, shown to the admin once. */
const generatePassword = (): string => randomBytes(15).toString("base64url");

/**
 * The members API (Sentry's `/organizations/{org}/members/`). Sift adds a member at once instead of
 * mailing an invitation: a new user gets a generated password, answered once to the admin who adds them.
 * Only an admin's session may add, change or remove members (`member:admin`); the last admin stays.
 */
export function memberRoutes(ctx: ApiContext) {
  /** Locks the members, then answers the target and whether it is the organization's only admin. */
  const lockTarget = async (trx: Conn, organizationId: number, userId: number) => {
    const members = await lockOrganizationMembers(trx, organizationId);
    const target = members.find((m) => m.userId === userId);
    if (!target) throw notFound();
    const admins = members.filter((m) => m.role === "admin").length;
    return { target, onlyAdmin: target.role === "admin" && admins === 1 };
  };

  return zodRoutes((app) => {
    app.get(
      "/organizations/:org/members/",
      {
        schema: {
          tags: TAGS,
          operationId: "listOrganizationMembers",
          summary: "An organization's members, by email",
          params: orgParams,
          response: { 200: z.array(memberSchema) },
        },
      },
      async (req) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        return (await listOrganizationMembers(ctx.db, organization.id)).map(serializeMember);
      },
    );
    app.post(
      "/organizations/:org/members/",
      {
        schema: {
          tags: TAGS,
          operationId: "addOrganizationMember",
          summary: "Add a member",
          description:
            "Adds the user with this email (made when there is none) with `orgRole`. Sift sends no " +
            "invitation: a user without a password gets a generated one, answered once in `password`.",
          params: orgParams,
          body: createBody,
          response: { 201: createdMemberSchema },
        },
        config: { scope: "member:admin" },
      },
      async (req, reply) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const password = generatePassword();
        const hash = await hashPassword(password);
        const answer = await withTransaction(ctx.db, async (trx) => {
          await lockOrganizationMembers(trx, organization.id);
          const { user } = await createUser(trx, { email: req.body.email, name: req.body.name });
          if (await getOrganizationMember(trx, organization.id, user.id))
            throw badRequest(`The user ${user.email} is already a member`);
          await addOrganizationMember(trx, organization.id, user.id, req.body.orgRole ?? req.body.role);
          const member = (await getOrganizationMember(trx, organization.id, user.id))!;
          if (member.user.hasPassword) return { ...serializeMember(member), password: null };
          await setUserPassword(trx, user.id, hash);
          member.user.hasPassword = true;
          return { ...serializeMember(member), password };
        });
        return reply.code(201).send(answer);
      },
    );
    app.get(
      "/organizations/:org/members/:memberId/",
      {
        schema: {
          tags: TAGS,
          operationId: "getOrganizationMember",
          summary: "A member",
          params: memberParams,
          response: { 200: memberSchema },
        },
      },
      async (req) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const member = await getOrganizationMember(ctx.db, organization.id, Number(req.params.memberId));
        if (!member) throw notFound();
        return serializeMember(member);
      },
    );
    app.put(
      "/organizations/:org/members/:memberId/",
      {
        schema: {
          tags: TAGS,
          operationId: "updateOrganizationMember",
          summary: "Change a member's role",
          description: "The only remaining admin cannot be demoted (400).",
          params: memberParams,
          body: updateBody,
          response: { 200: memberSchema },
        },
        config: { scope: "member:admin" },
      },
      async (req) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const userId = Number(req.params.memberId);
        const next = req.body.orgRole ?? req.body.role;
        return withTransaction(ctx.db, async (trx) => {
          const { onlyAdmin } = await lockTarget(trx, organization.id, userId);
          if (next !== undefined) {
            if (onlyAdmin && next !== "admin") throw badRequest(LAST_ADMIN_DEMOTE_DETAIL);
            await setOrganizationMemberRole(trx, organization.id, userId, next);
          }
          return serializeMember((await getOrganizationMember(trx, organization.id, userId))!);
        });
      },
    );
    app.delete(
      "/organizations/:org/members/:memberId/",
      {
        schema: {
          tags: TAGS,
          operationId: "removeOrganizationMember",
          summary: "Remove a member",
          description:
            "The user's sessions in the organization are revoked at once. The only remaining admin " +
            "cannot be removed (400).",
          params: memberParams,
          response: { 204: noContent("removed") },
        },
        config: { scope: "member:admin" },
      },
      async (req, reply) => {
        const organization = requireOrganization(req.auth!, req.params.org);
        const userId = Number(req.params.memberId);
        await withTransaction(ctx.db, async (trx) => {
          const { onlyAdmin } = await lockTarget(trx, organization.id, userId);
          if (onlyAdmin) throw badRequest(LAST_ADMIN_REMOVE_DETAIL);
          await removeOrganizationMember(trx, {
            organizationId: organization.id,
            userId,
            now: ctx.clock.now(),
          });
        });
        return reply.code(204).send();
      },
    );
  });
}
