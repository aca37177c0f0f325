import { rowsById } from "./keyed-rows.js";
import type { Conn } from "./sql.js";

/** `users` and `organization_members`: the people issues can be assigned to, and their organizations. */

/** A person who can be assigned issues (Sift's API tokens are org-bound, not user-bound). */
export interface User {
  id: number;
  email: string;
  username: string;
  name: string;
}

export interface UserRow {
  id: number | string;
  email: string;
  username: string;
  name: string;
}

/** The columns of a `UserRow`. */
const USER_ROW_COLUMNS = ["id", "email", "username", "name"];

/** The columns of a `UserRow`, from `users` as `u`. */
export const USER_COLUMNS = USER_ROW_COLUMNS.map((column) => `u.${column}`);

export const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  email: r.email,
  username: r.username,
  name: r.name,
});

/** Creates a user, or returns the existing one with that email. */
export async function createUser(
  db: Conn,
  input: { email: string; username?: string; name?: string },
): Promise<{ user: User; created: boolean }> {
  const existing = await db<UserRow>("users").whereRaw("lower(email) = lower(?)", [input.email]).first();
  if (existing) return { user: toUser(existing), created: false };
  const [row] = await db<UserRow>("users")
    .insert({ email: input.email, username: input.username ?? input.email, name: input.name ?? "" })
    .returning<UserRow[]>(USER_ROW_COLUMNS);
  return { user: toUser(row!), created: true };
}

export async function getUserByEmail(db: Conn, email: string): Promise<User | null> {
  const row = await db<UserRow>("users").whereRaw("lower(email) = lower(?)", [email]).first();
  return row ? toUser(row) : null;
}

/** Makes the user a member of the organization (idempotent). */
export async function addOrganizationMember(
  db: Conn,
  organizationId: number,
  userId: number,
  role = "member",
): Promise<void> {
  await db("organization_members")
    .insert({ organization_id: organizationId, user_id: userId, role })
    .onConflict(["organization_id", "user_id"])
    .ignore();
}

export function getUsersByIds(db: Conn, ids: readonly number[]): Promise<Map<number, User>> {
  return rowsById(db, "users", USER_ROW_COLUMNS, ids, toUser);
}

/** Sets a user's password hash (written by @sift/schemas' hashPassword). */
export async function setUserPassword(db: Conn, userId: number, passwordHash: string): Promise<void> {
  await db("users").where({ id: userId }).update({ password_hash: passwordHash });
}

/** Makes the user a member of the organization with this role, or changes the role of a member. */
export async function setOrganizationMemberRole(
  db: Conn,
  organizationId: number,
  userId: number,
  role: string,
): Promise<void> {
  await db("organization_members")
    .insert({ organization_id: organizationId, user_id: userId, role })
    .onConflict(["organization_id", "user_id"])
    .merge(["role"]);
}

/** What signing in checks: the user with that email, its password hash, and its organizations. */
export interface LoginCandidate {
  user: User;
  passwordHash: string | null;
  isActive: boolean;
  /** Oldest membership first. */
  memberships: { organizationId: number; organizationSlug: string; role: string }[];
}

/** The sign-in view of the user with this email (case-insensitive), or null. */
export async function findLoginCandidate(db: Conn, email: string): Promise<LoginCandidate | null> {
  const row = await db<UserRow & { password_hash: string | null; is_active: boolean }>("users")
    .whereRaw("lower(email) = lower(?)", [email])
    .first(["id", "email", "username", "name", "password_hash", "is_active"]);
  if (!row) return null;
  const memberships = await db({ m: "organization_members" })
    .join({ o: "organizations" }, "o.id", "m.organization_id")
    .where("m.user_id", row.id)
    .orderBy("o.id")
    .select<{ organization_id: string | number; slug: string; role: string }[]>(
      "m.organization_id",
      "o.slug",
      "m.role",
    );
  return {
    user: toUser(row),
    passwordHash: row.password_hash,
    isActive: row.is_active,
    memberships: memberships.map((m) => ({
      organizationId: Number(m.organization_id),
      organizationSlug: m.slug,
      role: m.role,
    })),
  };
}

/** Records a successful sign-in. */
export async function touchUserLogin(db: Conn, userId: number, now: Date): Promise<void> {
  await db("users").where({ id: userId }).update({ last_login_at: now });
}
