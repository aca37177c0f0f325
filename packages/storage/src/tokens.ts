import { createHash, randomBytes } from "node:crypto";
import type { TokenScope } from "@sift/schemas";
import type { Db } from "./db.js";
import type { Organization } from "./organizations.js";

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
const TOKEN_PATTERN = /^sntryu_[0-9a-f]{64}$/;

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

export async function revokeApiToken(db: Db, id: number, now: Date): Promise<boolean> {
  const count = await db("api_tokens").where({ id }).whereNull("revoked_at").update({ revoked_at: now });
  return count > 0;
}

/** A token last used longer ago than this has its `last_used_at` written again. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/**
 * The live token for a presented secret with its organization, or null (unknown, malformed or
 * revoked): what an authenticated call needs, in one statement. It also records the use, at most once a TOKEN_TOUCH_INTERVAL_MS per token
 * (decided from the row's `last_used_at`, so concurrent requests write it once).
 */
export async function authenticateApiToken(
  db: Db,
  input: { token: string; now: Date },
): Promise<{ token: ApiToken; organization: Organization } | null> {
  if (!TOKEN_PATTERN.test(input.token)) return null;
  const result = (await db.raw(
    `WITH found AS (
       SELECT t.id, t.organization_id, t.name, t.scopes, t.created_at, t.last_used_at, t.revoked_at,
              o.slug AS org_slug, o.name AS org_name, o.created_at AS org_created_at
         FROM api_tokens t
         JOIN organizations o ON o.id = t.organization_id
        WHERE t.token_hash = ? AND t.revoked_at IS NULL
     ), touched AS (
       UPDATE api_tokens t SET last_used_at = ?
         FROM found
        WHERE t.id = found.id AND (t.last_used_at IS NULL OR t.last_used_at < ?)
     )
     SELECT * FROM found`,
    [hashToken(input.token), input.now, new Date(input.now.getTime() - TOKEN_TOUCH_INTERVAL_MS)],
  )) as {
    rows: (Omit<TokenRow, "token_hash" | "token_last_characters"> & {
      org_slug: string;
      org_name: string;
      org_created_at: Date;
    })[];
  };
  const row = result.rows[0];
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

/** An organization's live tokens, with the last characters of each (what a list may show), newest first. */
export async function listApiTokens(
  db: Db,
  organizationId: number,
): Promise<(ApiToken & { lastCharacters: string })[]> {
  const found = await db<TokenRow>("api_tokens")
    .where({ organization_id: organizationId })
    .whereNull("revoked_at")
    .orderBy("id", "desc")
    .select(
      "id",
      "organization_id",
      "name",
      "scopes",
      "created_at",
      "last_used_at",
      "revoked_at",
      "token_last_characters",
    );
  return found.map((r) => ({ ...toToken(r), lastCharacters: r.token_last_characters }));
}

/** Revokes one of the organization's live tokens; false when it has no such token. */
export async function revokeOrganizationToken(
  db: Db,
  input: { organizationId: number; id: number; now: Date },
): Promise<boolean> {
  const count = await db("api_tokens")
    .where({ id: input.id, organization_id: input.organizationId })
    .whereNull("revoked_at")
    .update({ revoked_at: input.now });
  return count > 0;
}
