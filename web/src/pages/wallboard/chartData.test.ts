import { describe, expect, it } from "vitest";
import { hourSeries, weightedGoal } from "./chartData";
import type { KpiFigures, ReportRow } from "../../lib/types";

const H = 3_600_000;
const DAY = Date.UTC(2026, 11, 1);
const fig = (offered: number, answered: number, abandoned: number, sl: number, asa: number, maxWait = 10): Partial<KpiFigures> => ({
  offered,
  answered,
  abandoned,
  short_abandoned: 0,
  service_level: sl,
  asa_s: asa,
  avg_wait_s: asa,
  max_wait_s: maxWait,
});
const row = (id: number, hour: number, f: Partial<KpiFigures>): ReportRow => ({ id, name: `q${id}`, start: "", start_ms: DAY + hour * H, ...f }) as ReportRow;

describe("hourSeries", () => {
  it("adds queues per hour and derives the current hour from the live day", () => {
    const rows = [row(0, 8, fig(10, 8, 2, 0.5, 20)), row(1, 8, fig(10, 10, 0, 1, 5)), row(0, 9, fig(4, 4, 0, 1, 2))];
    // now: 9:30; live today of queue 0: 8h + 9h + 2 more answered in time
    const live = new Map([
      [0, fig(16, 14, 2, (5 + 6) / 16, (8 * 20 + 6 * 2) / 14)],
      [1, fig(10, 10, 0, 1, 5)],
    ]);
    const s = hourSeries(rows, live, null, DAY, DAY + 9.5 * H);
    expect(s.x).toHaveLength(10);
    expect(s.x[8]).toBe((DAY + 8 * H) / 1000);
    expect(s.offered[8]).toBe(20);
    expect(s.answered[8]).toBe(18);
    expect(s.sl[8]).toBeCloseTo(15 / 20);
    expect(s.asa[8]).toBeCloseTo((8 * 20 + 10 * 5) / 18);
    // current hour from live minus hour 8
    expect(s.offered[9]).toBe(6);
    expect(s.answered[9]).toBe(6);
    expect(s.sl[9]).toBeCloseTo(1);
    expect(s.asa[9]).toBeCloseTo(2);
    expect(s.sl[3]).toBeNull();
    expect(s.offered[3]).toBe(0);
  });

  it("filters by queue", () => {
    const rows = [row(0, 0, fig(3, 3, 0, 1, 1)), row(1, 0, fig(5, 5, 0, 1, 1))];
    const s = hourSeries(rows, new Map(), new Set([1]), DAY, DAY + 0.5 * H);
    expect(s.offered).toEqual([5]);
  });

  it("takes the report's current hour when there is no live figure yet", () => {
    const rows = [row(0, 1, fig(3, 3, 0, 1, 1))];
    const s = hourSeries(rows, new Map(), null, DAY, DAY + 1.2 * H);
    expect(s.offered).toEqual([0, 3]);
  });

  it("gives the current hour the day's longest wait only if it is new", () => {
    const rows = [row(0, 0, fig(1, 1, 0, 1, 1, 50))];
    const a = hourSeries(rows, new Map([[0, fig(2, 2, 0, 1, 1, 50)]]), null, DAY, DAY + 1.5 * H);
    expect(a.maxWait[1]).toBe(0);
    const b = hourSeries(rows, new Map([[0, fig(2, 2, 0, 1, 1, 80)]]), null, DAY, DAY + 1.5 * H);
    expect(b.maxWait[1]).toBe(80);
  });
});

describe("weightedGoal", () => {
  it("weights by contacts offered", () => {
    expect(weightedGoal([{ goal: 0.8, offered: 30 }, { goal: 0.9, offered: 10 }])).toBeCloseTo(0.825);
    expect(weightedGoal([{ goal: 0.8, offered: 0 }, { goal: 0.9, offered: 0 }])).toBeCloseTo(0.85);
    expect(weightedGoal([])).toBeNull();
  });
});
