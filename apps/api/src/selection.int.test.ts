import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GroupStatus } from "@sift/schemas";
import { ids, issueRow, useApiHarness } from "./test/harness.js";

// What a request selects: project slugs wherever Sentry takes them, the legacy `status` filter of the
// bulk routes (sentry-cli's `-s`), unknown environments, and Sentry's string booleans in PUT bodies.

const NOW = new Date("2026-11-27T12:00:00Z");
let counter = 0;

const h = await useApiHarness({ now: NOW });

async function newIssue(projectId = 1): Promise<number> {
  counter += 1;
  const fingerprint = `sel-${counter}`;
  await h.ingest([
    { projectId, fingerprint, time: new Date(NOW.getTime() - counter * 60_000), environment: "production" },
  ]);
  return (await issueRow(h.db, projectId, fingerprint))!.id;
}

const statusOf = async (id: number): Promise<number> =>
  Number(((await h.db("issues").where({ id }).first("status")) as { status: number }).status);

describe("project slugs", () => {
  let web: number;
  let api: number;
  beforeAll(async () => {
    web = await newIssue(1);
    api = await newIssue(2);
  });

  it("project= takes slugs as well as ids, alone or mixed", async () => {
    const list = async (q: string) =>
      ids(await h.request("GET", `/api/0/organizations/acme/issues/?query=&${q}`)).sort((a, b) => a - b);
    expect(await list("project=web")).toEqual([web]);
    expect(await list("project=api")).toEqual([api]);
    expect(await list("project=web&project=2")).toEqual([web, api].sort((a, b) => a - b));
    expect(await list("project=web,api")).toEqual([web, api].sort((a, b) => a - b));
  });

  it("a slug that is not the organization's is a 403 like an id; a huge number is a 400", async () => {
    await h.createOrg("initech", [{ slug: "tps", id: 40 }]);
    for (const q of ["project=tps", "project=nope", "project=web&project=tps", "project=40"]) {
      const res = await h.request("GET", `/api/0/organizations/acme/issues/?${q}`);
      expect(res.statusCode, q).toBe(403);
    }
    const huge = await h.request("GET", "/api/0/organizations/acme/issues/?project=99999999999999999999");
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toEqual({ detail: "Invalid project parameter. Values must be numbers or slugs." });
  });

  it("a bulk update with project=<slug> touches only that project's issues", async () => {
    const res = await h.request("PUT", "/api/0/organizations/acme/issues/?project=api&query=", {
      body: { status: "resolved" },
    });
    expect(res.statusCode).toBe(200);
    expect(await statusOf(api)).toBe(GroupStatus.RESOLVED);
    expect(await statusOf(web)).toBe(GroupStatus.UNRESOLVED);
    await h.db("issues").update({ status: GroupStatus.RESOLVED }).where({ project_id: 1 });
  });
});

describe("the legacy status filter of bulk updates and deletes", () => {
  let unresolved: number[];
  let ignored: number[];
  let resolved: number[];
  beforeEach(async () => {
    // Only this block's issues are live: earlier ones are deleted.
    await h.db("issues").delete();
    unresolved = [await newIssue(), await newIssue(), await newIssue()];
    ignored = [await newIssue(), await newIssue()];
    resolved = [await newIssue()];
    await h.db("issues").whereIn("id", ignored).update({ status: GroupStatus.IGNORED, substatus: 3 });
    await h.db("issues").whereIn("id", resolved).update({ status: GroupStatus.RESOLVED, substatus: null });
  });
  const statuses = async (list: number[]) => Promise.all(list.map(statusOf));

  it("status=muted resolves exactly the ignored issues (sentry-cli issues resolve -s muted)", async () => {
    const res = await h.request("PUT", "/api/0/projects/acme/web/issues/?status=muted", {
      body: { status: "resolved" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await statuses(ignored)).toEqual([GroupStatus.RESOLVED, GroupStatus.RESOLVED]);
    expect(await statuses(unresolved)).toEqual([
      GroupStatus.UNRESOLVED,
      GroupStatus.UNRESOLVED,
      GroupStatus.UNRESOLVED,
    ]);
  });

  it("status=resolved unresolves exactly the resolved issues; status=ignored equals muted", async () => {
    await h.request("PUT", "/api/0/organizations/acme/issues/?status=resolved", {
      body: { status: "unresolved" },
    });
    expect(await statuses(resolved)).toEqual([GroupStatus.UNRESOLVED]);
    expect(await statuses(ignored)).toEqual([GroupStatus.IGNORED, GroupStatus.IGNORED]);
    await h.request("PUT", "/api/0/organizations/acme/issues/?status=ignored", { body: { priority: "low" } });
    const priorities = await h.db("issues").whereNotNull("priority_locked_at").pluck("id");
    expect(priorities.map(Number).sort()).toEqual([...ignored].sort());
  });

  it("status= with a query: both must match, and an OR in the query stays inside it", async () => {
    const put = (query: string, body: unknown) =>
      h.request(
        "PUT",
        `/api/0/organizations/acme/issues/?status=unresolved&query=${encodeURIComponent(query)}`,
        {
          body: body as Record<string, unknown>,
        },
      );
    const none = await put("is:ignored OR is:resolved", { status: "resolved" });
    expect(none.statusCode).toBe(204);
    expect(await statuses(ignored)).toEqual([GroupStatus.IGNORED, GroupStatus.IGNORED]);
    expect(await statuses(resolved)).toEqual([GroupStatus.RESOLVED]);
    const some = await put("is:ignored OR is:unresolved", { status: "resolved" });
    expect(some.statusCode).toBe(200);
    expect(await statuses(unresolved)).toEqual([
      GroupStatus.RESOLVED,
      GroupStatus.RESOLVED,
      GroupStatus.RESOLVED,
    ]);
    expect(await statuses(ignored)).toEqual([GroupStatus.IGNORED, GroupStatus.IGNORED]);
  });

  it("DELETE ?status=muted deletes exactly the ignored issues", async () => {
    const res = await h.request("DELETE", "/api/0/organizations/acme/issues/?status=muted");
    expect(res.statusCode).toBe(204);
    const left = await h.db("issues").whereNull("delete_after").orderBy("id").pluck("id");
    expect(left.map(Number)).toEqual([...unresolved, ...resolved]);
  });

  it("an unknown status is a 400 and changes nothing", async () => {
    const res = await h.request("PUT", "/api/0/organizations/acme/issues/?status=snoozed", {
      body: { status: "resolved" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      detail: 'Invalid status "snoozed": expected one of unresolved, resolved, ignored, muted',
    });
    expect(await statuses(unresolved)).toEqual([
      GroupStatus.UNRESOLVED,
      GroupStatus.UNRESOLVED,
      GroupStatus.UNRESOLVED,
    ]);
  });
});

describe("unknown environments on bulk updates", () => {
  it("PUT and DELETE with an unknown environment are a 404, as the list, with ids and on one issue", async () => {
    const id = await newIssue();
    for (const method of ["PUT", "DELETE"] as const) {
      for (const q of [`id=${id}&environment=nowhere`, "environment=nowhere"]) {
        const res = await h.request(method, `/api/0/organizations/acme/issues/?${q}`, {
          body: method === "PUT" ? { status: "resolved" } : undefined,
        });
        expect(res.statusCode, `${method} ${q}`).toBe(404);
      }
    }
    for (const path of [`/api/0/organizations/acme/issues/${id}/`, `/api/0/issues/${id}/`]) {
      const one = await h.request("PUT", `${path}?environment=nowhere`, { body: { status: "resolved" } });
      expect(one.statusCode, path).toBe(404);
    }
    expect(await statusOf(id)).toBe(GroupStatus.UNRESOLVED);
    const single = await h.request("PUT", `/api/0/issues/${id}/?environment=production`, {
      body: { priority: "low" },
    });
    expect(single.statusCode).toBe(200);
    const known = await h.request(
      "PUT",
      `/api/0/organizations/acme/issues/?id=${id}&environment=production`,
      {
        body: { status: "resolved" },
      },
    );
    expect(known.statusCode).toBe(200);
  });
});

describe("string booleans, as Sentry accepts them", () => {
  it('{"isPublic": "true"}, {"inbox": "false"} and the other flags are booleans', async () => {
    const id = await newIssue();
    const put = (body: unknown) =>
      h.request("PUT", `/api/0/organizations/acme/issues/?id=${id}`, {
        body: body as Record<string, unknown>,
      });
    let res = await put({ isPublic: "true", hasSeen: "1", isBookmarked: "false", isSubscribed: 0 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      isPublic: true,
      hasSeen: true,
      isBookmarked: false,
      isSubscribed: false,
    });
    res = await put({ inbox: "false" });
    expect(res.json()).toMatchObject({ inbox: false });
    expect(await h.db("issue_inbox").where({ issue_id: id }).first()).toBeUndefined();
    res = await put({ inbox: "True" });
    expect(res.json()).toMatchObject({ inbox: true });
    expect(await h.db("issue_inbox").where({ issue_id: id }).first()).toBeDefined();
  });

  it("anything else is a 400 naming the field", async () => {
    const id = await newIssue();
    for (const body of [{ inbox: "maybe" }, { hasSeen: 2 }, { isPublic: null }, { isSubscribed: [] }]) {
      const res = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${id}`, { body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<{ detail: string }>().detail).toContain(Object.keys(body)[0]);
    }
  });
});
