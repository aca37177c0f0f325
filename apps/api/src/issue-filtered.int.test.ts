import { beforeAll, describe, expect, it } from "vitest";
import { issueRow, useApiHarness } from "./test/harness.js";

const id: Record<string, number> = {};
const NOW = new Date("2026-11-27T12:30:00Z");
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
const hourOf = (d: Date) => Math.floor(d.getTime() / HOUR) * (HOUR / 1000);

const h = await useApiHarness({ now: NOW });

beforeAll(async () => {
  // `both`: two staging events 5 h ago (users a, b), one production event 1 h ago (user c).
  // `prod`: production only, 3 h ago.
  await h.ingest([
    { projectId: 1, fingerprint: "both", time: ago(5), environment: "staging", user: { id: "a" } },
    { projectId: 1, fingerprint: "both", time: ago(5), environment: "staging", user: { id: "b" } },
    { projectId: 1, fingerprint: "both", time: ago(1), environment: "production", user: { id: "c" } },
    { projectId: 1, fingerprint: "prod", time: ago(3), environment: "production", user: { id: "a" } },
  ]);
  for (const name of ["both", "prod"]) id[name] = (await issueRow(h.db, 1, name))!.id;
});

interface IssueJson {
  id: string;
  count: string;
  filtered?: {
    count: string;
    userCount: number;
    firstSeen: string | null;
    lastSeen: string | null;
    stats: Record<string, [number, number][]>;
  } | null;
}

async function list(params: string): Promise<Map<number, IssueJson>> {
  const res = await h.request("GET", `/api/0/organizations/acme/issues/?query=&${params}`);
  expect(res.statusCode, res.body).toBe(200);
  return new Map(res.json<IssueJson[]>().map((i) => [Number(i.id), i]));
}

/** The non-zero buckets of a series. */
const nonZero = (series: [number, number][]) => series.filter(([, n]) => n > 0);

describe("filtered", () => {
  it("counts the events in the selected environments and window, with their users and stats", async () => {
    const staging = await list("environment=staging&statsPeriod=6h");
    expect([...staging.keys()]).toEqual([id.both]);
    const filtered = staging.get(id.both!)!.filtered!;
    expect(filtered).toMatchObject({
      count: "2",
      userCount: 2,
      firstSeen: ago(5).toISOString(),
      lastSeen: ago(5).toISOString(),
    });
    expect(nonZero(filtered.stats["24h"]!)).toEqual([[hourOf(ago(5)), 2]]);
    expect(filtered.stats["24h"]).toHaveLength(24);
    // The lifetime count is the issue's, all environments.
    expect(staging.get(id.both!)!.count).toBe("3");

    const production = await list("environment=production&statsPeriod=4h");
    expect(production.get(id.both!)!.filtered).toMatchObject({
      count: "1",
      userCount: 1,
      firstSeen: ago(1).toISOString(),
    });
    expect(production.get(id.prod!)!.filtered).toMatchObject({ count: "1", userCount: 1 });
  });

  it("a window alone filters too; environments and window are judged together", async () => {
    const recent = await list("statsPeriod=2h");
    expect([...recent.keys()]).toEqual([id.both]);
    expect(recent.get(id.both!)!.filtered).toMatchObject({ count: "1", userCount: 1 });
    // Seen in staging 5 h ago and in production 1 h ago: not a staging issue of the last 2 hours.
    expect([...(await list("environment=staging&statsPeriod=2h")).keys()]).toEqual([]);
  });

  it("is null without environments or a window, and absent with collapse=filtered", async () => {
    const plain = await list("");
    expect(plain.get(id.both!)!.filtered).toBeNull();
    const collapsed = await list("environment=staging&collapse=filtered");
    expect("filtered" in collapsed.get(id.both!)!).toBe(false);
  });

  it("issue details count under their environment", async () => {
    const res = await h.request("GET", `/api/0/issues/${id.both}/?environment=staging`);
    expect(res.statusCode).toBe(200);
    expect(res.json<IssueJson>().filtered).toMatchObject({ count: "2", userCount: 2 });
    const all = await h.request("GET", `/api/0/issues/${id.both}/`);
    expect(all.json<IssueJson>().filtered).toBeNull();
  });
});
