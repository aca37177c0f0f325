import { createHash } from "node:crypto";

/** Lower-case hex md5 of the UTF-8 bytes of one raw fingerprint element. Applied once, at validation. */
export function hashFingerprintElement(value: string): string {
  return createHash("md5").update(value, "utf8").digest("hex");
}

export function hashFingerprint(fingerprint: readonly string[]): string[] {
  return fingerprint.map(hashFingerprintElement);
}

/** Kafka partition key: every message of one issue lands on one partition. */
export function partitionKey(fingerprint: readonly string[], projectId: number): string | null {
  const first = fingerprint[0];
  return first === undefined ? null : `${first}-${projectId}`;
}
