import { describe, expect, it } from "vitest";

import { compileCondition } from "./compile.js";
import { convertSearchQuery } from "./filters.js";
import { parseSearchQuery } from "./parser.js";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const compile = (text: string, environmentNames: string[] = []) => {
  const condition = convertSearchQuery(parseSearchQuery(text, { now: NOW }), { now: NOW });
  return compileCondition(condition!, { organizationId: 7, userId: 3, environmentNames });
};

describe("compileCondition", () => {
  const hostile = [
    "'; DROP TABLE issues;--",
    'Robert"); DELETE FROM issues WHERE (TRUE',
    "%_\\",
    "$1 ? ?? :name",
  ];

  it.each(hostile)("keeps user text %j out of the SQL, in bindings only", (value) => {
    const quoted = `"${value.replaceAll('"', '\\"')}"`;
    for (const key of [
      "message",
      "release",
      "first_release",
      "environment",
      "assigned",
      "project",
      "level",
    ]) {
      const { sql, bindings } = compile(`${key}:${quoted} !${key}:[${quoted}, x]`, ["prod"]);
      expect(sql, key).not.toContain("DROP");
      expect(sql, key).not.toContain("DELETE");
      expect(sql, key).not.toContain("$1");
      // Every placeholder has its binding.
      expect(sql.match(/\?/g)?.length ?? 0, key).toBe(bindings.length);
    }
  });

  it("free text becomes an escaped ILIKE pattern on title or message", () => {
    expect(compile("100%_done")).toEqual({
      sql: "(i.title ILIKE ? OR i.message ILIKE ?)",
      bindings: ["%100\\%\\_done%", "%100\\%\\_done%"],
    });
  });

  it("negation is NULL-safe", () => {
    expect(compile("!is:ongoing status:unresolved").sql).toBe(
      "(NOT coalesce((i.substatus IN (?)), FALSE)) AND (i.status IN (?))",
    );
  });

  it("an empty value list matches nothing rather than emitting IN ()", () => {
    expect(compile("issue.category:profile").sql).toBe("FALSE");
  });

  it("me / my_teams need a user", () => {
    const condition = convertSearchQuery(parseSearchQuery("assigned:[me, my_teams]"), { now: NOW })!;
    expect(compileCondition(condition, { organizationId: 7 }).sql).toBe("(FALSE) OR (FALSE)");
  });
});
