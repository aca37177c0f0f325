import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

const schema = z.object({ PORT: z.coerce.number().int().default(8000), URL: z.url().optional() });

describe("parseEnv", () => {
  it("applies defaults to unset and empty variables and coerces values", () => {
    expect(parseEnv(schema, {})).toEqual({ PORT: 8000 });
    expect(parseEnv(schema, { PORT: "", URL: undefined })).toEqual({ PORT: 8000 });
    expect(parseEnv(schema, { PORT: "9000", URL: "http://x.test" })).toEqual({
      PORT: 9000,
      URL: "http://x.test",
    });
  });

  it("names the variable with a bad value", () => {
    expect(() => parseEnv(schema, { PORT: "eighty" })).toThrow(/^Invalid environment variable PORT: /);
  });
});
