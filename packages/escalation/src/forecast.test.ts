import { describe, expect, it } from "vitest";
import { escalationForecast, isEscalating, limitOn } from "./forecast.js";
import type { HourlyCount } from "./forecast.js";

const MONDAY = Date.parse("2026-11-23T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A week of hours from Monday 2026-11-23, each with `count(hour)` events. */
const week = (count: (hour: Date) => number, hours = 168): HourlyCount[] =>
  Array.from({ length: hours }, (_, h) => {
    const hour = new Date(MONDAY + h * HOUR);
    return { hour, count: count(hour) };
  });
const nextMonday = new Date(MONDAY + 7 * DAY);

describe("escalationForecast", () => {
  it("a steady 10 events an hour: limit₂ = 10 + 5 × 10 = 60 beats limit₁ = 10 × 5 = 50, every day", () => {
    expect(
      escalationForecast(
        week(() => 10),
        nextMonday,
      ),
    ).toEqual(Array(14).fill(60));
  });

  it("a bursty Monday (30 an hour, 10 otherwise): limit₁ = 30 × clamp(5e^(−0.65 × 0.546), 2, 5) = 105", () => {
    const counts = week((h) => (h.getUTCDay() === 1 ? 30 : 10));
    expect(escalationForecast(counts, nextMonday)).toEqual(Array(14).fill(105));
  });

  it("weights the forecast day's weekday twice: a slightly busier Monday gives Mondays the higher limit", () => {
    // 12 on Monday, 10 otherwise: μ = 10.29, σ = 0.70, limit₁ = 12 × 4.78 = 57.4, baseline 5μ = 51.43;
    // Monday's weighted mean (12·48 + 10·144)/192 = 10.5 → 61.93; other days 10.25 → 61.68.
    const limits = escalationForecast(
      week((h) => (h.getUTCDay() === 1 ? 12 : 10)),
      nextMonday,
    );
    expect(limits.slice(0, 7)).toEqual([61, 61, 61, 61, 61, 61, 61]);
    const monday20 = escalationForecast(
      week((h) => (h.getUTCDay() === 1 ? 20 : 10)),
      nextMonday,
    );
    expect(monday20[0]).toBe(81);
  });

  it("an issue with less than a week of counted hours gets 10 × its highest hourly count", () => {
    const counts = week((h) => (h.getTime() === MONDAY + 5 * HOUR ? 7 : 3), 100);
    expect(escalationForecast(counts, nextMonday)).toEqual(Array(14).fill(70));
  });

  it("hours without events do not count as data: a week with one empty hour is still new", () => {
    const counts = week((h) => (h.getTime() === MONDAY ? 0 : 10));
    expect(escalationForecast(counts, nextMonday)).toEqual(Array(14).fill(100));
  });

  it("no counts at all: the default limit of 10", () => {
    expect(escalationForecast([], nextMonday)).toEqual(Array(14).fill(10));
  });

  it("caps the spike multiplier at 8: a very uneven week still gets a bounded baseline", () => {
    // One hour of 1,000 among 167 of 1: μ = 6.95, σ = 77.1 → (μ + 5σ)/μ = 56.5 → 8; limit₂ = wavg + 8μ;
    // cv = 11.1 → the bursty multiplier is floored at 2: limit₁ = 2,000.
    const counts = week((h) => (h.getTime() === MONDAY + 30 * HOUR ? 1000 : 1));
    expect(escalationForecast(counts, nextMonday)).toEqual(Array(14).fill(2000));
  });
});

describe("limitOn and isEscalating", () => {
  const limits = Array.from({ length: 14 }, (_, d) => 100 + d);

  it("takes the limit of the days since the forecast, and the last one past its end", () => {
    expect(limitOn(limits, nextMonday, new Date(nextMonday.getTime() + 5 * HOUR))).toBe(100);
    expect(limitOn(limits, nextMonday, new Date(nextMonday.getTime() + 2 * DAY + HOUR))).toBe(102);
    expect(limitOn(limits, nextMonday, new Date(nextMonday.getTime() + 30 * DAY))).toBe(113);
  });

  it("escalates only when the hour's count exceeds the limit", () => {
    expect(isEscalating(60, 60)).toBe(false);
    expect(isEscalating(61, 60)).toBe(true);
  });
});
