import { describe, expect, it } from "vitest";
import { generateWorkload } from "./workload.js";

describe("the benchmark workload", () => {
  const workload = generateWorkload({
    occurrences: 20_000,
    projects: 10,
    fingerprints: 20_000,
    eventsPerProject: 50,
    seed: 1,
    now: new Date("2026-11-27T12:00:00Z"),
  });

  it("has the documented mix", () => {
    const occurrences = 20_000 - workload.mix.status_change!;
    expect(workload.mix.status_change! / 20_000).toBeCloseTo(0.01, 2);
    expect(workload.mix.inline! / occurrences).toBeCloseTo(0.7, 1);
    expect(workload.mix.buffered! / occurrences).toBeCloseTo(0.1, 1);
    expect(workload.mix.lookup! / occurrences).toBeCloseTo(0.2, 1);
    expect(workload.events).toHaveLength(500);
  });

  it("is skewed: the hottest fingerprint carries several percent of the traffic", () => {
    const counts = new Map<string, number>();
    for (const m of workload.messages) counts.set(m.key, (counts.get(m.key) ?? 0) + 1);
    const top = Math.max(...counts.values());
    expect(top / workload.messages.length).toBeGreaterThan(0.05);
    expect(counts.size).toBeGreaterThan(3_000);
  });

  it("is the same for the same seed, and differs for another", () => {
    const options = {
      occurrences: 100,
      projects: 10,
      fingerprints: 20_000,
      eventsPerProject: 50,
      now: new Date("2026-11-27T12:00:00Z"),
    };
    const a = generateWorkload({ ...options, seed: 1 }).messages.map((m) => m.value);
    const b = generateWorkload({ ...options, seed: 1 }).messages.map((m) => m.value);
    const c = generateWorkload({ ...options, seed: 2 }).messages.map((m) => m.value);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
