import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { issueRow, useApiHarness } from "./test/harness.js";
import { sentryIssueEvent, sentryIssueEventList } from "./test/sentry-schemas/issue-events.js";
import { sentryIssueHashes } from "./test/sentry-schemas/issue-hashes.js";
import { sentryIssueNote, sentryIssueNotes } from "./test/sentry-schemas/issue-notes.js";
import { sentryIssueTag, sentryIssueTagValues, sentryIssueTags } from "./test/sentry-schemas/issue-tags.js";

let issueId: number;
const NOW = new Date("2026-11-27T12:00:00Z");
const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 11, minute));

const h = await useApiHarness({ now: NOW });

beforeAll(async () => {
  // Events as varied as the serializers meet them: a numeric user id, no user, pair tags, no release.
  await h.ingest([
    {
      projectId: 1,
      fingerprint: "shapes",
      time: at(1),
      environment: "production",
      release: "web@2.0.0",
      user: { id: 42, email: "ada@example.test", ip_address: "10.0.0.1" },
      tags: { browser: "Firefox" },
    },
    { projectId: 1, fingerprint: "shapes", time: at(2), environment: null, release: null, user: null },
    {
      projectId: 1,
      fingerprint: "shapes",
      fingerprints: ["shapes", "shapes-too"],
      time: at(3),
      environment: "staging",
      level: "warning",
      user: { username: "eve" },
      tags: { browser: "Chrome", url: "/checkout" },
    },
  ]);
  issueId = (await issueRow(h.db, 1, "shapes"))!.id;
});

/** The answer is 2xx and valid against Sentry's schema; the failures name the fields. */
async function conforms(
  schema: z.ZodType,
  method: "GET" | "POST" | "PUT",
  url: string,
  body?: unknown,
): Promise<unknown> {
  const res = await h.request(method, url, body === undefined ? {} : { body });
  expect(res.statusCode, res.body).toBeLessThan(300);
  const json: unknown = res.json();
  const result = schema.safeParse(json);
  expect(result.error?.issues ?? [], url).toEqual([]);
  return json;
}

describe("responses valid against Sentry's published schemas", () => {
  for (const prefix of ["/api/0/organizations/acme/issues", "/api/0/issues"]) {
    it(`events list and each event route (${prefix})`, async () => {
      const base = `${prefix}/${issueId}`;
      const list = (await conforms(sentryIssueEventList, "GET", `${base}/events/`)) as unknown[];
      expect(list).toHaveLength(3);
      await conforms(sentryIssueEventList, "GET", `${base}/events/?query=browser:Chrome&full=true`);
      for (const which of ["latest", "oldest", "recommended"]) {
        await conforms(sentryIssueEvent, "GET", `${base}/events/${which}/`);
        await conforms(sentryIssueEvent, "GET", `${base}/events/${which}/?environment=staging`);
      }
      const { eventID } = list[1] as { eventID: string };
      await conforms(sentryIssueEvent, "GET", `${base}/events/${eventID}/`);
    });

    it(`tags, tag details and tag values (${prefix})`, async () => {
      const base = `${prefix}/${issueId}`;
      const tags = (await conforms(sentryIssueTags, "GET", `${base}/tags/`)) as { key: string }[];
      expect(tags.map((t) => t.key)).toEqual(expect.arrayContaining(["browser", "environment", "user"]));
      for (const key of ["browser", "user", "environment", "release", "level"]) {
        await conforms(sentryIssueTag, "GET", `${base}/tags/${key}/`);
        await conforms(sentryIssueTagValues, "GET", `${base}/tags/${key}/values/`);
      }
    });

    it(`notes: create, list, edit (${prefix})`, async () => {
      const base = `${prefix}/${issueId}/notes/`;
      const note = (await conforms(sentryIssueNote, "POST", base, { text: "looking" })) as { id: string };
      await conforms(sentryIssueNote, "PUT", `${base}${note.id}/`, { text: "fixed" });
      const notes = (await conforms(sentryIssueNotes, "GET", base)) as unknown[];
      expect(notes.length).toBeGreaterThan(0);
    });

    it(`hashes (${prefix})`, async () => {
      const hashes = (await conforms(sentryIssueHashes, "GET", `${prefix}/${issueId}/hashes/`)) as unknown[];
      expect(hashes).toHaveLength(2);
    });
  }
});
