import { beforeAll, describe, expect, it } from "vitest";
import { addTeamMember, createTeam } from "@sift/storage";
import { ids, issueRow, useApiHarness } from "./test/harness.js";
import { asBrowser, createMember, signIn } from "./test/session.js";
import type { BrowserSession } from "./test/session.js";

// The per-user parts of the API for a signed-in user — assigned:me / my_teams, bookmarks, hasSeen,
// subscriptions, notes' author — through HTTP on real Postgres; a token keeps answering as before.
let ann: BrowserSession;
let bob: BrowserSession;
let annId: number;
let bobId: number;
const issue: Record<string, number> = {};
const PASSWORD = "a long password";

interface IssueFields {
  isBookmarked: boolean;
  hasSeen: boolean;
  isSubscribed: boolean;
  subscriptionDetails: { reason: string } | null;
}

const h = await useApiHarness();

beforeAll(async () => {
  const orgId = h.acme.organization.id;
  annId = (await createMember(h.db, { email: "ann@acme.test", password: PASSWORD, organizationId: orgId }))
    .id;
  bobId = (await createMember(h.db, { email: "bob@acme.test", password: PASSWORD, organizationId: orgId }))
    .id;
  const team = await createTeam(h.db, { organizationId: orgId, slug: "backend" });
  await addTeamMember(h.db, team.id, annId);
  const at = new Date(h.clock.now().getTime() - 60_000);
  await h.ingest(["one", "two", "three", "four"].map((f) => ({ projectId: 1, fingerprint: f, time: at })));
  for (const f of ["one", "two", "three", "four"]) issue[f] = (await issueRow(h.db, 1, f))!.id;
  for (const [f, to] of [
    ["one", "ann@acme.test"],
    ["two", `user:${bobId}`],
    ["three", "#backend"],
  ] as const) {
    const res = await h.request("PUT", `/api/0/issues/${issue[f]}/`, { body: { assignedTo: to } });
    expect(res.statusCode, res.body).toBe(200);
  }
  ann = await signIn(h.app, "ann@acme.test", PASSWORD);
  bob = await signIn(h.app, "bob@acme.test", PASSWORD);
});

const search = async (who: BrowserSession | "token", query: string): Promise<number[]> => {
  const url = `/api/0/organizations/acme/issues/?query=${encodeURIComponent(query)}`;
  const res = who === "token" ? await h.request("GET", url) : await asBrowser(h.app, who, "GET", url);
  expect(res.statusCode, res.body).toBe(200);
  return ids(res).sort((a, b) => a - b);
};
const sorted = (...names: string[]) => names.map((n) => issue[n]!).sort((a, b) => a - b);
const fieldsOf = async (who: BrowserSession, name: string): Promise<IssueFields> => {
  const res = await asBrowser(h.app, who, "GET", `/api/0/issues/${issue[name]}/`);
  expect(res.statusCode).toBe(200);
  return res.json<IssueFields>();
};

describe("assigned:me and assigned:my_teams", () => {
  it("find exactly the signed-in user's issues and their teams' issues", async () => {
    expect(await search(ann, "assigned:me")).toEqual(sorted("one"));
    expect(await search(ann, "assigned:my_teams")).toEqual(sorted("three"));
    expect(await search(ann, "assigned:[me, my_teams]")).toEqual(sorted("one", "three"));
    expect(await search(bob, "assigned:me")).toEqual(sorted("two"));
    expect(await search(bob, "assigned:my_teams")).toEqual([]);
    expect(await search(bob, "!assigned:me")).toEqual(sorted("one", "three", "four"));
  });

  it("match nothing for a token, as before", async () => {
    expect(await search("token", "assigned:me")).toEqual([]);
    expect(await search("token", "assigned:my_teams")).toEqual([]);
  });
});

describe("bookmarks", () => {
  it("are stored per user: isBookmarked, is:bookmarked and bookmarks:<user>", async () => {
    const put = await asBrowser(
      h.app,
      ann,
      "PUT",
      `/api/0/organizations/acme/issues/?id=${issue.one}&id=${issue.two}`,
      {
        body: { isBookmarked: true },
      },
    );
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ isBookmarked: true, isPublic: false });
    expect((await fieldsOf(ann, "one")).isBookmarked).toBe(true);
    expect((await fieldsOf(bob, "one")).isBookmarked).toBe(false);
    expect(await search(ann, "is:bookmarked")).toEqual(sorted("one", "two"));
    expect(await search(ann, "bookmarks:me")).toEqual(sorted("one", "two"));
    expect(await search(ann, "!is:bookmarked")).toEqual(sorted("three", "four"));
    expect(await search(bob, "is:bookmarked")).toEqual([]);
    expect(await search("token", "bookmarks:ann@acme.test")).toEqual(sorted("one", "two"));
    expect(await search("token", `bookmarks:user:${annId}`)).toEqual(sorted("one", "two"));
    expect(await search("token", "is:bookmarked")).toEqual([]);

    const list = await asBrowser(h.app, ann, "GET", `/api/0/organizations/acme/issues/?query=&sort=new`);
    const flags = Object.fromEntries(
      list.json<{ id: string; isBookmarked: boolean }[]>().map((i) => [Number(i.id), i.isBookmarked]),
    );
    expect(flags).toEqual({
      [issue.one!]: true,
      [issue.two!]: true,
      [issue.three!]: false,
      [issue.four!]: false,
    });
  });

  it("un-bookmark with isBookmarked: false in a single update", async () => {
    const res = await asBrowser(h.app, ann, "PUT", `/api/0/issues/${issue.two}/`, {
      body: { isBookmarked: false },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<IssueFields>().isBookmarked).toBe(false);
    expect(await search(ann, "is:bookmarked")).toEqual(sorted("one"));
  });

  it("subscribe the user too, as in Sentry", async () => {
    expect(await fieldsOf(ann, "one")).toMatchObject({
      isSubscribed: true,
      subscriptionDetails: { reason: "bookmarked" },
    });
    expect(await fieldsOf(bob, "one")).toMatchObject({ isSubscribed: false, subscriptionDetails: null });
  });

  it("are echoed and not stored for a token", async () => {
    const before = await h.db("issue_bookmarks").count<{ n: string }[]>({ n: "*" });
    const res = await h.request("PUT", `/api/0/issues/${issue.four}/`, { body: { isBookmarked: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json<IssueFields>().isBookmarked).toBe(false);
    expect(await h.db("issue_bookmarks").count<{ n: string }[]>({ n: "*" })).toEqual(before);
  });
});

describe("hasSeen", () => {
  it("is per user, set and cleared by PUT, and a regression makes the issue unseen again", async () => {
    expect((await fieldsOf(ann, "four")).hasSeen).toBe(false);
    const seen = await asBrowser(h.app, ann, "PUT", `/api/0/issues/${issue.four}/`, {
      body: { hasSeen: true },
    });
    expect(seen.json<IssueFields>().hasSeen).toBe(true);
    expect((await fieldsOf(ann, "four")).hasSeen).toBe(true);
    expect((await fieldsOf(bob, "four")).hasSeen).toBe(false);

    const unseen = await asBrowser(h.app, ann, "PUT", `/api/0/issues/${issue.four}/`, {
      body: { hasSeen: false },
    });
    expect(unseen.json<IssueFields>().hasSeen).toBe(false);

    await asBrowser(h.app, ann, "PUT", `/api/0/issues/${issue.four}/`, { body: { hasSeen: true } });
    expect(
      (await h.request("PUT", `/api/0/issues/${issue.four}/`, { body: { status: "resolved" } })).statusCode,
    ).toBe(200);
    h.clock.advance(60_000);
    await h.ingest([{ projectId: 1, fingerprint: "four", time: h.clock.now() }]);
    expect((await issueRow(h.db, 1, "four"))!.status).toBe(0);
    expect((await fieldsOf(ann, "four")).hasSeen).toBe(false);
  });
});

describe("subscriptions", () => {
  it("are stored per user: isSubscribed, is:subscribed, and an explicit unsubscribe stays", async () => {
    const res = await asBrowser(h.app, bob, "PUT", `/api/0/issues/${issue.three}/`, {
      body: { isSubscribed: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<IssueFields>()).toMatchObject({
      isSubscribed: true,
      subscriptionDetails: { reason: "unknown" },
    });
    expect(await search(bob, "is:subscribed")).toEqual(sorted("three"));
    expect(await search(bob, "subscribed:me")).toEqual(sorted("three"));
    expect(await search(ann, "is:subscribed")).toEqual(sorted("one", "two"));

    const off = await asBrowser(h.app, ann, "PUT", `/api/0/issues/${issue.one}/`, {
      body: { isSubscribed: false },
    });
    expect(off.json<IssueFields>()).toMatchObject({ isSubscribed: false, subscriptionDetails: null });
    await asBrowser(h.app, ann, "PUT", `/api/0/issues/${issue.one}/`, { body: { isBookmarked: true } });
    expect((await fieldsOf(ann, "one")).isSubscribed).toBe(false);
    expect(await search(ann, "is:subscribed")).toEqual(sorted("two"));
  });
});

describe("notes", () => {
  it("are written by the signed-in user, who alone edits and deletes them; commenting subscribes", async () => {
    const url = `/api/0/issues/${issue.three}/notes/`;
    const created = await asBrowser(h.app, ann, "POST", url, { body: { text: "looking into it" } });
    expect(created.statusCode, created.body).toBe(201);
    const note = created.json<{ id: string; user: Record<string, unknown> }>();
    expect(note.user).toEqual({
      id: String(annId),
      name: "ann@acme.test",
      username: "ann@acme.test",
      email: "ann@acme.test",
      avatarUrl: null,
    });
    expect(
      (await h
        .db("activities")
        .where({ id: Number(note.id) })
        .first<{ user_id: string | number }>())!.user_id,
    ).toBe(annId);
    expect(await fieldsOf(ann, "three")).toMatchObject({
      isSubscribed: true,
      subscriptionDetails: { reason: "commented" },
    });

    const listed = await asBrowser(h.app, bob, "GET", url);
    expect(listed.json<{ user: { email: string } | null }[]>()[0]!.user?.email).toBe("ann@acme.test");
    const activity = await h.request("GET", `/api/0/issues/${issue.three}/activities/`);
    expect(
      activity
        .json<{ activity: { type: string; user: { id: string } | null }[] }>()
        .activity.find((a) => a.type === "note")!.user?.id,
    ).toBe(String(annId));

    const byBob = await asBrowser(h.app, bob, "PUT", `${url}${note.id}/`, { body: { text: "not mine" } });
    expect(byBob.statusCode).toBe(404);
    expect((await asBrowser(h.app, bob, "DELETE", `${url}${note.id}/`)).statusCode).toBe(403); // a DELETE needs the admin role
    const edited = await asBrowser(h.app, ann, "PUT", `${url}${note.id}/`, {
      body: { text: "fixed in #12" },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ data: { text: "fixed in #12" }, user: { id: String(annId) } });
    // A token edits any note, as before.
    expect((await h.request("PUT", `${url}${note.id}/`, { body: { text: "by token" } })).statusCode).toBe(
      200,
    );
    const admin = await createMember(h.db, {
      email: "cat@acme.test",
      password: PASSWORD,
      organizationId: h.acme.organization.id,
      role: "admin",
    });
    expect(admin.id).toBeGreaterThan(0);
    const cat = await signIn(h.app, "cat@acme.test", PASSWORD);
    expect((await asBrowser(h.app, cat, "DELETE", `${url}${note.id}/`)).statusCode).toBe(404);
    const own = await asBrowser(h.app, cat, "POST", url, { body: { text: "mine" } });
    const ownId = own.json<{ id: string }>().id;
    expect((await asBrowser(h.app, cat, "DELETE", `${url}${ownId}/`)).statusCode).toBe(204);
    const tokenNote = await h.request("POST", url, { body: { text: "from a script" } });
    expect(tokenNote.json<{ user: unknown }>().user).toBeNull();
  });
});
