import { beforeAll, describe, expect, it } from "vitest";
import { buildCorpus } from "./test/corpus.js";
import type { Corpus, CorpusName } from "./test/corpus.js";
import { ids, useApiHarness } from "./test/harness.js";

let c: Corpus;

const h = await useApiHarness();

beforeAll(async () => {
  c = await buildCorpus(h);
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function url(
  params: Record<string, string | string[] | undefined>,
  path = "/api/0/organizations/acme/issues/",
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  return `${path}?${search.toString()}`;
}

async function names(params: Record<string, string | string[] | undefined>): Promise<CorpusName[]> {
  const res = await h.request("GET", url({ statsPeriod: "90d", ...params }));
  expect(res.statusCode, res.body).toBe(200);
  return ids(res)
    .map((id) => c.name(id))
    .sort();
}

const search = (query: string): Promise<CorpusName[]> => names({ query });

async function detail(
  params: Record<string, string | string[] | undefined>,
): Promise<{ status: number; detail: string }> {
  const res = await h.request("GET", url(params));
  return { status: res.statusCode, detail: res.json<{ detail: string }>().detail };
}

describe("the default query", () => {
  it("applies when `query` is absent: unresolved issues of high or medium priority", async () => {
    expect(await names({})).toEqual(["alpha", "bravo", "delta", "hotel", "juliet", "kilo"]);
  });

  it("is replaced by no filter at all when `query=` is present but empty", async () => {
    // Every issue of the corpus (eleven), by name.
    const all = Object.keys(c.times).sort();
    expect(all).toHaveLength(11);
    expect(await names({ query: "" })).toEqual(all);
    expect(await names({ query: "   " })).toHaveLength(11);
  });
});

describe("is: values", () => {
  it.each<[string, CorpusName[]]>([
    ["is:unresolved", ["alpha", "bravo", "delta", "hotel", "india", "juliet", "kilo"]],
    ["is:resolved", ["golf"]],
    ["is:ignored", ["charlie", "echo", "foxtrot"]],
    ["is:archived", ["charlie", "echo", "foxtrot"]],
    ["is:muted", ["charlie", "echo", "foxtrot"]],
    ["is:reprocessing", []],
    ["is:new", ["alpha", "india", "juliet", "kilo"]],
    ["is:ongoing", ["bravo"]],
    ["is:escalating", ["delta"]],
    ["is:regressed", ["hotel"]],
    ["is:archived_forever", ["charlie"]],
    ["is:archived_until_escalating", ["echo"]],
    ["is:archived_until_condition_met", ["foxtrot"]],
    ["is:for_review", ["alpha", "delta", "hotel", "india", "juliet", "kilo"]],
    ["is:assigned", ["alpha"]],
    [
      "is:unassigned",
      ["bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo"],
    ],
    ["is:linked", []],
    [
      "is:unlinked",
      ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo"],
    ],
  ])("%s", async (query, expected) => {
    expect(await search(query)).toEqual([...expected].sort());
  });

  it("combines a substatus with the status it implies, and negates", async () => {
    // The first substatus filter implies `status NOT IN [unresolved]`.
    expect(await search("!is:regressed !is:archived_until_escalating")).toEqual([
      "charlie",
      "foxtrot",
      "golf",
    ]);
    expect(await search("!is:unresolved")).toEqual(["charlie", "echo", "foxtrot", "golf"]);
  });
});

describe("priority, type and category filters", () => {
  it.each<[string, CorpusName[]]>([
    ["issue.priority:low", ["india"]],
    ["issue.priority:medium", ["juliet", "kilo"]],
    ["issue.priority:[high, low] is:new", ["alpha", "india"]],
    ["issue.type:performance_n_plus_one_api_calls", ["india"]],
    ["issue.type:error", ["juliet"]],
    ["issue.category:performance", ["india", "kilo"]],
    ["issue.category:error", ["juliet"]],
    ["issue.category:[error, performance]", ["india", "juliet", "kilo"]],
    ["!issue.category:cron", ["india", "juliet", "kilo"]],
    ["issue.category:cron is:resolved", ["golf"]],
  ])("%s", async (query, expected) => {
    expect(await search(query)).toEqual([...expected].sort());
  });
});

describe("numeric and date operators", () => {
  it.each<[string, CorpusName[]]>([
    ["times_seen:>5", ["india", "juliet"]],
    ["times_seen:>=6", ["india", "juliet"]],
    ["timesSeen:<2", ["charlie", "echo", "foxtrot", "kilo"]],
    ["times_seen:<=1", ["charlie", "echo", "foxtrot", "kilo"]],
    ["times_seen:4", ["alpha"]],
    ["!times_seen:>1", ["charlie", "echo", "foxtrot", "kilo"]],
    ["times_seen:>1k", []],
  ])("%s", async (query, expected) => {
    expect(await search(query)).toEqual([...expected].sort());
  });

  it("compares absolute dates", async () => {
    const day = (ms: number): string => new Date(c.now.getTime() - ms).toISOString().slice(0, 19);
    // first_seen after 11 days ago: alpha (10d) and every later issue.
    expect(await search(`firstSeen:>${day(11 * DAY)}`)).toEqual([
      "alpha",
      "charlie",
      "delta",
      "foxtrot",
      "golf",
      "kilo",
    ]);
    expect(await search(`age:<${day(35 * DAY)}`)).toEqual(["echo", "india"]);
    expect(await search(`lastSeen:<${day(7 * DAY)}`)).toEqual(["bravo", "echo"]);
  });

  it("compares relative dates: -N means within the last N, +N older than N", async () => {
    expect(await search("age:-7d")).toEqual(["charlie", "delta", "foxtrot", "golf", "kilo"]);
    expect(await search("age:+35d")).toEqual(["echo", "india"]);
    expect(await search("lastSeen:-1h")).toEqual(["alpha", "hotel", "india", "juliet"]);
    expect(await search("last_seen:+7d")).toEqual(["bravo", "echo"]);
  });
});

describe("text, negation, lists and booleans", () => {
  it("matches quoted text, with escaped quotes", async () => {
    expect(await search('"Database timeout"')).toEqual(["alpha"]);
    expect(await search('"\\"undefined\\" is not"')).toEqual(["juliet"]);
    expect(await search("database checkout")).toEqual([]);
    expect(await search("timeout")).toEqual(["alpha"]);
    expect(await search("cron monitor")).toEqual([
      "bravo",
      "charlie",
      "delta",
      "echo",
      "foxtrot",
      "golf",
      "hotel",
    ]);
  });

  it("negates filters", async () => {
    expect(await search("is:unresolved !issue.priority:high")).toEqual(["india", "juliet", "kilo"]);
    expect(await search("!project:web")).toEqual(["juliet", "kilo"]);
  });

  it("takes lists", async () => {
    expect(await search("is:[resolved, ignored]").catch(() => "error")).toEqual("error");
    expect(await search("status:[resolved, ignored]")).toEqual(["charlie", "echo", "foxtrot", "golf"]);
    expect(await search("!issue.priority:[high, medium]")).toEqual(["india"]);
    expect(await search("environment:[staging, production]")).toEqual(["alpha", "india", "juliet"]);
    expect(await search("release:backend@1.0.0")).toEqual(["juliet"]);
  });

  it("accepts AND, OR and parentheses", async () => {
    expect(await search("is:resolved OR is:regressed")).toEqual(["golf", "hotel"]);
    expect(await search("issue.category:error OR issue.priority:low")).toEqual(["india", "juliet"]);
    expect(await search("(is:resolved OR is:ignored) AND times_seen:>1")).toEqual(["golf"]);
    expect(await search("is:unresolved AND (issue.category:performance OR times_seen:>5)")).toEqual([
      "india",
      "juliet",
      "kilo",
    ]);
    expect(await search("is:ongoing OR is:archived_forever")).toEqual(["bravo", "charlie"]);
  });

  it("answers SQL metacharacters honestly", async () => {
    expect(await search("'; DROP TABLE issues; --")).toEqual([]);
    expect(await search("100%")).toEqual(["kilo"]);
    expect(await search("_")).toEqual([]);
  });
});

describe("request parameters", () => {
  it("narrows by environment; an unknown environment is a 404", async () => {
    expect(await names({ query: "", environment: "staging" })).toEqual(["india"]);
    expect(await names({ query: "", environment: ["staging", "production"] })).toEqual([
      "alpha",
      "india",
      "juliet",
    ]);
    expect((await h.request("GET", url({ environment: "nope" }))).statusCode).toBe(404);
  });

  it("narrows by project; -1 and none mean every project of the organization", async () => {
    expect(await names({ query: "", project: "2" })).toEqual(["juliet", "kilo"]);
    expect(await names({ query: "", project: "-1" })).toHaveLength(11);
    expect(await names({ query: "", project: ["1", "2"] })).toHaveLength(11);
    expect(await names({ query: "", project: "2" })).toEqual(
      await (async () => {
        const res = await h.request(
          "GET",
          url({ query: "", statsPeriod: "90d" }, "/api/0/projects/acme/api/issues/"),
        );
        return ids(res)
          .map((id) => c.name(id))
          .sort();
      })(),
    );
  });

  it("takes explicit issue ids with `group`", async () => {
    expect(await names({ group: [String(c.ids.golf), String(c.ids.india)] })).toEqual(["golf", "india"]);
  });

  it("windows by statsPeriod and start/end: an issue matches when it has occurrences inside", async () => {
    expect(await names({ query: "", statsPeriod: "1h" })).toEqual(["alpha", "hotel", "india", "juliet"]);
    expect(await names({ query: "", statsPeriod: "24h" })).toEqual([
      "alpha",
      "golf",
      "hotel",
      "india",
      "juliet",
      "kilo",
    ]);
    // A window in the past: only issues with hourly counts inside it.
    const start = new Date(c.now.getTime() - 16 * DAY).toISOString();
    const end = new Date(c.now.getTime() - 14 * DAY).toISOString();
    expect(await names({ query: "", start, end, statsPeriod: undefined })).toEqual(["bravo"]);
    // The default window is 90 days.
    const res = await h.request("GET", url({ query: "" }));
    expect(ids(res)).toHaveLength(11);
  });

  it("caps and pages with limit, Link and X-Hits", async () => {
    const res = await h.request("GET", url({ query: "", statsPeriod: "90d", limit: "3" }));
    expect(ids(res)).toHaveLength(3);
    expect(res.headers["x-hits"]).toBe("11");
    expect(res.headers.link).toMatch(/rel="previous"; results="false"; cursor="[^"]+"/);
    expect(res.headers.link).toMatch(/rel="next"; results="true"; cursor="[^"]+"/);
    const big = await h.request("GET", url({ query: "", statsPeriod: "90d", limit: "500" }));
    expect(ids(big)).toHaveLength(11);
  });

  it("expands the inbox on request", async () => {
    const res = await h.request("GET", url({ query: "is:regressed", statsPeriod: "90d", expand: "inbox" }));
    const [issue] = res.json<{ inbox: { reason: number; date_added: string; reason_details: unknown } }[]>();
    expect(issue!.inbox).toMatchObject({ reason: 2, reason_details: null });
    const plain = await h.request("GET", url({ query: "is:regressed", statsPeriod: "90d" }));
    expect(plain.json<Record<string, unknown>[]>()[0]).not.toHaveProperty("inbox");
  });

  it("sorts the inbox by date added (is:for_review required)", async () => {
    const res = await h.request(
      "GET",
      url({ query: "is:for_review is:unresolved", sort: "inbox", statsPeriod: "90d" }),
    );
    expect(res.statusCode, res.body).toBe(200);
    // hotel regressed last, so it entered the inbox last.
    expect(c.name(ids(res)[0]!)).toBe("hotel");
    expect(ids(res)).toHaveLength(6);
  });
});

describe("groupStatsPeriod", () => {
  const within = (times: Date[], fromMs: number): number => times.filter((t) => t.getTime() >= fromMs).length;

  it("24h: hourly buckets that add up to the occurrences of the last 24 hours", async () => {
    const res = await h.request("GET", url({ query: "", statsPeriod: "90d", groupStatsPeriod: "24h" }));
    const hourStart = Math.floor(c.now.getTime() / HOUR) * HOUR;
    for (const issue of res.json<{ id: string; stats: { "24h": [number, number][] } }[]>()) {
      const series = issue.stats["24h"];
      expect(series).toHaveLength(24);
      expect(series[23]![0]).toBe(hourStart / 1000);
      expect(series[1]![0] - series[0]![0]).toBe(3600);
      const name = c.name(Number(issue.id));
      const sum = series.reduce((s, [, n]) => s + n, 0);
      expect(sum, name).toBe(within(c.times[name], hourStart - 23 * HOUR));
    }
  });

  it("14d: daily buckets that add up to the occurrences of the last 14 days", async () => {
    const res = await h.request("GET", url({ query: "", statsPeriod: "90d", groupStatsPeriod: "14d" }));
    const dayStart = Math.floor(c.now.getTime() / DAY) * DAY;
    let total = 0;
    for (const issue of res.json<{ id: string; stats: { "14d": [number, number][] } }[]>()) {
      const series = issue.stats["14d"];
      expect(series).toHaveLength(14);
      expect(series[13]![0]).toBe(dayStart / 1000);
      const name = c.name(Number(issue.id));
      const sum = series.reduce((s, [, n]) => s + n, 0);
      expect(sum, name).toBe(within(c.times[name], dayStart - 13 * DAY));
      total += sum;
    }
    expect(total).toBeGreaterThan(10);
  });

  it("'' disables stats, absent means 24h, auto follows the window", async () => {
    const none = await h.request("GET", url({ query: "", groupStatsPeriod: "" }));
    expect(none.json<Record<string, unknown>[]>()[0]).not.toHaveProperty("stats");
    const absent = await h.request("GET", url({ query: "" }));
    expect(Object.keys(absent.json<{ stats: object }[]>()[0]!.stats)).toEqual(["24h"]);
    const auto = await h.request("GET", url({ query: "", statsPeriod: "7d", groupStatsPeriod: "auto" }));
    const series = auto.json<{ stats: { auto: [number, number][] } }[]>()[0]!.stats.auto;
    expect(series.length).toBe(8);
    const collapsed = await h.request("GET", url({ query: "", collapse: "stats" }));
    expect(collapsed.json<Record<string, unknown>[]>()[0]).not.toHaveProperty("stats");
  });
});

describe("direct hits", () => {
  it("an event id finds its issue, with X-Sentry-Direct-Hit and matchingEventId", async () => {
    const events = await h.request("GET", `/api/0/organizations/acme/issues/${c.ids.juliet}/events/`);
    const eventId = events.json<{ eventID: string }[]>()[0]!.eventID;
    const hyphenated = `${eventId.slice(0, 8)}-${eventId.slice(8, 12)}-${eventId.slice(12, 16)}-${eventId.slice(16, 20)}-${eventId.slice(20)}`;
    for (const query of [eventId, ` ${hyphenated.toUpperCase()} `]) {
      const res = await h.request("GET", url({ query }));
      expect(res.statusCode).toBe(200);
      expect(res.headers["x-sentry-direct-hit"]).toBe("1");
      const body = res.json<{ id: string; matchingEventId: string }[]>();
      expect(body.map((i) => Number(i.id))).toEqual([c.ids.juliet]);
      expect(body[0]!.matchingEventId).toBe(eventId);
    }
  });

  it("an unknown event id falls through to the search", async () => {
    const res = await h.request("GET", url({ query: "0123456789abcdef0123456789abcdef" }));
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-sentry-direct-hit"]).toBeUndefined();
    expect(res.json()).toEqual([]);
  });

  it("a short id with shortIdLookup=1 finds its issue in any project", async () => {
    const details = await h.request("GET", `/api/0/organizations/acme/issues/${c.ids.kilo}/`);
    const shortId = details.json<{ shortId: string }>().shortId;
    expect(shortId).toMatch(/^API-[0-9A-Z]+$/);
    for (const query of [shortId, shortId.toLowerCase(), `issue:${shortId}`]) {
      const res = await h.request("GET", url({ query, shortIdLookup: "1", project: "1" }));
      expect(res.headers["x-sentry-direct-hit"], query).toBe("1");
      expect(ids(res)).toEqual([c.ids.kilo]);
    }
    const without = await h.request("GET", url({ query: shortId }));
    expect(without.headers["x-sentry-direct-hit"]).toBeUndefined();
  });
});

describe("the reference's 400s", () => {
  it.each<[Record<string, string>, string]>([
    [{ sort: "priority" }, "Sort key 'priority' not supported."],
    [{ limit: "ten" }, "invalid limit"],
    [{ limit: "1.5" }, "invalid limit"],
    [{ cursor: "nonsense" }, "Invalid cursor parameter."],
    [{ cursor: "1:2" }, "Invalid cursor parameter."],
    [{ start: "2026-01-01T00:00:00" }, "start and end are both required"],
    [{ end: "2026-01-01T00:00:00" }, "start and end are both required"],
    [{ groupStatsPeriod: "1w" }, "Invalid stats_period. Valid choices are '', '24h', and '14d'"],
    [{ group: "abc" }, "Group ids must be integers"],
    [{ project: "99999999999999999999" }, "Invalid project parameter. Values must be numbers or slugs."],
  ])("%j → %s", async (params, message) => {
    expect(await detail(params)).toEqual({ status: 400, detail: message });
  });

  it.each<[string, string]>([
    ["is:nonsense", 'Invalid value for "is" search, valid values are ['],
    ["is:[resolved, ignored]", '"in" syntax invalid for "is" search'],
    ["issue.priority:urgent", "Invalid priority value of 'urgent'"],
    ["issue.category:nope", "Invalid category value of 'nope'"],
    ["issue.type:nope", "Invalid type value of 'nope'"],
    ["status:sleeping", "invalid status value of 'sleeping'"],
    [
      "times_seen:>many",
      "Invalid number: >many. Expected number then optional k, m, or b suffix (e.g. 500k).",
    ],
    ["age:>yesterday", "Invalid date: "],
    ["count_unique(user):>1", "Aggregate filters (count_unique(user)) are not supported in issue searches."],
    ['message:"unterminated', "Invalid quote at"],
    ["(is:resolved", "Parse error at '(is:re' (column 1). This is commonly caused by unmatched parentheses."],
    ["flags[beta]:on", "Invalid key for this search: flags[beta]. Sift stores no feature flags."],
    ["is:resolved AND", "Condition is missing on the right side of 'AND' operator"],
  ])("query %s", async (query, message) => {
    const res = await detail({ query });
    expect(res.status).toBe(400);
    expect(res.detail.startsWith("Error parsing search query: ")).toBe(true);
    expect(res.detail).toContain(message);
  });

  it("other date-window errors", async () => {
    const res = await detail({ start: "2026-02-01T00:00:00", end: "2026-01-01T00:00:00" });
    expect(res.status).toBe(400);
    expect((await detail({ statsPeriod: "forever" })).status).toBe(400);
    expect((await detail({ start: "nope", end: "2026-01-01T00:00:00" })).status).toBe(400);
  });

  it("the inbox sort needs is:for_review", async () => {
    const res = await detail({ sort: "inbox", query: "is:unresolved" });
    expect(res.status).toBe(400);
    expect(res.detail).toContain("for_review");
  });

  it("a repeated single-valued parameter names the parameter", async () => {
    const res = await h.request("GET", "/api/0/organizations/acme/issues/?limit=1&limit=2");
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toContain('"limit"');
  });
});
