import { describe, expect, it } from "vitest";
import { loadEnv } from "./env.js";

const base = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/sift", REDIS_URL: "redis://127.0.0.1:6379" };

describe("SIFT_SMTP_URL", () => {
  it("takes smtp:// and smtps:// URLs", () => {
    expect(loadEnv({ ...base, SIFT_SMTP_URL: "smtp://user:secret@mail.example:587" }).SIFT_SMTP_URL).toBe(
      "smtp://user:secret@mail.example:587",
    );
    expect(loadEnv({ ...base, SIFT_SMTP_URL: "smtps://mail.example" }).SIFT_SMTP_URL).toBe(
      "smtps://mail.example",
    );
  });

  it("refuses anything else at start, naming the variable", () => {
    for (const url of ["http://mail.example", "mail.example:25", "smtp://"])
      expect(() => loadEnv({ ...base, SIFT_SMTP_URL: url })).toThrow(
        "Invalid configuration SIFT_SMTP_URL: must be an smtp:// or smtps:// URL",
      );
  });
});
