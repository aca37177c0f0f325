import { rng, uuidHex, zipf } from "@sift/testkit";
import { inlineEvent, occurrenceMessage, statusChangeMessage, storedEventSeed } from "@sift/testkit";
import type { StoredEventSeed } from "@sift/testkit";

export interface WorkloadOptions {
  occurrences: number;
  projects: number;
  fingerprints: number;
  /** Pre-stored events per project that lookups refer to. */
  eventsPerProject: number;
  seed: number;
  /** Occurrence times are spread over the hour before this. */
  now: Date;
}

export interface WorkloadMessage {
  key: string;
  value: string;
}

export interface Workload {
  messages: WorkloadMessage[];
  events: StoredEventSeed[];
  mix: Record<string, number>;
  bytes: number;
}

/**
 * The documented mix: 10 projects; 20,000 fingerprints drawn with a Zipf(1.0) skew (the hottest gets
 * ~9.5% of the traffic); each fingerprint has one type — 60% cron check-in failures (4001: no noise
 * gate, 60,000 new issues/h), 15% N+1 queries (1006: noise gate 3), 10% consecutive HTTP (1009: noise
 * gate 5), 10% errors (1: no noise gate, 5 new issues/h), 5% slow DB queries (1001: noise gate 100);
 * 70% of occurrences carry an inline event, 10% are buffered spans, 20% look up a pre-stored event;
 * 1% of messages are status changes (resolve 50%, unresolve as ongoing 30%, ignore forever 20%) of a
 * fingerprint drawn with the same skew; events carry one of 5 releases, 2 environments, and a user
 * (one of 1,000) half of the time.
 */
export function generateWorkload(options: WorkloadOptions): Workload {
  const random = rng(options.seed);
  const pick = zipf(options.fingerprints, 1.0, random);
  const typeOf = (f: number): number => {
    const bucket = f % 20;
    if (bucket < 12) return 4001;
    if (bucket < 15) return 1006;
    if (bucket < 17) return 1009;
    if (bucket < 19) return 1;
    return 1001;
  };
  const projectOf = (f: number): number => (f % options.projects) + 1;
  const start = options.now.getTime() - 3600_000;
  const events: StoredEventSeed[] = [];
  for (let p = 1; p <= options.projects; p++) {
    for (let e = 0; e < options.eventsPerProject; e++) {
      events.push(
        storedEventSeed(p, uuidHex(random), new Date(start - 60_000), {
          serverName: `web-${e % 8}`,
          release: `svc-${p}@1.${e % 5}.0`,
          environment: e % 3 === 0 ? "staging" : "production",
        }),
      );
    }
  }
  const mix: Record<string, number> = { inline: 0, buffered: 0, lookup: 0, status_change: 0 };
  const messages: WorkloadMessage[] = [];
  let bytes = 0;
  for (let i = 0; i < options.occurrences; i++) {
    const f = pick();
    const projectId = projectOf(f);
    const fingerprint = [`fp-${f}`];
    const key = `${fingerprint[0]}-${projectId}`;
    const time = (start + (i * 3600_000) / options.occurrences) / 1000;
    let payload: Record<string, unknown>;
    if (random() < 0.01) {
      const roll = random();
      payload = statusChangeMessage(uuidHex(random), projectId, fingerprint, roll, [0.5, 0.8]);
      mix.status_change! += 1;
    } else {
      const type = typeOf(f);
      const roll = random();
      payload = occurrenceMessage({
        id: uuidHex(random),
        projectId,
        fingerprint,
        f,
        type,
        time,
        endpoints: 500,
        offenderSpanIds: ["a1", "b2", "c3"],
      });
      if (roll < 0.8) {
        const eventId = uuidHex(random);
        payload.event_id = eventId;
        const event = inlineEvent(eventId, projectId, time, {
          tags: { server_name: `web-${i % 8}`, transaction: `/api/endpoint/${f % 500}` },
          release: `svc-${projectId}@1.${f % 5}.0`,
          environment: f % 3 === 0 ? "staging" : "production",
        });
        if (random() < 0.5) event.user = { id: `user-${Math.floor(random() * 1000)}` };
        payload.event = event;
        if (roll >= 0.7) {
          payload.is_buffered_spans = true;
          mix.buffered! += 1;
        } else {
          mix.inline! += 1;
        }
      } else {
        const pool = events.slice(
          (projectId - 1) * options.eventsPerProject,
          projectId * options.eventsPerProject,
        );
        payload.event_id = pool[Math.floor(random() * pool.length)]!.eventId;
        mix.lookup! += 1;
      }
    }
    const value = JSON.stringify(payload);
    bytes += value.length;
    messages.push({ key, value });
  }
  return { messages, events, mix, bytes };
}
