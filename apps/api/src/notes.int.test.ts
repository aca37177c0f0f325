import { describe, expect, it } from "vitest";
import { issueRow, linkCursor, useApiHarness } from "./test/harness.js";

let counter = 0;

const h = await useApiHarness({ now: new Date("2026-11-20T12:00:00.000Z") });

async function newIssue(projectId = 1): Promise<number> {
  counter += 1;
  const fingerprint = `note-${counter}`;
  await h.ingest([{ projectId, fingerprint, time: new Date("2026-11-20T11:00:00.000Z") }]);
  return (await issueRow(h.db, projectId, fingerprint))!.id;
}

interface Note {
  id: string;
  user: null;
  sentry_app: null;
  type: string;
  data: Record<string, unknown>;
  dateCreated: string;
}

describe("issue notes", () => {
  it("a note round trip: create, list, show in the activity, edit, delete", async () => {
    const id = await newIssue();
    const created = await h.request("POST", `/api/0/organizations/acme/issues/${id}/notes/`, {
      token: h.acme.tokens.write,
      body: { text: "Looks like the cache again", mentions: [] },
    });
    expect(created.statusCode).toBe(201);
    const note = created.json<Note>();
    expect(note).toEqual({
      id: expect.stringMatching(/^\d+$/),
      user: null,
      sentry_app: null,
      type: "note",
      data: { text: "Looks like the cache again" },
      dateCreated: "2026-11-20T12:00:00.000Z",
    });

    const listed = await h.request("GET", `/api/0/issues/${id}/notes/`, { token: h.acme.tokens.read });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([note]);

    const details = await h.request("GET", `/api/0/issues/${id}/`);
    expect(details.json<{ activity: Note[] }>().activity.map((a) => a.type)).toEqual(["note", "first_seen"]);
    const activities = await h.request("GET", `/api/0/organizations/acme/issues/${id}/activities/`);
    expect(activities.json<{ activity: Note[] }>().activity[0]).toEqual(note);

    const edited = await h.request("PUT", `/api/0/issues/${id}/notes/${note.id}/`, {
      token: h.acme.tokens.write,
      body: { text: "It was DNS" },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toEqual({ ...note, data: { text: "It was DNS" } });
    const relisted = await h.request("GET", `/api/0/organizations/acme/issues/${id}/notes/`);
    expect(relisted.json<Note[]>().map((n) => n.data.text)).toEqual(["It was DNS"]);

    const deleted = await h.request("DELETE", `/api/0/organizations/acme/issues/${id}/notes/${note.id}/`);
    expect(deleted.statusCode).toBe(204);
    expect((await h.request("GET", `/api/0/issues/${id}/notes/`)).json()).toEqual([]);
    const again = await h.request("DELETE", `/api/0/issues/${id}/notes/${note.id}/`);
    expect(again.statusCode).toBe(404);
  });

  it("lists notes newest first, a page at a time", async () => {
    const id = await newIssue();
    for (const text of ["one", "two", "three"]) {
      h.clock.advance(1000);
      const res = await h.request("POST", `/api/0/issues/${id}/notes/`, { body: { text } });
      expect(res.statusCode).toBe(201);
    }
    const first = await h.request("GET", `/api/0/issues/${id}/notes/?per_page=2`);
    expect(first.json<Note[]>().map((n) => n.data.text)).toEqual(["three", "two"]);
    const next = linkCursor(first, "next");
    expect(next).toEqual({ cursor: "0:2:0", results: true });
    const second = await h.request("GET", `/api/0/issues/${id}/notes/?per_page=2&cursor=${next.cursor}`);
    expect(second.json<Note[]>().map((n) => n.data.text)).toEqual(["one"]);
    expect(linkCursor(second, "next").results).toBe(false);
  });

  it("refuses an empty or too long text, and a missing one, with 400", async () => {
    const id = await newIssue();
    const url = `/api/0/issues/${id}/notes/`;
    const empty = await h.request("POST", url, { body: { text: "  " } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ detail: "A note needs some text." });
    const long = await h.request("POST", url, { body: { text: "x".repeat(10_001) } });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toEqual({
      detail: "A note is at most 10000 characters long (this one has 10001).",
    });
    expect((await h.request("POST", url, { body: {} })).statusCode).toBe(400);
    const created = await h.request("POST", url, { body: { text: "x".repeat(10_000) } });
    expect(created.statusCode).toBe(201);
    const edit = await h.request("PUT", `${url}${created.json<Note>().id}/`, { body: { text: "" } });
    expect(edit.statusCode).toBe(400);
    expect((await h.request("GET", url)).json<Note[]>()[0]!.data.text).toHaveLength(10_000);
  });

  it("answers 404 for unknown notes and issues and for other organizations' issues", async () => {
    const id = await newIssue();
    const created = await h.request("POST", `/api/0/issues/${id}/notes/`, { body: { text: "mine" } });
    const noteId = created.json<Note>().id;
    const otherIssue = await newIssue(2);
    const notFound = [
      ["PUT", `/api/0/issues/${otherIssue}/notes/${noteId}/`],
      ["DELETE", `/api/0/issues/${otherIssue}/notes/${noteId}/`],
      ["PUT", `/api/0/issues/${id}/notes/999999/`],
      ["GET", `/api/0/issues/999999/notes/`],
      ["POST", `/api/0/issues/999999/notes/`],
      ["GET", `/api/0/organizations/other/issues/${id}/notes/`],
    ] as const;
    for (const [method, url] of notFound) {
      const res = await h.request(method, url, { body: { text: "x" } });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const other = await h.createOrg("globex", [{ slug: "shop", id: 30 }]);
    const foreign = await h.request("GET", `/api/0/issues/${id}/notes/`, { token: other.tokens.admin });
    expect(foreign.statusCode).toBe(404);
    const foreignPost = await h.request("POST", `/api/0/organizations/globex/issues/${id}/notes/`, {
      token: other.tokens.admin,
      body: { text: "x" },
    });
    expect(foreignPost.statusCode).toBe(404);
    expect((await h.request("GET", `/api/0/issues/${id}/notes/`)).json<Note[]>()).toHaveLength(1);
  });

  it("reading needs the read scope, writing the write scope", async () => {
    const id = await newIssue();
    const url = `/api/0/issues/${id}/notes/`;
    expect((await h.request("GET", url, { token: null })).statusCode).toBe(401);
    expect((await h.request("GET", url, { token: h.acme.tokens.read })).statusCode).toBe(200);
    const denied = await h.request("POST", url, { token: h.acme.tokens.read, body: { text: "no" } });
    expect(denied.statusCode).toBe(403);
    expect((await h.request("GET", url)).json()).toEqual([]);
  });
});
