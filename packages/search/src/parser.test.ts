import { describe, expect, it } from "vitest";

import type { SearchFilter, SearchNode } from "./ast.js";
import { SearchError } from "./errors.js";
import { DEFAULT_ISSUE_QUERY } from "@sift/schemas";
import { parseSearchQuery } from "./parser.js";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const parse = (text: string): SearchNode | null => parseSearchQuery(text, { now: NOW }).root;

/** The tree without source positions, for compact expectations. */
function shape(node: SearchNode | null): unknown {
  if (!node) return null;
  if (node.type === "has") return { has: node.key, negated: node.negated };
  if (node.type === "filter") return [node.key, node.operator, node.value];
  return { [node.type]: node.children.map(shape) };
}

const text = (value: string) => ({ kind: "text", value });
const msg = (value: string) => ["message", "=", text(value)];
const boolean = (value: boolean) => ({ kind: "boolean", value });
const textList = (...values: string[]) => ({ kind: "textList", values });
const date = (iso: string) => ({ kind: "date", value: new Date(iso) });
const relativeDate = (amountMs: number) => ({ kind: "relativeDate", amountMs });

function parseError(query: string): SearchError {
  try {
    parseSearchQuery(query, { now: NOW });
  } catch (error) {
    expect(error).toBeInstanceOf(SearchError);
    return error as SearchError;
  }
  throw new Error(`expected ${JSON.stringify(query)} to fail`);
}

describe("parseSearchQuery: terms", () => {
  it("an empty or blank query has no filters", () => {
    expect(parse("")).toBeNull();
    expect(parse("   ")).toBeNull();
  });

  it("parses the default query into status and priority filters", () => {
    expect(shape(parse(DEFAULT_ISSUE_QUERY))).toEqual({
      and: [
        ["status", "=", text("unresolved")],
        ["issue.priority", "IN", textList("high", "medium")],
      ],
    });
  });

  it("space-separated terms AND together and carry their 1-based column", () => {
    const root = parse("is:resolved  release:1.0");
    expect(root?.type).toBe("and");
    const [a, b] = (root as { children: SearchFilter[] }).children;
    expect([a!.column, a!.text]).toEqual([1, "is:resolved"]);
    expect([b!.column, b!.text]).toEqual([14, "release:1.0"]);
  });

  it("negation turns = into != and lists into NOT IN", () => {
    expect(shape(parse("!release:1.0"))).toEqual(["release", "!=", text("1.0")]);
    expect(shape(parse("!environment:[prod, dev]"))).toEqual([
      "environment",
      "NOT IN",
      textList("prod", "dev"),
    ]);
  });

  it('quoted values keep spaces and unescape \\"', () => {
    expect(shape(parse('release:"my release"'))).toEqual(["release", "=", text("my release")]);
    expect(shape(parse('message:"say \\"hi\\" now"'))).toEqual(["message", "=", text('say "hi" now')]);
    expect(shape(parse('release:""'))).toEqual(["release", "=", text("")]);
  });

  it("escaped quotes inside a bare value are allowed and unescaped", () => {
    expect(shape(parse('release:a\\"b'))).toEqual(["release", "=", text('a"b')]);
  });

  it("lists take quoted items, with or without spaces after commas", () => {
    expect(shape(parse('release:[1.0,"2 0",  3]'))).toEqual(["release", "IN", textList("1.0", "2 0", "3")]);
  });

  it("a malformed list is a plain value, as in the reference", () => {
    expect(shape(parse("release:[a,,b]"))).toEqual(["release", "=", text("[a,,b]")]);
  });

  it("an operator on a text key is folded into the value", () => {
    expect(shape(parse("release:>1.0"))).toEqual(["release", "=", text(">1.0")]);
    expect(shape(parse("release:!=1.0"))).toEqual(["release", "!=", text("1.0")]);
    expect(shape(parse("!release:<=1.0"))).toEqual(["release", "!=", text("<=1.0")]);
    // The reference keeps != when negating != (its negation map has no pair for it).
    expect(shape(parse("!release:!=1.0"))).toEqual(["release", "!=", text("1.0")]);
  });

  it("resolves every key alias of the reference", () => {
    const cases: [string, string][] = [
      ["assigned:me", "assigned_to"],
      ["bookmarks:me", "bookmarked_by"],
      ["subscribed:me", "subscribed_by"],
      ["first-release:1.0", "first_release"],
      ["firstRelease:1.0", "first_release"],
      ["age:-1h", "first_seen"],
      ["firstSeen:-1h", "first_seen"],
      ["lastSeen:-1h", "last_seen"],
      ["event.timestamp:-1h", "date"],
      ["timesSeen:5", "times_seen"],
    ];
    for (const [query, key] of cases) expect((parse(query) as SearchFilter).key, query).toBe(key);
  });
});

describe("parseSearchQuery: is:", () => {
  /** A status or substatus word: `is:<word>` filters `key` by the word itself. */
  const byWord = (key: string, words: string[]) =>
    words.map((word): [string, string, unknown] => [word, key, text(word)]);
  const cases: [string, string, unknown][] = [
    ["assigned", "unassigned", boolean(false)],
    ["unassigned", "unassigned", boolean(true)],
    ["for_review", "for_review", boolean(true)],
    ["linked", "linked", boolean(true)],
    ["unlinked", "linked", boolean(false)],
    ...byWord("status", ["resolved", "unresolved", "ignored", "archived", "muted", "reprocessing"]),
    // The substatuses of an ignored issue, then those of an unresolved one.
    ...byWord("substatus", ["archived_until_escalating", "archived_until_condition_met", "archived_forever"]),
    ...byWord("substatus", ["escalating", "ongoing", "regressed", "new"]),
  ];

  it.each(cases)("is:%s becomes %s", (value, key, expected) => {
    expect(shape(parse(`is:${value}`))).toEqual([key, "=", expected]);
    expect(shape(parse(`!is:${value}`))).toEqual([key, "!=", expected]);
  });

  it("rejects an unknown value with the list of valid ones", () => {
    const error = parseError("is:unresolved is:nope");
    expect(error.message).toBe(
      "Invalid value for \"is\" search, valid values are ['archived', 'archived_forever', " +
        "'archived_until_condition_met', 'archived_until_escalating', 'assigned', 'bookmarked', 'escalating', " +
        "'for_review', 'ignored', 'linked', 'muted', 'new', 'ongoing', 'regressed', 'reprocessing', 'resolved', " +
        "'subscribed', 'unassigned', 'unlinked', 'unresolved']",
    );
    expect(error.column).toBe(15);
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.retryable).toBe(false);
  });

  it("rejects the list syntax", () => {
    const error = parseError("is:[resolved, unresolved]");
    expect([error.message, error.column]).toEqual(['"in" syntax invalid for "is" search', 1]);
  });
});

describe("parseSearchQuery: has:", () => {
  it("has:key and !has:key on fields Sift has, aliases resolved", () => {
    expect(shape(parse("has:release"))).toEqual({ has: "release", negated: false });
    expect(shape(parse("!has:environment"))).toEqual({ has: "environment", negated: true });
    expect(shape(parse("has:assigned"))).toEqual({ has: "assigned_to", negated: false });
    expect(shape(parse("has:user"))).toEqual({ has: "user", negated: false });
  });

  it("rejects has: on something that is not a key, and on keys without a has: meaning", () => {
    expect(parseError("has:").message).toBe(
      'Invalid format for "has" search: was expecting a field or tag instead',
    );
    const error = parseError("is:new has:browser");
    expect(error.message).toMatch(/^Invalid key for "has" search: browser\. Sift supports "has" on \[/);
    expect(error.column).toBe(8);
  });
});

describe("parseSearchQuery: numbers", () => {
  it("takes operators and k / m / b suffixes", () => {
    expect(shape(parse("times_seen:>1k"))).toEqual(["times_seen", ">", { kind: "number", value: 1000 }]);
    expect(shape(parse("times_seen:<=2.5m"))).toEqual([
      "times_seen",
      "<=",
      { kind: "number", value: 2_500_000 },
    ]);
    expect(shape(parse("times_seen:1b"))).toEqual(["times_seen", "=", { kind: "number", value: 1e9 }]);
    expect(shape(parse("times_seen:>=10"))).toEqual(["times_seen", ">=", { kind: "number", value: 10 }]);
    expect(shape(parse("issue.id:!=7"))).toEqual(["issue.id", "!=", { kind: "number", value: 7 }]);
  });

  it("negation flips the comparison as the reference does", () => {
    expect(shape(parse("!times_seen:>5"))).toEqual(["times_seen", "<=", { kind: "number", value: 5 }]);
    expect(shape(parse("!times_seen:<5"))).toEqual(["times_seen", ">=", { kind: "number", value: 5 }]);
    expect(shape(parse("!times_seen:5"))).toEqual(["times_seen", "!=", { kind: "number", value: 5 }]);
  });

  it("lists of numbers", () => {
    expect(shape(parse("times_seen:[1, 2k]"))).toEqual([
      "times_seen",
      "IN",
      { kind: "numberList", values: [1, 2000] },
    ]);
  });

  it("an invalid number names the key and the value with its operator", () => {
    const error = parseError("is:new timesSeen:>abc");
    expect(error.message).toBe(
      "times_seen: Invalid number: >abc. Expected number then optional k, m, or b suffix (e.g. 500k).",
    );
    expect(error.column).toBe(8);
    expect(parseError('times_seen:"5"').message).toMatch(/^times_seen: Invalid number: 5\./);
  });
});

describe("parseSearchQuery: dates", () => {
  it("a bare day is that whole UTC day", () => {
    expect(shape(parse("age:2024-01-01"))).toEqual([
      "first_seen",
      "=",
      { kind: "dateRange", from: new Date("2024-01-01T00:00:00Z"), to: new Date("2024-01-02T00:00:00Z") },
    ]);
  });

  it("a time is the window [t - 5 min, t + 6 min)", () => {
    expect(shape(parse("lastSeen:2024-01-01T10:00:00"))).toEqual([
      "last_seen",
      "=",
      { kind: "dateRange", from: new Date("2024-01-01T09:55:00Z"), to: new Date("2024-01-01T10:06:00Z") },
    ]);
  });

  it("with an operator, an instant; Z and offsets honoured, fractions kept to the millisecond", () => {
    expect(shape(parse("age:>2024-01-01T10:00:00Z"))).toEqual([
      "first_seen",
      ">",
      date("2024-01-01T10:00:00Z"),
    ]);
    expect(shape(parse("last_seen:<=2024-01-01T10:00:00.123456+02:00"))).toEqual([
      "last_seen",
      "<=",
      date("2024-01-01T08:00:00.123Z"),
    ]);
    expect(shape(parse("age:>=2024-01-01"))).toEqual(["first_seen", ">=", date("2024-01-01T00:00:00Z")]);
  });

  it("relative dates: -N is within the last N, +N older than N, in w / d / h / m", () => {
    expect(shape(parse("age:-24h"))).toEqual(["first_seen", ">=", relativeDate(86_400_000)]);
    expect(shape(parse("age:+2w"))).toEqual(["first_seen", "<=", relativeDate(1_209_600_000)]);
    expect(shape(parse("lastSeen:-3d"))).toEqual(["last_seen", ">=", relativeDate(259_200_000)]);
    expect(shape(parse("date:-90m"))).toEqual(["date", ">=", relativeDate(5_400_000)]);
  });

  it("negated dates (rejected by the reference) negate exactly in Sift", () => {
    expect(shape(parse("!age:-24h"))).toEqual(["first_seen", "<", relativeDate(86_400_000)]);
    expect(shape(parse("!age:+24h"))).toEqual(["first_seen", ">", relativeDate(86_400_000)]);
    expect(shape(parse("!age:>2024-01-01"))).toEqual(["first_seen", "<=", date("2024-01-01T00:00:00Z")]);
    expect((parse("!age:2024-01-01") as SearchFilter).operator).toBe("!=");
  });

  it("an invalid date names the key and shows the expected forms", () => {
    const error = parseError("is:new age:yesterday");
    expect(error.message).toBe(
      "first_seen: Invalid date: yesterday. Expected +/-duration (e.g. +1h) or ISO 8601-like (e.g. 2024-06-01T12:00:00.00).",
    );
    expect(error.column).toBe(8);
    expect(parseError("age:>-24h").message).toMatch(/^first_seen: Invalid date: >-24h\. /);
    expect(parseError("lastSeen:2024-02-30").message).toMatch(/^last_seen: Invalid date: 2024-02-30\. /);
    expect(parseError("age:-24y").message).toMatch(/^first_seen: Invalid date: -24y\. /);
  });
});

describe("parseSearchQuery: free text", () => {
  it("consecutive words are one message filter spanning the text as written", () => {
    expect(shape(parse("connection  reset by peer"))).toEqual(msg("connection  reset by peer"));
  });

  it("words separated by a filter are separate message filters", () => {
    expect(shape(parse("foo is:new bar"))).toEqual({
      and: [msg("foo"), ["substatus", "=", text("new")], msg("bar")],
    });
  });

  it("quoted free text is its own filter, with escapes", () => {
    expect(shape(parse('foo "bar \\"baz\\""'))).toEqual({ and: [msg("foo"), msg('bar "baz"')] });
  });

  it("keeps wildcards and stray quotes in free words", () => {
    expect(shape(parse("Type*Error"))).toEqual(msg("Type*Error"));
    expect(shape(parse('say"hi'))).toEqual(msg('say"hi'));
  });

  it("lower-case and / or are words", () => {
    expect(shape(parse("this or that and more"))).toEqual(msg("this or that and more"));
  });

  it("text in parentheses after free words stays text, as in the reference", () => {
    expect(shape(parse("undefined is not an object (evaluating 'function.name')"))).toEqual(
      msg("undefined is not an object (evaluating 'function.name')"),
    );
    expect(shape(parse("foo (bar (baz)) qux"))).toEqual(msg("foo (bar (baz)) qux"));
    expect(shape(parse("f(x)"))).toEqual(msg("f(x)"));
    expect(shape(parse("()"))).toEqual(msg("()"));
  });
});

describe("parseSearchQuery: AND, OR and parentheses", () => {
  const release = (value: string) => ["release", "=", text(value)];
  const isNew = ["substatus", "=", text("new")];

  it("AND binds tighter than OR; adjacent terms AND", () => {
    expect(shape(parse("a OR b c OR d AND e"))).toEqual({
      or: [msg("a"), msg("b c"), { and: [msg("d"), msg("e")] }],
    });
    expect(shape(parse("is:resolved release:1 OR is:new"))).toEqual({
      or: [{ and: [["status", "=", text("resolved")], release("1")] }, isNew],
    });
  });

  it("parentheses group, and flatten when they do not change anything", () => {
    expect(shape(parse("(release:1 OR release:2) is:new"))).toEqual({
      and: [{ or: [release("1"), release("2")] }, isNew],
    });
    expect(shape(parse("release:1 (release:2 release:3)"))).toEqual({
      and: [release("1"), release("2"), release("3")],
    });
    expect(shape(parse("((release:1))"))).toEqual(release("1"));
  });

  it("a group that starts a term groups, even around plain words", () => {
    expect(shape(parse("(foo) bar"))).toEqual({ and: [msg("foo"), msg("bar")] });
    expect(shape(parse("test (item1 OR item2)"))).toEqual({
      and: [msg("test"), { or: [msg("item1"), msg("item2")] }],
    });
  });

  it("explicit AND is the same as a space", () => {
    expect(shape(parse("is:new AND release:1"))).toEqual(shape(parse("is:new release:1")));
  });

  it("rejects operators with a missing side, with the reference's messages", () => {
    expect([parseError("OR is:new").message, parseError("OR is:new").column]).toEqual([
      "Condition is missing on the left side of 'OR' operator",
      1,
    ]);
    const between = parseError("is:new OR AND release:1");
    expect([between.message, between.column]).toEqual([
      "Missing condition in between two condition operators: 'OR AND'",
      11,
    ]);
    const right = parseError("is:new AND release:1 AND");
    expect([right.message, right.column]).toEqual([
      "Condition is missing on the right side of 'AND' operator",
      22,
    ]);
    expect(parseError("(OR is:new) AND release:1").message).toBe(
      "Condition is missing on the left side of 'OR' operator",
    );
  });

  it("reports an unclosed parenthesis at its column with 5 characters of context either side", () => {
    const error = parseError("(release:1 OR release:2");
    expect(error.message).toBe(
      "Parse error at '(relea' (column 1). This is commonly caused by unmatched parentheses. Enclose any text in double quotes.",
    );
    expect(error.column).toBe(1);
    expect(parseError("((release:1 OR release:2)").column).toBe(1);
    expect(parseError("is:new (foo").message).toMatch(/^Parse error at 'new \(foo' \(column 8\)\./);
  });

  it("reports a stray closing parenthesis at its column", () => {
    const query = "release:1 OR release:2)";
    const error = parseError(query);
    expect(error.message).toBe(
      "Parse error at 'se:2)' (column 23). This is commonly caused by unmatched parentheses. Enclose any text in double quotes.",
    );
    expect(error.column).toBe(23);
  });

  it("parentheses inside quotes are text", () => {
    expect(shape(parse('"(unbalanced" release:"a)"'))).toEqual({
      and: [msg("(unbalanced"), ["release", "=", text("a)")]],
    });
  });
});

describe("parseSearchQuery: errors", () => {
  it("an unescaped quote inside a bare value", () => {
    const cases: [string, string][] = [
      ['release:"test', '"test'],
      ['release:test"', 'test"'],
      ['release:te"st is:new', 'te"st'],
    ];
    for (const [query, value] of cases) {
      const error = parseError(query);
      expect(error.message).toBe(`Invalid quote at '${value}': quotes must enclose text or be escaped.`);
      expect(error.column).toBe(1);
    }
  });

  it("an empty value", () => {
    const error = parseError("is:new release:");
    expect([error.message, error.column]).toEqual(["Empty string after 'release:'", 8]);
    expect(parseError("lastSeen:").message).toBe("Empty string after 'last_seen:'");
  });

  it("an empty list item", () => {
    expect(parseError("release:[a, ]").message).toBe("Lists should not have empty values");
  });

  it("aggregate filters", () => {
    const error = parseError("is:new count_unique(user):>1");
    expect([error.message, error.column]).toEqual([
      "Aggregate filters (count_unique(user)) are not supported in issue searches.",
      8,
    ]);
    expect(parseError("count():>1").message).toBe(
      "Aggregate filters (count()) are not supported in issue searches.",
    );
  });

  it("a key that is no search key is a tag of the events; event fields and aliases resolve", () => {
    expect(shape(parse("is:new browser:chrome"))).toEqual({
      and: [
        ["substatus", "=", text("new")],
        ["tags[browser]", "=", text("chrome")],
      ],
    });
    expect(shape(parse("tags[foo]:bar"))).toEqual(["tags[foo]", "=", text("bar")]);
    expect(shape(parse("tags[foo, string]:[a, b]"))).toEqual(["tags[foo]", "IN", textList("a", "b")]);
    expect(shape(parse('"sentry:dist":abc'))).toEqual(["tags[sentry:dist]", "=", text("abc")]);
    expect(shape(parse("a:b:c"))).toEqual(["tags[a]", "=", text("b:c")]);
    expect(shape(parse("!user.email:a@b.c"))).toEqual(["user.email", "!=", text("a@b.c")]);
    expect(shape(parse("dist:abc"))).toEqual(["dist", "=", text("abc")]);
    expect(shape(parse("server:web-1"))).toEqual(["server_name", "=", text("web-1")]);
    expect(shape(parse("priority:high"))).toEqual(["issue.priority", "=", text("high")]);
    expect(shape(parse("issue:[WEB-1, WEB-2]"))).toEqual(["issue", "IN", textList("WEB-1", "WEB-2")]);
  });

  it("flags[…] is a 400: Sift stores no feature flags", () => {
    const error = parseError("is:new flags[beta]:true");
    expect([error.message, error.column]).toEqual([
      "Invalid key for this search: flags[beta]. Sift stores no feature flags.",
      8,
    ]);
  });

  it("a NUL character is Sift's own 400, with its column", () => {
    const error = parseError("browser:a\u0000b");
    expect([error.message, error.column]).toEqual([
      "Invalid character at column 10: the query contains a NUL character.",
      10,
    ]);
  });

  it("booleans", () => {
    expect(parseError("for_review:maybe").message).toBe(
      "for_review: Invalid boolean: maybe. Expected true, 1, false, or 0.",
    );
    expect(shape(parse("unassigned:1"))).toEqual(["unassigned", "=", boolean(true)]);
    expect(shape(parse("!for_review:false"))).toEqual(["for_review", "!=", boolean(false)]);
  });

  it("the first error in the text wins", () => {
    expect(parseError("is:nope times_seen:x").message).toMatch(/^Invalid value for "is" search/);
  });
});
