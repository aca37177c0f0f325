import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectKey } from "@sift/storage";
import type { Issue } from "../src/api/types.js";
import { startSift } from "./sift.js";
import type { Sift } from "./sift.js";

let sift: Sift;
beforeAll(async () => {
  sift = await startSift("web_stack");
});
afterAll(async () => {
  await sift?.stop();
});

/** An error event as a Sentry SDK sends it to the store endpoint. */
function errorEvent(): Record<string, unknown> {
  return {
    event_id: randomUUID().replaceAll("-", ""),
    timestamp: Date.now() / 1000,
    platform: "python",
    level: "error",
    exception: {
      values: [
        {
          type: "ZeroDivisionError",
          value: "division by zero",
          mechanism: { type: "generic", handled: false },
          stacktrace: {
            frames: [
              { filename: "lib/runner.py", function: "run", lineno: 5, in_app: false },
              {
                filename: "app/billing.py",
                function: "total",
                lineno: 42,
                in_app: true,
                pre_context: ["def total(a, b):"],
                context_line: "    return a / b",
                post_context: [""],
                vars: { b: "0" },
              },
            ],
          },
        },
      ],
    },
    breadcrumbs: {
      values: [{ timestamp: Date.now() / 1000 - 1, category: "http", message: "GET /invoice" }],
    },
    request: { url: "https://shop.test/invoice", method: "GET" },
    tags: { region: "eu" },
  };
}

describe("an SDK error event on the issue page", () => {
  it("shows the exception with its in-app frame, context line and variables, the breadcrumbs and the request", async () => {
    const key = await createProjectKey(sift.db, { projectId: 1 });
    const stored = await fetch(
      `${sift.ingest.base}/api/1/store/?sentry_key=${key.publicKey}&sentry_version=7`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(errorEvent()),
      },
    );
    expect(stored.status).toBe(200);
    const [issue] = await sift.apiJson<Issue[]>("/organizations/acme/issues/?query=");
    const page = await sift.newPage();
    await sift.signIn(page);
    await page.goto(`/organizations/acme/issues/${issue!.id}/`);
    const frame = page.locator(".frame.in-app");
    await frame.waitFor();
    expect(await page.locator(".exception-value h4").allTextContents()).toEqual([
      "ZeroDivisionErrorunhandled",
    ]);
    expect(await frame.locator("summary").textContent()).toContain("app/billing.py:42 in total");
    expect(await frame.locator(".context-line.current").textContent()).toContain("return a / b");
    expect(await frame.getByRole("row", { name: /^b/ }).textContent()).toContain("0");
    expect(await page.getByRole("cell", { name: "GET /invoice", exact: true }).count()).toBe(1);
    expect(await page.getByRole("cell", { name: "https://shop.test/invoice", exact: true }).count()).toBe(1);
    await sift.screenshot(page, "issue-stack-trace");
    await page.close();
  });
});
