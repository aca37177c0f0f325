import { beforeAll, describe, expect, it } from "vitest";
import { ids, useApiHarness } from "./test/harness.js";

const issue: Record<string, number> = {};
const shortId: Record<string, string> = {};

const HOUR = 3_600_000;

const h = await useApiHarness();

beforeAll(async () => {
  const now = h.clock.now().getTime();
  const at = (ms: number): Date => new Date(now - ms);
  await h.ingest([
    {
      projectId: 1,
      fingerprint: "checkout",
      title: "Checkout failed",
      time: at(HOUR),
      environment: "production",
      tags: { browser: "Chrome", customer: "acme-corp" },
      user: { id: "42", email: "jane@example.com" },
    },
    {
      projectId: 1,
      fingerprint: "login",
      title: "Login failed",
      time: at(2 * HOUR),
      priority: 25,
      tags: { browser: "Firefox" },
    },
    { projectId: 2, fingerprint: "sync", title: "Sync failed", time: at(3 * HOUR) },
  ]);
  await h.ingest([{ projectId: 1, fingerprint: "checkout", title: "Checkout failed", time: at(HOUR / 2) }]);
  const list = await h.request("GET", "/api/0/organizations/acme/issues/?query=");
  expect(list.statusCode, list.body).toBe(200);
  for (const i of list.json<{ id: string; title: string; shortId: string }[]>()) {
    const name = i.title.split(" ")[0]!.toLowerCase();
    issue[name] = Number(i.id);
    shortId[name] = i.shortId;
  }
  expect(Object.keys(issue).sort()).toEqual(["checkout", "login", "sync"]);
});

async function get(query: string, extra = ""): Promise<{ status: number; names: string[]; detail?: string }> {
  const res = await h.request(
    "GET",
    `/api/0/organizations/acme/issues/?query=${encodeURIComponent(query)}${extra}`,
  );
  if (res.statusCode !== 200) {
    return { status: res.statusCode, names: [], detail: res.json<{ detail: string }>().detail };
  }
  const names = ids(res).map((id) => Object.keys(issue).find((k) => issue[k] === id) ?? `?${id}`);
  return { status: 200, names: names.sort() };
}

describe("tags and event fields through the API", () => {
  it.each<[string, string[]]>([
    ["browser:Chrome", ["checkout"]],
    ["tags[browser]:[Chrome, Firefox]", ["checkout", "login"]],
    ["customer:acme-corp browser:Chrome", ["checkout"]],
    ["!browser:Chrome", ["login", "sync"]],
    ["user.email:jane@example.com", ["checkout"]],
    ["user.id:42", ["checkout"]],
    ["sdk.name:nope", []],
    ["no_such_tag:anything", []],
  ])("%s", async (query, expected) => {
    expect(await get(query)).toEqual({ status: 200, names: expected });
  });

  it("the environment selection applies to the events a tag is looked for on", async () => {
    expect(await get("browser:Chrome", "&environment=production")).toEqual({
      status: 200,
      names: ["checkout"],
    });
  });
});

describe("issue: and priority:", () => {
  it("issue:<short id> and issue:[…] search by short id", async () => {
    expect(await get(`issue:${shortId.checkout}`)).toEqual({ status: 200, names: ["checkout"] });
    expect(await get(`issue:[${shortId.checkout},${shortId.sync}]`)).toEqual({
      status: 200,
      names: ["checkout", "sync"],
    });
  });

  it("priority: is issue.priority:", async () => {
    expect(await get("priority:low")).toEqual({ status: 200, names: ["login"] });
    expect(await get("priority:[high, medium]")).toEqual(await get("issue.priority:[high, medium]"));
  });
});

describe("numbers and other values Postgres would refuse", () => {
  it.each<[string, string[]]>([
    ["times_seen:1.5", []],
    ["times_seen:>1.5", ["checkout"]],
    ["times_seen:99999999999999999999", []],
    ["times_seen:<99999999999999999999", ["checkout", "login", "sync"]],
    ["issue.id:99999999999999999999", []],
    ["issue.id:[1.5, 99999999999999999999]", []],
  ])("%s answers by what the number means", async (query, expected) => {
    expect(await get(query)).toEqual({ status: 200, names: expected });
  });

  it.each<[string, string]>([
    ["age:-14000000w", "first_seen: Invalid date: -14000000w."],
    ["lastSeen:+14000000w", "last_seen: Invalid date: +14000000w."],
    ["issue:WEB", "issue: Invalid short id: WEB."],
  ])("%s is Sift's own 400, naming the term", async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.detail).toContain(`Error parsing search query: ${message}`);
  });

  it.each<[string, string[]]>([["&statsPeriod=8000000000000", ["checkout", "login", "sync"]]])(
    "a window reaching back beyond what Postgres holds starts at the epoch: %s",
    async (params, expected) => {
      expect(await get("", params)).toEqual({ status: 200, names: expected });
    },
  );

  it.each<[string, string]>([
    ["&sort=trends&cursor=1e999:1:0", "Invalid cursor parameter."],
    ["&sort=trends&cursor=1e-999:1:0", "Invalid cursor parameter."],
  ])("the parameters %s are Sift's own 400", async (params, message) => {
    const res = await get("", params);
    expect(res).toEqual({ status: 400, names: [], detail: message });
  });

  it.each(["query=a%00b", "environment=a%00b"])("a NUL character in %s is a 400 naming it", async (param) => {
    const res = await h.request("GET", `/api/0/organizations/acme/issues/?${param}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toMatch(
      /^Invalid query parameter "(query|environment)[^"]*": must not contain NUL characters$/,
    );
  });
});

describe("the environment selection and the time window, judged together", () => {
  it("an issue seen in staging 5 h ago and in production 1 h ago is not in staging's last 2 h", async () => {
    const now = h.clock.now().getTime();
    const deployFailed = (ago: number, environment: string) => ({
      projectId: 1,
      fingerprint: "deploy",
      title: "Deploy failed",
      time: new Date(now - ago),
      environment,
    });
    await h.ingest([deployFailed(5 * HOUR, "staging")]);
    await h.ingest([deployFailed(HOUR, "production")]);
    const list = await h.request("GET", "/api/0/organizations/acme/issues/?query=Deploy");
    const deploy = ids(list);
    expect(deploy).toHaveLength(1);
    issue.deploy = deploy[0]!;
    expect(await get("Deploy", "&environment=staging&statsPeriod=2h")).toEqual({ status: 200, names: [] });
    expect(await get("Deploy", "&environment=production&statsPeriod=2h")).toEqual({
      status: 200,
      names: ["deploy"],
    });
    expect(await get("Deploy", "&environment=staging&statsPeriod=6h")).toEqual({
      status: 200,
      names: ["deploy"],
    });
  });
});
