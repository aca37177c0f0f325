import { beforeAll, describe, expect, it } from "vitest";
import { addOrganizationMember, createUser } from "@sift/storage";
import { issueRow, useApiHarness } from "./test/harness.js";
import { expectSentryShape } from "./test/sentry-schemas/common.js";
import { sentryIssueDetails, sentryIssueList, sentryProjectIssueList } from "./test/sentry-schemas/issue.js";
import { sentryBulkUpdate, sentryProjectBulkUpdate } from "./test/sentry-schemas/issue-update.js";

// Every answer of the issue routes, in each state an issue can be in, against the response schemas of
// Sentry's published document.

const NOW = new Date("2026-11-27T12:00:00Z");
const ids: Record<string, number> = {};
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

const h = await useApiHarness({ now: NOW });

beforeAll(async () => {
  const names = ["open", "inRelease", "nextRelease", "ignoredCount", "escalating", "assigned", "forever"];
  await h.ingest(
    names.flatMap((name, i) => [
      {
        projectId: 1,
        fingerprint: name,
        time: minutesAgo(60 + i),
        release: "web@1.0.0",
        environment: "prod",
      },
      { projectId: 1, fingerprint: name, time: minutesAgo(30 + i), release: "web@1.1.0", user: { id: "u1" } },
    ]),
  );
  for (const name of names) ids[name] = (await issueRow(h.db, 1, name))!.id;
  const { user } = await createUser(h.db, { email: "ada@acme.test", name: "Ada" });
  await addOrganizationMember(h.db, h.acme.organization.id, user.id);
  const put = async (name: string, body: unknown) => {
    const res = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${ids[name]}`, { body });
    expect(res.statusCode, res.body).toBe(200);
  };
  await put("inRelease", { status: "resolved", statusDetails: { inRelease: "web@1.1.0" } });
  await put("nextRelease", { status: "resolvedInNextRelease" });
  await put("ignoredCount", { status: "ignored", statusDetails: { ignoreCount: 10, ignoreWindow: 60 } });
  await put("escalating", { status: "ignored", substatus: "archived_until_escalating" });
  await put("assigned", { assignedTo: "ada@acme.test" });
  await put("forever", { status: "ignored" });
});

type Json = Record<string, unknown>;
const byId = (list: Json[]) => new Map(list.map((i) => [Number(i.id), i]));

describe("issue list and details in Sentry's shapes", () => {
  it("the organization list: every issue state matches the document", async () => {
    for (const extra of ["", "&expand=inbox", "&groupStatsPeriod=14d", "&statsPeriod=24h&environment=prod"]) {
      const res = await h.request("GET", `/api/0/organizations/acme/issues/?query=${extra}`);
      expect(res.statusCode, res.body).toBe(200);
      expectSentryShape(sentryIssueList, res.json());
    }
    const all = byId((await h.request("GET", "/api/0/organizations/acme/issues/?query=")).json<Json[]>());
    expect(all.size).toBe(7);
    expect(all.get(ids.inRelease!)!.statusDetails).toEqual({ inRelease: "web@1.1.0" });
    // The project's releases follow semver: "the next release" is resolved in the release after the
    // latest one, shown (as in Sentry) as `inRelease` of the latest.
    expect(all.get(ids.nextRelease!)!.statusDetails).toEqual({ inRelease: "web@1.1.0" });
    expect(all.get(ids.ignoredCount!)!.statusDetails).toEqual({ ignoreCount: 10, ignoreWindow: 60 });
    expect(all.get(ids.escalating!)!.statusDetails).toEqual({ ignoreUntilEscalating: true });
    expect(all.get(ids.forever!)!.statusDetails).toEqual({});
    expect(all.get(ids.open!)).toMatchObject({
      seerFixabilityScore: null,
      seerAutofixLastTriggered: null,
      seerExplorerAutofixLastTriggered: null,
      derivedData: {
        blocker: "none",
        progress: "not_started",
        status: "open",
        viewCount: 0,
        hasOpenFixPr: false,
        isAssigned: false,
        hasRootCause: false,
        lastCompletedAutofixStep: "none",
        lastProgressedAt: null,
      },
    });
    expect(all.get(ids.assigned!)!.derivedData).toMatchObject({ status: "open", isAssigned: true });
    expect(all.get(ids.inRelease!)!.derivedData).toMatchObject({ status: "resolved", isAssigned: false });
    expect(all.get(ids.forever!)!.derivedData).toMatchObject({ status: "ignored" });
  });

  it("the project list matches the document's schema of it, and the organization list's", async () => {
    for (const extra of ["", "&expand=inbox", "&statsPeriod=24h&environment=prod"]) {
      const res = await h.request("GET", `/api/0/projects/acme/web/issues/?query=${extra}`);
      expect(res.statusCode).toBe(200);
      expectSentryShape(sentryProjectIssueList, res.json());
      expectSentryShape(sentryIssueList, res.json());
      expect(res.json<Json[]>()).toHaveLength(7);
    }
  });

  it("the details of every issue state match the document", async () => {
    for (const [name, id] of Object.entries(ids)) {
      for (const path of [`/api/0/organizations/acme/issues/${id}/`, `/api/0/issues/${id}/`]) {
        const res = await h.request("GET", path);
        expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
        expectSentryShape(sentryIssueDetails, res.json());
        expect(res.json<Json>().statusDetails, name).not.toHaveProperty("actor");
      }
    }
  });
});

describe("collapse removes what Sentry removes", () => {
  const list = async (collapse: string) =>
    byId(
      (
        await h.request("GET", `/api/0/organizations/acme/issues/?query=${collapse}`, {
          token: h.acme.tokens.read,
        })
      ).json<Json[]>(),
    ).get(ids.open!)!;

  it("stats: the seen stats, stats, lifetime and filtered", async () => {
    const issue = await list("&collapse=stats");
    for (const key of ["count", "userCount", "firstSeen", "lastSeen", "stats", "lifetime", "filtered"])
      expect(issue, key).not.toHaveProperty(key);
    expect(issue).toMatchObject({ id: String(ids.open), shortId: "WEB-1", isUnhandled: false });
  });

  it("unhandled: isUnhandled only", async () => {
    const issue = await list("&collapse=unhandled");
    expect(issue).not.toHaveProperty("isUnhandled");
    expect(issue).toMatchObject({ count: "2", userCount: 1, filtered: null, lifetime: { count: "2" } });
  });

  it("base: everything but the id, the seen stats, isUnhandled and the stats", async () => {
    const issue = await list("&collapse=base");
    expect(Object.keys(issue).sort()).toEqual(
      [
        "count",
        "filtered",
        "firstSeen",
        "id",
        "isUnhandled",
        "lastSeen",
        "lifetime",
        "stats",
        "userCount",
      ].sort(),
    );
    expect(issue).toMatchObject({ id: String(ids.open), count: "2", userCount: 1, isUnhandled: false });
    expect(await list("&collapse=base&collapse=stats&collapse=unhandled")).toEqual({ id: String(ids.open) });
    const inbox = await list("&collapse=base,stats&expand=inbox");
    expect(Object.keys(inbox).sort()).toEqual(["id", "inbox", "isUnhandled"]);
  });
});

describe("bulk update answers in Sentry's shapes", () => {
  const bodies: [string, unknown][] = [
    ["resolve", { status: "resolved" }],
    ["resolve in release", { status: "resolved", statusDetails: { inRelease: "web@1.1.0" } }],
    ["resolve in next release", { status: "resolvedInNextRelease" }],
    ["ignore for a count", { status: "ignored", statusDetails: { ignoreCount: 5 } }],
    ["ignore for users", { status: "ignored", statusDetails: { ignoreUserCount: 2, ignoreUserWindow: 30 } }],
    ["unresolve", { status: "unresolved" }],
    ["priority", { priority: "low" }],
    ["assign", { assignedTo: "ada@acme.test" }],
    ["unassign", { assignedTo: "" }],
    ["inbox", { inbox: true }],
  ];
  it.each(bodies)("%s: the project PUT answers isPublic, status and statusDetails", async (_, body) => {
    const res = await h.request("PUT", `/api/0/projects/acme/web/issues/?id=${ids.open}`, { body });
    expect(res.statusCode, res.body).toBe(200);
    expectSentryShape(sentryProjectBulkUpdate, res.json());
    const org = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${ids.open}`, { body });
    expectSentryShape(sentryBulkUpdate, org.json());
    expect(org.json<Json>().statusDetails).not.toHaveProperty("actor");
  });

  it("a body without a status answers the status of the first updated issue", async () => {
    const res = await h.request(
      "PUT",
      `/api/0/organizations/acme/issues/?id=${ids.ignoredCount}&id=${ids.assigned}`,
      { body: { priority: "high" } },
    );
    const first = Math.min(ids.ignoredCount!, ids.assigned!) === ids.ignoredCount ? "ignored" : "unresolved";
    expect(res.json()).toMatchObject({ priority: "high", isPublic: false, status: first });
    const ignored = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${ids.ignoredCount}`, {
      body: { priority: "low" },
    });
    expect(ignored.json()).toEqual({
      priority: "low",
      isPublic: false,
      status: "ignored",
      statusDetails: { ignoreCount: 10, ignoreWindow: 60 },
    });
  });
});
