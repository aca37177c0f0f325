import { describe, expect, it } from "vitest";
import { serializeTagValue, serializeUserTagValue, tagKeyLabel } from "./tag.js";

const seen = {
  timesSeen: 3,
  firstSeen: new Date("2026-11-27T10:00:00Z"),
  lastSeen: new Date("2026-11-27T11:00:00Z"),
};

describe("tag JSON", () => {
  it("labels keys as Sentry does: its own names, else underscores as spaces in title case", () => {
    expect(["os", "url", "server_name", "exc_type", "user", "release", "dist"].map(tagKeyLabel)).toEqual([
      "OS",
      "URL",
      "Server",
      "Exception Type",
      "User",
      "Release",
      "Distribution",
    ]);
    expect(["environment", "browser.name", "my_custom_key", "a1b", "HTTP_status"].map(tagKeyLabel)).toEqual([
      "Environment",
      "Browser.Name",
      "My Custom Key",
      "A1B",
      "Http Status",
    ]);
  });

  it("gives user values their label, a search for the user, and the user's fields", () => {
    expect(serializeTagValue("user", { value: 'email:a"b@example.test', ...seen })).toEqual({
      key: "user",
      name: 'a"b@example.test',
      value: 'email:a"b@example.test',
      count: 3,
      firstSeen: "2026-11-27T10:00:00.000Z",
      lastSeen: "2026-11-27T11:00:00.000Z",
      query: 'user.email:"a\\"b@example.test"',
    });
    expect(serializeUserTagValue({ value: "ip:10.0.0.1", ...seen })).toMatchObject({
      id: null,
      username: null,
      email: null,
      name: "10.0.0.1",
      ipAddress: "10.0.0.1",
      avatarUrl: null,
      query: 'user.ip:"10.0.0.1"',
    });
    // Another key's values are themselves; a user value of another form has no query.
    expect(serializeTagValue("browser", { value: "id:1", ...seen }).name).toBe("id:1");
    expect(serializeTagValue("user", { value: "someone", ...seen })).not.toHaveProperty("query");
  });
});
