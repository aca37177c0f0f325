import { describe, expect, it } from "vitest";
import { hostLimiter } from "./host-limiter.js";

/** A task that counts itself while it runs and ends when the test says. */
function tasks() {
  const running = new Map<string, number>();
  const most = new Map<string, number>();
  const finish: (() => void)[] = [];
  const task = (host: string | null) => async () => {
    const k = host ?? "none";
    running.set(k, (running.get(k) ?? 0) + 1);
    most.set(k, Math.max(most.get(k) ?? 0, running.get(k)!));
    await new Promise<void>((resolve) => finish.push(resolve));
    running.set(k, running.get(k)! - 1);
    return k;
  };
  /** Lets the queued microtasks run, then ends every task that is running. */
  const finishAll = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    for (const f of finish.splice(0)) f();
  };
  return { task, running, most, finishAll };
}

describe("hostLimiter", () => {
  it("runs at most `max` at once per host, the rest in order as slots free, other hosts apart", async () => {
    const limit = hostLimiter(3);
    const t = tasks();
    const order: number[] = [];
    const all = [
      ...Array.from({ length: 8 }, (_, i) => limit("a", t.task("a")).then(() => order.push(i))),
      ...Array.from({ length: 2 }, () => limit("b", t.task("b"))),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    expect([t.running.get("a"), t.running.get("b")]).toEqual([3, 2]);
    while (order.length < 8) await t.finishAll();
    await Promise.all(all);
    expect([t.most.get("a"), t.most.get("b")]).toEqual([3, 2]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("does not limit work without a host, and a failing task frees its slot", async () => {
    const limit = hostLimiter(1);
    const t = tasks();
    const free = Array.from({ length: 4 }, () => limit(null, t.task(null)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.running.get("none")).toBe(4);
    await expect(limit("a", () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await expect(limit("a", async () => "next")).resolves.toBe("next");
    await t.finishAll();
    await Promise.all(free);
  });
});
