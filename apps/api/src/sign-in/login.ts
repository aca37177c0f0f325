import { AuthError, TooManyAttemptsError, verifyPassword } from "@sift/schemas";
import type { Clock } from "@sift/schemas";
import {
  clearLoginFailures,
  countLoginFailures,
  createUserSession,
  findLoginCandidate,
  recordLoginFailure,
  touchUserLogin,
} from "@sift/storage";
import type { Db, User } from "@sift/storage";
import type { SignInSettings } from "./settings.js";

/** The one answer to every refused sign-in: unknown email, wrong password, no password, not a member. */
export const LOGIN_FAILED_DETAIL = "Invalid email or password.";

export interface LoginInput {
  email: string;
  password: string;
  /** Slug of the organization to sign in to; the user's oldest membership when absent. */
  organization?: string;
  ipAddress: string;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  user: User;
  organizationSlug: string;
  expiresAt: Date;
}

const throttleKeys = (input: LoginInput) => ({
  email: `email:${input.email.trim().toLowerCase()}`,
  address: `address:${input.ipAddress}`,
});

/** Refuses (429) when the email or the address has used up its failures in the current window. */
async function checkThrottle(db: Db, settings: SignInSettings, input: LoginInput, now: Date): Promise<void> {
  const keys = throttleKeys(input);
  const counts = await countLoginFailures(db, [keys.email, keys.address], now, settings.throttleWindowMs);
  const blocked = counts.filter(
    (c) =>
      (c.key === keys.email && c.failures >= settings.maxFailuresPerEmail) ||
      (c.key === keys.address && c.failures >= settings.maxFailuresPerAddress),
  );
  if (blocked.length === 0) return;
  const until = Math.max(...blocked.map((c) => c.resetsAt.getTime()));
  throw new TooManyAttemptsError(Math.max(1, Math.ceil((until - now.getTime()) / 1000)));
}

/**
 * Signs a user in: checks the throttle, the password (scrypt, constant time; an unknown email costs
 * the same), and the membership, then opens a session. Every refusal is the same 401; each counts as a
 * failure of the email and of the address.
 */
export async function login(
  deps: { db: Db; clock: Clock; settings: SignInSettings },
  input: LoginInput,
): Promise<LoginResult> {
  const { db, settings } = deps;
  const now = deps.clock.now();
  await checkThrottle(db, settings, input, now);
  const candidate = await findLoginCandidate(db, input.email.trim());
  const passwordOk = await verifyPassword(input.password, candidate?.passwordHash ?? null);
  const membership =
    input.organization === undefined
      ? candidate?.memberships[0]
      : candidate?.memberships.find((m) => m.organizationSlug === input.organization);
  const keys = throttleKeys(input);
  if (!candidate || !passwordOk || !candidate.isActive || !membership) {
    await recordLoginFailure(db, [keys.email, keys.address], now, settings.throttleWindowMs);
    throw new AuthError("UNAUTHENTICATED", LOGIN_FAILED_DETAIL);
  }
  const expiresAt = new Date(now.getTime() + settings.sessionTtlMs);
  const { token } = await createUserSession(db, {
    userId: candidate.user.id,
    organizationId: membership.organizationId,
    now,
    expiresAt,
    ipAddress: input.ipAddress,
    userAgent: input.userAgent,
  });
  await Promise.all([touchUserLogin(db, candidate.user.id, now), clearLoginFailures(db, [keys.email])]);
  return { token, user: candidate.user, organizationSlug: membership.organizationSlug, expiresAt };
}
