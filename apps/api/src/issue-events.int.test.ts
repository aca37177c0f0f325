import { beforeAll, describe, expect, it } from "vitest";
import { issueRow, linkCursor, useApiHarness } from "./test/harness.js";
import type { OccurrenceSpec } from "./test/generate.js";

let issueId: number;
const NOW = new Date("2026-11-27T12:00:00Z");
const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 27, hour, minute));
const id = (c: string) => c.repeat(32);

/** The events of one issue; their ids say which is which. */
const E0 = id("0");
const E1 = id("1");
const E2 = id("2");
const E3 = id("3");
const A = id("a");
const B = id("b");

const event = (eventId: string, time: Date, over: Partial<OccurrenceSpec>): OccurrenceSpec => ({
  projectId: 1,
  fingerprint: "timeline",
  eventId,
  time,
  environment: "production",
  ...over,
});

const h = await useApiHarness({ now: NOW });

beforeAll(async () => {
  await h.ingest([
    event(E1, at(9), {
      release: "web@1.0.0",
      user: { id: 7, email: "ada@example.test" },
      tags: { browser: "Firefox" },
      subtitle: "checkout failed",
    }),
    event(E2, at(10), {
      environment: "staging",
      release: "web@1.1.0",
      level: "warning",
      user: { email: "bob@example.test" },
      tags: { browser: "Chrome" },
    }),
    event(E3, at(11), { release: "web@1.1.0", tags: { browser: "Chrome" }, title: "Payment timeout" }),
  ]);
  // Received last, but its own timestamp is the earliest: it is the oldest event.
  await h.ingest([event(E0, at(8), { environment: "staging" })]);
  // Two events with one timestamp in one request: ordered by event id.
  await h.ingest([event(A, at(11, 30), {}), event(B, at(11, 30), {})]);
  issueId = (await issueRow(h.db, 1, "timeline"))!.id;
});

interface EventJson {
  eventID: string;
  previousEventID: string | null;
  nextEventID: string | null;
  [key: string]: unknown;
}

async function list(query = ""): Promise<EventJson[]> {
  const res = await h.request("GET", `/api/0/organizations/acme/issues/${issueId}/events/${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<EventJson[]>();
}
const eventIds = async (query = "") => (await list(query)).map((e) => e.eventID);
const q = (text: string) => `?query=${encodeURIComponent(text)}`;

describe("an issue's events", () => {
  it("are newest first by their own timestamp, events of one instant by event id", async () => {
    expect(await eventIds()).toEqual([B, A, E3, E2, E1, E0]);
    expect(await eventIds("?sort=timestamp")).toEqual([E0, E1, E2, E3, A, B]);
    expect(await eventIds("?sort=-timestamp")).toEqual([B, A, E3, E2, E1, E0]);
  });

  it("each names its neighbours: previousEventID older, nextEventID newer", async () => {
    const neighbours = (events: EventJson[]) =>
      events.map((e) => [e.eventID, e.previousEventID, e.nextEventID]);
    const newestFirst = [
      [B, A, null],
      [A, E3, B],
      [E3, E2, A],
      [E2, E1, E3],
      [E1, E0, E2],
      [E0, null, E1],
    ];
    expect(neighbours(await list())).toEqual(newestFirst);
    // Oldest first, each event keeps the same neighbours.
    expect(neighbours(await list("?sort=timestamp"))).toEqual([...newestFirst].reverse());
  });

  it("pages keep the neighbours across page edges", async () => {
    const first = await h.request("GET", `/api/0/issues/${issueId}/events/?per_page=4`);
    const next = linkCursor(first, "next");
    expect(next.results).toBe(true);
    const second = await h.request(
      "GET",
      `/api/0/issues/${issueId}/events/?per_page=4&cursor=${next.cursor}`,
    );
    expect(second.json<EventJson[]>().map((e) => [e.eventID, e.previousEventID, e.nextEventID])).toEqual([
      [E1, E0, E2],
      [E0, null, E1],
    ]);
    expect(first.json<EventJson[]>().at(-1)).toMatchObject({ eventID: E2, previousEventID: E1 });
  });

  it.each([
    ["environment:staging", [E2, E0]],
    ["!environment:production", [E2, E0]],
    ["environment:[staging, production] level:warning", [E2]],
    ["release:web@1.1.0", [E3, E2]],
    ["release:web@1.0*", [E1]],
    ["level:warning", [E2]],
    ["level:error release:web@1.1.0", [E3]],
    ["user.email:ada@example.test", [E1]],
    ["user.id:7", [E1]],
    ["has:user", [E2, E1]],
    ["browser:Chrome", [E3, E2]],
    ["tags[browser]:Firefox", [E1]],
    ["browser:Chrome OR release:web@1.0.0", [E3, E2, E1]],
    ["payment", [E3]],
    ['"checkout failed"', [E1]],
    ["missing", []],
  ])("query %s returns exactly the matching events", async (text, expected) => {
    expect(await eventIds(q(text))).toEqual(expected);
  });

  it("neighbours follow the filters", async () => {
    const staging = await list(q("environment:staging"));
    expect(staging.map((e) => [e.eventID, e.previousEventID, e.nextEventID])).toEqual([
      [E2, E0, null],
      [E0, null, E2],
    ]);
  });

  it("the environment parameter selects events; an unknown environment is a 404", async () => {
    expect(await eventIds("?environment=staging")).toEqual([E2, E0]);
    expect(await eventIds("?environment=staging&environment=production")).toEqual([B, A, E3, E2, E1, E0]);
    const res = await h.request("GET", `/api/0/issues/${issueId}/events/?environment=nowhere`);
    expect(res.statusCode).toBe(404);
  });

  it("statsPeriod and start/end window the events by their own timestamps", async () => {
    expect(await eventIds("?statsPeriod=2h")).toEqual([B, A, E3, E2]);
    const start = at(8, 30).toISOString();
    const end = at(10, 30).toISOString();
    expect(await eventIds(`?start=${start}&end=${end}`)).toEqual([E2, E1]);
    expect(await eventIds(`?statsPeriod=3h${q("environment:staging").replace("?", "&")}`)).toEqual([E2]);
  });

  it.each([
    ["?query=is:unresolved", "Error parsing search query: status is not a filter of an issue's events"],
    ["?query=assigned:me", "Error parsing search query: assigned is not a filter of an issue's events"],
    [
      "?query=release:latest",
      "Error parsing search query: release:latest is not a filter of an issue's events",
    ],
    ["?sort=freq", "Error parsing search query: Sort key 'freq' not supported."],
    ["?statsPeriod=soon", "Invalid statsPeriod"],
    ["?start=2026-11-27T00:00:00Z", "start and end are both required"],
  ])("%s is a 400", async (query, detail) => {
    const res = await h.request("GET", `/api/0/issues/${issueId}/events/${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ detail });
  });
});

describe("latest, oldest and recommended events", () => {
  const one = async (which: string, query = "") => {
    const res = await h.request(
      "GET",
      `/api/0/organizations/acme/issues/${issueId}/events/${which}/${query}`,
    );
    return { status: res.statusCode, body: res.json<EventJson>() };
  };

  it("go by the event's own timestamp, not by when it was received", async () => {
    expect((await one("latest")).body).toMatchObject({ eventID: B, previousEventID: A, nextEventID: null });
    expect((await one("oldest")).body).toMatchObject({ eventID: E0, previousEventID: null, nextEventID: E1 });
    expect((await one("recommended")).body).toMatchObject({ eventID: B });
  });

  it("honour environment, for the event and its neighbours", async () => {
    expect((await one("latest", "?environment=staging")).body).toMatchObject({
      eventID: E2,
      previousEventID: E0,
      nextEventID: null,
    });
    expect((await one("oldest", "?environment=production")).body).toMatchObject({
      eventID: E1,
      previousEventID: null,
      nextEventID: E3,
    });
    expect((await one("recommended", "?environment=staging")).body.eventID).toBe(E2);
    expect((await one(E3, "?environment=production")).body).toMatchObject({
      eventID: E3,
      previousEventID: E1,
      nextEventID: A,
    });
    for (const which of ["latest", "oldest", "recommended", E3])
      expect((await one(which, "?environment=nowhere")).status).toBe(404);
  });

  it("an event by id names its neighbours", async () => {
    expect((await one(E2)).body).toMatchObject({ eventID: E2, previousEventID: E1, nextEventID: E3 });
  });

  it("carry the fields of Sentry's event document with Sentry's empty values", async () => {
    const { body } = await one(E1);
    expect(body).toMatchObject({
      errors: [],
      context: {},
      packages: {},
      metadata: {},
      userReport: null,
      sdkUpdates: [],
      crashFile: null,
      resolvedWith: [],
      _meta: {},
      platform: "python",
      user: {
        id: "7",
        email: "ada@example.test",
        username: null,
        ip_address: null,
        name: null,
        geo: null,
        data: null,
      },
    });
    const stored = await h.db("events").where({ event_id: E1 }).first<{ data: unknown }>("data");
    expect(body.size).toBe(Buffer.byteLength(JSON.stringify(stored!.data)));
  });
});

describe("issue details", () => {
  it("answer 404 for an unknown environment, as the list does", async () => {
    const url = `/api/0/organizations/acme/issues/${issueId}/`;
    expect((await h.request("GET", `${url}?environment=nowhere`)).statusCode).toBe(404);
    expect((await h.request("GET", `${url}?environment=staging`)).statusCode).toBe(200);
  });
});
