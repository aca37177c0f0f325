import { createHash, randomBytes } from "node:crypto";
import type { Db } from "./db.js";

export const TOKEN_SCOPES = ["event:read", "event:write", "event:admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  id: number;
  organizationId: number;
  name: string;
  scopes: TokenScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface TokenRow {
  id: number;
  token_hash: string;
  token_last_characters: string;
  organization_id: number;
  name: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toToken = (r: Omit<TokenRow, "token_hash" | "token_last_characters">): ApiToken => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  scopes: r.scopes as TokenScope[],
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** Tokens look like Sentry's user tokens: `sntryu_` + 64 hex characters. */
export const TOKEN_PATTERN = /^sntryu_[0-9a-f]{64}$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Creates a token and returns it in clear once; only its sha256 is stored. */
export async function createApiToken(
  db: Db,
  input: { organizationId: number; scopes: readonly TokenScope[]; name?: string },
): Promise<{ token: string; record: ApiToken }> {
  const token = `sntryu_${randomBytes(32).toString("hex")}`;
  const [row] = await db<TokenRow>("api_tokens")
    .insert({
      organization_id: input.organizationId,
      name: input.name ?? "",
      token_hash: hashToken(token),
      token_last_characters: token.slice(-4),
      scopes: [...new Set(input.scopes)],
    })
    .returning(["id", "organization_id", "name", "scopes", "created_at", "last_used_at", "revoked_at"]);
  return { token, record: toToken(row!) };
}

/** The live token for a presented secret, or null (unknown, malformed or revoked). */
export async function findApiToken(db: Db, token: string): Promise<ApiToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db<TokenRow>("api_tokens")
    .where({ token_hash: hashToken(token) })
    .whereNull("revoked_at")
    .first(["id", "organization_id", "name", "scopes", "created_at", "last_used_at", "revoked_at"]);
  return row ? toToken(row) : null;
}

export async function touchApiToken(db: Db, id: number, now: Date): Promise<void> {
  // Written at most once a minute per token, so reads stay cheap.
  await db("api_tokens")
    .where({ id })
    .whereRaw("(last_used_at IS NULL OR last_used_at < ?)", [new Date(now.getTime() - 60_000)])
    .update({ last_used_at: now });
}

export async function revokeApiToken(db: Db, id: number, now: Date): Promise<boolean> {
  const count = await db("api_tokens").where({ id }).whereNull("revoked_at").update({ revoked_at: now });
  return count > 0;
}

export async function listApiTokens(db: Db, organizationId: number): Promise<ApiToken[]> {
  const rows = await db<TokenRow>("api_tokens")
    .where({ organization_id: organizationId })
    .orderBy("id")
    .select(["id", "organization_id", "name", "scopes", "created_at", "last_used_at", "revoked_at"]);
  return rows.map(toToken);
}

const SCOPE_RANK: Record<TokenScope, number> = { "event:read": 1, "event:write": 2, "event:admin": 3 };

/** Whether a token's scopes grant `required` (admin implies write implies read). */
export function tokenAllows(scopes: readonly TokenScope[], required: TokenScope): boolean {
  return scopes.some((s) => (SCOPE_RANK[s] ?? 0) >= SCOPE_RANK[required]);
}

export type OrgAuthorization =
  | { ok: true; token: ApiToken; organizationId: number }
  | { ok: false; status: 401 | 403 | 404; detail: string };

/**
 * Decide a request on an organisation's data: 401 without a valid token, 404 when the organisation is
 * not the token's (whether or not it exists), 403 when the scope is missing.
 */
export async function authorizeOrganization(
  db: Db,
  input: { authorization: string | undefined; organizationSlug: string; scope: TokenScope; now: Date },
): Promise<OrgAuthorization> {
  const header = input.authorization?.trim() ?? "";
  if (header === "")
    return { ok: false, status: 401, detail: "Authentication credentials were not provided." };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const token = match ? await findApiToken(db, match[1]!) : null;
  if (!token) return { ok: false, status: 401, detail: "Invalid token" };
  const org = (await db("organizations").where({ id: token.organizationId }).first("slug")) as
    { slug: string } | undefined;
  if (!org || org.slug !== input.organizationSlug) {
    return { ok: false, status: 404, detail: "The requested resource does not exist" };
  }
  if (!tokenAllows(token.scopes, input.scope)) {
    return { ok: false, status: 403, detail: "You do not have permission to perform this action." };
  }
  await touchApiToken(db, token.id, input.now);
  return { ok: true, token, organizationId: token.organizationId };
}

/** The live token for a secret together with its organisation, in one query. */
export async function findApiTokenWithOrganization(
  db: Db,
  token: string,
): Promise<{
  token: ApiToken;
  organization: { id: number; slug: string; name: string; createdAt: Date };
} | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = (await db("api_tokens as t")
    .join("organizations as o", "o.id", "t.organization_id")
    .where("t.token_hash", hashToken(token))
    .whereNull("t.revoked_at")
    .first(
      "t.id",
      "t.organization_id",
      "t.name",
      "t.scopes",
      "t.created_at",
      "t.last_used_at",
      "t.revoked_at",
      "o.slug as org_slug",
      "o.name as org_name",
      "o.created_at as org_created_at",
    )) as
    | (Omit<TokenRow, "token_hash" | "token_last_characters"> & {
        org_slug: string;
        org_name: string;
        org_created_at: Date;
      })
    | undefined;
  if (!row) return null;
  return {
    token: toToken(row),
    organization: {
      id: row.organization_id,
      slug: row.org_slug,
      name: row.org_name,
      createdAt: row.org_created_at,
    },
  };
}
