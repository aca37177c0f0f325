import { z } from "zod";
import type { AuthenticatedSession } from "@sift/storage";
import { iso } from "./common.js";
import { tokenUserSchema } from "./organization-schemas.js";
import type { TokenUserJson } from "./organization-schemas.js";
import { CALLER_USER_CONSTANTS, grantedScopes } from "./organization.js";

export const loginAnswerSchema = z
  .object({
    nextUri: z.string().describe("where the web UI goes next: the organization's issue stream"),
    user: tokenUserSchema.describe("the signed-in user, with `session`"),
  })
  .meta({ id: "Login" });

/** A signed-in user as Sentry's DetailedSelfUserSerializer (the fields Sift has), with its session. */
export function serializeSessionUser(found: AuthenticatedSession, scopes: readonly string[]): TokenUserJson {
  const { user, organization, session } = found;
  return {
    id: String(user.id),
    name: user.name || user.username || user.email,
    username: user.username,
    email: user.email,
    avatarUrl: "",
    ...CALLER_USER_CONSTANTS,
    identities: [],
    authenticators: [],
    permissions: [],
    hasPasswordAuth: true,
    isManaged: false,
    dateJoined: iso(user.dateJoined)!,
    lastLogin: iso(user.lastLoginAt),
    lastActive: iso(session.lastSeenAt),
    emails: [{ id: String(user.id), email: user.email, is_verified: true }],
    session: {
      organization: { id: String(organization.id), slug: organization.slug, name: organization.name },
      role: found.role,
      scopes: grantedScopes(scopes),
      expires: iso(session.expiresAt)!,
    },
  };
}
