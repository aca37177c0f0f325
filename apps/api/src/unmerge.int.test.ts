import { describe, expect, it } from "vitest";
import { ActivityType, hashFingerprintElement } from "@sift/schemas";
import { useApiHarness } from "./test/harness.js";
import { issueCounts, issueIdOf, mergeIssues } from "./test/merge.js";
import type { OccurrenceSpec } from "./test/generate.js";

const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00.000Z`);

const h = await useApiHarness({ now: at("12:30") });

const idOf = (fingerprint: string): Promise<number> => issueIdOf(h, fingerprint);
const merge = (ids: readonly number[]) => mergeIssues(h, ids);
const unmerge = (issueId: number, hashes: readonly string[], token?: string) =>
  h.request(
    "DELETE",
    `/api/0/organizations/acme/issues/${issueId}/hashes/?${hashes.map((x) => `id=${x}`).join("&")}`,
    token === undefined ? {} : { token },
  );

const counted = (issueId: number) => issueCounts(h, issueId);

const spec = (fingerprint: string, time: string, extra: Partial<OccurrenceSpec> = {}): OccurrenceSpec => ({
  projectId: 1,
  fingerprint,
  time: at(time),
  ...extra,
});

describe("unmerge", () => {
  it("moves a merged hash back out with its events; every count, stat, environment, release, user and tag follows", async () => {
    const a = { environment: "production", release: "um@1.0.0", tags: { browser: "firefox" } };
    const b = { environment: "staging", release: "um@2.0.0", tags: { browser: "chrome" } };
    await h.ingest([
      spec("um-a", "10:05", { ...a, user: { id: "u1" } }),
      spec("um-a", "10:20", { ...a, user: { id: "u2" } }),
      spec("um-a", "11:10", { ...a, user: { id: "u1" } }),
      spec("um-b", "11:15", { ...b, user: { id: "u3" } }),
      spec("um-b", "12:01", { ...b, user: { id: "u1" } }),
    ]);
    const [idA, idB] = [await idOf("um-a"), await idOf("um-b")];
    const before = { a: await counted(idA), b: await counted(idB) };
    expect(before.a).toMatchObject({
      timesSeen: 3,
      userCount: 2,
      stats: [
        ["10:00", 2],
        ["11:00", 1],
      ],
    });
    expect(before.b).toMatchObject({
      timesSeen: 2,
      userCount: 2,
      stats: [
        ["11:00", 1],
        ["12:00", 1],
      ],
    });

    expect((await merge([idA, idB])).json()).toMatchObject({
      merge: { parent: String(idA), children: [String(idB)] },
    });
    expect(await counted(idA)).toMatchObject({
      timesSeen: 5,
      userCount: 3,
      environments: ["production", "staging"],
    });

    const hashB = hashFingerprintElement("um-b");
    const res = await unmerge(idA, [hashB]);
    expect(res.statusCode, res.body).toBe(202);
    const idN = await idOf("um-b");
    expect(idN).not.toBe(idA);
    expect(idN).not.toBe(idB);
    // Both issues count exactly what they did before the merge.
    expect(await counted(idA)).toEqual(before.a);
    expect(await counted(idN)).toEqual(before.b);
    expect(before.a).toMatchObject({
      environments: ["production"],
      releases: ["um@1.0.0"],
      users: ["id:u1", "id:u2"],
      tags: expect.arrayContaining(["browser=firefox:3", "user=id:u1:2", "user=id:u2:1"]),
    });

    const details = (await h.request("GET", `/api/0/issues/${idN}/`)).json<Record<string, unknown>>();
    expect(details).toMatchObject({
      count: "2",
      userCount: 2,
      firstSeen: "2026-11-20T11:15:00.000Z",
      lastSeen: "2026-11-20T12:01:00.000Z",
      title: "Issue um-a",
      firstRelease: { version: "um@2.0.0" },
    });
    const hashesOf = async (id: number) =>
      (await h.request("GET", `/api/0/issues/${id}/hashes/`)).json<{ id: string }[]>().map((x) => x.id);
    expect(await hashesOf(idA)).toEqual([hashFingerprintElement("um-a")]);
    expect(await hashesOf(idN)).toEqual([hashB]);
    const events = (await h.request("GET", `/api/0/issues/${idN}/events/`)).json<{ dateCreated: string }[]>();
    expect(events).toHaveLength(2);

    const activity = async (id: number) =>
      (await h.db("activities").where({ issue_id: id }).orderBy("id")).map(
        (r: { type: number; data: unknown }) => [r.type, r.data],
      );
    expect(await activity(idN)).toEqual([
      [ActivityType.FIRST_SEEN, {}],
      [ActivityType.UNMERGE_DESTINATION, { source_id: idA, fingerprints: [hashB] }],
    ]);
    expect((await activity(idA)).at(-1)).toEqual([
      ActivityType.UNMERGE_SOURCE,
      { destination_id: idN, fingerprints: [hashB] },
    ]);

    // Later occurrences of the fingerprint group into the new issue.
    await h.ingest([spec("um-b", "12:10", b)]);
    expect(await counted(idN)).toMatchObject({ timesSeen: 3, occurrences: 3 });
    expect((await counted(idA)).timesSeen).toBe(3);
  });

  it("answers 204 for hashes the issue does not have, and 400 for bad input or every hash", async () => {
    await h.ingest([spec("um-solo", "10:00"), spec("um-other", "10:00")]);
    const id = await idOf("um-solo");
    expect((await unmerge(id, [hashFingerprintElement("um-other")])).statusCode).toBe(204);
    expect(await idOf("um-other")).not.toBe(id);
    const all = await unmerge(id, [hashFingerprintElement("um-solo")]);
    expect(all.statusCode).toBe(400);
    expect(all.json()).toEqual({ detail: "Cannot unmerge every hash of an issue: at least one must stay." });
    const bad = await unmerge(id, ["not-a-hash"]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ detail: 'Invalid hash: "not-a-hash"' });
    expect((await unmerge(id, [hashFingerprintElement("um-solo")], h.acme.tokens.write)).statusCode).toBe(
      403,
    );
    expect((await unmerge(999_999, [hashFingerprintElement("um-solo")])).statusCode).toBe(404);
    expect(await counted(id)).toMatchObject({ timesSeen: 1, occurrences: 1 });
  });

  it("is exact while the grouping engine ingests the same fingerprints", async () => {
    for (let round = 0; round < 5; round += 1) {
      const [x, y] = [`uc-${round}-x`, `uc-${round}-y`];
      await h.ingest([
        spec(x, "10:00"),
        spec(x, "10:00"),
        spec(x, "10:00"),
        spec(y, "10:00"),
        spec(y, "10:00"),
      ]);
      const [idX, idY] = [await idOf(x), await idOf(y)];
      expect((await merge([idX, idY])).statusCode).toBe(200);
      const batches = Array.from({ length: 4 }, (_, b) => [spec(x, `11:0${b}`), spec(y, `12:0${b}`)]);
      const [res] = await Promise.all([
        unmerge(idX, [hashFingerprintElement(y)]),
        ...batches.map((batch) => h.ingest(batch)),
      ]);
      expect(res.statusCode, res.body).toBe(202);
      const idN = await idOf(y);
      // 3 + 4 occurrences of x stay, 2 + 4 of y moved (or arrived after the move): each counted once.
      expect(await counted(idX)).toMatchObject({
        timesSeen: 7,
        occurrences: 7,
        stats: [
          ["10:00", 3],
          ["11:00", 4],
        ],
      });
      expect(await counted(idN)).toMatchObject({
        timesSeen: 6,
        occurrences: 6,
        stats: [
          ["10:00", 2],
          ["12:00", 4],
        ],
      });
    }
  });
});
