import { randomBytes } from "node:crypto";

/** A short random lower-case hex id, for names that must not collide between parallel test files. */
export function randomId(bytes = 4): string {
  return randomBytes(bytes).toString("hex");
}
