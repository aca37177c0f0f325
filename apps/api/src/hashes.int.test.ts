import { describe, expect, it } from "vitest";
import { hashFingerprintElement } from "@sift/schemas";
import { issueRow, linkCursor, useApiHarness } from "./test/harness.js";

const h = await useApiHarness({ now: new Date("2026-11-20T12:00:00.000Z") });

interface Hash {
  id: string;
  latestEvent: { eventID: string; groupID: string; message: string } | null;
  mergedBySeer: boolean;
}

describe("issue hashes", () => {
  it("lists an issue's hashes in hash order, each with the latest event that has it, a page at a time", async () => {
    const parts = ["hash-a", "hash-b", "hash-c"];
    const eventIds = ["aa".repeat(16), "bb".repeat(16), "cc".repeat(16)];
    await h.ingest([
      {
        projectId: 1,
        fingerprint: "hash-a",
        fingerprints: parts,
        time: new Date("2026-11-20T10:00:00.000Z"),
        eventId: eventIds[0],
        message: "first, with all three",
      },
    ]);
    h.clock.advance(1000);
    await h.ingest([
      {
        projectId: 1,
        fingerprint: "hash-b",
        time: new Date("2026-11-20T11:00:00.000Z"),
        eventId: eventIds[1],
        message: "second, only b",
      },
    ]);
    const id = (await issueRow(h.db, 1, "hash-a"))!.id;
    expect((await issueRow(h.db, 1, "hash-b"))!.id).toBe(id);
    const sorted = parts
      .map((p) => ({ part: p, hash: hashFingerprintElement(p) }))
      .sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const latestOf = (part: string) => (part === "hash-b" ? eventIds[1] : eventIds[0]);

    const res = await h.request("GET", `/api/0/organizations/acme/issues/${id}/hashes/`, {
      token: h.acme.tokens.read,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<Hash[]>();
    expect(body.map((x) => ({ id: x.id, event: x.latestEvent?.eventID, seer: x.mergedBySeer }))).toEqual(
      sorted.map((s) => ({ id: s.hash, event: latestOf(s.part), seer: false })),
    );
    expect(body[0]!.latestEvent!.groupID).toBe(String(id));

    const first = await h.request("GET", `/api/0/issues/${id}/hashes/?per_page=2`);
    expect(first.json<Hash[]>().map((x) => x.id)).toEqual(sorted.slice(0, 2).map((s) => s.hash));
    const next = linkCursor(first, "next");
    expect(next).toEqual({ cursor: "0:2:0", results: true });
    const second = await h.request("GET", `/api/0/issues/${id}/hashes/?per_page=2&cursor=${next.cursor}`);
    expect(second.json<Hash[]>().map((x) => x.id)).toEqual([sorted[2]!.hash]);
    expect(linkCursor(second, "next").results).toBe(false);
  });

  it("answers 404 for an unknown issue and another organization's issue", async () => {
    await h.ingest([{ projectId: 1, fingerprint: "hash-own", time: new Date("2026-11-20T11:00:00.000Z") }]);
    const id = (await issueRow(h.db, 1, "hash-own"))!.id;
    expect((await h.request("GET", `/api/0/issues/999999/hashes/`)).statusCode).toBe(404);
    expect((await h.request("GET", `/api/0/organizations/other/issues/${id}/hashes/`)).statusCode).toBe(404);
    const other = await h.createOrg("globex", [{ slug: "shop", id: 30 }]);
    const res = await h.request("GET", `/api/0/issues/${id}/hashes/`, { token: other.tokens.read });
    expect(res.statusCode).toBe(404);
  });
});
