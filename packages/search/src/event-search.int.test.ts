import { randomUUID } from "node:crypto";

import {
  createOrganization,
  createProject,
  insertEvents,
  insertOccurrences,
  migrateToLatest,
  upsertIssueEnvironments,
} from "@sift/storage";
import type { Organization, Project } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SearchError } from "./errors.js";
import { convertSearchQuery } from "./filters.js";
import { searchIssues } from "./issue-list.js";
import type { IssueListOptions } from "./issue-list.js";
import { parseSearchQuery } from "./parser.js";
import { DAY, HOUR, NOW, ago, issueNames, listOptions } from "./test/issue-search.js";

const hex = (): string => randomUUID().replaceAll("-", "");

let t: TestDatabase;
let db: Knex;
let org: Organization;
let web: Project;
let api: Project;
const id: Record<string, number> = {};

async function insertIssue(
  project: Project,
  name: string,
  shortId: number,
  timesSeen: number,
): Promise<void> {
  const [row] = await db("issues")
    .insert({
      organization_id: project.organizationId,
      project_id: project.id,
      short_id: shortId,
      type: 1,
      status: 0,
      substatus: 3,
      priority: name === "cold" ? 25 : 75,
      title: `Issue ${name}`,
      message: `Issue ${name}`,
      times_seen: timesSeen,
      first_seen: ago(3 * DAY),
      last_seen: ago(HOUR),
      active_at: ago(3 * DAY),
    })
    .returning("id");
  id[name] = Number((row as { id: number }).id);
}

/** One stored event of an issue, through storage's ingest writers. */
async function insertEvent(name: string, project: Project, at: Date, data: Record<string, unknown>) {
  const eventId = hex();
  await insertEvents(db, [
    { projectId: project.id, eventId, timestamp: at, data: { event_id: eventId, ...data } },
  ]);
  await insertOccurrences(db, [
    {
      projectId: project.id,
      id: hex(),
      issueId: id[name]!,
      eventId,
      type: 1,
      outcome: "grouped",
      fingerprint: [hex()],
      detectionTime: at,
      eventTime: at,
      payload: {},
      receivedAt: at,
    },
  ]);
}

beforeAll(async () => {
  t = await testDatabase({
    prefix: "search_events",
    migrate: (knex) => migrateToLatest(knex).then(() => {}),
  });
  db = t.db;
  org = await createOrganization(db, "acme");
  web = await createProject(db, { organizationId: org.id, slug: "web" });
  api = await createProject(db, { organizationId: org.id, slug: "api" });
  await insertIssue(web, "checkout", 1, 2);
  await insertIssue(web, "login", 2, 1);
  await insertIssue(api, "cold", 1, 1);
  // checkout: a Chrome event in production 1 h ago, a Firefox event (tags as pairs) in staging 5 h ago.
  await insertEvent("checkout", web, ago(HOUR), {
    environment: "production",
    tags: { browser: "Chrome", customer: "acme-corp", "bad key": "x" },
    user: { id: 42, email: "jane@example.com", username: "jane" },
    server_name: "web-1",
    sdk: { name: "sentry.python", version: "2.0.0" },
    metadata: { title: "TypeError: boom" },
  });
  await insertEvent("checkout", web, ago(5 * HOUR), {
    environment: "staging",
    tags: [
      ["browser", "Firefox"],
      ["empty", null],
    ],
    user: { ip_address: "10.0.0.1" },
  });
  // login: a Chrome event two days ago with a tag value too long for an index entry.
  await insertEvent("login", web, ago(2 * DAY), {
    tags: { browser: "Chrome", note: "x".repeat(600) },
    server_name: "web-2",
    sdk: { name: "sentry.javascript.node" },
  });
  // cold: an event without tags.
  await insertEvent("cold", api, ago(2 * HOUR), { tags: null, user: "not an object" });
  const release = async (version: string, major: number, minor: number, prerelease: string) => {
    const [row] = await db("releases")
      .insert({
        organization_id: org.id,
        version,
        package: version.includes("@") ? version.split("@")[0] : null,
        major,
        minor,
        patch: 0,
        revision: 0,
        prerelease,
      })
      .returning("id");
    return Number((row as { id: number }).id);
  };
  const seen = (issueId: number, releaseId: number) => ({
    issue_id: issueId,
    release_id: releaseId,
    first_seen: ago(HOUR),
    last_seen: ago(HOUR),
  });
  await db("issue_releases").insert([
    seen(id.checkout!, await release("web@1.9.0", 1, 9, "")),
    seen(id.login!, await release("web@2.0.0-rc.1", 2, 0, "rc.1")),
    seen(id.cold!, await release("2.0.0", 2, 0, "")),
  ]);
  await db("releases").insert({ organization_id: org.id, version: "nightly" });
  await db("environments").insert([
    { organization_id: org.id, name: "production" },
    { organization_id: org.id, name: "staging" },
  ]);
  const envs = (await db("environments").select("id", "name")) as { id: number; name: string }[];
  const env = (name: string): number => Number(envs.find((e) => e.name === name)!.id);
  await upsertIssueEnvironments(db, [
    {
      issueId: id.checkout!,
      environmentId: env("production"),
      firstSeen: ago(HOUR),
      lastSeen: ago(HOUR),
      firstReleaseId: null,
    },
    {
      issueId: id.checkout!,
      environmentId: env("staging"),
      firstSeen: ago(6 * HOUR),
      lastSeen: ago(5 * HOUR),
      firstReleaseId: null,
    },
  ]);
  // A later batch: last seen moves later, first seen does not move.
  await upsertIssueEnvironments(db, [
    {
      issueId: id.checkout!,
      environmentId: env("staging"),
      firstSeen: ago(5 * HOUR),
      lastSeen: ago(5 * HOUR),
      firstReleaseId: null,
    },
  ]);
});

afterAll(async () => {
  await t?.destroy();
});

const options = (query: string, extra: Partial<IssueListOptions> = {}): IssueListOptions =>
  listOptions({ organizationId: org.id, projectIds: [web.id, api.id] }, query, extra);
const find = async (query: string, extra: Partial<IssueListOptions> = {}): Promise<string[]> =>
  issueNames(await searchIssues(db, options(query, extra)), id);

describe("any other key is a tag of the issue's events", () => {
  it("matches tags stored as an object or as pairs, by exact value, list or wildcard", async () => {
    expect(await find("browser:Chrome")).toEqual(["checkout", "login"]);
    expect(await find("browser:Firefox")).toEqual(["checkout"]);
    expect(await find("tags[browser]:Firefox")).toEqual(["checkout"]);
    expect(await find("tags[browser, string]:Chrome")).toEqual(["checkout", "login"]);
    expect(await find("browser:[Firefox, Safari]")).toEqual(["checkout"]);
    expect(await find("browser:Fire*")).toEqual(["checkout"]);
    expect(await find("browser:Safari")).toEqual([]);
    expect(await find("customer:acme-corp")).toEqual(["checkout"]);
    expect(await find("a:b:c")).toEqual([]);
  });

  it("negated: the issue has no such event", async () => {
    expect(await find("!browser:Chrome")).toEqual(["cold"]);
    expect(await find("!browser:Firefox")).toEqual(["cold", "login"]);
  });

  it("every tag and field of one conjunction holds for the same event", async () => {
    expect(await find("customer:acme-corp browser:Chrome")).toEqual(["checkout"]);
    expect(await find("customer:acme-corp browser:Firefox")).toEqual([]);
    expect(await find("customer:acme-corp OR browser:Firefox")).toEqual(["checkout"]);
  });

  it("a value too long for an index entry is still found, exactly and by wildcard", async () => {
    expect(await find(`note:${"x".repeat(600)}`)).toEqual(["login"]);
    expect(await find("note:xxx*")).toEqual(["login"]);
    expect(await find(`note:${"x".repeat(599)}`)).toEqual([]);
  });

  it("only events inside the window and the selected environments count", async () => {
    expect(await find("browser:Firefox", { start: ago(2 * HOUR) })).toEqual([]);
    expect(await find("browser:Chrome", { start: ago(2 * HOUR) })).toEqual(["checkout"]);
    expect(await find("browser:Firefox", { environmentNames: ["production"] })).toEqual([]);
    expect(await find("browser:Firefox", { environmentNames: ["staging"] })).toEqual(["checkout"]);
  });
});

describe("the environment selection and the window are judged together", () => {
  it("an issue seen in staging 5 h ago and in production 1 h ago is not in staging's last 2 h", async () => {
    expect(await find("", { environmentNames: ["staging"], start: ago(2 * HOUR) })).toEqual([]);
    expect(await find("", { environmentNames: ["production"], start: ago(2 * HOUR) })).toEqual(["checkout"]);
    expect(await find("", { environmentNames: ["staging"], start: ago(6 * HOUR) })).toEqual(["checkout"]);
    expect(await find("", { environmentNames: ["staging", "production"], start: ago(2 * HOUR) })).toEqual([
      "checkout",
    ]);
  });

  it("first seen in the environment after the window's end: not in the window", async () => {
    // An hourly count 8 h ago (an event without environment): the issue had events in the window.
    await db("issue_stats_hourly").insert({
      issue_id: id.checkout,
      hour: new Date(Math.floor(ago(8 * HOUR).getTime() / HOUR) * HOUR),
      count: 1,
    });
    const window = { start: ago(DAY), end: ago(7 * HOUR) };
    expect(await find("", window)).toEqual(["checkout"]);
    expect(await find("", { ...window, environmentNames: ["staging"] })).toEqual([]);
    await db("issue_stats_hourly").where("issue_id", id.checkout).delete();
  });
});

describe("event fields Sift stores", () => {
  it.each<[string, string[]]>([
    ['title:"TypeError: boom"', ["checkout"]],
    ["title:TypeError*", ["checkout"]],
    ["user.email:jane@example.com", ["checkout"]],
    ["user.id:42", ["checkout"]],
    ["user.username:jane", ["checkout"]],
    ["user.ip:10.0.0.1", ["checkout"]],
    ["user:id:42", ["checkout"]],
    ["server_name:web-2", ["login"]],
    ["server:web-1", ["checkout"]],
    ["sdk.name:sentry.javascript.*", ["login"]],
    ["sdk.version:2.0.0", ["checkout"]],
    ["platform.name:python", []],
    ["!user.email:jane@example.com", ["cold", "login"]],
  ])("%s", async (query, expected) => {
    expect(await find(query)).toEqual(expected);
  });
});

describe("release.version: semver comparisons", () => {
  it.each<[string, string[]]>([
    ["release.version:>1.9.0", ["cold", "login"]],
    ["release.version:>=2.0.0", ["cold"]],
    ["release.version:<2.0.0", ["checkout", "login"]],
    ["release.version:<=web@1.9.0", ["checkout"]],
    ["!release.version:>1.9.0", ["checkout"]],
    ["release.version:web@1.9.0", ["checkout"]],
    ["release.version:web@*", ["checkout", "login"]],
  ])("%s", async (query, expected) => {
    expect(await find(query)).toEqual(expected);
  });

  it("an operator with something that is no version is Sift's own 400", () => {
    const query = parseSearchQuery("release.version:>banana");
    expect(() => convertSearchQuery(query, { now: NOW })).toThrow(
      new SearchError(
        "release.version: Invalid version: banana. Expected a semver version (e.g. 1.2.3 or pkg@1.2.3) after >.",
        1,
      ),
    );
  });
});

describe("issue: short ids, priority:", () => {
  it("issue:WEB-1 and issue:[WEB-1, WEB-2] search by short id; a number is an issue id", async () => {
    expect(await find("issue:WEB-1")).toEqual(["checkout"]);
    expect(await find("issue:web-2")).toEqual(["login"]);
    expect(await find("issue:[WEB-1,WEB-2]")).toEqual(["checkout", "login"]);
    expect(await find("issue:API-1")).toEqual(["cold"]);
    expect(await find("!issue:WEB-1")).toEqual(["cold", "login"]);
    expect(await find("issue:NOPE-1")).toEqual([]);
    expect(await find(`issue:${id.cold}`)).toEqual(["cold"]);
  });

  it("issue: with something that is no short id is Sift's own 400, naming the term", () => {
    const query = parseSearchQuery("is:unresolved issue:WEB");
    expect(() => convertSearchQuery(query, { now: NOW })).toThrow(
      new SearchError("issue: Invalid short id: WEB. Expected a short id such as WEB-1, or an issue id.", 15),
    );
  });

  it("priority: is issue.priority:", async () => {
    expect(await find("priority:low")).toEqual(["cold"]);
    expect(await find("priority:[high, medium]")).toEqual(["checkout", "login"]);
  });
});

describe("numbers beyond the column's type", () => {
  it.each<[string, string[]]>([
    ["times_seen:1.5", []],
    ["times_seen:>1.5", ["checkout"]],
    ["times_seen:<1.5", ["cold", "login"]],
    ["times_seen:<=2.5", ["checkout", "cold", "login"]],
    ["times_seen:99999999999999999999", []],
    ["times_seen:<99999999999999999999", ["checkout", "cold", "login"]],
    ["!times_seen:1.5", ["checkout", "cold", "login"]],
    ["times_seen:[1.5, 2]", ["checkout"]],
    ["issue.id:1.5", []],
  ])("%s", async (query, expected) => {
    expect(await find(query)).toEqual(expected);
  });
});
