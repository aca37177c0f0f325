import type { FastifySerializerCompiler } from "fastify";
import { z } from "zod";

/** A response that does not match the zod schema its route documents (only with `checkResponses`). */
export class ResponseSchemaMismatchError extends Error {
  override name = "ResponseSchemaMismatchError";
}

/** The first place where `actual` differs from what survived encoding through the schema, or null. */
function firstDifference(expected: unknown, actual: unknown, path: string): string | null {
  if (Array.isArray(actual)) {
    if (!Array.isArray(expected) || expected.length !== actual.length) return path || "(root)";
    for (let i = 0; i < actual.length; i++) {
      const diff = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (diff !== null) return diff;
    }
    return null;
  }
  if (actual !== null && typeof actual === "object") {
    if (expected === null || typeof expected !== "object" || Array.isArray(expected)) return path || "(root)";
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) {
      const a = (actual as Record<string, unknown>)[key];
      const e = (expected as Record<string, unknown>)[key];
      if (a === undefined && e === undefined) continue;
      const diff = firstDifference(e, a, path ? `${path}.${key}` : key);
      if (diff !== null) return diff;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : path || "(root)";
}

/**
 * The serializer of every route with a zod response schema. Answers are `JSON.stringify`d as they are
 * (a documentation mistake never turns a good answer into a 500 for a user, and the hot list path pays
 * nothing for the document). With `check` (the integration tests turn it on) each answer is first
 * checked against its schema — wrong types, missing fields and undocumented fields all fail the request
 * — so the OpenAPI document is proven by every test that calls the API.
 */
export function responseSerializerCompiler(check: boolean): FastifySerializerCompiler<unknown> {
  return ({ schema, method, url, httpStatus }) => {
    if (!check || !(schema instanceof z.ZodType)) return (data: unknown) => JSON.stringify(data);
    const zodSchema = schema;
    return (data: unknown) => {
      const where = `${method} ${url} → ${httpStatus}`;
      const result = z.safeEncode(zodSchema, data);
      if (!result.success) {
        throw new ResponseSchemaMismatchError(
          `response of ${where} does not match its documented schema: ${z.prettifyError(result.error)}`,
        );
      }
      const diff = firstDifference(result.data, data, "");
      if (diff !== null) {
        throw new ResponseSchemaMismatchError(
          `response of ${where} has "${diff}", which its documented schema does not describe`,
        );
      }
      return JSON.stringify(data);
    };
  };
}
