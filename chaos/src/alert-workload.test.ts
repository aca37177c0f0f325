import { describe, expect, it } from "vitest";
import { expectedAlerts, generateAlertWorkload, rulePlans } from "./alert-workload.js";
import type { AlertWorkload } from "./alert-workload.js";
import { expectAuditable } from "./test/decoded.js";
import type { StreamMessage } from "./workload.js";

const now = new Date("2026-12-01T12:00:00Z");
const bounds = { now, maxAgeSeconds: 90 * 86_400, maxFutureSeconds: 86_400 };
const plans = rulePlans([1, 2]);
const workload = generateAlertWorkload({
  messages: 3_000,
  fingerprints: 120,
  projects: [1, 2],
  resendRatio: 0.05,
  frequencyValue: 20,
  seed: 5,
  now,
});

/** A hand-made occurrence of a fingerprint (project 1, production, team alpha). */
function occurrence(id: string, fingerprint: string, team = "alpha"): StreamMessage {
  const value = {
    payload_type: "occurrence",
    id,
    project_id: 1,
    fingerprint: [fingerprint],
    event: { environment: "production", tags: { team } },
  };
  return {
    key: "",
    value: JSON.stringify(value),
    id,
    projectId: 1,
    payloadType: "occurrence",
    resend: false,
  };
}

function handMade(phases: Partial<AlertWorkload["phases"]>): AlertWorkload {
  const full = { occurrences: [], resolves: [], regressions: [], ...phases };
  return {
    phases: full,
    all: [...full.occurrences, ...full.resolves, ...full.regressions],
    fingerprintOf: new Map(),
  };
}

describe("the alerts workload", () => {
  it("is valid messages keyed as Sift's producer keys them, each fingerprint in one project", () => {
    const projectOf = new Map<string, number>();
    for (const m of workload.all) {
      const decoded = expectAuditable(m, bounds);
      const fingerprint = workload.fingerprintOf.get(m.id)!;
      expect(decoded.fingerprint).toEqual([fingerprint]);
      expect(projectOf.get(fingerprint) ?? m.projectId).toBe(m.projectId);
      projectOf.set(fingerprint, m.projectId);
    }
    expect(workload.phases.occurrences.filter((m) => !m.resend)).toHaveLength(3_000);
    expect(workload.phases.occurrences.filter((m) => m.resend)).toHaveLength(150);
    expect(workload.phases.resolves.filter((m) => !m.resend)).toHaveLength(24);
  });

  it("calls for every kind of alert in both projects", () => {
    const expected = expectedAlerts(workload, plans, 20);
    const count = (prefix: string) => [...expected].filter((k) => k.startsWith(prefix)).length;
    // 120 fingerprints and 10 new ones in the last phase; 24 resolved, 12 of them regressed.
    expect(count("issue.created|")).toBe(130);
    expect(count("issue.resolved|")).toBe(24);
    expect(count("issue.unresolved|")).toBe(12);
    expect(count("p1 first seen|")).toBe(65);
    // The second project's first-seen rule takes production issues only: half of its 65.
    expect(count("p2 first seen|")).toBeGreaterThan(25);
    expect(count("p2 first seen|")).toBeLessThan(40);
    for (const p of ["p1", "p2"]) {
      expect(count(`${p} regression|`)).toBeGreaterThan(0);
      expect(count(`${p} frequent alpha|`)).toBeGreaterThan(0);
    }
    expect(count("p1 regression|") + count("p2 regression|")).toBe(12);
    // Each frequency firing sends to both of the rule's actions.
    expect(count("p1 frequent alpha|") % 2).toBe(0);
  });

  it("fires the frequency rule above its value, counting an id sent twice once", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => occurrence(`a${i}`, "twenty"));
    const resent = [...twenty, occurrence("a0", "twenty")];
    const more = [...twenty.map((m) => occurrence(m.id, "more")), occurrence("a20", "more")];
    const beta = Array.from({ length: 21 }, (_, i) => occurrence(`b${i}`, "beta", "beta"));
    const expected = expectedAlerts(handMade({ occurrences: [...resent, ...more, ...beta] }), plans, 20);
    expect([...expected].filter((k) => k.startsWith("p1 frequent alpha")).sort()).toEqual([
      "p1 frequent alpha|more|sentry_app",
      "p1 frequent alpha|more|webhooks",
    ]);
  });

  it("expects a regression only for a resolved issue that has events afterwards", () => {
    const resolve = (fingerprint: string): StreamMessage => ({
      ...occurrence(`r-${fingerprint}`, fingerprint),
      value: JSON.stringify({ payload_type: "status_change", fingerprint: [fingerprint], new_status: 1 }),
    });
    const expected = expectedAlerts(
      handMade({
        occurrences: [occurrence("1", "back"), occurrence("2", "gone"), occurrence("3", "open")],
        resolves: [resolve("back"), resolve("gone")],
        regressions: [occurrence("4", "back"), occurrence("5", "open")],
      }),
      plans,
      20,
    );
    expect([...expected].filter((k) => /regression|unresolved|resolved/.test(k)).sort()).toEqual([
      "issue.resolved|back",
      "issue.resolved|gone",
      "issue.unresolved|back",
      "p1 regression|back|sentry_app",
    ]);
  });
});
