import { GroupCategory, groupTypes } from "@sift/schemas";
import { describe, expect, it } from "vitest";

import { SearchError } from "./errors.js";
import { convertSearchQuery } from "./filters.js";
import type { IssueCondition } from "./filters.js";
import { parseSearchQuery } from "./parser.js";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const convert = (text: string): IssueCondition | null =>
  convertSearchQuery(parseSearchQuery(text, { now: NOW }), { now: NOW });

function convertError(text: string): SearchError {
  try {
    convert(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SearchError);
    return error as SearchError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

const statusIn = (...values: number[]): IssueCondition => ({ type: "in", column: "status", values });
const substatusIn = (...values: number[]): IssueCondition => ({ type: "in", column: "substatus", values });
const not = (child: IssueCondition): IssueCondition => ({ type: "not", child });

describe("convertSearchQuery: status and substatus", () => {
  it("an empty query has no conditions", () => {
    expect(convert("")).toBeNull();
  });

  it("status names and ints", () => {
    expect(convert("is:unresolved")).toEqual(statusIn(0));
    expect(convert("is:archived")).toEqual(statusIn(2));
    expect(convert("status:[resolved, 6]")).toEqual(statusIn(1, 6));
    expect(convert("!status:ignored")).toEqual(not(statusIn(2)));
  });

  it("rejects an unknown status", () => {
    const error = convertError("is:new status:closed");
    expect([error.message, error.column]).toEqual(["invalid status value of 'closed'", 8]);
    expect(convertError("status:9").message).toBe("invalid status value of '9'");
  });

  it("substatus names and ints; unknown ones rejected", () => {
    expect(convert("substatus:[ongoing, 7] status:unresolved")).toEqual({
      type: "and",
      children: [substatusIn(3, 7), statusIn(0)],
    });
    expect(convertError("substatus:sleeping").message).toBe("invalid substatus value of 'sleeping'");
  });

  it("substatus implies status: the first equality substatus gives status IN", () => {
    expect(convert("is:ongoing")).toEqual({ type: "and", children: [substatusIn(3), statusIn(0)] });
    expect(convert("is:archived_forever")).toEqual({ type: "and", children: [substatusIn(5), statusIn(2)] });
    expect(convert("!is:regressed is:archived_until_condition_met")).toEqual({
      type: "and",
      children: [not(substatusIn(6)), substatusIn(4), statusIn(2)],
    });
  });

  it("substatus implies status: else the first inequality gives status NOT IN", () => {
    expect(convert("!is:regressed !is:archived_until_escalating")).toEqual({
      type: "and",
      children: [not(substatusIn(6)), not(substatusIn(1)), not(statusIn(0))],
    });
  });

  it("an explicit status filter suppresses the implied one", () => {
    expect(convert("is:ongoing is:resolved")).toEqual({
      type: "and",
      children: [substatusIn(3), statusIn(1)],
    });
  });

  it("each side of an OR implies its own status", () => {
    expect(convert("is:ongoing OR is:archived_forever")).toEqual({
      type: "or",
      children: [
        { type: "and", children: [substatusIn(3), statusIn(0)] },
        { type: "and", children: [substatusIn(5), statusIn(2)] },
      ],
    });
  });
});

describe("convertSearchQuery: priority, category, type, level", () => {
  it("priority names, case-insensitive", () => {
    expect(convert("issue.priority:[high, Medium, low]")).toEqual({
      type: "in",
      column: "priority",
      values: [75, 50, 25],
    });
    const error = convertError("issue.priority:urgent");
    expect([error.message, error.column]).toEqual(["Invalid priority value of 'urgent'", 1]);
  });

  it("a category is every type id in it", () => {
    expect(convert("issue.category:Cron")).toEqual({
      type: "in",
      column: "type",
      values: [4001, 4002, 4003],
    });
    expect(convert("issue.category:[error, uptime]")).toEqual({
      type: "in",
      column: "type",
      values: [1, ...groupTypes.idsInCategory(GroupCategory.UPTIME)],
    });
    expect(convertError("issue.category:bugs").message).toBe("Invalid category value of 'bugs'");
  });

  it("a type slug is its id (the last registered one for a shared slug)", () => {
    expect(convert("issue.type:[error, performance_n_plus_one_db_queries]")).toEqual({
      type: "in",
      column: "type",
      values: [1, 1006],
    });
    expect(convert("issue.type:monitor_check_in_failure")).toEqual({
      type: "in",
      column: "type",
      values: [4003],
    });
    expect(convertError("issue.type:nope").message).toBe("Invalid type value of 'nope'");
  });

  it("level names; an unknown level matches nothing", () => {
    expect(convert("level:[error, fatal]")).toEqual({ type: "in", column: "level", values: [40, 50] });
    expect(convert("level:loud")).toEqual({ type: "in", column: "level", values: [-1] });
  });
});

describe("convertSearchQuery: assignment and flags", () => {
  it("assigned targets", () => {
    expect(
      convert("assigned:[me, my_teams, none, #backend, user:12, team:3, jane@example.com, user:x]"),
    ).toEqual({
      type: "assignee",
      targets: [
        { kind: "me" },
        { kind: "my_teams" },
        { kind: "none" },
        { kind: "team_slug", slug: "backend" },
        { kind: "user_id", id: 12 },
        { kind: "team_id", id: 3 },
        { kind: "user", name: "jane@example.com" },
        { kind: "user_id", id: 0 },
      ],
    });
    expect(convert("!assigned_or_suggested:me")).toEqual(
      not({ type: "assignee", targets: [{ kind: "me" }] }),
    );
  });

  it("is:assigned / is:unassigned / is:for_review", () => {
    expect(convert("is:unassigned")).toEqual({ type: "unassigned" });
    expect(convert("is:assigned")).toEqual(not({ type: "unassigned" }));
    expect(convert("!is:assigned")).toEqual({ type: "unassigned" });
    expect(convert("is:for_review")).toEqual({ type: "for_review" });
    expect(convert("!is:for_review")).toEqual(not({ type: "for_review" }));
  });

  it("nothing is linked in Sift", () => {
    expect(convert("is:linked")).toEqual({ type: "constant", value: false });
    expect(convert("is:unlinked")).toEqual({ type: "constant", value: true });
  });

  it("bookmarks and subscriptions name users: me, an id, a username or email; a team names no one", () => {
    const bookmarked = (targets: unknown[]) => ({ type: "user_relation", relation: "bookmarked", targets });
    expect(convert("bookmarks:me")).toEqual(bookmarked([{ kind: "me" }]));
    expect(convert("is:bookmarked")).toEqual(bookmarked([{ kind: "me" }]));
    expect(convert("bookmarked_by:[user:7, ann@acme.test, #backend]")).toEqual(
      bookmarked([
        { kind: "user_id", id: 7 },
        { kind: "user", name: "ann@acme.test" },
        { kind: "user_id", id: 0 },
      ]),
    );
    expect(convert("!subscribed:me")).toEqual(
      not({ type: "user_relation", relation: "subscribed", targets: [{ kind: "me" }] }),
    );
    expect(convert("!is:subscribed")).toEqual(
      not({ type: "user_relation", relation: "subscribed", targets: [{ kind: "me" }] }),
    );
  });
});

describe("convertSearchQuery: releases, environments, projects, text", () => {
  it("release versions, latest and wildcards", () => {
    expect(convert("release:[latest, 1.*, 2.0]")).toEqual({
      type: "release",
      matches: [{ kind: "latest" }, { kind: "like", pattern: "1.%" }, { kind: "exact", value: "2.0" }],
    });
    expect(convert("!firstRelease:1.0")).toEqual(
      not({ type: "first_release", matches: [{ kind: "exact", value: "1.0" }] }),
    );
    expect(convert("regressed_in_release:latest")).toEqual({
      type: "regressed_in_release",
      matches: [{ kind: "latest" }],
    });
  });

  it("an escaped asterisk is a literal one", () => {
    expect(convert("environment:a\\*b")).toEqual({
      type: "environment",
      matches: [{ kind: "exact", value: "a*b" }],
    });
  });

  it("projects by id or slug", () => {
    expect(convert("project:[12, web]")).toEqual({ type: "project", ids: [12], slugs: ["12", "web"] });
  });

  it("free text is a case-insensitive substring pattern with LIKE metacharacters escaped", () => {
    expect(convert("100% of_users")).toEqual({ type: "text", patterns: ["%100\\% of\\_users%"] });
    expect(convert("Type*Error")).toEqual({ type: "text", patterns: ["%Type%Error%"] });
    expect(convert("!message:timeout")).toEqual(not({ type: "text", patterns: ["%timeout%"] }));
  });

  it("has: on fields", () => {
    expect(convert("has:release !has:user")).toEqual({
      type: "and",
      children: [{ type: "has", key: "release" }, not({ type: "has", key: "user" })],
    });
  });
});

describe("convertSearchQuery: numbers and dates", () => {
  it("times_seen and issue.id comparisons and lists", () => {
    expect(convert("times_seen:>1k")).toEqual({
      type: "compare",
      column: "times_seen",
      operator: ">",
      value: 1000,
    });
    expect(convert("!issue.id:[1, 2]")).toEqual(not({ type: "in", column: "id", values: [1, 2] }));
  });

  it("relative dates resolve against now", () => {
    expect(convert("age:-24h")).toEqual({
      type: "first_seen",
      bounds: [{ operator: ">=", value: new Date("2024-05-31T12:00:00.000Z") }],
    });
    expect(convert("lastSeen:+1w")).toEqual({
      type: "compare",
      column: "last_seen",
      operator: "<=",
      value: new Date("2024-05-25T12:00:00.000Z"),
    });
  });

  it("a day is a range on one condition, negated as a whole", () => {
    expect(convert("!age:2024-01-01")).toEqual(
      not({
        type: "first_seen",
        bounds: [
          { operator: ">=", value: new Date("2024-01-01T00:00:00Z") },
          { operator: "<", value: new Date("2024-01-02T00:00:00Z") },
        ],
      }),
    );
    expect(convert("date:2024-01-01")).toEqual({
      type: "and",
      children: [
        { type: "event_date", operator: ">=", value: new Date("2024-01-01T00:00:00Z") },
        { type: "event_date", operator: "<", value: new Date("2024-01-02T00:00:00Z") },
      ],
    });
  });
});
