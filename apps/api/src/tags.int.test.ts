import { beforeAll, describe, expect, it } from "vitest";
import { issueRow, linkCursor, useApiHarness } from "./test/harness.js";
import type { OccurrenceSpec } from "./test/generate.js";

let issueId: number;
const NOW = new Date("2026-11-27T12:00:00Z");
/** The i-th event's time: 10:0i. */
const at = (i: number) => new Date(Date.UTC(2026, 10, 27, 10, i));
const time = (i: number) => at(i).toISOString();

const event = (i: number, over: Partial<OccurrenceSpec>): OccurrenceSpec => ({
  projectId: 1,
  fingerprint: "tagged",
  time: at(i),
  environment: "production",
  ...over,
});

const h = await useApiHarness({ now: NOW });

beforeAll(async () => {
  // Two batches through the real pipeline: the counters add up across them.
  await h.ingest([
    event(0, {
      release: "web@1.0.0",
      user: { id: "42", email: "ada@example.test" },
      tags: { browser: "Firefox", url: "/a" },
    }),
    event(1, {
      release: "web@1.0.0",
      user: { email: "bob@example.test" },
      tags: { browser: "Chrome", url: "/b" },
    }),
    event(2, {
      release: "web@1.1.0",
      environment: "staging",
      user: { id: "42" },
      tags: { browser: "Firefox", url: "/c" },
    }),
    event(3, { level: "warning", tags: { url: "/d" } }),
  ]);
  await h.ingest([
    event(4, { release: "web@1.1.0", user: { username: "eve" }, tags: { browser: "Firefox", url: "/e" } }),
  ]);
  issueId = (await issueRow(h.db, 1, "tagged"))!.id;
});

const value = (key: string, v: string, count: number, first: number, last = first, name = v) => ({
  key,
  name,
  value: v,
  count,
  firstSeen: time(first),
  lastSeen: time(last),
});

const ENVIRONMENT = {
  key: "environment",
  name: "Environment",
  uniqueValues: 2,
  totalValues: 5,
  topValues: [value("environment", "production", 4, 0, 4), value("environment", "staging", 1, 2)],
};

describe("issue tags", () => {
  it("lists each key of the issue's events with its counts and top values, most carried first", async () => {
    const res = await h.request("GET", `/api/0/organizations/acme/issues/${issueId}/tags/`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      ENVIRONMENT,
      {
        key: "level",
        name: "Level",
        uniqueValues: 2,
        totalValues: 5,
        topValues: [value("level", "error", 4, 0, 4), value("level", "warning", 1, 3)],
      },
      {
        key: "url",
        name: "URL",
        uniqueValues: 5,
        totalValues: 5,
        topValues: ["/a", "/b", "/c", "/d", "/e"].map((u, i) => value("url", u, 1, i)),
      },
      {
        key: "browser",
        name: "Browser",
        uniqueValues: 2,
        totalValues: 4,
        topValues: [value("browser", "Firefox", 3, 0, 4), value("browser", "Chrome", 1, 1)],
      },
      {
        key: "release",
        name: "Release",
        uniqueValues: 2,
        totalValues: 4,
        topValues: [value("release", "web@1.0.0", 2, 0, 1), value("release", "web@1.1.0", 2, 2, 4)],
      },
      {
        key: "user",
        name: "User",
        uniqueValues: 3,
        totalValues: 4,
        topValues: [
          { ...value("user", "id:42", 2, 0, 2, "42"), query: 'user.id:"42"' },
          {
            ...value("user", "email:bob@example.test", 1, 1, 1, "bob@example.test"),
            query: 'user.email:"bob@example.test"',
          },
          { ...value("user", "username:eve", 1, 4, 4, "eve"), query: 'user.username:"eve"' },
        ],
      },
    ]);
    // The same through the prefix without the organization, and by short id.
    const plain = await h.request("GET", `/api/0/issues/${issueId}/tags/`);
    expect(plain.json()).toEqual(res.json());
  });

  it("filters by key and limits the top values", async () => {
    const res = await h.request("GET", `/api/0/issues/${issueId}/tags/?key=url&key=environment&limit=1`);
    expect(res.json()).toEqual([
      { ...ENVIRONMENT, topValues: [ENVIRONMENT.topValues[0]] },
      { key: "url", name: "URL", uniqueValues: 5, totalValues: 5, topValues: [value("url", "/a", 1, 0)] },
    ]);
    expect((await h.request("GET", `/api/0/issues/${issueId}/tags/?limit=0`)).statusCode).toBe(400);
  });

  it("answers one key's details, also by short id", async () => {
    const res = await h.request("GET", `/api/0/organizations/acme/issues/${issueId}/tags/environment/`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(ENVIRONMENT);
    const shortId = (await h.request("GET", `/api/0/issues/${issueId}/`)).json<{ shortId: string }>().shortId;
    const byShortId = await h.request("GET", `/api/0/organizations/acme/issues/${shortId}/tags/environment/`);
    expect(byShortId.json()).toEqual(ENVIRONMENT);
  });

  it("pages a key's values with Sentry's cursors, newest first seen first by default", async () => {
    const url = `/api/0/organizations/acme/issues/${issueId}/tags/url/values/?per_page=2`;
    const first = await h.request("GET", url);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual([value("url", "/e", 1, 4), value("url", "/d", 1, 3)]);
    expect(linkCursor(first, "previous")).toEqual({ cursor: "0:0:1", results: false });
    expect(linkCursor(first, "next")).toEqual({ cursor: "0:2:0", results: true });
    const second = await h.request("GET", `${url}&cursor=0:2:0`);
    expect(second.json()).toEqual([value("url", "/c", 1, 2), value("url", "/b", 1, 1)]);
    const last = await h.request("GET", `${url}&cursor=0:4:0`);
    expect(last.json()).toEqual([value("url", "/a", 1, 0)]);
    expect(linkCursor(last, "next").results).toBe(false);
    expect((await h.request("GET", `${url}&cursor=0:6:0`)).json()).toEqual([]);
    const byDate = await h.request("GET", `/api/0/issues/${issueId}/tags/browser/values/?sort=-date`);
    expect(byDate.json()).toEqual([value("browser", "Firefox", 3, 0, 4), value("browser", "Chrome", 1, 1)]);
    expect((await h.request("GET", `${url}&sort=name`)).statusCode).toBe(400);
  });

  it("shows the user's fields on user values", async () => {
    const res = await h.request("GET", `/api/0/issues/${issueId}/tags/user/values/?sort=count`);
    expect(res.statusCode).toBe(200);
    const user = { id: null, username: null, email: null, ipAddress: null, avatarUrl: null };
    expect(res.json()).toEqual([
      { ...value("user", "id:42", 2, 0, 2, "42"), query: 'user.id:"42"', ...user, id: "42" },
      {
        ...value("user", "email:bob@example.test", 1, 1, 1, "bob@example.test"),
        query: 'user.email:"bob@example.test"',
        ...user,
        email: "bob@example.test",
      },
      {
        ...value("user", "username:eve", 1, 4, 4, "eve"),
        query: 'user.username:"eve"',
        ...user,
        username: "eve",
      },
    ]);
  });

  it('answers 404 {"detail"} for an unknown key, an unknown issue and another organization\'s issue', async () => {
    const other = await h.createOrg("other", [{ slug: "shop", id: 9 }]);
    const paths = [
      `/api/0/organizations/acme/issues/${issueId}/tags/nope/`,
      `/api/0/organizations/acme/issues/${issueId}/tags/nope/values/`,
      `/api/0/issues/${issueId}/tags/nope/values/?cursor=0:100:0`,
      `/api/0/organizations/acme/issues/999999/tags/`,
      `/api/0/issues/999999/tags/environment/`,
    ];
    for (const path of paths) {
      const res = await h.request("GET", path);
      expect([path, res.statusCode, res.json()]).toEqual([
        path,
        404,
        { detail: "The requested resource does not exist" },
      ]);
    }
    for (const path of [
      `/api/0/issues/${issueId}/tags/`,
      `/api/0/organizations/other/issues/${issueId}/tags/`,
    ]) {
      const res = await h.request("GET", path, { token: other.tokens.read });
      expect([path, res.statusCode]).toEqual([path, 404]);
    }
  });

  it("refuses an environment filter instead of ignoring it", async () => {
    const res = await h.request("GET", `/api/0/issues/${issueId}/tags/?environment=staging`);
    expect([res.statusCode, res.json()]).toEqual([
      400,
      { detail: "Filtering issue tags by environment is not supported" },
    ]);
  });

  it("is in the OpenAPI document under both prefixes, with Sentry's operation ids and shapes", async () => {
    const doc = (await h.request("GET", "/api/0/openapi.json")).json<{
      paths: Record<string, { get?: { operationId: string; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, { required?: string[] }> };
    }>();
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.includes("/issues/{issueId}/tags/"))
      .map(([path, item]) => [path, item.get?.operationId]);
    expect(operations).toEqual([
      ["/api/0/organizations/{org}/issues/{issueId}/tags/", "listOrganizationIssueTags"],
      ["/api/0/organizations/{org}/issues/{issueId}/tags/{key}/", "getOrganizationIssueTag"],
      ["/api/0/organizations/{org}/issues/{issueId}/tags/{key}/values/", "listOrganizationIssueTagValues"],
      ["/api/0/issues/{issueId}/tags/", "listIssueTags"],
      ["/api/0/issues/{issueId}/tags/{key}/", "getIssueTag"],
      ["/api/0/issues/{issueId}/tags/{key}/values/", "listIssueTagValues"],
    ]);
    expect(doc.components.schemas.TagValue!.required).toEqual(
      expect.arrayContaining(["key", "name", "value", "count", "firstSeen", "lastSeen"]),
    );
    expect(doc.components.schemas.TagKey!.required).toEqual(expect.arrayContaining(["key", "name"]));
  });

  it("keeps the counters of a deleted issue out of every answer", async () => {
    expect((await h.request("DELETE", `/api/0/issues/${issueId}/`)).statusCode).toBe(202);
    expect((await h.request("GET", `/api/0/issues/${issueId}/tags/`)).statusCode).toBe(404);
  });
});
