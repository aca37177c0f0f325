import { describe, expect, it } from "vitest";
import { GroupStatus } from "@sift/schemas";
import { purgeDeletedIssues } from "@sift/storage";
import { expectUnlisted, issueRow, useApiHarness } from "./test/harness.js";

const MINUTE = 60_000;
let counter = 0;

const h = await useApiHarness();

async function newIssue(options: { type?: number; projectId?: number; count?: number } = {}) {
  counter += 1;
  const fingerprint = `del-${counter}`;
  const projectId = options.projectId ?? 1;
  const eventTime = new Date(h.clock.now().getTime() - 10 * MINUTE);
  const outcomes = await h.ingest(
    Array.from({ length: options.count ?? 1 }, (_, i) => ({
      projectId,
      fingerprint,
      time: new Date(eventTime.getTime() + i * 1000),
      type: options.type,
      environment: "production",
    })),
  );
  const row = await issueRow(h.db, projectId, fingerprint);
  const first = outcomes[0]!;
  const eventId = first.kind === "occurrence" ? first.id : "";
  return { id: row!.id, fingerprint, projectId, eventId };
}

async function shortIdOf(id: number): Promise<string> {
  const res = await h.request("GET", `/api/0/issues/${id}/`);
  return res.json<{ shortId: string }>().shortId;
}

describe("delete", () => {
  it("deletes any issue type; it vanishes from every read at once and its fingerprint starts a new issue", async () => {
    const perf = await newIssue({ type: 1010, count: 3 });
    const shortId = await shortIdOf(perf.id);
    const events = await h.request("GET", `/api/0/issues/${perf.id}/events/`);
    const eventId = events.json<{ eventID: string }[]>()[0]!.eventID;

    const res = await h.request("DELETE", `/api/0/organizations/acme/issues/?id=${perf.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe("");
    const row = (await h.db("issues").where({ id: perf.id }).first()) as {
      status: number;
      delete_after: Date;
      substatus: number | null;
    };
    expect(row.status).toBe(GroupStatus.PENDING_DELETION);
    expect(row.substatus).toBeNull();
    expect(row.delete_after.getTime()).toBe(h.clock.now().getTime() + 3_600_000);
    expect(await h.db("issue_hashes").where({ issue_id: perf.id })).toHaveLength(0);
    expect(await h.db("issue_inbox").where({ issue_id: perf.id })).toHaveLength(0);

    for (const url of [
      `/api/0/issues/${perf.id}/`,
      `/api/0/organizations/acme/issues/${perf.id}/`,
      `/api/0/organizations/acme/issues/${perf.id}/events/`,
      `/api/0/organizations/acme/issues/${perf.id}/events/latest/`,
      `/api/0/organizations/acme/issues/${perf.id}/activities/`,
      `/api/0/organizations/acme/shortids/${shortId}/`,
      `/api/0/issues/${shortId}/`,
    ]) {
      const gone = await h.request("GET", url);
      expect(gone.statusCode, url).toBe(404);
      expect(gone.json(), url).toEqual({ detail: "The requested resource does not exist" });
    }
    expect(await expectUnlisted(h, { id: perf.id, eventId, shortId })).toEqual([]);
    // Updating or deleting it again finds nothing.
    expect(
      (
        await h.request("PUT", `/api/0/organizations/acme/issues/?id=${perf.id}`, {
          body: { status: "resolved" },
        })
      ).statusCode,
    ).toBe(204);
    expect((await h.request("DELETE", `/api/0/organizations/acme/issues/${perf.id}/`)).statusCode).toBe(404);

    // The same fingerprint now makes a fresh issue.
    await h.ingest([{ projectId: 1, fingerprint: perf.fingerprint, time: h.clock.now(), type: 1010 }]);
    const fresh = await issueRow(h.db, 1, perf.fingerprint);
    expect(fresh!.id).not.toBe(perf.id);
    expect(Number(fresh!.times_seen)).toBe(1);
    expect(await shortIdOf(fresh!.id)).not.toBe(shortId);
  });

  it("deletes by query (the default query when absent) and one issue by its route (202)", async () => {
    const a = await newIssue();
    const b = await newIssue({ type: 1010 }); // low priority: outside the default query
    const c = await newIssue({ projectId: 2 });
    const res = await h.request("DELETE", "/api/0/projects/acme/web/issues/");
    expect(res.statusCode).toBe(204);
    const status = async (id: number) =>
      ((await h.db("issues").where({ id }).first()) as { status: number }).status;
    expect(await status(a.id)).toBe(GroupStatus.PENDING_DELETION);
    expect(await status(b.id)).toBe(GroupStatus.UNRESOLVED);
    expect(await status(c.id)).toBe(GroupStatus.UNRESOLVED);
    expect(
      (await h.request("DELETE", "/api/0/organizations/acme/issues/?query=times_seen:>99999")).statusCode,
    ).toBe(204);
    const one = await h.request("DELETE", `/api/0/organizations/acme/issues/${c.id}/`);
    expect(one.statusCode).toBe(202);
    expect(await status(c.id)).toBe(GroupStatus.PENDING_DELETION);
  });

  it("is purged with every row that references it once the delay has passed", async () => {
    const issue = await newIssue({ count: 3 });
    await h.request("PUT", `/api/0/organizations/acme/issues/?id=${issue.id}`, {
      body: { status: "ignored", ignoreCount: 10 },
    });
    await h.request("DELETE", `/api/0/organizations/acme/issues/?id=${issue.id}`);
    const before = await purgeDeletedIssues(h.db, { now: h.clock.now() });
    expect(before.issues).toBe(0);
    expect(await h.db("issues").where({ id: issue.id })).toHaveLength(1);
    const result = await purgeDeletedIssues(h.db, {
      now: new Date(h.clock.now().getTime() + 3_600_001),
      batchSize: 2,
    });
    expect(result.issues).toBeGreaterThanOrEqual(1);
    expect(await h.db("issues").where({ id: issue.id })).toHaveLength(0);
    for (const table of [
      "occurrences",
      "issue_stats_hourly",
      "issue_users",
      "issue_environments",
      "activities",
      "issue_history",
      "snoozes",
    ]) {
      expect(await h.db(table).where({ issue_id: issue.id }), table).toHaveLength(0);
    }
    // Events stay: they belong to the project.
    expect(Number(((await h.db("events").count({ n: "*" }).first()) as { n: string }).n)).toBeGreaterThan(0);
  });
});
