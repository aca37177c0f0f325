import { beforeAll, describe, expect, it } from "vitest";
import { issueRow, linkCursor, useApiHarness } from "./test/harness.js";

let issueId: number;
const eventIds: string[] = [];

const h = await useApiHarness();

beforeAll(async () => {
  const base = h.clock.now().getTime() - 3_600_000;
  for (let i = 0; i < 5; i++) {
    h.clock.advance(1_000);
    const outcomes = await h.ingest([
      {
        projectId: 1,
        fingerprint: "events",
        time: new Date(base + i * 60_000),
        release: i < 3 ? "web@1.0.0" : "web@1.1.0",
        environment: i % 2 === 0 ? "production" : "staging",
        user: { id: `u${i}`, email: `u${i}@example.test` },
        tags: { browser: "firefox", i: String(i) },
      },
    ]);
    expect(outcomes[0]!.kind).toBe("occurrence");
  }
  issueId = (await issueRow(h.db, 1, "events"))!.id;
  const rows = (await h.db("occurrences").where({ issue_id: issueId }).orderBy("received_at")) as {
    event_id: string;
  }[];
  for (const r of rows) eventIds.push(r.event_id.replaceAll("-", ""));
});

describe("issue events", () => {
  it("lists occurrences with their events, newest first, in Sentry's event shape", async () => {
    const res = await h.request("GET", `/api/0/organizations/acme/issues/${issueId}/events/`);
    expect(res.statusCode).toBe(200);
    const events = res.json<Record<string, unknown>[]>();
    expect(events.map((e) => e.eventID)).toEqual([...eventIds].reverse());
    expect(events[0]).toMatchObject({
      id: eventIds[4],
      eventID: eventIds[4],
      groupID: String(issueId),
      projectID: "1",
      title: "Issue events",
      message: "Issue events subtitle /home",
      platform: "python",
      release: { version: "web@1.1.0" },
      environment: "production",
      user: { id: "u4", email: "u4@example.test" },
      occurrence: {
        issueTitle: "Issue events",
        subtitle: "subtitle",
        evidenceData: { source: "test" },
        evidenceDisplay: [{ name: "Source", value: "test", important: true }],
        type: 4001,
        level: "error",
        culprit: "/home",
      },
    });
    expect(events[0]!.tags).toEqual([
      { key: "browser", value: "firefox" },
      { key: "environment", value: "production" },
      { key: "i", value: "4" },
      { key: "level", value: "error" },
      { key: "release", value: "web@1.1.0" },
    ]);
    const occurrence = events[0]!.occurrence as { fingerprint: string[]; detectionTime: number; id: string };
    expect(occurrence.fingerprint).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
    expect(typeof occurrence.detectionTime).toBe("number");
    expect(Date.parse(events[0]!.dateCreated as string)).toBe(occurrence.detectionTime * 1000);
  });

  it("pages with Link cursors and filters by environment", async () => {
    const first = await h.request("GET", `/api/0/issues/${issueId}/events/?per_page=2`);
    expect(first.json<unknown[]>()).toHaveLength(2);
    const next = linkCursor(first, "next");
    expect(next.results).toBe(true);
    const second = await h.request(
      "GET",
      `/api/0/issues/${issueId}/events/?per_page=2&cursor=${next.cursor}`,
    );
    const third = await h.request(
      "GET",
      `/api/0/issues/${issueId}/events/?per_page=2&cursor=${linkCursor(second, "next").cursor}`,
    );
    const all = [first, second, third].flatMap((r) => r.json<{ eventID: string }[]>().map((e) => e.eventID));
    expect(all).toEqual([...eventIds].reverse());
    expect(linkCursor(third, "next").results).toBe(false);
    const staging = await h.request("GET", `/api/0/issues/${issueId}/events/?environment=staging`);
    expect(staging.json<{ eventID: string }[]>().map((e) => e.eventID)).toEqual([eventIds[3], eventIds[1]]);
  });

  it("finds the latest, the oldest and one event by id", async () => {
    const latest = await h.request("GET", `/api/0/organizations/acme/issues/${issueId}/events/latest/`);
    expect(latest.json()).toMatchObject({ eventID: eventIds[4] });
    const oldest = await h.request("GET", `/api/0/issues/${issueId}/events/oldest/`);
    expect(oldest.json()).toMatchObject({ eventID: eventIds[0] });
    const one = await h.request("GET", `/api/0/issues/${issueId}/events/${eventIds[2]}/`);
    expect(one.json()).toMatchObject({
      eventID: eventIds[2],
      tags: expect.arrayContaining([{ key: "i", value: "2" }]),
    });
    expect((await h.request("GET", `/api/0/issues/${issueId}/events/${"0".repeat(32)}/`)).statusCode).toBe(
      404,
    );
    expect((await h.request("GET", `/api/0/issues/${issueId}/events/not-an-id/`)).statusCode).toBe(404);
  });
});

describe("activities and details", () => {
  it("shows activities in Sentry's shape, newest first", async () => {
    await h.request("PUT", `/api/0/organizations/acme/issues/?id=${issueId}`, { body: { priority: "low" } });
    await h.request("PUT", `/api/0/organizations/acme/issues/?id=${issueId}`, {
      body: { status: "resolved" },
    });
    const res = await h.request("GET", `/api/0/organizations/acme/issues/${issueId}/activities/`);
    const { activity } = res.json<{
      activity: { id: string; type: string; data: unknown; dateCreated: string; user: null }[];
    }>();
    expect(activity.map((a) => a.type)).toEqual(["set_resolved", "set_priority", "first_seen"]);
    expect(activity[1]).toMatchObject({ data: { priority: "low", reason: null }, user: null });
    expect(activity[0]!.id).toMatch(/^\d+$/);
    expect(Date.parse(activity[0]!.dateCreated)).not.toBeNaN();
  });

  it("details carry 24h and 30d stats, first and last release and the activity", async () => {
    const res = await h.request("GET", `/api/0/issues/${issueId}/`);
    const body = res.json<{
      stats: { "24h": [number, number][]; "30d": [number, number][] };
      firstRelease: { version: string };
      lastRelease: { version: string };
      activity: unknown[];
      count: string;
      userCount: number;
    }>();
    expect(body.stats["24h"]).toHaveLength(24);
    expect(body.stats["30d"]).toHaveLength(30);
    expect(body.stats["24h"].reduce((s, [, n]) => s + n, 0)).toBe(5);
    expect(body.stats["30d"].reduce((s, [, n]) => s + n, 0)).toBe(5);
    expect(body.firstRelease.version).toBe("web@1.0.0");
    expect(body.lastRelease.version).toBe("web@1.1.0");
    expect(body.activity).toHaveLength(3);
    expect([body.count, body.userCount]).toEqual(["5", 5]);
  });
});

describe("releases", () => {
  it("creates a release with projects, a release date and commits; again is a 208", async () => {
    const body = {
      version: "web@2.0.0",
      projects: ["web", "api"],
      dateReleased: "2026-11-20T10:00:00Z",
      commits: [
        { id: "a1b2c3", repository: "acme/web", message: "first", author_email: "ann@acme.test" },
        { id: "d4e5f6", repository: "acme/web", message: "second" },
      ],
    };
    const res = await h.request("POST", "/api/0/organizations/acme/releases/", { body });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      version: "web@2.0.0",
      shortVersion: "web@2.0.0",
      dateReleased: "2026-11-20T10:00:00.000Z",
      commitCount: 2,
      lastCommit: { id: "a1b2c3", message: "first", author: { email: "ann@acme.test" } },
      projects: [
        { slug: "api", newGroups: 0 },
        { slug: "web", newGroups: 0 },
      ],
      status: "open",
    });
    const again = await h.request("POST", "/api/0/organizations/acme/releases/", {
      body: { version: "web@2.0.0", projects: ["web"] },
    });
    expect(again.statusCode).toBe(208);
  });

  it("lists, reads and updates releases", async () => {
    const list = await h.request("GET", "/api/0/organizations/acme/releases/");
    const versions = list.json<{ version: string }[]>().map((r) => r.version);
    expect(versions).toEqual(expect.arrayContaining(["web@1.0.0", "web@1.1.0", "web@2.0.0"]));
    const filtered = await h.request("GET", "/api/0/organizations/acme/releases/?query=2.0");
    expect(filtered.json<{ version: string }[]>().map((r) => r.version)).toEqual(["web@2.0.0"]);
    const byProject = await h.request("GET", "/api/0/organizations/acme/releases/?project=2");
    expect(byProject.json<{ version: string }[]>().map((r) => r.version)).toEqual(["web@2.0.0"]);
    const paged = await h.request("GET", "/api/0/organizations/acme/releases/?per_page=1");
    expect(paged.json<unknown[]>()).toHaveLength(1);
    expect(linkCursor(paged, "next").results).toBe(true);

    const one = await h.request("GET", "/api/0/organizations/acme/releases/web@1.0.0/");
    expect(one.json()).toMatchObject({
      version: "web@1.0.0",
      dateReleased: null,
      firstEvent: expect.any(String),
    });
    const updated = await h.request("PUT", "/api/0/organizations/acme/releases/web@1.0.0/", {
      body: { dateReleased: "2026-11-01T00:00:00Z", status: "archived" },
    });
    expect(updated.json()).toMatchObject({ dateReleased: "2026-11-01T00:00:00.000Z", status: "archived" });
    expect((await h.request("GET", "/api/0/organizations/acme/releases/nope/")).statusCode).toBe(404);
    expect(
      (await h.request("PUT", "/api/0/organizations/acme/releases/nope/", { body: {} })).statusCode,
    ).toBe(404);
  });

  it.each<[unknown, string]>([
    [{ version: "x", projects: ["nope"] }, "Invalid project slugs"],
    [{ version: "latest", projects: ["web"] }, 'Invalid field "version"'],
    [{ version: "a/b", projects: ["web"] }, 'Invalid field "version"'],
    [{ version: "x".repeat(251), projects: ["web"] }, 'Invalid field "version"'],
    [{ version: "x" }, 'Invalid field "projects"'],
    [{ projects: ["web"] }, 'Invalid field "version"'],
    [{ version: "x", projects: ["web"], dateReleased: "yesterday" }, 'Invalid field "dateReleased"'],
    [{ version: "x", projects: ["web"], commits: [{ repository: "r" }] }, 'Invalid field "commits.0.id"'],
  ])("refuses %j", async (body, message) => {
    const res = await h.request("POST", "/api/0/organizations/acme/releases/", { body });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toContain(message);
  });
});
