import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import type { Admin } from "kafkajs";
import { audit } from "./audit.js";
import { Rig } from "./rig.js";
import type { ChaosContext } from "./rig.js";

const hex = (n: number) => n.toString(16).padStart(32, "0");
const hash = (c: string) => c.repeat(32);

let kafka: Kafka;
let admin: Admin;
let rig: Rig;
beforeAll(async () => {
  kafka = new Kafka({
    clientId: "chaos-audit-test",
    brokers: inject("kafkaBrokers"),
    logLevel: logLevel.NOTHING,
  });
  admin = kafka.admin();
  await admin.connect();
  const ctx: ChaosContext = {
    databaseUrl: inject("databaseUrl"),
    redisUrl: inject("redisUrl"),
    redisDb: 14,
    brokers: inject("kafkaBrokers"),
    kafka,
    admin,
    fromSource: true,
    seed: 1,
    keepFailed: false,
    log: () => undefined,
  };
  rig = await Rig.create(ctx, "audit-test", 2);
  await rig.organization("audit", [
    { id: 1, slug: "messy" },
    { id: 2, slug: "clean" },
  ]);
});
afterAll(async () => {
  await rig.destroy();
  await admin.disconnect();
});

async function issue(id: number, projectId: number, timesSeen: number, fingerprint: string): Promise<void> {
  await rig.db.raw(
    `INSERT INTO issues (id, organization_id, project_id, short_id, times_seen, first_seen, last_seen, active_at)
     SELECT ?, organization_id, id, ?, ?, now(), now(), now() FROM projects WHERE id = ?`,
    [id, id, timesSeen, projectId],
  );
  await rig.db.raw(
    "INSERT INTO issue_hashes (project_id, hash, issue_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    [projectId, fingerprint, id],
  );
}

async function occurrence(
  projectId: number,
  n: number,
  issueId: number | null,
  outcome: string,
  fingerprint: string,
) {
  await rig.db.raw(
    `INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, payload)
     VALUES (?, ?, ?, ?, 4001, ?, ARRAY[?]::char(32)[], now(), '{}')`,
    [projectId, hex(n), issueId, hex(n + 1_000), outcome, fingerprint],
  );
}

describe("the audit", () => {
  it("passes consistent data: every id stored once, times_seen = grouped occurrences, one issue per fingerprint", async () => {
    await issue(20, 2, 2, hash("c"));
    await occurrence(2, 1, 20, "grouped", hash("c"));
    await occurrence(2, 2, 20, "grouped", hash("c"));
    await occurrence(2, 3, null, "noise_gated", hash("d"));
    const result = await audit({
      rig,
      projectIds: [2],
      valid: [1, 2, 3, 3].map((n) => ({ id: hex(n), projectId: 2, payloadType: "occurrence" as const })),
      drainTimeoutMs: 10_000,
    });
    expect(result.failures).toEqual([]);
    expect(result).toMatchObject({ expected: 3, stored: 3, lost: 0, duplicated: 0, lag: 0, issues: 1 });
  });

  it("counts what is lost, duplicated, dead-lettered for the wrong reason, or unexpected", async () => {
    await issue(10, 1, 2, hash("a")); // consistent
    await occurrence(1, 11, 10, "grouped", hash("a"));
    await occurrence(1, 12, 10, "grouped", hash("a"));
    await issue(11, 1, 3, hash("b")); // times_seen one too many
    await occurrence(1, 13, 11, "grouped", hash("b"));
    await occurrence(1, 14, 11, "grouped", hash("b"));
    await issue(12, 1, 1, hash("e")); // a second issue for fingerprint a
    await occurrence(1, 15, 12, "grouped", hash("a"));
    await occurrence(1, 16, null, "noise_gated", hash("f")); // stored, never sent
    const producer = kafka.producer();
    await producer.connect();
    const letter = (key: string, code: string) => ({
      key,
      value: "{}",
      headers: {
        "sift-error-code": code,
        "sift-error-message": `${code} happened`,
        "sift-original-topic": rig.topic,
        "sift-original-partition": "0",
        "sift-original-offset": "7",
      },
    });
    await producer.send({
      topic: rig.dlqTopic,
      messages: [
        letter("bad-1", "INVALID_JSON"),
        letter("bad-2", "INTERNAL"),
        letter("bad-4", "INVALID_FIELD"),
      ],
    });
    await producer.disconnect();
    const result = await audit({
      rig,
      projectIds: [1],
      valid: [11, 12, 13, 14, 15, 17].map((n) => ({
        id: hex(n),
        projectId: 1,
        payloadType: "occurrence" as const,
      })),
      deadLetters: [
        { key: "bad-1", codes: ["INVALID_JSON"], label: "bad-1" },
        { key: "bad-2", codes: ["INVALID_UUID"], label: "bad-2" },
        { key: "bad-3", codes: ["INVALID_JSON"], label: "bad-3" },
      ],
      mustNotStore: [hex(16)],
      drainTimeoutMs: 10_000,
    });
    // Lost: id 17 (valid, nowhere) and bad-3 (not dead-lettered). Duplicated: issue 11's extra count and
    // fingerprint a's second issue.
    expect(result).toMatchObject({ lost: 2, duplicated: 2, deadLettered: 2, stored: 5 });
    const text = result.failures.join("\n");
    expect(text).toContain("valid occurrence lost (neither stored nor dead-lettered): 1");
    expect(text).toContain("refused message not in the dead-letter topic: 1 (e.g. bad-3)");
    expect(text).toContain("dead letter with the wrong reason: 1 (e.g. bad-2: INTERNAL INTERNAL happened)");
    expect(text).toContain("unexpected dead letter: 1 (e.g. bad-4 INVALID_FIELD");
    expect(text).toContain("times_seen differs from grouped occurrences: 1 (e.g. issue 11: 3 vs 2)");
    expect(text).toContain("fingerprint maps to two issues: 1");
    expect(text).toContain("stored but never sent as valid: 1");
    expect(text).toContain("refused message stored: 1");
  });
});
