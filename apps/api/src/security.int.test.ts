import { beforeAll, describe, expect, it } from "vitest";
import { revokeApiToken, findApiToken } from "@sift/storage";
import { expectUnlisted, ids, issueRow, useApiHarness } from "./test/harness.js";
import type { OrgFixture } from "./test/harness.js";

let beta: OrgFixture;
let betaIssue: number;
let betaShortId: string;
let betaEventId: string;
let acmeIssue: number;

const NOT_FOUND = { detail: "The requested resource does not exist" };

async function snapshotOf(id: number): Promise<unknown> {
  const issue = await h.db("issues").where({ id }).first();
  const activities = await h.db("activities").where({ issue_id: id }).count({ n: "*" }).first();
  const inbox = await h.db("issue_inbox").where({ issue_id: id }).first();
  const hashes = await h.db("issue_hashes").where({ issue_id: id });
  return { issue, activities, inbox, hashes };
}

const h = await useApiHarness();

beforeAll(async () => {
  beta = await h.createOrg("beta", [{ slug: "betaweb", id: 50 }]);
  const now = h.clock.now();
  await h.ingest([
    { projectId: 1, fingerprint: "acme-secret", time: new Date(now.getTime() - 60_000) },
    {
      projectId: 50,
      fingerprint: "beta-secret",
      time: new Date(now.getTime() - 60_000),
      title: "Beta's secret issue",
    },
  ]);
  acmeIssue = (await issueRow(h.db, 1, "acme-secret"))!.id;
  betaIssue = (await issueRow(h.db, 50, "beta-secret"))!.id;
  const details = await h.request("GET", `/api/0/issues/${betaIssue}/`, { token: beta.tokens.read });
  betaShortId = details.json<{ shortId: string }>().shortId;
  const events = await h.request("GET", `/api/0/issues/${betaIssue}/events/`, { token: beta.tokens.read });
  betaEventId = events.json<{ eventID: string }[]>()[0]!.eventID;
});

describe("authentication", () => {
  const routes: ["GET" | "PUT" | "DELETE" | "POST", string][] = [
    ["GET", "/api/0/organizations/acme/issues/"],
    ["PUT", "/api/0/organizations/acme/issues/?id=1"],
    ["DELETE", "/api/0/organizations/acme/issues/?id=1"],
    ["GET", "/api/0/issues/1/"],
    ["GET", "/api/0/organizations/acme/shortids/WEB-1/"],
    ["GET", "/api/0/organizations/acme/releases/"],
    ["GET", "/api/0/organizations/nonexistent/issues/"],
  ];

  it.each(routes)("no token → 401 on %s %s", async (method, url) => {
    const res = await h.request(method, url, { token: null });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("a malformed, unknown or revoked token → 401", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ authorization: "Basic dXNlcjpwYXNz" }, "Authentication credentials were not provided."],
      [{ authorization: "Bearer" }, "Invalid token header. No credentials provided."],
      [{ authorization: "Bearer a b" }, "Invalid token header. Token string should not contain spaces."],
      [{ authorization: `Bearer sntryu_${"0".repeat(64)}` }, "Invalid token"],
      [{ authorization: "Bearer not-a-token" }, "Invalid token"],
    ];
    for (const [headers, detail] of cases) {
      const res = await h.request("GET", "/api/0/organizations/acme/issues/", { token: null, headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ detail });
    }
    const extra = await h.createOrg("gamma", []);
    const record = await findApiToken(h.db, extra.tokens.admin);
    await revokeApiToken(h.db, record!.id, new Date());
    const res = await h.request("GET", "/api/0/organizations/gamma/issues/", { token: extra.tokens.admin });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ detail: "Invalid token" });
  });
});

describe("scopes", () => {
  it("a read-only token can read but not PUT or DELETE", async () => {
    const read = h.acme.tokens.read;
    expect((await h.request("GET", "/api/0/organizations/acme/issues/", { token: read })).statusCode).toBe(
      200,
    );
    for (const [method, url] of [
      ["PUT", `/api/0/organizations/acme/issues/?id=${acmeIssue}`],
      ["PUT", `/api/0/issues/${acmeIssue}/`],
      ["DELETE", `/api/0/organizations/acme/issues/?id=${acmeIssue}`],
      ["DELETE", `/api/0/issues/${acmeIssue}/`],
      ["POST", "/api/0/organizations/acme/releases/"],
    ] as const) {
      const res = await h.request(method, url, { token: read, body: { status: "resolved" } });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json()).toEqual({ detail: "You do not have permission to perform this action." });
    }
    expect(((await h.db("issues").where({ id: acmeIssue }).first()) as { status: number }).status).toBe(0);
  });

  it("write implies read but not delete; admin implies both", async () => {
    const { write, admin } = h.acme.tokens;
    expect((await h.request("GET", `/api/0/issues/${acmeIssue}/`, { token: write })).statusCode).toBe(200);
    expect(
      (await h.request("PUT", `/api/0/issues/${acmeIssue}/`, { token: write, body: { inbox: true } }))
        .statusCode,
    ).toBe(200);
    expect((await h.request("DELETE", `/api/0/issues/${acmeIssue}/`, { token: write })).statusCode).toBe(403);
    expect(
      (await h.request("PUT", `/api/0/issues/${acmeIssue}/`, { token: admin, body: { inbox: false } }))
        .statusCode,
    ).toBe(200);
  });
});

describe("organization isolation", () => {
  it("org B's slug, issue ids, short ids, events and activities are 404 for org A's token, like nothing at all", async () => {
    const before = await snapshotOf(betaIssue);
    const cases = [
      ["GET", "/api/0/organizations/beta/issues/"],
      ["GET", "/api/0/organizations/nonexistent/issues/"],
      ["GET", "/api/0/projects/beta/betaweb/issues/"],
      ["GET", "/api/0/projects/acme/betaweb/issues/"],
      ["GET", "/api/0/projects/acme/nope/issues/"],
      ["GET", `/api/0/organizations/beta/issues/${betaIssue}/`],
      ["GET", `/api/0/organizations/acme/issues/${betaIssue}/`],
      ["GET", `/api/0/issues/${betaIssue}/`],
      ["GET", `/api/0/issues/999999/`],
      ["GET", `/api/0/issues/${betaShortId}/`],
      ["GET", `/api/0/organizations/acme/shortids/${betaShortId}/`],
      ["GET", `/api/0/organizations/beta/shortids/${betaShortId}/`],
      ["GET", `/api/0/issues/${betaIssue}/events/`],
      ["GET", `/api/0/issues/${betaIssue}/events/latest/`],
      ["GET", `/api/0/organizations/acme/issues/${betaIssue}/activities/`],
      ["PUT", `/api/0/issues/${betaIssue}/`],
      ["DELETE", `/api/0/issues/${betaIssue}/`],
      ["PUT", `/api/0/organizations/beta/issues/?id=${betaIssue}`],
      ["DELETE", `/api/0/organizations/beta/issues/?id=${betaIssue}`],
      ["GET", "/api/0/organizations/beta/releases/"],
    ] as const;
    for (const [method, url] of cases) {
      const res = await h.request(method, url, {
        body: method === "PUT" ? { status: "resolved" } : undefined,
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json(), `${method} ${url}`).toEqual(NOT_FOUND);
      expect(res.body).not.toContain("secret");
    }
    expect(await snapshotOf(betaIssue)).toEqual(before);
  });

  it("bulk update and delete by org B's ids through org A's routes change nothing and reveal nothing", async () => {
    const before = await snapshotOf(betaIssue);
    for (const body of [
      { status: "resolved" },
      { status: "ignored" },
      { priority: "low" },
      { inbox: false },
      { assignedTo: "" },
    ]) {
      const res = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${betaIssue}`, { body });
      expect(res.statusCode).toBe(204);
    }
    expect((await h.request("DELETE", `/api/0/organizations/acme/issues/?id=${betaIssue}`)).statusCode).toBe(
      204,
    );
    expect((await h.request("DELETE", `/api/0/projects/acme/web/issues/?id=${betaIssue}`)).statusCode).toBe(
      204,
    );
    expect(await snapshotOf(betaIssue)).toEqual(before);
    // Mixed with one of its own: only its own changes.
    const res = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${betaIssue}&id=${acmeIssue}`, {
      body: { priority: "low" },
    });
    expect(res.statusCode).toBe(200);
    expect(await snapshotOf(betaIssue)).toEqual(before);
    expect(((await h.db("issues").where({ id: acmeIssue }).first()) as { priority: number }).priority).toBe(
      25,
    );
  });

  it("org B's data never shows in org A's list, direct hits or counts", async () => {
    await expectUnlisted(h, { id: betaIssue, eventId: betaEventId, shortId: betaShortId });
    const text = await h.request(
      "GET",
      `/api/0/organizations/acme/issues/?query=${encodeURIComponent('"Beta\'s secret"')}`,
    );
    expect(ids(text)).toEqual([]);
    // Another organization's project id is refused exactly like an unknown one.
    const foreign = await h.request("GET", "/api/0/organizations/acme/issues/?project=50");
    const unknown = await h.request("GET", "/api/0/organizations/acme/issues/?project=49999");
    expect(foreign.statusCode).toBe(403);
    expect([unknown.statusCode, unknown.json()]).toEqual([foreign.statusCode, foreign.json()]);
    // Assigning to another organization's member is refused like assigning to nobody.
    const assign = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${acmeIssue}`, {
      body: { assignedTo: "user:1" },
    });
    expect(assign.statusCode).toBe(400);
  });
});

describe("hostile input", () => {
  const nasty = [
    "'; DROP TABLE issues; --",
    '" OR 1=1 --',
    "\\'\\\"%_*?[](){}",
    "message:'); DELETE FROM issues; --",
    "is:unresolved) OR (1=1",
    "times_seen:>1; SELECT pg_sleep(10)",
    "release:\\x00",
    "$1 $2 ?? ? :name",
    "age:-99999999999999999999d",
    "times_seen:>99999999999999999999999999",
    "issue.id:[1,2,3,'4']",
    "a".repeat(5_000),
    "((((((((((((((((((((is:resolved))))))))))))))))))))",
    "\u0000\u0001\u202e",
    "first_seen:>9999-12-31T23:59:59",
    "assigned:#'; --",
  ];

  it.each(nasty)("the search string %j gets a 400 or an honest answer, never a 500", async (query) => {
    const res = await h.request(
      "GET",
      `/api/0/organizations/acme/issues/?query=${encodeURIComponent(query)}`,
    );
    expect([200, 400]).toContain(res.statusCode);
    if (res.statusCode === 400) expect(typeof res.json<{ detail: string }>().detail).toBe("string");
    else expect(ids(res)).not.toContain(betaIssue);
    const put = await h.request(
      "PUT",
      `/api/0/organizations/acme/issues/?query=${encodeURIComponent(query)}`,
      { body: { inbox: true } },
    );
    expect([200, 204, 400]).toContain(put.statusCode);
  });

  it("the issues table is intact afterwards", async () => {
    expect(await h.db("issues").where({ id: betaIssue })).toHaveLength(1);
    expect(await h.db("issues").where({ id: acmeIssue })).toHaveLength(1);
  });

  const BAD_CURSOR = { detail: "Invalid cursor parameter." };
  const BAD_LIMIT = { detail: "invalid limit" };
  // "acme's issues": a 200 that lists exactly acme's one issue (and so nothing of beta's); those URLs
  // search with an empty query, as earlier tests change the issue's priority and so the default search.
  const ACME_ISSUES = "acme's issues";
  it.each<[string, number, { detail: string } | typeof ACME_ISSUES]>([
    ["/api/0/organizations/acme/issues/?cursor=1e999:1:0", 400, BAD_CURSOR],
    ["/api/0/organizations/acme/issues/?cursor=-1:-1:1&query=", 200, ACME_ISSUES],
    ["/api/0/organizations/acme/issues/?cursor=NaN:0:0&sort=new", 400, BAD_CURSOR],
    ["/api/0/organizations/acme/issues/?cursor=99999999999999999999:1:0&sort=freq", 400, BAD_CURSOR],
    ["/api/0/organizations/acme/issues/?limit=-5", 400, BAD_LIMIT],
    ["/api/0/organizations/acme/issues/?limit=0", 400, BAD_LIMIT],
    ["/api/0/organizations/acme/issues/?statsPeriod=99999999999999999999d&query=", 200, ACME_ISSUES],
    ["/api/0/organizations/acme/issues/?start=0&end=99999999999&query=", 200, ACME_ISSUES],
    [
      "/api/0/organizations/acme/issues/?group=99999999999999999999",
      400,
      { detail: "Group ids must be integers" },
    ],
    [
      "/api/0/organizations/acme/issues/?environment=%00",
      400,
      { detail: 'Invalid query parameter "environment": must not contain NUL characters' },
    ],
    ["/api/0/issues/99999999999999999999999/", 404, NOT_FOUND],
    ["/api/0/issues/%27%3B--/", 404, NOT_FOUND],
    ["/api/0/organizations/acme/shortids/WEB-ZZZZZZZZZZZZZZZZZZZZZZ/", 404, NOT_FOUND],
    ["/api/0/organizations/acme/issues/1/events/?cursor=0:-5:0", 400, BAD_CURSOR],
    // `..` normalises to /api/0/organizations/acme/nothing/, which is no route.
    ["/api/0/organizations/acme/releases/%2E%2E/nothing/", 404, { detail: "Not found" }],
  ])("%s answers %i with an honest body, not a 500", async (url, status, expected) => {
    const res = await h.request("GET", url);
    expect(res.statusCode, res.body).toBe(status);
    if (expected === ACME_ISSUES) expect(ids(res)).toEqual([acmeIssue]);
    else expect(res.json()).toEqual(expected);
  });
});
