import { GroupStatus, GroupSubStatus, PriorityLevel } from "@sift/schemas";
import { createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Organization, Project } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseCursor } from "./cursor.js";
import { SearchError } from "./errors.js";
import { buildIssueFilterQuery, searchIssues } from "./issue-list.js";
import type { IssueListOptions, IssueSearchResult } from "./issue-list.js";
import { parseSearchQuery } from "./parser.js";
import type { IssueSort } from "./sort.js";
import { DAY, HOUR, MIN, NOW, ago, issueNames, listOptions } from "./test/issue-search.js";

let t: TestDatabase;
let db: Knex;

interface IssueInput {
  project: Project;
  title: string;
  message?: string;
  type?: number;
  status?: number;
  substatus?: number | null;
  priority?: number | null;
  level?: number;
  timesSeen?: number;
  userCount?: number;
  firstSeen: Date;
  lastSeen: Date | Knex.Raw;
  firstReleaseId?: number | null;
  assigneeUserId?: number | null;
  assigneeTeamId?: number | null;
}

let shortIds = 0;
async function insertIssue(input: IssueInput): Promise<number> {
  const timesSeen = input.timesSeen ?? 1;
  const lastSeenMs = input.lastSeen instanceof Date ? input.lastSeen.getTime() : NOW.getTime();
  const [row] = await db("issues")
    .insert({
      organization_id: input.project.organizationId,
      project_id: input.project.id,
      short_id: ++shortIds,
      type: input.type ?? 1,
      status: input.status ?? GroupStatus.UNRESOLVED,
      substatus: input.substatus === undefined ? GroupSubStatus.ONGOING : input.substatus,
      priority: input.priority === undefined ? PriorityLevel.HIGH : input.priority,
      level: input.level ?? 40,
      title: input.title,
      message: input.message ?? input.title,
      times_seen: timesSeen,
      user_count: input.userCount ?? 0,
      score: Math.log(timesSeen) * 600 + lastSeenMs / 1000,
      first_seen: input.firstSeen,
      last_seen: input.lastSeen,
      active_at: input.firstSeen,
      first_release_id: input.firstReleaseId ?? null,
      assignee_user_id: input.assigneeUserId ?? null,
      assignee_team_id: input.assigneeTeamId ?? null,
    })
    .returning("id");
  return Number((row as { id: number }).id);
}

async function insertId(table: string, values: Record<string, unknown>): Promise<number> {
  const [row] = await db(table).insert(values).returning("id");
  return Number((row as { id: number }).id);
}

beforeAll(async () => {
  t = await testDatabase({ prefix: "search_list", migrate: async (d) => void (await migrateToLatest(d)) });
  db = t.db;
});

afterAll(async () => {
  await t?.destroy();
});

describe("searchIssues: filters", () => {
  let org: Organization;
  let web: Project;
  let api: Project;
  const id: Record<string, number> = {};
  const users: Record<string, number> = {};
  const releases: Record<string, number> = {};

  const options = (query: string, extra: Partial<IssueListOptions> = {}): IssueListOptions =>
    listOptions({ organizationId: org.id, projectIds: [web.id, api.id] }, query, {
      userId: users.jane,
      ...extra,
    });
  const names = (result: IssueSearchResult): string[] => issueNames(result, id);
  const find = async (query: string, extra: Partial<IssueListOptions> = {}): Promise<string[]> =>
    names(await searchIssues(db, options(query, extra)));

  beforeAll(async () => {
    org = await createOrganization(db, "acme");
    web = await createProject(db, { organizationId: org.id, slug: "web" });
    api = await createProject(db, { organizationId: org.id, slug: "api" });
    const other = await createOrganization(db, "other");
    const otherProject = await createProject(db, { organizationId: other.id, slug: "web" });

    for (const [name, email] of [
      ["jane", "Jane@Example.com"],
      ["bob", "bob@example.com"],
      ["outsider", "outsider@example.com"],
    ] as const) {
      users[name] = await insertId("users", { username: name, email });
    }
    await db("organization_members").insert([
      { organization_id: org.id, user_id: users.jane },
      { organization_id: org.id, user_id: users.bob },
      { organization_id: other.id, user_id: users.outsider },
    ]);
    const backend = await insertId("teams", { organization_id: org.id, slug: "backend", name: "Backend" });
    const frontend = await insertId("teams", { organization_id: org.id, slug: "frontend", name: "Frontend" });
    await db("team_members").insert({ team_id: backend, user_id: users.jane });

    releases["1.0"] = await insertId("releases", {
      organization_id: org.id,
      version: "1.0",
      date_added: ago(50 * DAY),
    });
    releases["2.0"] = await insertId("releases", {
      organization_id: org.id,
      version: "2.0",
      date_added: ago(40 * DAY),
      date_released: ago(5 * DAY),
    });
    // Added last but released earlier than 2.0: `latest` goes by coalesce(date_released, date_added).
    releases["1.5-hotfix"] = await insertId("releases", {
      organization_id: org.id,
      version: "1.5-hotfix",
      date_added: ago(20 * DAY),
      date_released: ago(30 * DAY),
    });
    await insertId("releases", { organization_id: other.id, version: "3.0", date_added: ago(DAY) });
    const production = await insertId("environments", { organization_id: org.id, name: "production" });
    const staging = await insertId("environments", { organization_id: org.id, name: "staging" });

    id.typeError = await insertIssue({
      project: web,
      title: "TypeError: undefined is not a function",
      timesSeen: 100,
      userCount: 10,
      firstSeen: ago(10 * DAY),
      lastSeen: ago(HOUR),
      firstReleaseId: releases["1.0"],
      assigneeUserId: users.jane,
    });
    id.valueError = await insertIssue({
      project: web,
      title: "ValueError: bad value",
      message: "bad value in handler",
      type: 1006,
      substatus: GroupSubStatus.NEW,
      priority: PriorityLevel.MEDIUM,
      level: 30,
      timesSeen: 5,
      firstSeen: ago(2 * HOUR),
      lastSeen: ago(30 * MIN),
      firstReleaseId: releases["2.0"],
      assigneeTeamId: backend,
    });
    id.timeout = await insertIssue({
      project: api,
      title: "Timeout connecting to db",
      status: GroupStatus.RESOLVED,
      substatus: null,
      priority: PriorityLevel.LOW,
      level: 50,
      timesSeen: 50,
      userCount: 3,
      firstSeen: ago(30 * DAY),
      lastSeen: ago(5 * DAY),
    });
    id.cpu = await insertIssue({
      project: api,
      title: "100% CPU on worker",
      status: GroupStatus.IGNORED,
      substatus: GroupSubStatus.FOREVER,
      timesSeen: 1000,
      userCount: 200,
      firstSeen: ago(60 * DAY),
      lastSeen: ago(2 * DAY),
      assigneeUserId: users.bob,
    });
    id.cron = await insertIssue({
      project: web,
      title: "Monitor failed",
      type: 4001,
      substatus: GroupSubStatus.REGRESSED,
      timesSeen: 20,
      userCount: 2,
      firstSeen: ago(3 * DAY),
      lastSeen: ago(3 * HOUR),
      assigneeTeamId: frontend,
    });
    id.lowPriority = await insertIssue({
      project: web,
      title: "Deprecated call",
      priority: PriorityLevel.LOW,
      firstSeen: ago(20 * DAY),
      lastSeen: ago(20 * DAY),
    });

    // Never listed: pending deletion / merge, an unreleased type, another organization.
    for (const status of [
      GroupStatus.PENDING_DELETION,
      GroupStatus.DELETION_IN_PROGRESS,
      GroupStatus.PENDING_MERGE,
    ]) {
      await insertIssue({
        project: web,
        title: `hidden ${status}`,
        status,
        substatus: null,
        firstSeen: ago(DAY),
        lastSeen: ago(HOUR),
      });
    }
    id.replay = await insertIssue({
      project: web,
      title: "Dead click",
      type: 5001,
      firstSeen: ago(DAY),
      lastSeen: ago(HOUR),
    });
    await insertIssue({
      project: otherProject,
      title: "TypeError elsewhere",
      firstSeen: ago(DAY),
      lastSeen: ago(HOUR),
    });

    await db("issue_releases").insert([
      {
        issue_id: id.typeError,
        release_id: releases["1.0"],
        first_seen: ago(10 * DAY),
        last_seen: ago(9 * DAY),
      },
      { issue_id: id.typeError, release_id: releases["2.0"], first_seen: ago(4 * DAY), last_seen: ago(HOUR) },
      {
        issue_id: id.valueError,
        release_id: releases["2.0"],
        first_seen: ago(2 * HOUR),
        last_seen: ago(30 * MIN),
      },
      {
        issue_id: id.cron,
        release_id: releases["1.5-hotfix"],
        first_seen: ago(3 * DAY),
        last_seen: ago(3 * HOUR),
      },
    ]);
    await db("issue_environments").insert([
      {
        issue_id: id.typeError,
        environment_id: production,
        first_release_id: releases["1.0"],
        first_seen: ago(10 * DAY),
      },
      {
        issue_id: id.typeError,
        environment_id: staging,
        first_release_id: releases["2.0"],
        first_seen: ago(4 * DAY),
      },
      {
        issue_id: id.valueError,
        environment_id: staging,
        first_release_id: releases["2.0"],
        first_seen: ago(2 * HOUR),
      },
      { issue_id: id.timeout, environment_id: production, first_release_id: null, first_seen: ago(30 * DAY) },
    ]);
    await db("issue_history").insert({
      organization_id: org.id,
      project_id: api.id,
      issue_id: id.timeout,
      status: 7,
      release_id: releases["1.0"],
      date_added: ago(6 * DAY),
    });
    await db("issue_inbox").insert([
      {
        issue_id: id.valueError,
        organization_id: org.id,
        project_id: web.id,
        reason: 0,
        date_added: ago(2 * HOUR),
      },
      {
        issue_id: id.cron,
        organization_id: org.id,
        project_id: web.id,
        reason: 2,
        date_added: ago(3 * HOUR),
      },
      {
        issue_id: id.lowPriority,
        organization_id: org.id,
        project_id: web.id,
        reason: 0,
        date_added: ago(8 * DAY),
      },
    ]);
  });

  it("the default query: unresolved, high or medium priority", async () => {
    expect(await find("is:unresolved issue.priority:[high, medium]")).toEqual([
      "cron",
      "typeError",
      "valueError",
    ]);
  });

  it("an empty query lists every visible issue of the selected projects", async () => {
    expect(await find("")).toEqual(["cpu", "cron", "lowPriority", "timeout", "typeError", "valueError"]);
    expect(await find("", { projectIds: [api.id] })).toEqual(["cpu", "timeout"]);
    expect(await find("", { projectIds: [] })).toEqual([]);
  });

  it("an unreleased type is listed only when the organization may see it", async () => {
    expect(await find("Dead click")).toEqual([]);
    expect(await find("Dead click", { visibleTypeIds: [1, 1006, 4001, 5001] })).toEqual(["replay"]);
  });

  it("status, substatus (implying status) and negations", async () => {
    expect(await find("is:resolved")).toEqual(["timeout"]);
    expect(await find("is:archived")).toEqual(["cpu"]);
    expect(await find("!is:unresolved")).toEqual(["cpu", "timeout"]);
    expect(await find("is:new")).toEqual(["valueError"]);
    expect(await find("is:archived_forever")).toEqual(["cpu"]);
    expect(await find("!is:regressed")).toEqual(["cpu", "timeout"]);
    // Both inequalities: the first one implies status NOT IN [unresolved].
    expect(await find("!is:new !is:archived_forever")).toEqual(["timeout"]);
  });

  it("priority, category, type, level", async () => {
    expect(await find("issue.priority:low")).toEqual(["lowPriority", "timeout"]);
    expect(await find("issue.category:performance")).toEqual(["valueError"]);
    expect(await find("issue.category:cron")).toEqual(["cron"]);
    expect(await find("issue.type:error")).toEqual(["cpu", "lowPriority", "timeout", "typeError"]);
    expect(await find("!issue.type:error")).toEqual(["cron", "valueError"]);
    expect(await find("level:[warning, fatal]")).toEqual(["timeout", "valueError"]);
  });

  it("assignment", async () => {
    expect(await find("assigned:me")).toEqual(["typeError"]);
    expect(await find("assigned:me", { userId: null })).toEqual([]);
    expect(await find("assigned:my_teams")).toEqual(["valueError"]);
    expect(await find("assigned:[me, my_teams]")).toEqual(["typeError", "valueError"]);
    expect(await find("assigned:#frontend")).toEqual(["cron"]);
    expect(await find("assigned:bob")).toEqual(["cpu"]);
    expect(await find("assigned:jane@example.com")).toEqual(["typeError"]);
    expect(await find(`assigned:user:${users.bob}`)).toEqual(["cpu"]);
    expect(await find("assigned:outsider")).toEqual([]);
    expect(await find("assigned:#nope")).toEqual([]);
    expect(await find("assigned:none")).toEqual(["lowPriority", "timeout"]);
    expect(await find("is:unassigned")).toEqual(["lowPriority", "timeout"]);
    expect(await find("is:assigned")).toEqual(["cpu", "cron", "typeError", "valueError"]);
    expect(await find("!assigned:me")).toEqual(["cpu", "cron", "lowPriority", "timeout", "valueError"]);
    expect(await find("assigned_or_suggested:[me, none]")).toEqual(["lowPriority", "timeout", "typeError"]);
    expect(await find("bookmarks:me")).toEqual([]);
  });

  it("for review (in the inbox)", async () => {
    expect(await find("is:for_review")).toEqual(["cron", "lowPriority", "valueError"]);
    expect(await find("!is:for_review issue.priority:high")).toEqual(["cpu", "typeError"]);
  });

  it("releases: seen in, latest, wildcards, first release, regressed in", async () => {
    expect(await find("release:2.0")).toEqual(["typeError", "valueError"]);
    expect(await find("release:[1.0, 1.5-hotfix]")).toEqual(["cron", "typeError"]);
    expect(await find("release:latest")).toEqual(["typeError", "valueError"]);
    expect(await find("release:1.*")).toEqual(["cron", "typeError"]);
    expect(await find("!release:2.0 has:release")).toEqual(["cron"]);
    expect(await find("release:3.0")).toEqual([]);
    expect(await find("first_release:1.0")).toEqual(["typeError"]);
    expect(await find("firstRelease:latest")).toEqual(["valueError"]);
    expect(await find("regressed_in_release:1.0")).toEqual(["timeout"]);
  });

  it("environments: the environment filter and the list's environment selection", async () => {
    expect(await find("environment:staging")).toEqual(["typeError", "valueError"]);
    expect(await find("environment:prod*")).toEqual(["timeout", "typeError"]);
    expect(await find("", { environmentNames: ["production"] })).toEqual(["timeout", "typeError"]);
    expect(await find("", { environmentNames: ["nowhere"] })).toEqual([]);
  });

  it("with environments selected, first release and first seen are per environment", async () => {
    expect(await find("first_release:2.0")).toEqual(["valueError"]);
    expect(await find("first_release:2.0", { environmentNames: ["staging"] })).toEqual([
      "typeError",
      "valueError",
    ]);
    expect(await find("age:-5d", { environmentNames: ["staging"] })).toEqual(["typeError", "valueError"]);
    expect(await find("age:-5d")).toEqual(["cron", "valueError"]);
  });

  it("projects by slug or id", async () => {
    expect(await find("project:api")).toEqual(["cpu", "timeout"]);
    expect(await find(`project:[${web.id}]`)).toEqual(["cron", "lowPriority", "typeError", "valueError"]);
    expect(await find("!project:web")).toEqual(["cpu", "timeout"]);
  });

  it("times seen, first seen, last seen", async () => {
    expect(await find("times_seen:>=50")).toEqual(["cpu", "timeout", "typeError"]);
    expect(await find("timesSeen:>1k")).toEqual([]);
    expect(await find("times_seen:1k")).toEqual(["cpu"]);
    expect(await find("!times_seen:>20")).toEqual(["cron", "lowPriority", "valueError"]);
    expect(await find("age:-24h")).toEqual(["valueError"]);
    expect(await find("age:+20d")).toEqual(["cpu", "lowPriority", "timeout"]);
    expect(await find("age:+4d age:-45d")).toEqual(["lowPriority", "timeout", "typeError"]);
    expect(await find("lastSeen:-2h")).toEqual(["typeError", "valueError"]);
    expect(
      await find(
        `last_seen:${ago(20 * DAY)
          .toISOString()
          .slice(0, 10)}`,
      ),
    ).toEqual(["lowPriority"]);
    expect(
      await find(
        `age:>${ago(4 * DAY)
          .toISOString()
          .slice(0, 19)}`,
      ),
    ).toEqual(["cron", "valueError"]);
    expect(await find("has:user")).toEqual(["cpu", "cron", "timeout", "typeError"]);
  });

  it("free text matches title or message, case-insensitively, with wildcards", async () => {
    expect(await find("typeerror")).toEqual(["typeError"]);
    expect(await find("in handler")).toEqual(["valueError"]);
    expect(await find("undefined * function")).toEqual(["typeError"]);
    expect(await find('"TypeError: undefined"')).toEqual(["typeError"]);
    expect(await find('"bad value"')).toEqual(["valueError"]);
    expect(await find("!message:error")).toEqual(["cpu", "cron", "lowPriority", "timeout"]);
  });

  it("AND, OR and parentheses", async () => {
    expect(await find("is:resolved OR is:archived")).toEqual(["cpu", "timeout"]);
    expect(await find("is:resolved OR is:new release:2.0")).toEqual(["timeout", "valueError"]);
    expect(await find("(is:resolved OR is:new) release:2.0")).toEqual(["valueError"]);
    expect(await find("is:new OR is:archived_forever")).toEqual(["cpu", "valueError"]);
    expect(await find("(assigned:me OR assigned:bob) AND times_seen:>50")).toEqual(["cpu", "typeError"]);
  });

  it("the date window: an issue had events inside [start, end]", async () => {
    expect(await find("", { start: ago(DAY) })).toEqual(["cron", "typeError", "valueError"]);
    expect(await find("", { start: ago(7 * DAY), end: ago(4 * DAY) })).toEqual([]); // ended > 1 h ago: needs hourly stats
    await db("issue_stats_hourly").insert({
      issue_id: id.timeout,
      hour: new Date(Math.floor(ago(5 * DAY).getTime() / HOUR) * HOUR),
      count: 3,
    });
    expect(await find("", { start: ago(7 * DAY), end: ago(4 * DAY) })).toEqual(["timeout"]);
  });

  it("issues last seen before the retention cutoff are excluded", async () => {
    expect(await find("", { retentionCutoff: ago(6 * DAY) })).toEqual([
      "cpu",
      "cron",
      "timeout",
      "typeError",
      "valueError",
    ]);
  });

  it("the filter query selects the same issues, for bulk operations", async () => {
    const rows = (await buildIssueFilterQuery(db, options("is:unresolved")).select("i.id")) as {
      id: number;
    }[];
    expect(rows.map((r) => Object.keys(id).find((k) => id[k] === Number(r.id))).sort()).toEqual(
      await find("is:unresolved"),
    );
  });

  it("counts hits up to the cap", async () => {
    const all = await searchIssues(db, options(""));
    expect([all.hits, all.maxHits]).toEqual([6, 1000]);
    const capped = await searchIssues(db, { ...options(""), maxHits: 4, limit: 2 });
    expect([capped.hits, capped.maxHits, capped.issues.length]).toEqual([4, 4, 2]);
    const exact = await searchIssues(db, { ...options("is:unresolved"), maxHits: null });
    expect([exact.hits, exact.maxHits]).toEqual([4, null]);
  });

  it.each<[IssueSort, string[]]>([
    ["date", ["valueError", "typeError", "cron", "cpu", "timeout", "lowPriority"]],
    ["new", ["valueError", "cron", "typeError", "lowPriority", "timeout", "cpu"]],
    ["freq", ["cpu", "typeError", "timeout", "cron", "valueError", "lowPriority"]],
    ["user", ["cpu", "typeError", "timeout", "cron", "lowPriority", "valueError"]],
    // score = ln(times_seen) * 600 + unix(last_seen): recency dominates.
    ["trends", ["valueError", "typeError", "cron", "cpu", "timeout", "lowPriority"]],
    // log2(1 + events) + log2(1 + users) − age / 12 h: cpu 13.6, typeError 10.0, cron 5.7 (20 events
    // 3 h ago) before valueError 2.5 and timeout −2.3 (50 events 5 days ago), lowPriority −39.
    ["recommended", ["cpu", "typeError", "cron", "valueError", "timeout", "lowPriority"]],
  ])("sort %s orders the issues", async (sort, expected) => {
    const result = await searchIssues(db, { ...options(""), sort });
    expect(result.issues.map((i) => Object.keys(id).find((k) => id[k] === i.id))).toEqual(expected);
  });

  it("sort inbox: for-review issues of the last 7 days by inbox date; requires is:for_review", async () => {
    const result = await searchIssues(db, { ...options("is:for_review"), sort: "inbox" });
    expect(result.issues.map((i) => i.id)).toEqual([id.valueError, id.cron]);
    await expect(searchIssues(db, { ...options("is:unresolved"), sort: "inbox" })).rejects.toThrow(
      new SearchError("Sort key 'inbox' requires the query to include is:for_review."),
    );
  });

  it("a cursor that does not fit the sort is a 400", async () => {
    await expect(
      searchIssues(db, { ...options(""), sort: "freq", cursor: parseCursor("1.5:3:0") }),
    ).rejects.toThrow("Invalid cursor parameter.");
  });

  it("SQL and LIKE metacharacters in queries are searched for literally", async () => {
    const inserted: Record<string, number> = {};
    for (const title of [
      "100% CPU spike",
      "1000 CPU spike",
      "file_name missing",
      "fileXname missing",
      "path C:\\temp\\x not found",
      "O'Brien's account locked",
      'He said "hi"',
      "Robert'); DROP TABLE issues;--",
      "literal * star",
    ]) {
      inserted[title] = await insertIssue({ project: web, title, firstSeen: ago(DAY), lastSeen: ago(DAY) });
    }
    const titles = async (query: string): Promise<string[]> =>
      (await searchIssues(db, options(query))).issues.map((i) => i.title).sort();

    expect(await titles("100%")).toEqual(["100% CPU on worker", "100% CPU spike"]);
    expect(await titles("file_name")).toEqual(["file_name missing"]);
    expect(await titles('"C:\\temp\\x"')).toEqual(["path C:\\temp\\x not found"]);
    expect(await titles("O'Brien's")).toEqual(["O'Brien's account locked"]);
    expect(await titles('"said \\"hi\\""')).toEqual(['He said "hi"']);
    expect(await titles('"\'); DROP TABLE issues;--"')).toEqual(["Robert'); DROP TABLE issues;--"]);
    expect(await titles("DROP TABLE issues;--")).toEqual(["Robert'); DROP TABLE issues;--"]);
    // Unquoted, the ")" is an unmatched parenthesis: a 400, as in the reference, never an SQL error.
    await expect(titles("'); DROP")).rejects.toThrow(SearchError);
    expect(await titles("literal \\* star")).toEqual(["literal * star"]);
    expect(await titles("%")).toEqual(["100% CPU on worker", "100% CPU spike"]);
    expect(await titles("_")).toEqual(["file_name missing"]);
    expect(await titles('release:"1.0\'; DROP TABLE issues;--"')).toEqual([]);
    expect(await titles("environment:%")).toEqual([]);
    expect(await titles('assigned:"\' OR 1=1 --"')).toEqual([]);
    expect(await titles("project:\"web' OR '1'='1\"")).toEqual([]);
    expect(Number((await db("issues").count({ n: "*" }))[0]!.n)).toBeGreaterThan(10);
    await db("issues").whereIn("id", Object.values(inserted)).delete();
  });
});

describe("searchIssues: pagination", () => {
  let org: Organization;
  let project: Project;

  const page = (extra: Partial<IssueListOptions>): Promise<IssueSearchResult> =>
    searchIssues(db, {
      query: parseSearchQuery(""),
      organizationId: org.id,
      projectIds: [project.id],
      start: ago(90 * DAY),
      end: NOW,
      now: NOW,
      limit: 3,
      ...extra,
    });

  beforeAll(async () => {
    org = await createOrganization(db, "paging");
    project = await createProject(db, { organizationId: org.id, slug: "paging" });
  });

  it("walks three pages without repeating or skipping while other issues get new events", async () => {
    const issue: number[] = [];
    // i1 newest … i9 oldest; i4–i6 share one last_seen (the id breaks the tie).
    const lastSeen = [1, 2, 3, 4, 4, 4, 7, 8, 9].map((h) => ago(h * HOUR));
    for (let n = 0; n < 9; n++) {
      issue.push(
        await insertIssue({ project, title: `i${n + 1}`, firstSeen: ago(10 * DAY), lastSeen: lastSeen[n]! }),
      );
    }
    const [i1, i2, i3, i4, i5, i6, i7, i8, i9] = issue as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];

    const first = await page({});
    expect(first.issues.map((i) => i.id)).toEqual([i1, i2, i3]);
    expect(first.previous.results).toBe(false);
    expect(first.next.results).toBe(true);

    // New events for an issue already shown (i2) and one not shown yet (i8): both move to the front.
    await db("issues")
      .whereIn("id", [i2, i8])
      .update({ last_seen: ago(MIN) });

    const second = await page({ cursor: parseCursor(first.next.cursor) });
    expect(second.issues.map((i) => i.id)).toEqual([i6, i5, i4]);
    expect([second.previous.results, second.next.results]).toEqual([true, true]);

    await db("issues").where("id", i1).update({ last_seen: NOW });

    const third = await page({ cursor: parseCursor(second.next.cursor) });
    expect(third.issues.map((i) => i.id)).toEqual([i7, i9]);
    expect(third.next.results).toBe(false);

    const seen = [...first.issues, ...second.issues, ...third.issues].map((i) => i.id);
    expect(new Set(seen).size).toBe(seen.length);
    // Every issue whose last_seen did not change was listed exactly once; i8 now leads the list.
    expect(seen.sort()).toEqual([i1, i2, i3, i4, i5, i6, i7, i9].sort());

    // Back from the third page: the three issues before i7 in the current order.
    const back = await page({ cursor: parseCursor(third.previous.cursor) });
    expect(back.issues.map((i) => i.id)).toEqual([i6, i5, i4]);
    expect([back.previous.results, back.next.results]).toEqual([true, true]);
    const backAgain = await page({ cursor: parseCursor(back.previous.cursor) });
    // Now i1, i8, i2 (tied: higher id first), i3, … lead the list.
    expect(backAgain.issues.map((i) => i.id)).toEqual([i8, i2, i3]);
    expect(backAgain.previous.results).toBe(true);
  });

  it("pages exactly through timestamps that differ below a millisecond", async () => {
    const other = await createProject(db, { organizationId: org.id, slug: "micro" });
    const at = (micro: string): Knex.Raw => db.raw("?::timestamptz", [`2026-01-15T11:00:00.${micro}Z`]);
    const expected: number[] = [];
    for (const micro of ["123900", "123500", "123500", "123100", "123000", "122999"]) {
      expected.push(
        await insertIssue({ project: other, title: micro, firstSeen: ago(DAY), lastSeen: at(micro) }),
      );
    }
    // Order: last_seen DESC, id DESC (the two 123500 rows: later id first).
    const order = [expected[0]!, expected[2]!, expected[1]!, expected[3]!, expected[4]!, expected[5]!];
    const walked: number[] = [];
    const cursors: string[] = [];
    let result = await page({ projectIds: [other.id], limit: 1 });
    for (;;) {
      walked.push(...result.issues.map((i) => i.id));
      cursors.push(result.next.cursor);
      if (!result.next.results) break;
      result = await page({ projectIds: [other.id], limit: 1, cursor: parseCursor(result.next.cursor) });
    }
    expect(walked).toEqual(order);
    expect(cursors[0]).toMatch(/^1768474800123\.900:\d+:0$/);
    expect(cursors[4]).toMatch(/^1768474800123:\d+:0$/);

    // And back again, one by one, from the last row.
    const backwards: number[] = [];
    result = await page({
      projectIds: [other.id],
      limit: 1,
      cursor: parseCursor(cursors[cursors.length - 1]!.replace(/:0$/, ":1")),
    });
    for (;;) {
      backwards.push(...result.issues.map((i) => i.id));
      if (!result.previous.results) break;
      result = await page({ projectIds: [other.id], limit: 1, cursor: parseCursor(result.previous.cursor) });
    }
    expect(backwards).toEqual(order.slice(0, -1).reverse());
  });

  it("pages through every sort by (value, id) with cursors of the sort's kind", async () => {
    const sorted = await createProject(db, { organizationId: org.id, slug: "sorted" });
    for (let n = 0; n < 7; n++) {
      await insertIssue({
        project: sorted,
        title: `s${n}`,
        timesSeen: [5, 5, 9, 1, 5, 9, 2][n],
        userCount: [1, 0, 0, 3, 1, 0, 2][n],
        firstSeen: ago((n % 3) * HOUR + DAY),
        lastSeen: ago((n % 2) * HOUR),
      });
    }
    for (const sort of ["date", "new", "freq", "user", "trends", "recommended"] as const) {
      const all = (await page({ projectIds: [sorted.id], sort, limit: 100 })).issues.map((i) => i.id);
      const walked: number[] = [];
      let result = await page({ projectIds: [sorted.id], sort, limit: 2 });
      for (;;) {
        walked.push(...result.issues.map((i) => i.id));
        if (!result.next.results) break;
        result = await page({
          projectIds: [sorted.id],
          sort,
          limit: 2,
          cursor: parseCursor(result.next.cursor),
        });
      }
      expect(walked, sort).toEqual(all);
      expect(all, sort).toHaveLength(7);
    }
  });

  it("an empty project gives empty pages with results=false both ways", async () => {
    const empty = await createProject(db, { organizationId: org.id, slug: "empty" });
    const result = await page({ projectIds: [empty.id] });
    expect(result.issues).toEqual([]);
    expect(result.previous).toEqual({ cursor: "0:0:1", results: false });
    expect(result.next).toEqual({ cursor: "0:0:0", results: false });
    expect(result.hits).toBe(0);
    // Sentry's 0:0:0 is the first page.
    expect((await page({ projectIds: [empty.id], cursor: parseCursor("0:0:0") })).issues).toEqual([]);
  });
});
