import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.js";

const FAST = { N: 1024, r: 8, p: 1 };

describe("password hashing", () => {
  it("stores scrypt with its parameters and a random salt, and verifies only the same password", async () => {
    const a = await hashPassword("hunter2 hunter2", FAST);
    const b = await hashPassword("hunter2 hunter2", FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("hunter2 hunter2", a)).toBe(true);
    expect(await verifyPassword("hunter2 hunter3", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("verifies with the parameters stored in the hash (the default cost by default)", async () => {
    const hash = await hashPassword("default cost");
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("default cost", hash)).toBe(true);
  });

  it("refuses without a hash, with a hash it did not write, and an over-long password", async () => {
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
    expect(await verifyPassword("anything", "scrypt$1000$8$1$c2FsdA$a2V5")).toBe(false);
    const hash = await hashPassword("x".repeat(1025), FAST);
    expect(await verifyPassword("x".repeat(1025), hash)).toBe(false);
  });

  it("treats Unicode forms of one password alike (NFKC)", async () => {
    const hash = await hashPassword("caf\u00e9 au lait", FAST);
    expect(await verifyPassword("cafe\u0301 au lait", hash)).toBe(true);
  });
});
