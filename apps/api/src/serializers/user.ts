import { z } from "zod";
import type { AuthenticatedSession } from "@sift/storage";
import { iso, serializeUser } from "./common.js";
import { userSchema } from "./schemas.js";

const isoDate = z.string().describe("ISO 8601 date and time (UTC)");

/** Sentry's DetailedSelfUserSerializer (the fields Sift has), with the session Sift signed in. */
export const sessionUserSchema = userSchema
  .extend({
    isActive: z.boolean(),
    hasPasswordAuth: z.boolean(),
    isManaged: z.boolean(),
    dateJoined: isoDate,
    lastLogin: isoDate.nullable(),
    lastActive: isoDate.nullable(),
    has2fa: z.boolean(),
    isSuperuser: z.boolean(),
    isStaff: z.boolean(),
    experiments: z.record(z.string(), z.unknown()),
    emails: z.array(z.object({ id: z.string(), email: z.string(), is_verified: z.boolean() })),
    avatar: z.object({ avatarType: z.string(), avatarUuid: z.null(), avatarUrl: z.null() }),
    session: z
      .object({
        organization: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
        role: z.string().describe("`member` or `admin`"),
        scopes: z.array(z.string()).describe("what the role allows, as token scopes"),
        expires: isoDate,
      })
      .describe("Sift's: the organization this session is signed in to, the role and when it expires"),
  })
  .meta({ id: "SessionUser" });

export type SessionUserJson = z.infer<typeof sessionUserSchema>;

export const loginAnswerSchema = z
  .object({
    nextUri: z.string().describe("where the web UI goes next: the organization's issue stream"),
    user: sessionUserSchema,
  })
  .meta({ id: "Login" });

/** The signed-in user of a session as `GET /api/0/auth/` answers it. */
export function serializeSessionUser(
  found: AuthenticatedSession,
  scopes: readonly string[],
): SessionUserJson {
  const { user, organization, session } = found;
  return {
    ...serializeUser(user),
    isActive: true,
    hasPasswordAuth: true,
    isManaged: false,
    dateJoined: iso(user.dateJoined)!,
    lastLogin: iso(user.lastLoginAt),
    lastActive: iso(session.lastSeenAt),
    has2fa: false,
    isSuperuser: false,
    isStaff: false,
    experiments: {},
    emails: [{ id: String(user.id), email: user.email, is_verified: true }],
    avatar: { avatarType: "letter_avatar", avatarUuid: null, avatarUrl: null },
    session: {
      organization: { id: String(organization.id), slug: organization.slug, name: organization.name },
      role: found.role,
      scopes: [...scopes],
      expires: iso(session.expiresAt)!,
    },
  };
}
