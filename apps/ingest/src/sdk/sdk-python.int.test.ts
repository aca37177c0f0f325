import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSdkDaemons } from "./test/sdk-daemons.js";
import type { SdkDaemons } from "./test/sdk-daemons.js";

const run = promisify(execFile);
const APP = fileURLToPath(new URL("./test/python_app.py", import.meta.url));

interface IssueJson {
  id: string;
  title: string;
  culprit: string;
  count: string;
  metadata: Record<string, unknown>;
}

// Debian's python3-sentry-sdk (1.9), a program of its own sending to the daemon's DSN.
describe("errors from the Python SDK (sentry-sdk)", () => {
  let d: SdkDaemons;
  beforeAll(async () => {
    d = await startSdkDaemons("direct");
  }, 180_000);
  afterAll(async () => {
    await d?.stop();
  });

  const python = (scenario: string) =>
    run("/usr/bin/python3", [APP, scenario], { env: { ...process.env, SENTRY_DSN: d.dsn } });
  const issues = (accept: (list: IssueJson[]) => boolean) =>
    d.until<IssueJson[]>("/projects/acme/web/issues/?query=", accept);

  it("groups one raise site into one issue with Python's title, culprit and metadata; another function is another issue", async () => {
    await python("charge");
    await python("refund");
    const list = await issues((l) => l.filter((i) => i.title.startsWith("ValueError:")).length >= 2);
    const charge = list.find((i) => i.title.startsWith("ValueError: card declined"))!;
    expect(charge.title).toMatch(/^ValueError: card declined for order 4[12]$/);
    expect(charge.count).toBe("2");
    expect(charge.culprit).toBe("__main__ in charge_card");
    expect(charge.metadata).toMatchObject({ type: "ValueError", function: "charge_card" });
    const refund = list.find((i) => i.title.startsWith("ValueError: refund refused"))!;
    expect(refund.count).toBe("1");
    expect(refund.id).not.toBe(charge.id);

    const tags = await d.get<{ key: string; topValues: { value: string }[] }[]>(`/issues/${charge.id}/tags/`);
    const values = Object.fromEntries(tags.map((t) => [t.key, t.topValues.map((v) => v.value)]));
    expect(values.tenant).toEqual(["acme"]);
    expect(values.environment).toEqual(["staging"]);
    expect(values.release).toEqual(["shop@2.0.0"]);
    expect(values.user).toEqual(["id:u-7"]);
    const event = await d.get<{ platform: string; entries: { type: string }[] }>(
      `/issues/${charge.id}/events/latest/`,
    );
    expect(event.platform).toBe("python");
    expect(event.entries.map((e) => e.type)).toContain("exception");
  });

  it("groups logged errors by their message template", async () => {
    await python("log");
    const list = await issues((l) => l.some((i) => i.title.startsWith("payment") && i.count === "2"));
    const logged = list.filter((i) => i.title.startsWith("payment"));
    expect(logged).toHaveLength(1);
    // The title is the formatted message, as Sentry's; the group is the template's.
    expect(logged[0]!.title).toMatch(/^payment p-[12] failed$/);
    expect(logged[0]!.culprit).toBe("");
  });
});
