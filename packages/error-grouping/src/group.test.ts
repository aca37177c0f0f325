import { describe, expect, it } from "vitest";
import { groupErrorEvent } from "./index.js";
import type { ErrorEvent } from "./index.js";

const nodeEvent: ErrorEvent = {
  platform: "node",
  exception: {
    values: [
      {
        type: "TypeError",
        value: "Cannot read properties of undefined (reading 'x')",
        mechanism: { type: "generic", handled: true },
        stacktrace: {
          frames: [
            {
              filename: "node:internal/main",
              module: "run_main",
              function: "executeUserEntryPoint",
              in_app: false,
            },
            {
              filename: "/app/src/server.js",
              module: "server",
              function: "Server.handle",
              context_line: "  handle(req);",
              in_app: true,
              lineno: 10,
            },
            {
              filename: "/app/src/server.js",
              module: "server",
              function: "parse",
              context_line: "    return req.body.x;",
              in_app: true,
              lineno: 20,
            },
          ],
        },
      },
    ],
  },
};

describe("groupErrorEvent", () => {
  it("groups an exception by its in-app frames and type, then by all frames", () => {
    // md5("server" "handle" "handle(req);" "server" "parse" "return req.body.x;" "TypeError")
    expect(groupErrorEvent(nodeEvent)).toEqual({
      hashes: ["0a939acf07e99c963bbecc82cec96976", "c57d6fe80e6f190560197922cc75a3aa"],
      title: "TypeError: Cannot read properties of undefined (reading 'x')",
      culprit: "parse(server)",
      metadata: {
        type: "TypeError",
        value: "Cannot read properties of undefined (reading 'x')",
        filename: "/app/src/server.js",
        function: "parse",
        in_app_frame_mix: "mixed",
      },
      variant: "app",
    });
  });

  it("groups a message by its template", () => {
    const grouping = groupErrorEvent({
      platform: "python",
      logentry: { message: "User %s failed", params: ["bob"], formatted: "User bob failed" },
    });
    expect(grouping).toMatchObject({
      hashes: ["ae37c460c70737af18a751c7cbbd5c76"], // md5("User %s failed")
      title: "User bob failed",
      variant: "default",
    });
  });
});
