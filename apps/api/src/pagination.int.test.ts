import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { createApiHarness, linkCursor } from "./test/harness.js";
import type { ApiHarness } from "./test/harness.js";

let h: ApiHarness;
const HOUR = 3_600_000;
const ISSUES = 12;
const fingerprints: string[] = [];

beforeAll(async () => {
  h = await createApiHarness();
  const start = h.clock.now().getTime() - 48 * HOUR;
  // Twelve issues with different first/last seen, counts and users; created one second apart, so
  // their inbox entries are ordered too.
  for (let k = 0; k < ISSUES; k++) {
    const fingerprint = `page-${k}`;
    fingerprints.push(fingerprint);
    const first = start + ((k * 7) % ISSUES) * HOUR;
    const count = 1 + ((k * 5) % 7);
    await h.ingest(
      Array.from({ length: count }, (_, i) => ({
        projectId: 1,
        fingerprint,
        time: new Date(first + i * 60_000 + ((k * 3) % 5) * HOUR),
        user: { id: `u${i % (1 + (k % 4))}` },
      })),
    );
    h.clock.advance(1_000);
  }
}, 120_000);

afterAll(async () => {
  await h?.destroy();
});

interface IssueJson {
  id: string;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  inbox?: { date_added: string };
}

type Sort = "date" | "new" | "freq" | "user" | "trends" | "inbox" | "recommended";

function sortValue(sort: Sort, issue: IssueJson): number | null {
  switch (sort) {
    case "date":
      return Date.parse(issue.lastSeen);
    case "new":
      return Date.parse(issue.firstSeen);
    case "freq":
      return Number(issue.count);
    case "user":
      return issue.userCount;
    case "inbox":
      return Date.parse(issue.inbox!.date_added);
    case "trends":
      return null; // the score is not part of the issue JSON
    case "recommended":
      // The documented formula: log2(1 + events) + log2(1 + users) + last seen (seconds) / 12 h.
      return (
        Math.log2(1 + Number(issue.count)) +
        Math.log2(1 + issue.userCount) +
        Date.parse(issue.lastSeen) / 1000 / 43200
      );
  }
}

async function page(sort: Sort, cursor: string | null): Promise<LightMyRequestResponse> {
  const params = new URLSearchParams({
    query: sort === "inbox" ? "is:for_review" : "",
    sort,
    limit: "4",
    expand: "inbox",
  });
  if (cursor) params.set("cursor", cursor);
  const res = await h.request("GET", `/api/0/organizations/acme/issues/?${params.toString()}`);
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** All issues as they are now, by id. */
async function snapshot(sort: Sort): Promise<Map<string, IssueJson>> {
  const params = new URLSearchParams({
    query: sort === "inbox" ? "is:for_review" : "",
    limit: "100",
    expand: "inbox",
  });
  const res = await h.request("GET", `/api/0/organizations/acme/issues/?${params.toString()}`);
  return new Map(res.json<IssueJson[]>().map((i) => [i.id, i]));
}

let newIssues = 0;

/** New occurrences between pages: one for an issue already shown, one for an issue not shown yet, one new issue. */
async function trafficBetweenPages(seen: Set<string>, all: Map<string, IssueJson>): Promise<Set<string>> {
  h.clock.advance(2_000);
  const now = h.clock.now();
  const shown = [...seen][0]!;
  const unseen = [...all.keys()].find((id) => !seen.has(id));
  const byId = new Map<string, string>();
  const details = await Promise.all(
    [shown, ...(unseen ? [unseen] : [])].map(async (id) => {
      const res = await h.request("GET", `/api/0/organizations/acme/issues/${id}/`);
      return { id, title: res.json<{ title: string }>().title };
    }),
  );
  for (const d of details) byId.set(d.id, d.title.replace("Issue ", ""));
  newIssues += 1;
  await h.ingest([
    ...details.map((d) => ({
      projectId: 1,
      fingerprint: byId.get(d.id)!,
      time: now,
      user: { id: `late-${newIssues}` },
    })),
    { projectId: 1, fingerprint: `late-issue-${newIssues}`, time: now },
  ]);
  return new Set(details.map((d) => d.id));
}

describe("cursor walks", () => {
  it.each<Sort>(["date", "new", "freq", "user", "trends", "inbox", "recommended"])(
    "sort=%s: three pages never repeat an issue nor skip one whose sort value did not change",
    async (sort) => {
      const before = await snapshot(sort);
      expect(before.size).toBeGreaterThanOrEqual(ISSUES);
      const seen = new Set<string>();
      const changed = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      for (;;) {
        const res = await page(sort, cursor);
        const body = res.json<IssueJson[]>();
        expect(body.length).toBeLessThanOrEqual(4);
        // Ordered by the sort, descending, within the page.
        const values = body.map((i) => sortValue(sort, i));
        if (values.every((v) => v !== null)) {
          for (let i = 1; i < values.length; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]!);
        }
        for (const issue of body) {
          expect(seen.has(issue.id), `issue ${issue.id} repeated on page ${pages + 1}`).toBe(false);
          seen.add(issue.id);
        }
        pages += 1;
        const next = linkCursor(res, "next");
        if (pages === 1) expect(linkCursor(res, "previous").results).toBe(false);
        else expect(linkCursor(res, "previous").results).toBe(true);
        if (!next.results) break;
        expect(pages).toBeLessThan(8);
        if (pages <= 2) for (const id of await trafficBetweenPages(seen, before)) changed.add(id);
        cursor = next.cursor;
      }
      expect(pages).toBeGreaterThanOrEqual(3);
      for (const id of before.keys()) {
        if (!changed.has(id))
          expect(seen.has(id), `issue ${id} with an unchanged sort value was skipped`).toBe(true);
      }
    },
  );

  it("a previous cursor walks back to the page before", async () => {
    const first = await page("freq", null);
    const second = await page("freq", linkCursor(first, "next").cursor);
    const back = await page("freq", linkCursor(second, "previous").cursor);
    expect(back.json<IssueJson[]>().map((i) => i.id)).toEqual(first.json<IssueJson[]>().map((i) => i.id));
    expect(linkCursor(back, "next").results).toBe(true);
  });
});
