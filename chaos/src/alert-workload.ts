import { inlineEvent, occurrenceMessage, rng, statusChangeMessage, uuidHex, zipf } from "@sift/testkit";
import type { StreamMessage } from "./workload.js";

/**
 * The alerts scenario's workload, in three phases whose order the scenario keeps with barriers:
 *
 * 1. occurrences (cron failures, no noise gate) over `fingerprints` fingerprints, each at least once,
 *    the rest drawn with a Zipf skew so some issues pass the frequency rule's count; a share of them
 *    sent again later with the same id;
 * 2. status changes resolving every fifth fingerprint (some sent twice);
 * 3. occurrences again: half of the resolved fingerprints (they regress), fingerprints just under the
 *    frequency rule's count (they cross it now), and new fingerprints (new issues).
 *
 * Each fingerprint has one project, one environment and one `team` tag, so a rule's filters give the
 * same answer whichever of its events the decider looks at.
 */
export interface AlertWorkloadOptions {
  /** Distinct occurrences of phase 1 (resends come on top). */
  messages: number;
  fingerprints: number;
  projects: readonly number[];
  resendRatio: number;
  /** The frequency rule fires for an issue with more than this many events. */
  frequencyValue: number;
  seed: number;
  now: Date;
}

export interface AlertWorkload {
  phases: { occurrences: StreamMessage[]; resolves: StreamMessage[]; regressions: StreamMessage[] };
  /** Every message of the three phases, in order. */
  all: StreamMessage[];
  /** The fingerprint (first element) of each message id. */
  fingerprintOf: Map<string, string>;
}

/** The rules the scenario creates in each project, as the expectation models them. */
export interface RulePlan {
  name: string;
  projectId: number;
  kind: "first-seen" | "regression" | "frequency";
  /** The rule's environment (the event's must match), or null. */
  environment: string | null;
  /** The frequency rule's tag filter `team eq …`. */
  team: string | null;
  /** One delivery per action kind when the rule fires. */
  actions: readonly ("webhooks" | "sentry_app")[];
}

export function rulePlans(projects: readonly number[]): RulePlan[] {
  return projects.flatMap((projectId, i) => [
    {
      name: `p${projectId} first seen`,
      projectId,
      kind: "first-seen" as const,
      // The second project's first-seen rule only takes production issues.
      environment: i % 2 === 1 ? "production" : null,
      team: null,
      actions: ["webhooks" as const],
    },
    {
      name: `p${projectId} regression`,
      projectId,
      kind: "regression" as const,
      environment: null,
      team: null,
      actions: ["sentry_app" as const],
    },
    {
      name: `p${projectId} frequent alpha`,
      projectId,
      kind: "frequency" as const,
      environment: null,
      team: "alpha",
      actions: ["sentry_app" as const, "webhooks" as const],
    },
  ]);
}

const label = (f: number) => `alert-fp-${f}`;

function occurrence(
  f: number,
  projectId: number,
  time: number,
  random: () => number,
): { id: string; value: Record<string, unknown> } {
  const id = uuidHex(random);
  const eventId = uuidHex(random);
  const value = occurrenceMessage({
    id,
    projectId,
    fingerprint: [label(f)],
    f,
    type: 4001,
    time,
    endpoints: 300,
    offenderSpanIds: [],
  });
  value.event_id = eventId;
  value.event = inlineEvent(eventId, projectId, time, {
    tags: { team: f % 3 === 0 ? "alpha" : "beta", server_name: `cron-${f % 4}` },
    release: `cron@1.${f % 3}.0`,
    environment: Math.floor(f / 2) % 2 === 0 ? "production" : "staging",
  });
  return { id, value };
}

function message(f: number, projectId: number, id: string, value: Record<string, unknown>): StreamMessage {
  return {
    key: `${label(f)}-${projectId}`,
    value: JSON.stringify(value),
    id,
    projectId,
    payloadType: value.payload_type as StreamMessage["payloadType"],
    resend: false,
  };
}

/** Copies of `ratio` of the messages, each placed at a random later position. */
function withResends(originals: StreamMessage[], ratio: number, random: () => number): StreamMessage[] {
  const inserts = new Map<number, StreamMessage[]>();
  for (let r = 0; r < Math.round(originals.length * ratio); r++) {
    const source = Math.floor(random() * originals.length);
    const at = source + 1 + Math.floor(random() * (originals.length - source));
    inserts.set(at, [...(inserts.get(at) ?? []), { ...originals[source]!, resend: true }]);
  }
  const out: StreamMessage[] = [];
  for (let i = 0; i <= originals.length; i++) {
    out.push(...(inserts.get(i) ?? []));
    if (i < originals.length) out.push(originals[i]!);
  }
  return out;
}

export function generateAlertWorkload(options: AlertWorkloadOptions): AlertWorkload {
  const random = rng(options.seed);
  const n = options.fingerprints;
  const projectOf = (f: number) => options.projects[f % options.projects.length]!;
  const fingerprintOf = new Map<string, string>();
  const add = (list: StreamMessage[], f: number, time: number) => {
    const o = occurrence(f, projectOf(f), time, random);
    fingerprintOf.set(o.id, label(f));
    list.push(message(f, projectOf(f), o.id, o.value));
  };

  // Phase 1: event times over the ten minutes to two minutes before `now` (the regression guard wants
  // the regressing event more than 5 s after the issue was last active).
  const start = options.now.getTime() / 1000 - 600;
  const counts = new Array<number>(n).fill(0);
  const pickFingerprint = zipf(n, 1.0, random);
  const first: StreamMessage[] = [];
  const total = Math.max(options.messages, n);
  for (let i = 0; i < total; i++) {
    const f = i < n ? i : pickFingerprint();
    counts[f]! += 1;
    add(first, f, start + (i * 480) / total);
  }

  const isResolved = (f: number) => f % 5 === 1;
  const resolved = [...Array(n).keys()].filter(isResolved);
  const resolves: StreamMessage[] = [];
  for (const f of resolved) {
    const id = uuidHex(random);
    fingerprintOf.set(id, label(f));
    // A roll of 0 resolves.
    const value = statusChangeMessage(id, projectOf(f), [label(f)], 0, [0.5, 0.8]);
    resolves.push(message(f, projectOf(f), id, value));
  }

  // Phase 3, at `now`: regressions, crossings of the frequency count, new issues.
  const now = options.now.getTime() / 1000;
  const regressions: StreamMessage[] = [];
  for (const f of resolved.filter((f) => Math.floor(f / 10) % 2 === 0)) add(regressions, f, now);
  const near = (f: number) =>
    !isResolved(f) && counts[f]! > options.frequencyValue - 3 && counts[f]! <= options.frequencyValue;
  for (const f of [...Array(n).keys()].filter(near)) for (let k = 0; k < 3; k++) add(regressions, f, now);
  for (let f = n; f < n + Math.max(4, Math.round(n / 12)); f++) add(regressions, f, now);

  const occurrences = withResends(first, options.resendRatio, random);
  const phases = {
    occurrences,
    resolves: withResends(resolves, 0.1, random),
    regressions: withResends(regressions, options.resendRatio, random),
  };
  return {
    phases,
    all: [...phases.occurrences, ...phases.resolves, ...phases.regressions],
    fingerprintOf,
  };
}

interface Seen {
  projectId: number;
  environment: string | null;
  team: string | null;
  /** Distinct occurrence ids. */
  ids: Set<string>;
  inLastPhase: boolean;
}

/**
 * The deliveries the workload must decide, computed from the messages alone (not from Sift's rule
 * evaluation): key → 1. Keys: `<rule name>|<fingerprint>|<action>` for rule firings and
 * `issue.<created|resolved|unresolved>|<fingerprint>` for the integration's issue webhooks.
 */
export function expectedAlerts(
  workload: AlertWorkload,
  rules: readonly RulePlan[],
  frequencyValue: number,
): Set<string> {
  const seen = new Map<string, Seen>();
  const read = (m: StreamMessage) => JSON.parse(m.value) as Record<string, unknown>;
  const note = (m: StreamMessage, last: boolean) => {
    const v = read(m);
    const fingerprint = (v.fingerprint as string[])[0]!;
    const event = v.event as { environment?: string; tags?: Record<string, string> };
    const s = seen.get(fingerprint) ?? {
      projectId: v.project_id as number,
      environment: event.environment ?? null,
      team: event.tags?.team ?? null,
      ids: new Set<string>(),
      inLastPhase: false,
    };
    s.ids.add(v.id as string);
    s.inLastPhase ||= last;
    seen.set(fingerprint, s);
  };
  for (const m of workload.phases.occurrences) note(m, false);
  for (const m of workload.phases.regressions) note(m, true);
  const resolved = new Set(
    workload.phases.resolves
      .map(read)
      .filter((v) => v.new_status === 1)
      .map((v) => (v.fingerprint as string[])[0]!),
  );

  const out = new Set<string>();
  for (const [fingerprint, s] of seen) {
    out.add(`issue.created|${fingerprint}`);
    const isResolved = resolved.has(fingerprint);
    const regressed = isResolved && s.inLastPhase;
    if (isResolved) out.add(`issue.resolved|${fingerprint}`);
    if (regressed) out.add(`issue.unresolved|${fingerprint}`);
    for (const rule of rules) {
      if (rule.projectId !== s.projectId) continue;
      if (rule.environment !== null && rule.environment !== s.environment) continue;
      if (rule.team !== null && rule.team !== s.team) continue;
      const fires =
        rule.kind === "first-seen" ||
        (rule.kind === "regression" && regressed) ||
        (rule.kind === "frequency" && s.ids.size > frequencyValue);
      if (fires) for (const action of rule.actions) out.add(`${rule.name}|${fingerprint}|${action}`);
    }
  }
  return out;
}
