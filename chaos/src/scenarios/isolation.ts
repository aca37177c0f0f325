import type { Knex } from "knex";
import { revokeApiToken } from "@sift/storage";
import { json, pool, request } from "../http.js";
import type { Answer } from "../http.js";
import { Feeder, waitForDrain } from "../kafka.js";
import { rng, uuidHex } from "@sift/testkit";
import type { ScenarioResult } from "../result.js";
import { Rig } from "../rig.js";
import type { ChaosContext } from "../rig.js";

const A = {
  slug: "acme",
  projects: [
    { id: 1, slug: "web" },
    { id: 2, slug: "api" },
  ],
};
const B = {
  slug: "acme-corp",
  projects: [
    { id: 3, slug: "web" },
    { id: 4, slug: "api" },
    { id: 5, slug: "mobile" },
  ],
};
/** Text only B's data carries: it must never show up in an answer to A's tokens. */
const B_MARKER = "bravo-only-7f3a";
const B_RELEASE = "svc@9.9.9-bravo";
const SHARED_RELEASE = "svc@1.0.0";

const NOT_FOUND = "The requested resource does not exist";

interface Check {
  label: string;
  method: string;
  url: string;
  /** Acceptable statuses. */
  expect: readonly number[];
  token?: string | null;
  authorization?: string;
  body?: unknown;
  /** The detail the answer must carry, when it is an error. */
  detail?: string;
}

/**
 * Look-alike data for one organisation: the same fingerprints, titles, releases, environments and
 * event ids in every project (B's event ids equal A's), B's texts marked.
 */
function tenantMessages(
  projects: readonly { id: number }[],
  marker: string,
  seed: number,
  extraRelease?: string,
) {
  const random = rng(seed);
  const now = Date.now() / 1000;
  const shared = rng(99);
  const eventIds = Array.from({ length: 15 * 4 }, () => uuidHex(shared));
  const messages: { key: string; value: string }[] = [];
  for (const [slot, p] of projects.entries()) {
    for (let k = 0; k < 15; k++) {
      for (let n = 0; n < 4; n++) {
        // Projects in the same position share event ids across the two organisations.
        const eventId = slot < 2 ? eventIds[k * 4 + n]! : uuidHex(random);
        const time = now - 3600 + k * 60 + n;
        const fingerprint = [`fp-${k}`];
        messages.push({
          key: `${fingerprint[0]}-${p.id}`,
          value: JSON.stringify({
            id: uuidHex(random),
            project_id: p.id,
            event_id: eventId,
            fingerprint,
            issue_title: "Monitor failure",
            subtitle: `Check-in missed for job-${k}${marker}`,
            culprit: `/jobs/${k}${marker}`,
            type: 4001,
            detection_time: time,
            level: "error",
            event: {
              event_id: eventId,
              project_id: p.id,
              platform: "python",
              timestamp: time,
              tags: { job: `job-${k}${marker}` },
              release: extraRelease && k % 3 === 0 ? extraRelease : SHARED_RELEASE,
              environment: "production",
            },
          }),
        });
      }
    }
  }
  return messages;
}

/**
 * Every table's rows as one digest each: "changes nothing" is an equal map. Token use times are left
 * out, and so are the alert cursors, which the ingest daemon's alert decider moves along the activity
 * log by itself (the activities they point into are compared).
 */
async function snapshot(db: Knex): Promise<Map<string, string>> {
  const tables = (
    await db.raw<{ rows: { table_name: string }[] }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'knex_%' AND table_name <> 'alert_cursors'",
    )
  ).rows.map((r) => r.table_name);
  const out = new Map<string, string>();
  for (const t of tables) {
    const row = (
      await db.raw<{ rows: { n: string; digest: string | null }[] }>(
        `SELECT count(*) AS n, md5(string_agg(j, ',' ORDER BY j)) AS digest
           FROM (SELECT (to_jsonb(x) - 'last_used_at')::text AS j FROM "${t}" x) s`,
      )
    ).rows[0]!;
    out.set(t, `${row.n}:${row.digest ?? ""}`);
  }
  return out;
}

/**
 * isolation: two organisations with look-alike data (same project slugs, fingerprints, titles, releases,
 * event ids). Every route, with A's tokens, against B's slugs, ids, short ids, event ids and releases — and
 * mixed (A's slug with B's ids) — reveals nothing and changes nothing; missing, malformed, revoked and
 * under-scoped tokens get 401/403.
 */
export async function isolationScenario(ctx: ChaosContext): Promise<ScenarioResult> {
  const started = Date.now();
  return Rig.run(
    ctx,
    "isolation",
    async (rig) => {
      const a = await rig.organization(A.slug, A.projects, {
        read: ["event:read"],
        write: ["event:write"],
        admin: ["event:admin"],
        revoked: ["event:admin"],
      });
      const b = await rig.organization(B.slug, B.projects, { admin: ["event:admin"] });
      await revokeApiToken(rig.db, a.tokens.revoked!.id, new Date());

      const ingest = await rig.start("ingest");
      const messages = [
        ...tenantMessages(A.projects, "", ctx.seed + 10),
        ...tenantMessages(B.projects, ` ${B_MARKER}`, ctx.seed + 11, B_RELEASE),
      ];
      const feeder = new Feeder(ctx.kafka, rig.topic, messages, 5_000);
      await feeder.done;
      const drained = await waitForDrain(ctx.admin, rig.groupId, rig.topic, 120_000);
      if (!drained.drained) throw new Error(`ingest did not drain (lag ${drained.lag})`);
      const api = await rig.start("api");
      const base = `${api.daemon.base}/api/0`;
      const intake = `${ingest.daemon.base}/api/0`;
      const tA = a.tokens;
      const tB = b.tokens.admin!.token;

      // B does things A must not undo or see: resolves issues, creates a release.
      const bIssues = (
        await rig.db.raw<{ rows: { id: string; project_id: string }[] }>(
          "SELECT id, project_id FROM issues WHERE organization_id = ? ORDER BY id",
          [b.id],
        )
      ).rows;
      const aIssues = (
        await rig.db.raw<{ rows: { id: string }[] }>(
          "SELECT id FROM issues WHERE organization_id = ? ORDER BY id",
          [a.id],
        )
      ).rows;
      if (bIssues.length < 30 || aIssues.length < 20)
        throw new Error(
          `setup: expected issues for both organisations, got A ${aIssues.length}, B ${bIssues.length}`,
        );
      const setup = [
        await request(
          "PUT",
          `${base}/organizations/${B.slug}/issues/?id=${bIssues[0]!.id}&id=${bIssues[1]!.id}`,
          {
            token: tB,
            body: { status: "resolved" },
          },
        ),
        await request("POST", `${base}/organizations/${B.slug}/releases/`, {
          token: tB,
          body: { version: "bravo-private@1.0.0", projects: ["mobile"] },
        }),
      ];
      for (const s of setup)
        if (s.status >= 300) throw new Error(`setup request failed: ${s.status} ${s.text}`);
      const bListing = json(
        await request("GET", `${base}/organizations/${B.slug}/issues/?query=&limit=100`, { token: tB }),
      ) as { id: string; shortId: string; project: { slug: string } }[];
      const bShortIds = bListing.map((i) => i.shortId);
      const aListing = json(
        await request("GET", `${base}/organizations/${A.slug}/issues/?query=&limit=100`, {
          token: tA.admin!.token,
        }),
      ) as { id: string; shortId: string }[];
      const aShortIds = new Set(aListing.map((i) => i.shortId));
      const bOnlyShortIds = bShortIds.filter((s) => !aShortIds.has(s)).slice(0, 3);
      const bEvents = (
        await rig.db.raw<{ rows: { event_id: string; project_id: string }[] }>(
          "SELECT replace(event_id::text, '-', '') AS event_id, project_id FROM occurrences WHERE project_id = 5 LIMIT 2",
        )
      ).rows.map((r) => r.event_id);
      const sharedEvent = (
        await rig.db.raw<{ rows: { event_id: string }[] }>(
          "SELECT replace(event_id::text, '-', '') AS event_id FROM occurrences WHERE project_id = 3 LIMIT 1",
        )
      ).rows[0]!.event_id;
      const bIssue = bIssues[5]!.id;
      const bMobileIssue = bIssues.find((i) => Number(i.project_id) === 5)!.id;
      const aIssue = aIssues[0]!.id;
      const before = await snapshot(rig.db);

      const checks: Check[] = [];
      const add = (
        label: string,
        method: string,
        url: string,
        expect: readonly number[],
        extra: Partial<Check> = {},
      ) => checks.push({ label, method, url, expect, token: tA.admin!.token, ...extra });
      const orgRefs = [B.slug, String(b.id)];
      // B's organisation by slug and by id: everything is a 404.
      for (const org of orgRefs) {
        for (const method of ["GET", "PUT", "DELETE"]) {
          const body = method === "PUT" ? { status: "resolved" } : undefined;
          add(`${method} B's issue list (${org})`, method, `${base}/organizations/${org}/issues/`, [404], {
            body,
            detail: NOT_FOUND,
          });
          add(
            `${method} B's issue list by id (${org})`,
            method,
            `${base}/organizations/${org}/issues/?id=${bIssue}`,
            [404],
            {
              body,
              detail: NOT_FOUND,
            },
          );
          add(
            `${method} B's issue (${org})`,
            method,
            `${base}/organizations/${org}/issues/${bIssue}/`,
            [404],
            {
              body,
              detail: NOT_FOUND,
            },
          );
          for (const project of ["web", "mobile", "5"]) {
            add(
              `${method} B's project issues (${org}/${project})`,
              method,
              `${base}/projects/${org}/${project}/issues/`,
              [404],
              {
                body,
                detail: NOT_FOUND,
              },
            );
          }
        }
        for (const suffix of [
          "events/",
          "events/latest/",
          "events/oldest/",
          `events/${bEvents[0]}/`,
          "activities/",
        ]) {
          add(
            `GET B's issue ${suffix} (${org})`,
            "GET",
            `${base}/organizations/${org}/issues/${bIssue}/${suffix}`,
            [404],
            {
              detail: NOT_FOUND,
            },
          );
        }
        for (const shortId of [...bOnlyShortIds, "WEB-1"]) {
          add(
            `GET B's short id ${shortId} (${org})`,
            "GET",
            `${base}/organizations/${org}/shortids/${shortId}/`,
            [404],
            {
              detail: NOT_FOUND,
            },
          );
        }
        add(`GET B's releases (${org})`, "GET", `${base}/organizations/${org}/releases/`, [404], {
          detail: NOT_FOUND,
        });
        add(`POST B's releases (${org})`, "POST", `${base}/organizations/${org}/releases/`, [404], {
          body: { version: "sneaky@1.0.0", projects: ["web"] },
          detail: NOT_FOUND,
        });
        for (const version of [B_RELEASE, SHARED_RELEASE]) {
          add(
            `GET B's release ${version} (${org})`,
            "GET",
            `${base}/organizations/${org}/releases/${encodeURIComponent(version)}/`,
            [404],
            {
              detail: NOT_FOUND,
            },
          );
          add(
            `PUT B's release ${version} (${org})`,
            "PUT",
            `${base}/organizations/${org}/releases/${encodeURIComponent(version)}/`,
            [404],
            {
              body: { status: "archived" },
              detail: NOT_FOUND,
            },
          );
        }
        add(`POST intake to B (${org})`, "POST", `${intake}/organizations/${org}/occurrences/`, [404], {
          token: tA.write!.token,
          body: JSON.parse(messages[0]!.value) as unknown,
        });
      }
      // Mixed: A's organisation (or no organisation) with B's ids.
      for (const prefix of [`${base}/organizations/${A.slug}`, base]) {
        const where = prefix === base ? "no org" : "A's org";
        for (const issue of [bIssue, bMobileIssue, ...bOnlyShortIds]) {
          add(`GET B's issue ${issue} (${where})`, "GET", `${prefix}/issues/${issue}/`, [404], {
            detail: NOT_FOUND,
          });
          add(`PUT B's issue ${issue} (${where})`, "PUT", `${prefix}/issues/${issue}/`, [404], {
            body: { status: "ignored" },
            detail: NOT_FOUND,
          });
          add(`DELETE B's issue ${issue} (${where})`, "DELETE", `${prefix}/issues/${issue}/`, [404], {
            detail: NOT_FOUND,
          });
          for (const suffix of ["events/", "events/latest/", `events/${bEvents[1]}/`, "activities/"]) {
            add(
              `GET B's issue ${issue} ${suffix} (${where})`,
              "GET",
              `${prefix}/issues/${issue}/${suffix}`,
              [404],
              {
                detail: NOT_FOUND,
              },
            );
          }
        }
        add(
          `GET A's issue with B's event id (${where})`,
          "GET",
          `${prefix}/issues/${aIssue}/events/${bEvents[0]}/`,
          [404],
          {
            detail: NOT_FOUND,
          },
        );
      }
      const orgA = `${base}/organizations/${A.slug}`;
      for (const shortId of bOnlyShortIds)
        add(`GET B's short id ${shortId} (A's org)`, "GET", `${orgA}/shortids/${shortId}/`, [404], {
          detail: NOT_FOUND,
        });
      for (const method of ["GET", "PUT", "DELETE"]) {
        const body = method === "PUT" ? { status: "resolved" } : undefined;
        for (const project of ["3", "5", "mobile"]) {
          add(
            `${method} B's project ${project} under A`,
            method,
            `${base}/projects/${A.slug}/${project}/issues/`,
            [404],
            {
              body,
              detail: NOT_FOUND,
            },
          );
        }
        add(`${method} A's list with B's project id`, method, `${orgA}/issues/?project=5`, [403], { body });
      }
      add("PUT A's list with only B's ids", "PUT", `${orgA}/issues/?id=${bIssue}&id=${bMobileIssue}`, [204], {
        body: { status: "resolved" },
      });
      add(
        "DELETE A's list with only B's ids",
        "DELETE",
        `${orgA}/issues/?id=${bIssue}&id=${bMobileIssue}`,
        [204],
      );
      for (const query of [
        bEvents[0]!,
        sharedEvent,
        ...bOnlyShortIds,
        B_MARKER,
        `release:${B_RELEASE}`,
        "is:resolved",
      ]) {
        add(
          `search A's issues for ${query}`,
          "GET",
          `${orgA}/issues/?query=${encodeURIComponent(query)}&shortIdLookup=1`,
          [200, 400],
        );
      }
      add("GET A's releases", "GET", `${orgA}/releases/`, [200]);
      add(
        "GET A's releases filtered by B's project",
        "GET",
        `${orgA}/releases/?project=5`,
        [200, 400, 403, 404],
      );
      add(`GET B-only release under A`, "GET", `${orgA}/releases/${encodeURIComponent(B_RELEASE)}/`, [404], {
        detail: NOT_FOUND,
      });
      add(`PUT B-only release under A`, "PUT", `${orgA}/releases/${encodeURIComponent(B_RELEASE)}/`, [404], {
        body: { status: "archived" },
        detail: NOT_FOUND,
      });
      add("POST a release into B's project slug under A", "POST", `${orgA}/releases/`, [400, 404], {
        body: { version: "sneaky@2.0.0", projects: ["mobile"] },
      });
      const intakeBody = JSON.parse(messages[0]!.value) as Record<string, unknown>;
      add(
        "POST intake to A with B's project id",
        "POST",
        `${intake}/organizations/${A.slug}/occurrences/`,
        [400],
        {
          token: tA.write!.token,
          body: {
            ...intakeBody,
            project_id: 5,
            id: uuidHex(rng(5)),
            event: { ...(intakeBody.event as object), project_id: 5 },
          },
        },
      );
      // B's token the other way round.
      for (const url of [
        `${orgA}/issues/`,
        `${orgA}/issues/${aIssue}/`,
        `${base}/issues/${aIssue}/`,
        `${orgA}/releases/`,
      ])
        add(`B's token on ${url.slice(base.length)}`, "GET", url, [404], { token: tB, detail: NOT_FOUND });

      // Tokens: missing, malformed, revoked → 401; under-scoped → 403.
      const own = [
        ["GET", `${orgA}/issues/`],
        ["PUT", `${orgA}/issues/?id=${aIssue}`],
        ["DELETE", `${orgA}/issues/?id=${aIssue}`],
        ["GET", `${orgA}/issues/${aIssue}/`],
        ["PUT", `${orgA}/issues/${aIssue}/`],
        ["DELETE", `${orgA}/issues/${aIssue}/`],
        ["GET", `${orgA}/releases/`],
        ["POST", `${intake}/organizations/${A.slug}/occurrences/`],
      ] as const;
      const adminToken = tA.admin!.token;
      const badAuth: [string, string | undefined][] = [
        ["no Authorization", undefined],
        ["Basic scheme", "Basic YWNtZTpzZWNyZXQ="],
        ["Bearer without a token", "Bearer"],
        ["Bearer with two tokens", `Bearer ${adminToken} ${adminToken}`],
        ["Token scheme", `Token ${adminToken}`],
        ["unknown token", `Bearer sntryu_${"0".repeat(64)}`],
        ["truncated token", `Bearer ${adminToken.slice(0, -1)}`],
        [
          "token with one character changed",
          `Bearer ${adminToken.slice(0, -1)}${adminToken.endsWith("a") ? "b" : "a"}`,
        ],
        ["revoked token", `Bearer ${tA.revoked!.token}`],
        ["B's revoked-looking garbage", "Bearer sntryu_zzzz"],
      ];
      for (const [method, url] of own) {
        const body = method === "PUT" ? { status: "resolved" } : method === "POST" ? intakeBody : undefined;
        for (const [label, authorization] of badAuth) {
          checks.push({
            label: `${label}: ${method} ${url.replace(base, "").replace(intake, "(intake)")}`,
            method,
            url,
            expect: [401],
            token: null,
            authorization: authorization ?? "",
            body,
          });
        }
        // A read token may not write, a write token may not delete.
        const tooWeak = [
          ...(method !== "GET" ? [["read", tA.read!.token] as const] : []),
          ...(method === "DELETE" ? [["write", tA.write!.token] as const] : []),
        ];
        for (const [role, token] of tooWeak)
          checks.push({ label: `${role} token: ${method} ${url}`, method, url, expect: [403], token, body });
      }
      // Under-scoped tokens against B's things: refused, never a 2xx.
      for (const [label, token] of [
        ["read", tA.read!.token],
        ["write", tA.write!.token],
      ] as const) {
        checks.push({
          label: `${label} token: DELETE B's issue`,
          method: "DELETE",
          url: `${base}/organizations/${B.slug}/issues/${bIssue}/`,
          expect: [403, 404],
          token,
        });
        checks.push({
          label: `${label} token: PUT B's issue`,
          method: "PUT",
          url: `${base}/issues/${bIssue}/`,
          expect: label === "read" ? [403, 404] : [404],
          token,
          body: { status: "resolved" },
        });
      }

      // Run them: no 5xx, the expected status, nothing of B's in any answer.
      const failures: string[] = [];
      const leaks = [B_MARKER, B.slug, B_RELEASE, "bravo-private", ...bEvents];
      const statusCount: Record<string, number> = {};
      const wrong: string[] = [];
      await pool(checks, 8, async (c) => {
        const answer: Answer = await request(c.method, c.url, {
          token: c.token,
          authorization: c.authorization === "" ? undefined : c.authorization,
          body: c.body,
        });
        statusCount[answer.status] = (statusCount[answer.status] ?? 0) + 1;
        const text = answer.text;
        const leaked = leaks.filter((l) => text.includes(l));
        if (!c.expect.includes(answer.status))
          wrong.push(
            `${c.label}: ${answer.status}${answer.error ? ` (${answer.error})` : ""} ${text.slice(0, 160)}; expected ${c.expect.join("/")}`,
          );
        else if (c.detail && (json(answer) as { detail?: string } | null)?.detail !== c.detail)
          wrong.push(`${c.label}: detail ${text.slice(0, 160)}; expected "${c.detail}"`);
        if (leaked.length > 0) wrong.push(`${c.label}: the answer shows ${leaked.join(", ")}`);
        // Lists under A's organisation must hold A's projects only.
        const body = json(answer);
        if (Array.isArray(body)) {
          for (const item of body as { project?: { id?: string } }[]) {
            const pid = Number(item.project?.id);
            if (item.project && !A.projects.some((p) => p.id === pid))
              wrong.push(`${c.label}: lists an issue of project ${pid}`);
          }
        }
      });
      if (wrong.length > 0)
        failures.push(
          `${wrong.length} of ${checks.length} requests answered wrongly: ${wrong.slice(0, 10).join(" | ")}`,
        );
      const fiveHundreds = Object.entries(statusCount)
        .filter(([s]) => Number(s) >= 500 || Number(s) === 0)
        .reduce((n, [, k]) => n + k, 0);
      if (fiveHundreds > 0) failures.push(`${fiveHundreds} requests got a 5xx or no answer`);

      const after = await snapshot(rig.db);
      const changed = [...before].filter(([t, digest]) => after.get(t) !== digest).map(([t]) => t);
      if (changed.length > 0) failures.push(`the requests changed data in: ${changed.join(", ")}`);
      failures.push(...rig.unexpectedExits);
      const result: ScenarioResult = {
        scenario: "isolation",
        status: failures.length === 0 ? "passed" : "failed",
        messages: checks.length,
        lost: 0,
        duplicated: 0,
        deadLettered: 0,
        recoveredInSeconds: null,
        note: `${checks.length} requests: ${Object.entries(statusCount)
          .sort()
          .map(([s, n]) => `${n}×${s}`)
          .join(", ")}; ${wrong.length} wrong, ${changed.length} tables changed`,
        failures,
        seconds: Math.round((Date.now() - started) / 1000),
        details: {
          statuses: statusCount,
          wrong,
          changedTables: changed,
          issues: { a: aIssues.length, b: bIssues.length },
        },
      };
      return result;
    },
    4,
  );
}
