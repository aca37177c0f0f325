import type { Conn } from "./sql.js";
import { rowCount, rows } from "./sql.js";
import type { User } from "./users.js";

/** `organization_members` as the members API sees them: each member with its user and role. */

export interface OrganizationMember {
  organizationId: number;
  role: string;
  dateCreated: Date;
  user: User & { isActive: boolean; dateJoined: Date; lastLoginAt: Date | null; hasPassword: boolean };
}

interface MemberRow {
  organization_id: number | string;
  role: string;
  member_created_at: Date;
  id: number | string;
  email: string;
  username: string;
  name: string;
  is_active: boolean;
  user_created_at: Date;
  last_login_at: Date | null;
  has_password: boolean;
}

const MEMBER_SELECT = `
  SELECT m.organization_id, m.role, m.created_at AS member_created_at,
         u.id, u.email, u.username, u.name, u.is_active, u.created_at AS user_created_at, u.last_login_at,
         u.password_hash IS NOT NULL AS has_password
    FROM organization_members m
    JOIN users u ON u.id = m.user_id`;

const toMember = (r: MemberRow): OrganizationMember => ({
  organizationId: Number(r.organization_id),
  role: r.role,
  dateCreated: r.member_created_at,
  user: {
    id: Number(r.id),
    email: r.email,
    username: r.username,
    name: r.name,
    isActive: r.is_active,
    dateJoined: r.user_created_at,
    lastLoginAt: r.last_login_at,
    hasPassword: r.has_password,
  },
});

/** The organization's members by email. */
export async function listOrganizationMembers(
  db: Conn,
  organizationId: number,
): Promise<OrganizationMember[]> {
  const found = await rows<MemberRow>(
    db,
    `${MEMBER_SELECT} WHERE m.organization_id = ? ORDER BY lower(u.email), u.id`,
    [organizationId],
  );
  return found.map(toMember);
}

/** One member of the organization by user id, or null. */
export async function getOrganizationMember(
  db: Conn,
  organizationId: number,
  userId: number,
): Promise<OrganizationMember | null> {
  const [row] = await rows<MemberRow>(db, `${MEMBER_SELECT} WHERE m.organization_id = ? AND m.user_id = ?`, [
    organizationId,
    userId,
  ]);
  return row ? toMember(row) : null;
}

/**
 * Locks the organization's membership rows (in a transaction) and answers each member's role: what
 * "never remove or demote the last admin" decides on, safe against two admins removing each other.
 */
export async function lockOrganizationMembers(
  trx: Conn,
  organizationId: number,
): Promise<{ userId: number; role: string }[]> {
  const found = await rows<{ user_id: number | string; role: string }>(
    trx,
    "SELECT user_id, role FROM organization_members WHERE organization_id = ? ORDER BY user_id FOR UPDATE",
    [organizationId],
  );
  return found.map((r) => ({ userId: Number(r.user_id), role: r.role }));
}

/**
 * Removes a member from the organization and revokes the user's sessions in it (the user's sessions in
 * other organizations stay); false when the user was not a member.
 */
export async function removeOrganizationMember(
  trx: Conn,
  input: { organizationId: number; userId: number; now: Date },
): Promise<boolean> {
  const removed = await rowCount(
    trx,
    "DELETE FROM organization_members WHERE organization_id = ? AND user_id = ?",
    [input.organizationId, input.userId],
  );
  if (removed === 0) return false;
  await rowCount(
    trx,
    `UPDATE user_sessions SET revoked_at = ?
      WHERE user_id = ? AND organization_id = ? AND revoked_at IS NULL`,
    [input.now, input.userId, input.organizationId],
  );
  return true;
}
