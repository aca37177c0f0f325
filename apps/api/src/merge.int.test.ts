import { describe, expect, it } from "vitest";
import { ActivityType, hashFingerprintElement } from "@sift/schemas";
import { useApiHarness } from "./test/harness.js";
import { issueCounts, issueIdOf, mergeIssues } from "./test/merge.js";
import type { OccurrenceSpec } from "./test/generate.js";

const NOW = new Date("2026-11-20T12:30:00.000Z");
const at = (iso: string) => new Date(`2026-11-20T${iso}:00.000Z`);

const h = await useApiHarness({ now: NOW });

const idOf = (fingerprint: string): Promise<number> => issueIdOf(h, fingerprint);
const merge = (ids: readonly number[], token?: string) => mergeIssues(h, ids, token);

const totals = (issueId: number) => issueCounts(h, issueId);

describe("merge", () => {
  it("merges into the issue with the most events; counts, stats, environments, releases and users add up", async () => {
    const spec = (
      fingerprint: string,
      time: string,
      extra: Partial<OccurrenceSpec> = {},
    ): OccurrenceSpec => ({
      projectId: 1,
      fingerprint,
      time: at(time),
      ...extra,
    });
    await h.ingest([
      spec("m-a", "09:10", { environment: "production", release: "1.0", user: { id: "u1" } }),
      spec("m-a", "09:20", { environment: "production", release: "1.0", user: { id: "u2" } }),
      spec("m-a", "10:05", { environment: "staging" }),
      spec("m-b", "08:15", { environment: "production", release: "2.0", user: { id: "u2" } }),
      spec("m-b", "09:40", { environment: "canary", user: { id: "u3" } }),
      spec("m-c", "11:50", { environment: "production" }),
    ]);
    const [a, b, c] = [await idOf("m-a"), await idOf("m-b"), await idOf("m-c")];
    const note = await h.request("POST", `/api/0/issues/${b}/notes/`, { body: { text: "on b" } });
    expect(note.statusCode).toBe(201);
    const [rule] = await h
      .db("alert_rules")
      .insert({ organization_id: h.acme.organization.id, project_id: 1, name: "r" }, ["id"]);
    await h.db("alert_rule_issues").insert({ rule_id: rule.id, issue_id: b, last_fired: NOW });

    const res = await merge([c, a, b]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      merge: { parent: String(a), children: [String(b), String(c)] },
      status: "unresolved",
      statusDetails: {},
      isPublic: false,
    });

    expect(await totals(a)).toMatchObject({
      timesSeen: 6,
      userCount: 3,
      firstSeen: "2026-11-20T08:15:00.000Z",
      lastSeen: "2026-11-20T11:50:00.000Z",
      occurrences: 6,
      stats: [
        ["08:00", 1],
        ["09:00", 3],
        ["10:00", 1],
        ["11:00", 1],
      ],
    });
    const envs = await h
      .db("issue_environments as ie")
      .join("environments as e", "e.id", "ie.environment_id")
      .where("ie.issue_id", a)
      .orderBy("e.name")
      .select("e.name", "ie.first_seen", "ie.last_seen");
    expect(
      envs.map((e: { name: string; first_seen: Date; last_seen: Date | null }) => [
        e.name,
        e.first_seen.toISOString(),
        e.last_seen?.toISOString(),
      ]),
    ).toEqual([
      ["canary", "2026-11-20T09:40:00.000Z", "2026-11-20T09:40:00.000Z"],
      ["production", "2026-11-20T08:15:00.000Z", "2026-11-20T11:50:00.000Z"],
      ["staging", "2026-11-20T10:05:00.000Z", "2026-11-20T10:05:00.000Z"],
    ]);
    const releases = await h
      .db("issue_releases as ir")
      .join("releases as r", "r.id", "ir.release_id")
      .where("ir.issue_id", a)
      .orderBy("r.version")
      .select("r.version");
    expect(releases.map((r: { version: string }) => r.version)).toEqual(["1.0", "2.0"]);
    const environmentTag = await h.request("GET", `/api/0/issues/${a}/tags/environment/`);
    expect(environmentTag.statusCode).toBe(200);
    expect(
      environmentTag
        .json<{ topValues: { value: string; count: number }[] }>()
        .topValues.map((v) => [v.value, v.count]),
    ).toEqual([
      ["production", 4],
      ["canary", 1],
      ["staging", 1],
    ]);

    const hashes = await h.request("GET", `/api/0/issues/${a}/hashes/`);
    expect(hashes.json<{ id: string }[]>().map((x) => x.id)).toEqual(
      ["m-a", "m-b", "m-c"].map(hashFingerprintElement).sort(),
    );
    const events = await h.request("GET", `/api/0/issues/${a}/events/`);
    expect(events.json<{ groupID: string }[]>().map((e) => e.groupID)).toEqual(Array(6).fill(String(a)));
    const details = await h.request("GET", `/api/0/issues/${a}/`);
    expect(details.json()).toMatchObject({ count: "6", userCount: 3 });
    const activity = details.json<{ activity: { type: string; data: Record<string, unknown> }[] }>().activity;
    expect(activity[0]).toMatchObject({ type: "merge", data: { issues: [{ id: b }, { id: c }] } });
    expect(activity.filter((x) => x.type === "note").map((x) => x.data.text)).toEqual(["on b"]);
    for (const child of [b, c])
      expect((await h.request("GET", `/api/0/issues/${child}/`)).statusCode).toBe(404);
    expect(await h.db("issues").whereIn("id", [b, c])).toEqual([]);
    for (const table of [
      "issue_stats_hourly",
      "issue_users",
      "issue_environments",
      "issue_releases",
      "issue_hashes",
      "issue_tag_values",
      "alert_rule_issues",
    ])
      expect(await h.db(table).whereIn("issue_id", [b, c]), table).toEqual([]);

    // The children's fingerprints now group into the parent.
    await h.ingest([spec("m-b", "12:10", { user: { id: "u4" } })]);
    expect(await idOf("m-b")).toBe(a);
    expect(await totals(a)).toMatchObject({ timesSeen: 7, userCount: 4, occurrences: 7 });
    expect((await h.db("activities").where({ issue_id: a, type: ActivityType.MERGE })).length).toBe(1);
  });

  it("refuses fewer than two issues and issues of several projects with 400, changing nothing", async () => {
    await h.ingest([
      { projectId: 1, fingerprint: "m-one", time: at("11:00") },
      { projectId: 2, fingerprint: "m-two", time: at("11:00") },
    ]);
    const one = await idOf("m-one");
    const two = await issueIdOf(h, "m-two", 2);
    const single = await merge([one]);
    expect(single.statusCode).toBe(400);
    expect(single.json()).toEqual({ detail: "Merging needs two or more issues." });
    const cross = await merge([one, two]);
    expect(cross.statusCode).toBe(400);
    expect(cross.json()).toEqual({ detail: "Merging across multiple projects is not supported" });
    expect(await h.db("issues").whereIn("id", [one, two])).toHaveLength(2);
    const readOnly = await merge([one, two], h.acme.tokens.read);
    expect(readOnly.statusCode).toBe(403);
  });

  it("is exact while the grouping engine ingests the same fingerprints", async () => {
    for (let round = 0; round < 6; round += 1) {
      const fps = [`mc-${round}-x`, `mc-${round}-y`, `mc-${round}-z`];
      await h.ingest(
        fps.flatMap((fp, i) =>
          Array.from({ length: 3 - i }, () => ({ projectId: 1, fingerprint: fp, time: at("10:00") })),
        ),
      );
      const ids = await Promise.all(fps.map(idOf));
      const batches = Array.from({ length: 4 }, (_, b) =>
        fps.map((fp, i) => ({ projectId: 1, fingerprint: fp, time: at(`1${i}:${10 + b}`) })),
      );
      const [merged] = await Promise.all([merge(ids), ...batches.map((batch) => h.ingest(batch))]);
      expect(merged.statusCode).toBe(200);
      expect(merged.json()).toEqual({
        merge: { parent: String(ids[0]), children: [String(ids[1]), String(ids[2])] },
        status: "unresolved",
        statusDetails: {},
        isPublic: false,
      });
      // 6 before, 12 during: every one counted once on the parent, nothing left on the children.
      const t = await totals(ids[0]!);
      expect({ timesSeen: t.timesSeen, occurrences: t.occurrences }).toEqual({
        timesSeen: 18,
        occurrences: 18,
      });
      expect(t.stats).toEqual([
        ["10:00", 10],
        ["11:00", 4],
        ["12:00", 4],
      ]);
      expect(await h.db("occurrences").whereIn("issue_id", ids.slice(1))).toEqual([]);
      expect(await h.db("issue_stats_hourly").whereIn("issue_id", ids.slice(1))).toEqual([]);
      for (const fp of fps) expect(await idOf(fp)).toBe(ids[0]);
    }
  });
});
