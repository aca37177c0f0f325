import { describe, expect, it } from "vitest";
import { parseActor } from "./actors.js";

describe("the actor grammar", () => {
  it.each([
    ["user:42", { kind: "user", id: 42 }],
    ["team:7", { kind: "team", id: 7 }],
    ["42", { kind: "user", id: 42 }],
    ["#backend", { kind: "team-slug", slug: "backend" }],
    ["#Team_2-b", { kind: "team-slug", slug: "Team_2-b" }],
    ["Ada@Example.com", { kind: "name", name: "ada@example.com" }],
    ["ada", { kind: "name", name: "ada" }],
    ["  user:42 ", { kind: "user", id: 42 }],
    // Not a team slug nor a typed id: looked up as a username or email.
    ["#-nope", { kind: "name", name: "#-nope" }],
    ["user:abc", { kind: "name", name: "user:abc" }],
    ["team:1234567890123456", { kind: "name", name: "team:1234567890123456" }],
  ])("%j names %j", (text, expected) => {
    expect(parseActor(text)).toEqual(expected);
  });

  it("names nobody with an empty string", () => {
    expect(parseActor("")).toBeNull();
    expect(parseActor("   ")).toBeNull();
  });
});
