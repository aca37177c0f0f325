import { rng, uuidHex, zipf } from "@sift/testkit";
import { inlineEvent, occurrenceMessage, statusChangeMessage, storedEventSeed } from "@sift/testkit";
import type { StoredEventSeed } from "@sift/testkit";

export interface StreamMessage {
  /** Partition key as Sift's producer sets it: `{fingerprint[0]}-{project_id}`. */
  key: string;
  value: string;
  /** Canonical id (the audit looks it up). */
  id: string;
  projectId: number;
  payloadType: "occurrence" | "status_change";
  /** True for the copies sent again later with the same id. */
  resend: boolean;
}

export interface StreamOptions {
  /** Distinct messages (ids); the resends come on top. */
  count: number;
  /** Share of messages sent a second time, later in the stream, with the same id. */
  resendRatio: number;
  projects: readonly number[];
  fingerprints: number;
  seed: number;
  /** Occurrence times are spread over the half hour before this. */
  now: Date;
  /** Pre-stored events per project that lookups refer to. */
  eventsPerProject: number;
  /** Share of status changes (default 1%). */
  statusChangeRatio?: number;
  /** Share of occurrences that look up a stored event (default 10%). */
  lookupRatio?: number;
  /** Distinguishes the fingerprints of two streams that must not share issues. */
  fingerprintPrefix?: string;
}

export interface Stream {
  messages: StreamMessage[];
  events: StoredEventSeed[];
  mix: Record<string, number>;
}

/**
 * A stream of valid messages: most of them cron check-in failures (4001: no noise gate, 60,000 new
 * issues an hour, so issues really are created and updated), some noise-gated types (1006 N+1 queries:
 * gate 3; 1009 consecutive HTTP: gate 5), some errors (1: 5 new issues an hour, so some are rate limited);
 * fingerprints drawn with a Zipf skew (hot issues); 80% inline events, 10% buffered spans, 10% look up a
 * pre-stored event; 1% status changes; `resendRatio` of the messages sent again later with the same id.
 */
export function generateStream(options: StreamOptions): Stream {
  const random = rng(options.seed);
  const pickFingerprint = zipf(options.fingerprints, 1.0, random);
  const prefix = options.fingerprintPrefix ?? "fp";
  const typeOf = (f: number): number => {
    const bucket = f % 20;
    if (bucket < 14) return 4001;
    if (bucket < 16) return 1006;
    if (bucket < 18) return 1;
    return 1009;
  };
  const projectOf = (f: number) => options.projects[f % options.projects.length]!;
  const start = options.now.getTime() - 1800_000;

  const events: StoredEventSeed[] = [];
  const eventPool = new Map<number, string[]>();
  for (const projectId of options.projects) {
    const pool: string[] = [];
    for (let e = 0; e < options.eventsPerProject; e++) {
      const eventId = uuidHex(random);
      pool.push(eventId);
      events.push(
        storedEventSeed(projectId, eventId, new Date(start - 60_000), {
          serverName: `web-${e % 4}`,
          release: `svc@1.${e % 3}.0`,
          environment: e % 2 === 0 ? "staging" : "production",
        }),
      );
    }
    eventPool.set(projectId, pool);
  }

  const mix: Record<string, number> = { inline: 0, buffered: 0, lookup: 0, status_change: 0, resend: 0 };
  const originals: StreamMessage[] = [];
  const statusChangeRatio = options.statusChangeRatio ?? 0.01;
  const lookupRatio = options.lookupRatio ?? 0.1;
  for (let i = 0; i < options.count; i++) {
    const f = pickFingerprint();
    const projectId = projectOf(f);
    const fingerprint = [`${prefix}-${f}`];
    const key = `${fingerprint[0]}-${projectId}`;
    const id = uuidHex(random);
    const time = (start + (i * 1800_000) / options.count) / 1000;
    let payload: Record<string, unknown>;
    if (random() < statusChangeRatio) {
      payload = statusChangeMessage(id, projectId, fingerprint, random(), [0.6, 0.85]);
      mix.status_change! += 1;
    } else {
      const type = typeOf(f);
      payload = occurrenceMessage({
        id,
        projectId,
        fingerprint,
        f,
        type,
        time,
        endpoints: 300,
        offenderSpanIds: ["a1", "b2"],
      });
      const roll = random();
      if (roll < 1 - lookupRatio) {
        const eventId = uuidHex(random);
        payload.event_id = eventId;
        const event = inlineEvent(eventId, projectId, time, {
          tags: { server_name: `web-${i % 4}` },
          release: `svc@1.${f % 3}.0`,
          environment: f % 2 === 0 ? "staging" : "production",
        });
        if (random() < 0.5) event.user = { id: `user-${Math.floor(random() * 500)}` };
        payload.event = event;
        if (roll >= (0.8 * (1 - lookupRatio)) / 0.9) {
          payload.is_buffered_spans = true;
          mix.buffered! += 1;
        } else {
          mix.inline! += 1;
        }
      } else {
        const pool = eventPool.get(projectId)!;
        payload.event_id = pool[Math.floor(random() * pool.length)]!;
        mix.lookup! += 1;
      }
    }
    originals.push({
      key,
      value: JSON.stringify(payload),
      id,
      projectId,
      payloadType: payload.payload_type as StreamMessage["payloadType"],
      resend: false,
    });
  }

  // Resends: copies of earlier messages, each placed at a random later position.
  const resends = Math.round(options.count * options.resendRatio);
  const inserts = new Map<number, StreamMessage[]>();
  for (let r = 0; r < resends; r++) {
    const source = Math.floor(random() * options.count);
    const at = source + 1 + Math.floor(random() * (options.count - source));
    const list = inserts.get(at) ?? [];
    list.push({ ...originals[source]!, resend: true });
    inserts.set(at, list);
  }
  mix.resend = resends;
  const messages: StreamMessage[] = [];
  for (let i = 0; i <= options.count; i++) {
    messages.push(...(inserts.get(i) ?? []));
    if (i < options.count) messages.push(originals[i]!);
  }
  return { messages, events, mix };
}
