import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixture, loadFixtureText } from "@sift/testkit";
import type { Db } from "@sift/storage";
import { createHarness, newId } from "./test/harness.js";
import type { Harness } from "./test/harness.js";
import { startKafkaHarness } from "./test/kafka-harness.js";
import type { KafkaHarness } from "./test/kafka-harness.js";
import { at, occurrence } from "./test/generate.js";

/** Everything the pipeline stored, without surrogate ids (issues named by their first fingerprint hash). */
async function dump(db: Db): Promise<unknown> {
  const issueKey = new Map<number, string>();
  for (const h of (await db("issue_hashes").orderBy(["project_id", "hash"])) as {
    project_id: number;
    hash: string;
    issue_id: number;
  }[]) {
    if (!issueKey.has(h.issue_id)) issueKey.set(h.issue_id, `${h.project_id}:${h.hash}`);
  }
  const name = (id: number | null) => (id === null ? null : (issueKey.get(id) ?? `unhashed:${id}`));
  const issues = ((await db("issues").select("*")) as Record<string, unknown>[])
    .map(({ id, short_id: _s, created_at: _c, first_release_id: _f, ...rest }) => ({
      key: name(id as number),
      ...rest,
    }))
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const occurrences = (
    (await db("occurrences")
      .orderBy("id")
      .select("id", "project_id", "issue_id", "outcome", "payload", "event_time")) as {
      issue_id: number | null;
    }[]
  ).map((o) => ({ ...o, issue_id: name(o.issue_id) }));
  const events = await db("events").orderBy("event_id").select("project_id", "event_id", "timestamp", "data");
  const activities = (
    (await db("activities").orderBy("id").select("issue_id", "type", "data")) as { issue_id: number }[]
  )
    .map((a) => ({ ...a, issue_id: name(a.issue_id) }))
    .sort((a, b) => String(a.issue_id).localeCompare(String(b.issue_id)));
  const statusChanges = await db("status_changes")
    .orderBy("id")
    .select("id", "outcome", "new_status", "new_substatus");
  const releases = await db("releases")
    .orderBy("version")
    .select("version", "date_added", "major", "minor", "patch");
  const environments = await db("environments").orderBy("name").select("name");
  return { issues, occurrences, events, activities, statusChanges, releases, environments };
}

describe("direct processing and Kafka", () => {
  let direct: Harness;
  let viaKafka: Harness;
  let k: KafkaHarness;
  beforeAll(async () => {
    direct = await createHarness();
    viaKafka = await createHarness();
    k = await startKafkaHarness(viaKafka);
  });
  afterAll(async () => {
    await k?.stop();
    await viaKafka?.destroy();
    await direct?.destroy();
  });

  it("store the same result for the fixtures", async () => {
    // The lookup fixture's event must exist first: another occurrence brings it inline.
    const seed = occurrence({
      fingerprint: ["seed"],
      eventId: "b6e6e7d9e58240fd81015666e96eb038",
      time: at("2026-11-27T11:29:00Z"),
      release: "backend@2.4.0",
    });
    const nPlusOne = loadFixture("valid/occurrence-inline-event.json") as Record<string, unknown>;
    const event = nPlusOne.event as Record<string, unknown>;
    const copies = [0, 1].map((i) => {
      const eventId = newId();
      return JSON.stringify({
        ...nPlusOne,
        id: newId(),
        event_id: eventId,
        event: { ...event, event_id: eventId, timestamp: 1795779000 + i },
      });
    });
    const rest = [
      ...copies,
      loadFixtureText("valid/occurrence-inline-event.json"),
      loadFixtureText("valid/occurrence-buffered-spans.json"),
      loadFixtureText("valid/occurrence-lookup-event.json"),
      loadFixtureText("valid/status-change-resolve.json"),
      loadFixtureText("valid/status-change-archive-forever.json"),
    ];
    await direct.process([seed]);
    const directOutcomes = await direct.process(rest);
    await k.send([seed]);
    const kafkaOutcomes = await k.send(rest);
    expect(kafkaOutcomes).toEqual(directOutcomes);
    expect(
      directOutcomes.map((o) =>
        o.kind === "invalid" ? o.error.code : o.result.status === "stored" ? o.result.outcome : "replayed",
      ),
    ).toEqual([
      "noise_gated",
      "noise_gated",
      "grouped",
      "noise_gated",
      "noise_gated",
      "applied",
      "group_not_found",
    ]);
    const [a, b] = [await dump(direct.db), await dump(viaKafka.db)];
    expect(b).toEqual(a);
    expect((a as { issues: unknown[] }).issues).toHaveLength(2);
  });
});
