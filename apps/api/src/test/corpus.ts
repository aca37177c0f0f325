import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { ApiHarness } from "./harness.js";
import { newId } from "./generate.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Issues of the list corpus by name; `ids[name]` is the issue id. */
export type CorpusName =
  | "alpha"
  | "bravo"
  | "charlie"
  | "delta"
  | "echo"
  | "foxtrot"
  | "golf"
  | "hotel"
  | "india"
  | "juliet"
  | "kilo";

export interface Corpus {
  ids: Record<CorpusName, number>;
  name(id: number): CorpusName;
  /** Occurrences ingested per issue, with their event times. */
  times: Record<CorpusName, Date[]>;
  now: Date;
}

async function put(
  h: ApiHarness,
  id: number,
  body: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  const res = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${id}`, { body });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/**
 * Eleven issues through the pipeline, then statuses through the API and a status-change message:
 *
 * | name    | project | type                                   | priority | status / substatus                 | inbox |
 * | alpha   | web     | 4001 cron                              | high     | unresolved / new, assigned to ann  | yes   |
 * | bravo   | web     | 4001 cron                              | high     | unresolved / ongoing               | no    |
 * | charlie | web     | 4001 cron                              | high     | ignored / archived_forever         | no    |
 * | delta   | web     | 4001 cron                              | high     | unresolved / escalating            | yes   |
 * | echo    | web     | 4001 cron                              | high     | ignored / archived_until_escalating| no    |
 * | foxtrot | web     | 4001 cron                              | high     | ignored / archived_until_condition_met | no |
 * | golf    | web     | 4001 cron                              | high     | resolved                           | no    |
 * | hotel   | web     | 4001 cron                              | high     | unresolved / regressed             | yes   |
 * | india   | web     | 1010 performance_n_plus_one_api_calls  | low      | unresolved / new                   | yes   |
 * | juliet  | api     | 1 error                                | medium   | unresolved / new                   | yes   |
 * | kilo    | api     | 1018 performance_p95_endpoint_regression | medium | unresolved / new                   | yes   |
 */
export async function buildCorpus(h: ApiHarness): Promise<Corpus> {
  const now = h.clock.now();
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const times: Record<CorpusName, Date[]> = {
    alpha: [ago(10 * DAY), ago(3 * HOUR), ago(2 * HOUR), ago(30 * MINUTE)],
    bravo: [ago(20 * DAY), ago(15 * DAY)],
    charlie: [ago(5 * DAY)],
    delta: [ago(2 * DAY), ago(1 * DAY + 1 * HOUR)],
    echo: [ago(40 * DAY)],
    foxtrot: [ago(3 * DAY)],
    golf: [ago(6 * HOUR), ago(5 * HOUR)],
    hotel: [ago(12 * DAY)],
    india: [ago(60 * DAY), ago(9 * DAY), ago(8 * DAY), ago(50 * MINUTE), ago(40 * MINUTE), ago(20 * MINUTE)],
    juliet: [
      ago(30 * DAY),
      ago(29 * DAY),
      ago(1 * HOUR),
      ago(10 * MINUTE),
      ago(5 * MINUTE),
      ago(4 * MINUTE),
      ago(3 * MINUTE),
      ago(2 * MINUTE),
    ],
    kilo: [ago(4 * HOUR)],
  };
  const spec = (name: CorpusName, time: Date, index: number) => {
    const base = { fingerprint: `corpus-${name}`, time, user: { id: `${name}-user-${index % 3}` } };
    switch (name) {
      case "india":
        return {
          ...base,
          projectId: 1,
          type: 1010,
          title: "N+1 API Call on /home",
          level: "warning",
          environment: "staging",
        };
      case "juliet":
        return {
          ...base,
          projectId: 2,
          type: 1,
          title: 'TypeError: "undefined" is not a function',
          level: "fatal",
          release: "backend@1.0.0",
          environment: "production",
        };
      case "kilo":
        return { ...base, projectId: 2, type: 1018, title: "Endpoint Regression 100% slower", level: "info" };
      case "alpha":
        return {
          ...base,
          projectId: 1,
          title: "Database timeout in checkout",
          environment: "production",
          release: "web@2.0.0",
        };
      default:
        return { ...base, projectId: 1, title: `Cron monitor ${name} failed` };
    }
  };
  const messages = (Object.keys(times) as CorpusName[]).flatMap((name) =>
    times[name].map((time, i) => ({ name, spec: spec(name, time, i) })),
  );
  // The creating occurrence first, so every issue exists before the others arrive.
  await h.ingest(messages.filter((m) => m.spec.time === times[m.name][0]).map((m) => m.spec));
  await h.ingest(messages.filter((m) => m.spec.time !== times[m.name][0]).map((m) => m.spec));

  const list = await h.request("GET", "/api/0/organizations/acme/issues/?query=&limit=100&statsPeriod=90d");
  expect(list.statusCode, list.body).toBe(200);
  const ids = {} as Record<CorpusName, number>;
  for (const issue of list.json<{ id: string; title: string; metadata: { title: string } }[]>()) {
    const match = (Object.keys(times) as CorpusName[]).find((n) => spec(n, now, 0).title === issue.title);
    if (match) ids[match] = Number(issue.id);
  }
  expect(Object.keys(ids).sort()).toEqual(Object.keys(times).sort());

  await put(h, ids.bravo, { status: "unresolved", inbox: false });
  await put(h, ids.charlie, { status: "ignored" });
  await put(h, ids.delta, { status: "ignored", substatus: "archived_until_escalating" });
  await put(h, ids.echo, { status: "ignored", statusDetails: { ignoreUntilEscalating: true } });
  await put(h, ids.foxtrot, { status: "ignored", statusDetails: { ignoreCount: 100 } });
  await put(h, ids.golf, { status: "resolved" });
  await put(h, ids.hotel, { status: "resolved" });
  // Escalation arrives as a status change; a regression as an occurrence of the resolved issue.
  const outcomes = await h.pipeline.processor.processBatch([
    {
      value: JSON.stringify({
        payload_type: "status_change",
        id: newId(),
        project_id: 1,
        fingerprint: ["corpus-delta"],
        new_status: 0,
        new_substatus: 2,
      }),
    },
  ]);
  expect(outcomes[0]?.kind).toBe("status_change");
  // Later than everything before, so the regression is the newest inbox entry.
  h.clock.advance(5_000);
  const regressAt = ago(1 * MINUTE);
  await h.ingest([{ ...spec("hotel", regressAt, 1) }]);
  times.hotel.push(regressAt);
  // alpha is assigned to a member.
  const { createUser, addOrganizationMember } = await import("@sift/storage");
  const { user } = await createUser(h.db, { email: "ann@acme.test", username: "ann", name: "Ann" });
  await addOrganizationMember(h.db, h.acme.organization.id, user.id);
  await put(h, ids.alpha, { assignedTo: "ann@acme.test" });

  const byId = new Map(Object.entries(ids).map(([n, id]) => [id, n as CorpusName]));
  return { ids, times, now: h.clock.now(), name: (id) => byId.get(id)! };
}
