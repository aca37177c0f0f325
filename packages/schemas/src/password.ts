import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (node:crypto). A stored hash carries its own parameters —
 * `scrypt$<N>$<r>$<p>$<salt>$<key>` (salt and key base64url) — so the cost can be raised later and old
 * hashes still verify. Verification compares in constant time.
 */
export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 B = 32 MiB and about 50–100 ms per hash on one core. */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { N: 32_768, r: 8, p: 1 };

const KEY_LENGTH = 64;
const SALT_LENGTH = 16;
/** Passwords longer than this are refused before hashing (scrypt's cost does not depend on it, but memory does). */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 8;

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParameters,
  keyLength: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1_048_576 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(
  password: string,
  params: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params, KEY_LENGTH);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

const STORED = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{1,200})\$([A-Za-z0-9_-]{1,200})$/;

/** The parameters of a stored hash, or null when it is not one this module wrote. */
function parseStored(stored: string): { params: ScryptParameters; salt: Buffer; key: Buffer } | null {
  const m = STORED.exec(stored);
  if (!m) return null;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.N < 2 || (params.N & (params.N - 1)) !== 0 || params.r < 1 || params.p < 1) return null;
  return { params, salt: Buffer.from(m[4]!, "base64url"), key: Buffer.from(m[5]!, "base64url") };
}

/**
 * Whether `password` matches `stored`. A null or unreadable `stored` is checked against a throwaway
 * hash of the same cost, so an unknown account takes as long to refuse as a wrong password.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = stored === null ? null : parseStored(stored);
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!parsed) {
    await derive(password, randomBytes(SALT_LENGTH), DEFAULT_SCRYPT_PARAMETERS, KEY_LENGTH);
    return false;
  }
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}
