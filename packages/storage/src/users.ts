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

/** The columns of a `UserRow`, from `users` as `u`. */
export const USER_COLUMNS = ["u.id", "u.email", "u.username", "u.name"];

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
    .returning(["id", "email", "username", "name"]);
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

export async function getUsersByIds(db: Conn, ids: readonly number[]): Promise<Map<number, User>> {
  const result = new Map<number, User>();
  if (ids.length === 0) return result;
  const rows = await db<UserRow>("users")
    .whereIn("id", [...new Set(ids)])
    .select<UserRow[]>("id", "email", "username", "name");
  for (const row of rows) result.set(Number(row.id), toUser(row));
  return result;
}
