import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Sentry from "@sentry/node";
import { startSdkDaemons } from "./test/sdk-daemons.js";
import type { SdkDaemons } from "./test/sdk-daemons.js";

interface IssueJson {
  id: string;
  title: string;
  culprit: string;
  count: string;
  userCount: number;
  status: string;
  type: string;
  metadata: Record<string, unknown>;
}

function throwTypeError(message: string): never {
  const value = null as unknown as { name: string };
  try {
    return value.name as never;
  } catch {
    throw new TypeError(message);
  }
}

function throwFromElsewhere(message: string): never {
  throw new TypeError(message);
}

const caught = (fn: () => never): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
};

describe.each(["direct", "kafka"] as const)("errors from @sentry/node (%s)", (mode) => {
  let d: SdkDaemons;
  beforeAll(async () => {
    d = await startSdkDaemons(mode);
  }, 180_000);
  afterAll(async () => {
    await d?.stop();
  });

  const issuesTitled = async (title: string, count: number) =>
    (
      await d.until<IssueJson[]>(
        "/projects/acme/web/issues/?query=",
        (list) => list.filter((i) => i.title === title).reduce((n, i) => n + Number(i.count), 0) >= count,
      )
    ).filter((i) => i.title === title);

  async function send(
    capture: (scope: Sentry.Scope) => void,
    options?: { release?: string; environment?: string },
  ) {
    const { client, scope } = d.client(options);
    capture(scope);
    expect(await client.flush(10_000)).toBe(true);
    await client.close();
  }

  it("a thrown TypeError becomes one issue with its title and culprit; the same site twice counts 2", async () => {
    for (let i = 0; i < 2; i += 1)
      await send((scope) => scope.captureException(caught(() => throwTypeError("Cannot read the cart"))));
    const [issue, ...more] = await issuesTitled("TypeError: Cannot read the cart", 2);
    expect(more).toEqual([]);
    expect(issue!.count).toBe("2");
    expect(issue!.culprit).toContain("throwTypeError");
    expect(issue!.type).toBe("error");
    expect(issue!.metadata).toMatchObject({
      type: "TypeError",
      value: "Cannot read the cart",
      function: "throwTypeError",
      filename: expect.stringContaining("sdk.int.test.ts"),
    });
  });

  it("the same error thrown by another function is a second issue", async () => {
    await send((scope) => scope.captureException(caught(() => throwTypeError("Two sites"))));
    await send((scope) => scope.captureException(caught(() => throwFromElsewhere("Two sites"))));
    const found = await issuesTitled("TypeError: Two sites", 2);
    expect(found.map((i) => i.culprit).sort()).toEqual([
      expect.stringContaining("throwFromElsewhere"),
      expect.stringContaining("throwTypeError"),
    ]);
  });

  it("tags, the user, the release and the environment show on the issue", async () => {
    await send(
      (scope) => {
        scope.setTag("tenant", "acme-corp");
        scope.setUser({ id: "u-42", email: "ada@example.com" });
        scope.captureException(caught(() => throwTypeError("Tagged failure")));
      },
      { release: "shop@2.0.0", environment: "staging" },
    );
    const [issue] = await issuesTitled("TypeError: Tagged failure", 1);
    expect(issue!.userCount).toBe(1);
    const tags = await d.get<{ key: string; topValues: { value: string }[] }[]>(`/issues/${issue!.id}/tags/`);
    const values = Object.fromEntries(tags.map((t) => [t.key, t.topValues.map((v) => v.value)]));
    expect(values.tenant).toEqual(["acme-corp"]);
    expect(values.environment).toEqual(["staging"]);
    expect(values.release).toEqual(["shop@2.0.0"]);
    expect(values.user).toEqual(["id:u-42"]);
    const details = await d.get<{ firstRelease: { version: string } | null }>(`/issues/${issue!.id}/`);
    expect(details.firstRelease?.version).toBe("shop@2.0.0");
    const event = await d.get<{ user: { id: string }; tags: { key: string; value: string }[] }>(
      `/issues/${issue!.id}/events/latest/`,
    );
    expect(event.user.id).toBe("u-42");
    expect(event.tags).toContainEqual({ key: "tenant", value: "acme-corp" });
  });

  it("the issue's event carries Sentry's entries: the exception with its frames, breadcrumbs, the request", async () => {
    await send((scope) => {
      scope.addBreadcrumb({
        category: "cart",
        message: "added item 7",
        level: "info",
        timestamp: 1_796_000_000,
      });
      scope.addEventProcessor((e) => ({
        ...e,
        request: {
          url: "https://shop.example.com/cart?id=7",
          method: "POST",
          headers: { "User-Agent": "test" },
        },
      }));
      scope.captureException(caught(() => throwTypeError("With entries")));
    });
    const [issue] = await issuesTitled("TypeError: With entries", 1);
    interface Frame {
      function: string | null;
      filename: string | null;
      lineNo: number | null;
      colNo: number | null;
      inApp: boolean;
      context: [number, string][];
    }
    const event = await d.get<{
      entries: { type: string; data: Record<string, unknown> }[];
      platform: string;
      sdk: { name: string; version: string };
      contexts: { runtime?: { name: string } };
      errors: unknown[];
    }>(`/issues/${issue!.id}/events/latest/`);
    expect(event.entries.map((e) => e.type)).toEqual(["exception", "breadcrumbs", "request"]);
    const [exception] = (
      event.entries[0]!.data as { values: { type: string; value: string; stacktrace: { frames: Frame[] } }[] }
    ).values;
    expect(exception).toMatchObject({ type: "TypeError", value: "With entries" });
    const top = exception!.stacktrace.frames.at(-1)!;
    expect(top).toMatchObject({
      function: "throwTypeError",
      filename: expect.stringContaining("sdk.int.test.ts"),
      inApp: true,
    });
    expect(top.lineNo).toBeGreaterThan(0);
    expect(top.context.find(([line]) => line === top.lineNo)?.[1]).toContain("throw new TypeError(message)");
    expect(event.entries[1]!.data).toEqual({
      values: [
        {
          type: "default",
          timestamp: "2026-11-30T00:53:20.000Z",
          level: "info",
          message: "added item 7",
          category: "cart",
          data: null,
          event_id: null,
        },
      ],
    });
    expect(event.entries[2]!.data).toMatchObject({
      url: "https://shop.example.com/cart?id=7",
      method: "POST",
      headers: [["User-Agent", "test"]],
    });
    expect(event.platform).toBe("node");
    expect(event.sdk).toMatchObject({ name: "sentry.javascript.node", version: "11.12.0" });
    expect(event.contexts.runtime?.name).toBe("node");
    expect(event.errors).toEqual([]);
  });

  it("a fingerprint of {{ default }} and a tenant splits an issue", async () => {
    for (const tenant of ["tenant-a", "tenant-b"])
      await send((scope) => {
        scope.setFingerprint(["{{ default }}", tenant]);
        scope.captureException(caught(() => throwTypeError("Split by tenant")));
      });
    await send((scope) => {
      scope.setFingerprint(["{{ default }}", "tenant-a"]);
      scope.captureException(caught(() => throwTypeError("Split by tenant")));
    });
    const found = await issuesTitled("TypeError: Split by tenant", 3);
    expect(found.map((i) => i.count).sort()).toEqual(["1", "2"]);
  });

  it("messages group by their template; captureMessage's by where it was called", async () => {
    for (const user of ["ada", "grace"])
      await send((scope) =>
        scope.captureEvent({
          message: `Login failed for ${user}`,
          logentry: { message: "Login failed for %s", params: [user] },
          level: "warning",
        }),
      );
    for (const disk of ["sda", "sdb"])
      await send((scope) => scope.captureMessage(`Disk ${disk} almost full`));
    const all = await d.until<IssueJson[]>("/projects/acme/web/issues/?query=", (list) =>
      list.some((i) => i.metadata.value === "Disk sdb almost full"),
    );
    const login = all.filter((i) => i.title.startsWith("Login failed for"));
    expect(login.map((i) => [i.title, i.count])).toEqual([["Login failed for grace", "2"]]);
    const disk = all.filter((i) => String(i.metadata.value).startsWith("Disk"));
    expect(disk.map((i) => i.count)).toEqual(["2"]);
  });

  it("an issue resolved in 1.0 regresses on an error from 1.1", async () => {
    let issueId = "";
    // One call site for both errors: the frames' context lines are part of the grouping.
    for (const release of ["1.0", "1.1"]) {
      await send(
        (scope) => {
          // A regression needs an event more than 5 s after the issue was last active: 1.1 ships later.
          if (release === "1.1") scope.addEventProcessor((e) => ({ ...e, timestamp: e.timestamp! + 10 }));
          scope.captureException(caught(() => throwTypeError("Regressing")));
        },
        { release },
      );
      if (release !== "1.0") break;
      issueId = (await issuesTitled("TypeError: Regressing", 1))[0]!.id;
      const resolved = await d.put(`/issues/${issueId}/`, {
        status: "resolved",
        statusDetails: { inRelease: "1.0" },
      });
      expect(resolved.status).toBe(200);
    }
    const after = await d.until<{ status: string; substatus: string; count: string }>(
      `/issues/${issueId}/`,
      (i) => i.status === "unresolved",
    );
    expect(after).toMatchObject({ substatus: "regressed", count: "2" });
  });

  it("an SDK's retry of an event with the same event_id counts once", async () => {
    const eventId = "5d3f1e9a2b4c4d6e8f0a1b2c3d4e5f60";
    for (const id of [eventId, eventId, undefined])
      await send((scope) =>
        scope.captureException(
          caught(() => throwTypeError("Retried")),
          { event_id: id },
        ),
      );
    const [issue, ...more] = await issuesTitled("TypeError: Retried", 2);
    expect(more).toEqual([]);
    expect(issue!.count).toBe("2");
    const events = await d.get<{ eventID: string }[]>(`/issues/${issue!.id}/events/`);
    expect(events.map((e) => e.eventID)).toContain(eventId);
    expect(events).toHaveLength(2);
  });
});
