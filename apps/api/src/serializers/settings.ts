// The JSON of the settings routes (members, teams, organization tokens), in Sentry's shapes.
import { z } from "zod";
import type { ApiToken, OrganizationMember, TeamSummary } from "@sift/storage";
import { iso } from "./common.js";

const isoDate = z.string().describe("ISO 8601 date and time (UTC)");
const ROLE_NAMES: Record<string, string> = { member: "Member", admin: "Admin" };

export const memberSchema = z
  .object({
    id: z.string().describe("the member's id: Sift's is the user's id"),
    email: z.string(),
    name: z.string(),
    user: z.object({
      id: z.string(),
      name: z.string(),
      username: z.string(),
      email: z.string(),
      avatarUrl: z.string(),
      isActive: z.boolean(),
      hasPasswordAuth: z.boolean(),
      isManaged: z.boolean(),
      dateJoined: isoDate,
      lastLogin: isoDate.nullable(),
      has2fa: z.boolean(),
      emails: z.array(z.object({ id: z.string(), email: z.string(), is_verified: z.boolean() })),
    }),
    orgRole: z.string().describe("`member` or `admin`"),
    role: z.string().describe("the same as `orgRole` (Sentry's older name)"),
    roleName: z.string(),
    pending: z.boolean().describe("always false: Sift adds members at once, without an invitation"),
    expired: z.boolean(),
    inviteStatus: z.string().describe('always `"approved"`'),
    inviterName: z.null(),
    flags: z.record(z.string(), z.boolean()),
    dateCreated: isoDate.describe("when the user became a member"),
  })
  .meta({ id: "OrganizationMember", description: "a member of the organization, as Sentry's member JSON" });

/** A new member's answer: the member, and the password made for a user who had none (shown once). */
export const createdMemberSchema = memberSchema
  .extend({
    password: z
      .string()
      .nullable()
      .describe(
        "Sift's: the generated first password of a new user, shown only in this answer; null when the user already had one",
      ),
  })
  .meta({ id: "CreatedOrganizationMember" });

export function serializeMember(member: OrganizationMember): z.output<typeof memberSchema> {
  const { user } = member;
  const name = user.name || user.email;
  return {
    id: String(user.id),
    email: user.email,
    name,
    user: {
      id: String(user.id),
      name,
      username: user.username,
      email: user.email,
      avatarUrl: "",
      isActive: user.isActive,
      hasPasswordAuth: user.hasPassword,
      isManaged: false,
      dateJoined: iso(user.dateJoined)!,
      lastLogin: iso(user.lastLoginAt),
      has2fa: false,
      emails: [{ id: String(user.id), email: user.email, is_verified: true }],
    },
    orgRole: member.role,
    role: member.role,
    roleName: ROLE_NAMES[member.role] ?? member.role,
    pending: false,
    expired: false,
    inviteStatus: "approved",
    inviterName: null,
    flags: {
      "idp:provisioned": false,
      "idp:role-restricted": false,
      "sso:linked": false,
      "sso:invalid": false,
    },
    dateCreated: iso(member.dateCreated)!,
  };
}

export const teamSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    dateCreated: isoDate,
    isMember: z.boolean().describe("whether the signed-in user is on the team (false for a token)"),
    teamRole: z.null(),
    flags: z.object({ "idp:provisioned": z.boolean() }),
    access: z.array(z.string()),
    hasAccess: z.boolean().describe("always true: Sift has no per-team access"),
    isPending: z.boolean(),
    memberCount: z.number(),
    avatar: z.object({ avatarType: z.string(), avatarUuid: z.null() }),
  })
  .meta({ id: "Team", description: "a team of the organization, as Sentry's team JSON" });

export function serializeTeam(team: TeamSummary, access: string[]): z.output<typeof teamSchema> {
  return {
    id: String(team.id),
    slug: team.slug,
    name: team.name,
    dateCreated: iso(team.dateCreated)!,
    isMember: team.isMember,
    teamRole: null,
    flags: { "idp:provisioned": false },
    access,
    hasAccess: true,
    isPending: false,
    memberCount: team.memberCount,
    avatar: { avatarType: "letter_avatar", avatarUuid: null },
  };
}

export const orgTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    tokenLastCharacters: z.string().describe("the last 4 characters of the token"),
    dateCreated: isoDate,
    dateLastUsed: isoDate.nullable(),
    projectLastUsedId: z.null(),
  })
  .meta({ id: "OrgAuthToken", description: "an organization's API token, as Sentry's org auth token JSON" });

export const createdOrgTokenSchema = orgTokenSchema
  .extend({
    token: z.string().describe("the token itself: shown only in this answer, only its sha256 is kept"),
  })
  .meta({ id: "CreatedOrgAuthToken" });

export type OrgTokenJson = z.output<typeof orgTokenSchema>;

export function serializeOrgToken(token: ApiToken, lastCharacters: string): OrgTokenJson {
  return {
    id: String(token.id),
    name: token.name,
    scopes: [...token.scopes],
    tokenLastCharacters: lastCharacters,
    dateCreated: iso(token.createdAt)!,
    dateLastUsed: iso(token.lastUsedAt),
    projectLastUsedId: null,
  };
}
