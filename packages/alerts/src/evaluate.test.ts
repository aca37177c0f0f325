import { describe, expect, it } from "vitest";
import type { AlertRule } from "@sift/storage";
import {
  Counts,
  conditionsMayPass,
  countWindowsOf,
  distinctWindows,
  mayFire,
  ruleFires,
  stringMatches,
} from "./evaluate.js";
import type { EvalSubject, IssueTriggers } from "./evaluate.js";
import { CONDITIONS, FILTERS } from "./rule-ids.js";

const now = new Date("2026-12-01T12:00:00Z");
const rule = (over: Partial<AlertRule>): AlertRule => ({
  id: 1,
  organizationId: 1,
  projectId: 1,
  name: "r",
  environment: null,
  actionMatch: "all",
  filterMatch: "all",
  frequency: 30,
  conditions: [],
  filters: [],
  actions: [],
  owner: null,
  status: "active",
  dateAdded: now,
  lastFired: null,
  ...over,
});
const none: IssueTriggers = {
  isNew: false,
  isRegression: false,
  hasReappeared: false,
  isNewHighPriority: false,
};
const subject = (
  event: Record<string, unknown> | null = {},
  over: Partial<EvalSubject["issue"]> = {},
): EvalSubject => ({
  issue: {
    id: 7,
    status: "unresolved",
    timesSeen: 3,
    userCount: 2,
    firstSeen: new Date(now.getTime() - 2 * 3_600_000),
    category: 1,
    assigneeUserId: null,
    assigneeTeamId: null,
    ...over,
  },
  event,
  latestRelease: "1.0",
});

describe("conditions", () => {
  const frequency = rule({ conditions: [{ id: CONDITIONS.EVENT_FREQUENCY, value: 10, interval: "5m" }] });

  it("an event frequency condition passes strictly above its value", () => {
    const [window] = countWindowsOf(frequency, { id: 7, timesSeen: 50, userCount: 50 }, now);
    // Counting may stop at 11: the condition only asks whether there are more than 10.
    expect(window).toEqual({
      kind: "events",
      issueId: 7,
      from: new Date("2026-12-01T11:55:00Z"),
      to: null,
      limit: 11,
    });
    const counts = new Counts();
    counts.set(window!, 10);
    expect(ruleFires(frequency, none, subject(), counts, now)).toBe(false);
    counts.set(window!, 11);
    expect(ruleFires(frequency, none, subject(), counts, now)).toBe(true);
  });

  it("a percent condition compares with the window one comparison interval earlier", () => {
    const percent = rule({
      conditions: [
        {
          id: CONDITIONS.EVENT_FREQUENCY,
          value: 100,
          interval: "1h",
          comparisonType: "percent",
          comparisonInterval: "1d",
        },
      ],
    });
    const [current, previous] = countWindowsOf(percent, { id: 7, timesSeen: 50, userCount: 50 }, now);
    expect(previous).toEqual({
      kind: "events",
      issueId: 7,
      from: new Date("2026-11-30T11:00:00Z"),
      to: new Date("2026-11-30T12:00:00Z"),
      limit: null,
    });
    expect(current!.limit).toBeNull();
    const counts = new Counts();
    counts.set(current!, 20);
    counts.set(previous!, 10);
    expect(ruleFires(percent, none, subject(), counts, now)).toBe(false); // +100 % is not more than 100 %
    counts.set(current!, 21);
    expect(ruleFires(percent, none, subject(), counts, now)).toBe(true);
  });

  it("any / none combine the state conditions", () => {
    const conditions = [{ id: CONDITIONS.FIRST_SEEN }, { id: CONDITIONS.REGRESSION }];
    const regressed = { ...none, isRegression: true };
    expect(ruleFires(rule({ conditions }), regressed, subject(), new Counts(), now)).toBe(false);
    expect(ruleFires(rule({ conditions, actionMatch: "any" }), regressed, subject(), new Counts(), now)).toBe(
      true,
    );
    expect(ruleFires(rule({ conditions, actionMatch: "none" }), none, subject(), new Counts(), now)).toBe(
      true,
    );
  });

  it("an issue seen no more often than a frequency value needs no count for it", () => {
    expect(countWindowsOf(frequency, { id: 7, timesSeen: 10, userCount: 10 }, now)).toEqual([]);
    expect(countWindowsOf(frequency, { id: 7, timesSeen: 11, userCount: 11 }, now)).toHaveLength(1);
    const percent = rule({
      conditions: [
        {
          id: CONDITIONS.UNIQUE_USERS,
          value: 300,
          interval: "1h",
          comparisonType: "percent",
          comparisonInterval: "1d",
        },
      ],
    });
    // At most 3 × 100 % up: not more than 300 %.
    expect(countWindowsOf(percent, { id: 7, timesSeen: 3, userCount: 3 }, now)).toEqual([]);
    expect(countWindowsOf(percent, { id: 7, timesSeen: 4, userCount: 4 }, now).map((w) => w.kind)).toEqual([
      "users",
      "users",
    ]);
  });

  it("an issue with no more users than a users condition's value needs no count, whatever its events", () => {
    const users = rule({ conditions: [{ id: CONDITIONS.UNIQUE_USERS, value: 50, interval: "1h" }] });
    expect(countWindowsOf(users, { id: 7, timesSeen: 5_000, userCount: 50 }, now)).toEqual([]);
    expect(
      countWindowsOf(users, { id: 7, timesSeen: 5_000, userCount: 51 }, now).map((w) => w.limit),
    ).toEqual([51]);
    expect(countWindowsOf(frequency, { id: 7, timesSeen: 11, userCount: 0 }, now)).toHaveLength(1);
  });

  it("a window several rules ask for is counted once, to the largest limit", () => {
    const ten = countWindowsOf(frequency, { id: 7, timesSeen: 500, userCount: 500 }, now);
    const hundred = countWindowsOf(
      rule({ conditions: [{ id: CONDITIONS.EVENT_FREQUENCY, value: 100, interval: "5m" }] }),
      { id: 7, timesSeen: 500, userCount: 500 },
      now,
    );
    const other = countWindowsOf(frequency, { id: 8, timesSeen: 500, userCount: 500 }, now);
    expect(distinctWindows([...ten, ...hundred, ...ten, ...other]).map((w) => [w.issueId, w.limit])).toEqual([
      [7, 101],
      [8, 11],
    ]);
  });

  it("a rule that cannot fire whatever the counts is not counted for", () => {
    const newAndFrequent = rule({
      conditions: [
        { id: CONDITIONS.FIRST_SEEN },
        { id: CONDITIONS.EVENT_FREQUENCY, value: 10, interval: "1m" },
      ],
    });
    const busy = (event: Record<string, unknown> = {}, over: Partial<EvalSubject["issue"]> = {}) =>
      subject(event, { timesSeen: 50, userCount: 20, ...over });
    expect(mayFire(newAndFrequent, none, busy(), now)).toBe(false);
    expect(mayFire(newAndFrequent, { ...none, isNew: true }, busy(), now)).toBe(true);
    expect(mayFire({ ...newAndFrequent, actionMatch: "any" }, none, busy(), now)).toBe(true);
    expect(mayFire({ ...newAndFrequent, actionMatch: "none" }, { ...none, isNew: true }, busy(), now)).toBe(
      false,
    );
    // Seen 3 times: more than 10 events cannot be counted, so only the state conditions are left.
    expect(mayFire(newAndFrequent, { ...none, isNew: true }, subject(), now)).toBe(false);
    expect(mayFire({ ...newAndFrequent, actionMatch: "any" }, none, subject(), now)).toBe(false);
    expect(mayFire({ ...newAndFrequent, actionMatch: "any" }, { ...none, isNew: true }, subject(), now)).toBe(
      true,
    );
    expect(mayFire(frequency, none, busy({}, { status: "ignored" }), now)).toBe(false);
    expect(
      mayFire({ ...frequency, environment: "production" }, none, busy({ environment: "dev" }), now),
    ).toBe(false);
    const errorsOnly = { ...frequency, filters: [{ id: FILTERS.LEVEL, match: "gte", level: "40" }] };
    expect(mayFire(errorsOnly, none, busy({ level: "warning" }), now)).toBe(false);
    expect(mayFire(errorsOnly, none, busy({ level: "fatal" }), now)).toBe(true);
  });

  it("before the issue is loaded, its counters and what happened decide which rules stay open", () => {
    const users = rule({ conditions: [{ id: CONDITIONS.UNIQUE_USERS, value: 50, interval: "1h" }] });
    const counters = { timesSeen: 5_000, userCount: 50 };
    expect(conditionsMayPass(users, none, counters)).toBe(false);
    expect(conditionsMayPass(users, none, { ...counters, userCount: 51 })).toBe(true);
    const firstSeen = rule({ conditions: [{ id: CONDITIONS.FIRST_SEEN }] });
    expect(conditionsMayPass(firstSeen, none, counters)).toBe(false);
    expect(conditionsMayPass(firstSeen, { ...none, isNew: true }, counters)).toBe(true);
    expect(conditionsMayPass(rule({ actionMatch: "any" }), none, counters)).toBe(true);
  });

  it("a resolved issue never fires", () => {
    const r = rule({ conditions: [{ id: CONDITIONS.FIRST_SEEN }] });
    expect(
      ruleFires(r, { ...none, isNew: true }, subject({}, { status: "resolved" }), new Counts(), now),
    ).toBe(false);
  });
});

describe("filters", () => {
  const fires = (filters: AlertRule["filters"], event: Record<string, unknown>, over = {}) =>
    ruleFires(rule({ filters }), none, subject(event, over), new Counts(), now);

  it("level compares numerically", () => {
    const gteWarning = [{ id: FILTERS.LEVEL, match: "gte", level: "30" }];
    expect(fires(gteWarning, { level: "error" })).toBe(true);
    expect(fires(gteWarning, { level: "info" })).toBe(false);
  });

  it("tags and attributes match as Sentry's match types", () => {
    const tag = [{ id: FILTERS.TAGGED_EVENT, key: "browser", match: "sw", value: "chr" }];
    expect(fires(tag, { tags: [["browser", "Chrome 120"]] })).toBe(true);
    expect(fires(tag, { tags: { browser: "Firefox" } })).toBe(false);
    const attr = [
      { id: FILTERS.EVENT_ATTRIBUTE, attribute: "exception.type", match: "eq", value: "TypeError" },
    ];
    expect(fires(attr, { exception: { values: [{ type: "TypeError", value: "x" }] } })).toBe(true);
    expect(fires(attr, { exception: { values: [{ type: "ValueError" }] } })).toBe(false);
  });

  it("age, occurrences, assignee, latest release and category", () => {
    expect(fires([{ id: FILTERS.AGE, comparison_type: "older", value: 1, time: "hour" }], {})).toBe(true);
    expect(fires([{ id: FILTERS.AGE, comparison_type: "newer", value: 1, time: "hour" }], {})).toBe(false);
    expect(fires([{ id: FILTERS.OCCURRENCES, value: 4 }], {})).toBe(false);
    expect(
      fires(
        [{ id: FILTERS.ASSIGNED_TO, targetType: "Member", targetIdentifier: 5 }],
        {},
        { assigneeUserId: 5 },
      ),
    ).toBe(true);
    expect(fires([{ id: FILTERS.ASSIGNED_TO, targetType: "Unassigned" }], {}, { assigneeTeamId: 2 })).toBe(
      false,
    );
    expect(fires([{ id: FILTERS.LATEST_RELEASE }], { release: "1.0" })).toBe(true);
    expect(fires([{ id: FILTERS.LATEST_RELEASE }], { release: "0.9" })).toBe(false);
    expect(fires([{ id: FILTERS.ISSUE_CATEGORY, value: "2" }], {})).toBe(false);
  });

  it("an environment rule needs the event's environment", () => {
    const r = rule({ environment: "production" });
    expect(ruleFires(r, none, subject({ environment: "staging" }), new Counts(), now)).toBe(false);
    expect(ruleFires(r, none, subject({ environment: "production" }), new Counts(), now)).toBe(true);
  });

  it("string matching is case-insensitive; negatives hold for a missing value", () => {
    expect(stringMatches("co", "Hello World", "WORLD")).toBe(true);
    expect(stringMatches("nc", null, "x")).toBe(true);
    expect(stringMatches("is", "", "")).toBe(false);
  });
});
