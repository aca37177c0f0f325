// The ingest daemon's endpoints for Sentry SDKs, documented beside the intake in the OpenAPI document.

type JsonObject = Record<string, unknown>;

/** The paths of the SDK endpoints (apps/ingest/src/sdk/sdk-routes.ts). */
export const SDK_PATHS = ["/api/{project_id}/envelope/", "/api/{project_id}/store/"] as const;

const error = (description: string) => ({
  description,
  headers: { "X-Sentry-Error": { schema: { type: "string" }, description: "the reason, as in the body" } },
  content: {
    "application/json": {
      schema: { type: "object", required: ["detail"], properties: { detail: { type: "string" } } },
    },
  },
});

function operation(endpoint: "envelope" | "store", server: JsonObject[]): JsonObject {
  const envelope = endpoint === "envelope";
  return {
    servers: server,
    post: {
      operationId: envelope ? "sendEnvelope" : "storeEvent",
      tags: ["Intake"],
      summary: envelope ? "Send an envelope (Sentry SDKs)" : "Send one event as JSON (legacy Sentry SDKs)",
      description:
        (envelope
          ? "A Sentry envelope: a header line, then items. `event` items become error occurrences; other items " +
            "are accepted and counted, not stored. At most 1 MB per event, 20 MB compressed and 100 MB decoded. "
          : "One event as JSON, at most 1 MB. ") +
        "Authenticated by a project key (`sift key create`): `X-Sentry-Auth: Sentry sentry_key=…`, " +
        "`Authorization: Sentry …`, the `sentry_key` query parameter" +
        (envelope ? " or the envelope header's `dsn`" : "") +
        ". `Content-Encoding` gzip, deflate, br or zstd. Served by the ingest daemon (port 8001).",
      security: [],
      parameters: [
        { name: "project_id", in: "path", required: true, schema: { type: "integer" } },
        { name: "sentry_key", in: "query", required: false, schema: { type: "string" } },
      ],
      requestBody: {
        required: true,
        content: {
          [envelope ? "application/x-sentry-envelope" : "application/json"]: { schema: { type: "string" } },
        },
      },
      responses: {
        "200": {
          description: envelope ? "accepted: `{id}` of its event, `{}` without one" : "accepted: `{id}`",
          content: {
            "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } },
          },
        },
        "400": error("a malformed envelope or event, with the reason"),
        "401": error("no key, an unknown one, or authentications that disagree"),
        "403": error("a disabled key, or another project's"),
        "413": error("over a size limit (read no further than the limit)"),
        "415": error("an unknown Content-Encoding"),
        "429": {
          ...error("over the key's or the project's rate limit"),
          headers: {
            "Retry-After": { schema: { type: "string" }, description: "seconds" },
            "X-Sentry-Rate-Limits": {
              schema: { type: "string" },
              description: "`retry_after:categories:scope:reason`",
            },
          },
        },
        "503": error("Postgres or Kafka is unavailable: retry later"),
      },
    },
  };
}

/** The SDK endpoints' path items, each with the ingest daemon's server. */
export function sdkPathItems(server: JsonObject[]): JsonObject {
  return {
    [SDK_PATHS[0]]: operation("envelope", server),
    [SDK_PATHS[1]]: operation("store", server),
  };
}
