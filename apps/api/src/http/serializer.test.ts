import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ResponseSchemaMismatchError, responseSerializerCompiler } from "./serializer.js";

const schema = z.object({
  id: z.string(),
  when: z.string().nullable(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
  metadata: z.record(z.string(), z.unknown()),
  extra: z.number().optional(),
});

const compile = (check: boolean) =>
  responseSerializerCompiler(check)({ schema, method: "GET", url: "/thing/", httpStatus: "200" });

const good = { id: "1", when: null, tags: [{ key: "a", value: "b" }], metadata: { anything: [1, { x: 2 }] } };

describe("the response serializer", () => {
  it("serializes answers as they are, checked or not", () => {
    expect(compile(false)(good)).toBe(JSON.stringify(good));
    expect(compile(true)(good)).toBe(JSON.stringify(good));
  });

  it("without checking, never touches or refuses an answer", () => {
    const odd = { ...good, id: 1, surprise: true };
    expect(compile(false)(odd)).toBe(JSON.stringify(odd));
  });

  it("with checking, refuses a wrong type and names the field", () => {
    expect(() => compile(true)({ ...good, when: 5 })).toThrow(ResponseSchemaMismatchError);
    expect(() => compile(true)({ ...good, when: 5 })).toThrow(/GET \/thing\/ → 200 .*when/s);
  });

  it("with checking, refuses a missing field", () => {
    const { id: _id, ...missing } = good;
    expect(() => compile(true)(missing)).toThrow(/id/);
  });

  it("with checking, refuses a field the schema does not describe, however deep", () => {
    expect(() => compile(true)({ ...good, surprise: 1 })).toThrow(/"surprise"/);
    expect(() => compile(true)({ ...good, tags: [{ key: "a", value: "b", color: "red" }] })).toThrow(
      /"tags\[0\]\.color"/,
    );
  });
});
