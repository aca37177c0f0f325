import { sleep } from "@sift/testkit";
import { audit } from "../audit.js";
import type { ExpectedDeadLetter, ExpectedValid } from "../audit.js";
import { LOOKUP_EVENT_ID, generateCorpus, summarizeCorpus } from "../corpus.js";
import type { CorpusEntry } from "../corpus.js";
import { apiBadRequests } from "../api-corpus.js";
import { json, pool, request } from "../http.js";
import { Feeder } from "../kafka.js";
import { fromAudit } from "../result.js";
import type { ScenarioResult } from "../result.js";
import { Rig } from "../rig.js";
import type { ChaosContext } from "../rig.js";

export interface BadInputOptions {
  /** Malformed messages per pass (half as many valid ones are interleaved). */
  malformed: number;
}

const PROJECT = 1;
const ORG = "chaos-bad";
const HTTP_CONCURRENCY = 6;

interface HttpAnswer {
  status: number;
  body: { detail?: unknown; errors?: { code?: string }[] } | null;
}

async function post(url: string, token: string, body: Buffer | string | null): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body ?? "",
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let parsed: HttpAnswer["body"] = null;
  try {
    parsed = JSON.parse(text) as HttpAnswer["body"];
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}

/**
 * bad input: the corpus (≥ 2,000 malformed messages made by mutating the shared fixtures, interleaved
 * with valid ones) through Kafka: no crash, each malformed one dead-lettered with a specific reason, each
 * valid one processed. Then a second corpus through the HTTP intake: 400s with specific messages, never a
 * 5xx, valid ones accepted; mixed batches are refused whole; the daemon stays up throughout.
 */
export async function badInputScenario(ctx: ChaosContext, options: BadInputOptions): Promise<ScenarioResult> {
  const started = Date.now();
  return Rig.run(ctx, "bad-input", async (rig) => {
    const org = await rig.organization(ORG, [{ id: PROJECT, slug: "web" }], {
      write: ["event:write"],
      admin: ["event:admin"],
    });
    const token = org.tokens.write!.token;
    const now = new Date();
    await rig.storeEvents([
      {
        projectId: PROJECT,
        eventId: LOOKUP_EVENT_ID,
        timestamp: new Date(now.getTime() - 600_000),
        data: {
          event_id: LOOKUP_EVENT_ID,
          project_id: PROJECT,
          platform: "python",
          timestamp: (now.getTime() - 600_000) / 1000,
          received: new Date(now.getTime() - 600_000).toISOString(),
          level: "warning",
          tags: {},
          type: "transaction",
        },
      },
    ]);
    const corpus = (seed: number, prefix: string, malformed: number, valid: number) =>
      generateCorpus({
        seed,
        malformed,
        valid,
        projectId: PROJECT,
        unknownProjectId: 424_242,
        now,
        keyPrefix: prefix,
      });
    const viaKafka = corpus(ctx.seed + 3, "bad-kafka", options.malformed, Math.floor(options.malformed / 2));
    const viaHttp = corpus(ctx.seed + 4, "bad-http", options.malformed, Math.floor(options.malformed / 2));
    const daemon = await rig.start("ingest");
    const failures: string[] = [];

    // 1. Kafka.
    ctx.log(
      `bad-input: producing ${viaKafka.length.toLocaleString("en")} messages (${viaKafka.filter((e) => !e.valid).length.toLocaleString("en")} malformed)`,
    );
    const feeder = new Feeder(
      ctx.kafka,
      rig.topic,
      viaKafka.map((e) => ({ key: e.key, value: e.value })),
      2_000,
    );
    await feeder.done;

    // 2. HTTP intake, the same kinds of mutation (a second corpus, so its valid messages are new).
    const url = `${daemon.daemon.base}/api/0/organizations/${ORG}/occurrences/`;
    const statuses: Record<string, number> = {};
    const wrong: string[] = [];
    const accepted: CorpusEntry[] = [];
    ctx.log(`bad-input: posting ${viaHttp.length.toLocaleString("en")} bodies to the intake`);
    await pool(viaHttp, HTTP_CONCURRENCY, async (e) => {
      let answer: HttpAnswer;
      try {
        answer = await post(url, token, e.value);
      } catch (error) {
        wrong.push(`${e.kind} (${e.detail}): no answer (${(error as Error).message})`);
        return;
      }
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const detail = typeof answer.body?.detail === "string" ? answer.body.detail : "";
      if (answer.status === 202) accepted.push(e);
      if (answer.status !== e.httpStatus) {
        wrong.push(
          `${e.kind} (${e.detail}): ${answer.status} ${detail.slice(0, 200)}; expected ${e.httpStatus}`,
        );
        return;
      }
      if (answer.status !== 400) return;
      const code = answer.body?.errors?.[0]?.code;
      if (detail.length < 10 || /internal/i.test(detail))
        wrong.push(`${e.kind} (${e.detail}): 400 without a specific message: ${JSON.stringify(answer.body)}`);
      else if (code !== undefined && !e.httpCodes.includes(code as never))
        wrong.push(
          `${e.kind} (${e.detail}): 400 ${code} (${detail.slice(0, 200)}); expected ${e.httpCodes.join("/")}`,
        );
    });

    // 3. Batches: a bad message refuses its whole request (no partial write); too many messages is a 400.
    const extra = corpus(ctx.seed + 5, "bad-batch", 40, 200).filter(
      (e) =>
        e.value !== null &&
        (e.valid ||
          ["bad-uuid", "bad-enum", "future-timestamp", "missing-field", "unknown-project"].includes(e.kind)),
    );
    const batchValid = extra.filter((e) => e.valid);
    const batchInvalid = extra.filter((e) => !e.valid);
    const refusedIds: string[] = [];
    for (let b = 0; b < Math.min(batchInvalid.length, 20); b++) {
      const members = [...batchValid.slice(b * 5, b * 5 + 5), batchInvalid[b]!];
      const body = `[${members.map((m) => m.value!.toString("utf8")).join(",")}]`;
      const answer = await post(url, token, body);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status !== 400)
        wrong.push(`a batch with one ${batchInvalid[b]!.kind} message: ${answer.status}; expected 400`);
      refusedIds.push(...members.flatMap((m) => (m.id ? [m.id] : [])));
    }
    const tooMany = await post(url, token, `[${Array.from({ length: 1001 }, () => "{}").join(",")}]`);
    statuses[tooMany.status] = (statuses[tooMany.status] ?? 0) + 1;
    if (tooMany.status !== 400) wrong.push(`1,001 messages in one request: ${tooMany.status}; expected 400`);

    const fiveHundreds = Object.entries(statuses)
      .filter(([s]) => Number(s) >= 500)
      .reduce((n, [, c]) => n + c, 0);
    if (wrong.length > 0)
      failures.push(`intake answered ${wrong.length} bodies wrongly (e.g. ${wrong.slice(0, 8).join(" | ")})`);
    if (fiveHundreds > 0) failures.push(`intake answered ${fiveHundreds} requests with a 5xx`);
    await sleep(500);
    const health = await fetch(`${daemon.daemon.base}/healthz`).catch(() => null);
    if (!rig.alive(daemon) || health?.status !== 200) failures.push("the daemon did not stay up");

    // 4. The query API's own input (query strings, bodies, path ids): a 4xx with a detail, never a 5xx.
    const api = await rig.start("api");
    const issue = (await rig.db("issues").first<{ id: string } | undefined>("id"))?.id ?? "1";
    const release =
      (await rig.db("releases").first<{ version: string } | undefined>("version"))?.version ?? "web@1.9.0";
    const apiStatuses: Record<string, number> = {};
    const apiWrong: string[] = [];
    const apiRequests = apiBadRequests();
    await pool(apiRequests, HTTP_CONCURRENCY, async (r) => {
      const path = r.path
        .replaceAll("{org}", ORG)
        .replaceAll("{issue}", String(issue))
        .replaceAll("{release}", encodeURIComponent(release));
      const answer = await request(r.method, `${api.daemon.base}/api/0${path}`, {
        token: org.tokens.admin!.token,
        body: r.rawBody ?? r.body,
      });
      apiStatuses[answer.status] = (apiStatuses[answer.status] ?? 0) + 1;
      const detail = (json(answer) as { detail?: unknown } | null)?.detail;
      const label = `${r.method} ${path.slice(0, 120)}`;
      if (answer.status >= 500 || answer.status === 0)
        apiWrong.push(`${label}: ${answer.status || answer.error} ${answer.text.slice(0, 160)}`);
      else if (r.expect && !r.expect.includes(answer.status))
        apiWrong.push(`${label}: ${answer.status}; expected ${r.expect.join("/")}`);
      else if (answer.status >= 400 && (typeof detail !== "string" || detail === ""))
        apiWrong.push(`${label}: ${answer.status} without a detail: ${answer.text.slice(0, 160)}`);
    });
    if (apiWrong.length > 0)
      failures.push(
        `the API answered ${apiWrong.length} bad requests wrongly (e.g. ${apiWrong.slice(0, 8).join(" | ")})`,
      );
    if (!rig.alive(api)) failures.push("the API did not stay up");

    // 4. The audit: Kafka corpus + what the intake accepted.
    const valid: ExpectedValid[] = [...viaKafka, ...accepted]
      .filter((e) => e.valid)
      .map((e) => ({ id: e.id!, projectId: PROJECT, payloadType: e.payloadType }));
    const deadLetters: ExpectedDeadLetter[] = [
      ...viaKafka
        .filter((e) => !e.valid)
        .map((e) => ({ key: e.key, codes: e.codes, label: `${e.key} ${e.kind}: ${e.detail}` })),
      ...accepted
        .filter((e) => !e.valid)
        .map((e) => ({ id: e.id!, codes: e.codes, label: `${e.key} (intake) ${e.kind}: ${e.detail}` })),
    ];
    const mustNotStore = [
      ...[...viaKafka, ...viaHttp].filter((e) => !e.valid && e.id !== null).map((e) => e.id!),
      ...refusedIds,
    ];
    const result = await audit({ rig, projectIds: [PROJECT, 424_242], valid, deadLetters, mustNotStore });
    failures.push(...rig.unexpectedExits);
    const messages = viaKafka.length + viaHttp.length + apiRequests.length;
    const malformed = [...viaKafka, ...viaHttp].filter((e) => !e.valid).length;
    const outcome = fromAudit("bad-input", messages, result, {
      failures,
      note:
        `${malformed.toLocaleString("en")} malformed + ${(messages - malformed).toLocaleString("en")} valid; ` +
        `intake: ${Object.entries(statuses)
          .map(([s, n]) => `${n.toLocaleString("en")}×${s}`)
          .join(", ")}; API: ${apiRequests.length} bad requests, ${Object.entries(apiStatuses)
          .map(([s, n]) => `${n}×${s}`)
          .join(", ")}`,
      details: {
        kinds: summarizeCorpus(viaKafka),
        intakeStatuses: statuses,
        intakeWrong: wrong.slice(0, 50),
        apiStatuses,
        apiWrong,
        deadLetterCodes: result.deadLetterCodes,
        outcomes: result.outcomes,
      },
      started,
    });
    return outcome;
  });
}
