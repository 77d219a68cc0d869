import { describe, expect, it } from "vitest";
import {
  barGeometry, boardSwaps, breakGeometry, cancellable, checkSettings, givenShift, leadSwaps, tradeOptions, offerableDays, swapBreaks, swapCancellable, swapViolations, checkAdjustment, checkLeave, leavePath, myLeaveRange, splitLeave, checkChart, checkShiftEdit, coverageChart, coverageTotals, dragStart, forecastChart, forecastDays, gridRows, hhmm,
  intervalSeconds, isFlagged, myDays, outFor, parseHhmm, proposedMethod, shiftEdit, snap, sortAdherence, span, targetMet, violationKeys, violationsOf, zonedMs,
  type AdherenceRow, type Forecast, type LeaveRequest, type Shift, type Swap,
} from "./wfmData";

const shift = (id: number, agent: string, day: number, start_min: number, length_min = 480): Shift => ({ id, agent, day, start_min, length_min, group: "billing", breaks: [{ offset_min: 120, length_min: 15 }] });

describe("times", () => {
  it("formats and parses minutes of the day", () => {
    expect(hhmm(495)).toBe("08:15");
    expect(hhmm(1440 + 90)).toBe("01:30");
    expect(parseHhmm("08:15")).toBe(495);
    expect(parseHhmm("24:00")).toBeNull();
    expect(span(1320, 480)).toBe("22:00–06:00");
  });
  it("places local wall times in the center's zone, across a clock change", () => {
    expect(zonedMs("2026-12-01", 8 * 60, "UTC")).toBe(Date.UTC(2026, 11, 1, 8));
    expect(zonedMs("2026-12-01", 8 * 60, "Asia/Shanghai")).toBe(Date.UTC(2026, 11, 1, 0));
    expect(zonedMs("2026-07-01", 0, "Europe/Paris")).toBe(Date.UTC(2026, 5, 30, 22));
    // Paris goes to summer time on 2026-03-29 at 02:00: 03:00 local is 01:00 UTC
    expect(zonedMs("2026-03-29", 180, "Europe/Paris")).toBe(Date.UTC(2026, 2, 29, 1));
    const x = intervalSeconds("2026-03-29", 96, 15, "Europe/Paris");
    expect(x[0]).toBe(Date.UTC(2026, 2, 28, 23) / 1000);
    expect(x[12]).toBe(Date.UTC(2026, 2, 29, 1) / 1000); // 03:00 local
    expect(x[95]).toBe(Date.UTC(2026, 2, 29, 21, 45) / 1000); // 23:45 local, summer time
  });
});

describe("forecast chart", () => {
  const f: Forecast = {
    queue: "billing", interval_min: 15, start: "2026-12-08", days: 1, method: "auto", proposed: "holt_winters",
    history: { start: "2026-12-01", contacts: Array.from({ length: 7 * 96 }, (_, i) => i % 96), aht_s: [] },
    forecast: { contacts: Array(96).fill(12), base_contacts: Array(96).fill(10), aht_s: Array(96).fill(200) },
    backtest: [{ method: "seasonal_naive", wape: 0.2, mape: 0.25 }, { method: "holt_winters", wape: 0.1, mape: 0.12 }],
    adjustments: [],
  };
  it("puts the last history days and the forecast on one axis, base dashed, adjusted solid", () => {
    const c = forecastChart(f, "UTC", 2, { history: "H", base: "B", adjusted: "A" });
    expect(c.x).toHaveLength(3 * 96);
    expect(c.x[0]).toBe(Date.UTC(2026, 11, 6) / 1000);
    expect(c.x[2 * 96]).toBe(Date.UTC(2026, 11, 8) / 1000);
    const [h, b, a] = c.series;
    expect(h.values[5]).toBe(5);
    expect(h.values[2 * 96]).toBeNull();
    expect(b.values[2 * 96 - 1]).toBeNull();
    expect(b.values[2 * 96]).toBe(10);
    expect(a.values[2 * 96]).toBe(12);
    expect(b.dash).toBeDefined();
    expect(a.dash).toBeUndefined();
  });
  it("sums each day and marks the backtest's choice", () => {
    expect(forecastDays(f)).toEqual([{ date: "2026-12-08", contacts: 1152, base: 960, aht_s: 200 }]);
    expect(proposedMethod(f)).toBe("holt_winters");
    expect(proposedMethod({ ...f, proposed: "" })).toBe("holt_winters");
    // a method without a score (nothing to score against) is never the best
    const unscored = [{ method: "seasonal_naive", wape: null, mape: null }, { method: "holt_winters", wape: 0.3, mape: 0.3 }];
    expect(proposedMethod({ proposed: "", backtest: unscored })).toBe("holt_winters");
    expect(proposedMethod({ proposed: "", backtest: [unscored[0]] })).toBe("");
  });
  it("checks an adjustment before sending it", () => {
    expect(checkAdjustment({ start: "2026-12-08T08:00", end: "2026-12-08T12:00", amount: "-5" })).toEqual({});
    expect(checkAdjustment({ start: "2026-12-08T08:00", end: "2026-12-08T08:00", amount: "x" })).toEqual({ end: "wfm.invalid.end_order", amount: "wfm.invalid.number" });
  });
});

describe("coverage", () => {
  const g = { name: "billing", required: [2, 3, 1, 0], covered: [1, 3, 2, 2] };
  it("totals under and over staffing in agent-hours", () => {
    expect(coverageTotals(g, 15)).toEqual({ under_h: 0.25, over_h: 0.75, required_h: 1.5, covered_h: 2 });
    expect(coverageTotals(g, 15, 2, 4)).toEqual({ under_h: 0, over_h: 0.75, required_h: 0.25, covered_h: 1 });
  });
  it("charts one day of a group", () => {
    const req = Array.from({ length: 192 }, (_, i) => i);
    const c = coverageChart({ start: "2026-12-07", interval_min: 15, days: 2 }, { required: req, covered: req }, 1, "UTC", { required: "R", covered: "C" });
    expect(c.x[0]).toBe(Date.UTC(2026, 11, 8) / 1000);
    expect(c.series[0].values[0]).toBe(96);
    expect(c.series[0].values).toHaveLength(96);
  });
});

describe("multi-skill check chart", () => {
  // two days of 15-minute intervals; day 1 has its own values
  const n = 2 * 96;
  const q = {
    target_sl: 0.8,
    offered: Array.from({ length: n }, (_, i) => (i % 96 < 32 ? 0 : 5)), // nothing before 08:00
    achieved_sl: Array.from({ length: n }, (_, i) => (i % 96 < 32 ? 1 : i < 96 ? 0.5 : 0.8123)),
    erlang_sl: Array.from({ length: n }, (_, i) => (i % 96 < 32 ? 1 : 0.9)),
  };
  const labels = { achieved: "A", target: "T", erlang: "E" };
  it("slices one day and converts to percent: achieved solid, target flat dashed, Erlang thin", () => {
    const c = checkChart({ start: "2026-12-07", interval_min: 15 }, q, 1, "UTC", labels);
    expect(c.x).toHaveLength(96);
    expect(c.x[0]).toBe(Date.UTC(2026, 11, 8) / 1000);
    expect(c.x[40]).toBe(Date.UTC(2026, 11, 8, 10) / 1000);
    const [a, t, e] = c.series;
    expect([a.label, t.label, e.label]).toEqual(["A", "T", "E"]);
    expect(a.values[40]).toBe(81.2);
    expect(e.values[40]).toBe(90);
    expect(new Set(t.values)).toEqual(new Set([80]));
    expect(a.dash).toBeUndefined();
    expect(t.dash).toBeDefined();
    expect(e.width).toBeLessThan(a.width ?? 2);
  });
  it("leaves intervals without contacts as gaps, not 100 %", () => {
    const c = checkChart({ start: "2026-12-07", interval_min: 15 }, q, 0, "UTC", labels);
    expect(c.series[0].values[0]).toBeNull();
    expect(c.series[2].values[31]).toBeNull();
    expect(c.series[0].values[32]).toBe(50);
    expect(c.series[1].values[0]).toBe(80); // the target is drawn all day
  });
  it("shows every day in the center's zone", () => {
    const c = checkChart({ start: "2026-12-07", interval_min: 15 }, q, null, "Asia/Shanghai", labels);
    expect(c.x).toHaveLength(n);
    expect(c.x[0]).toBe(Date.UTC(2026, 11, 6, 16) / 1000);
    expect(c.series[0].values[96 + 40]).toBe(81.2);
  });
  it("says whether a queue met its target, and nothing without contacts", () => {
    expect(targetMet({ target_sl: 0.8, total: { offered: 10, achieved_sl: 0.8 } })).toBe(true);
    expect(targetMet({ target_sl: 0.8, total: { offered: 10, achieved_sl: 0.79 } })).toBe(false);
    expect(targetMet({ target_sl: 0.8, total: { offered: 0, achieved_sl: null } })).toBeNull();
  });
});

describe("grid geometry and dragging", () => {
  it("places bars and breaks in percent of the day", () => {
    expect(barGeometry(360, 480)).toEqual({ left: 25, width: (480 / 1440) * 100, clipped: false });
    const night = barGeometry(1320, 480);
    expect(night.clipped).toBe(true);
    expect(night.left + night.width).toBeCloseTo(100);
    expect(breakGeometry({ offset_min: 120, length_min: 60 }, 480)).toEqual({ left: 25, width: 12.5 });
  });
  it("snaps a drag to the interval and keeps the start within the day", () => {
    expect(snap(487, 15)).toBe(480);
    expect(snap(488, 15)).toBe(495);
    // a 1440 px track: one pixel a minute
    expect(dragStart(480, 52, 1440, 15)).toBe(525);
    expect(dragStart(480, 7, 1440, 15)).toBe(480);
    expect(dragStart(480, -8, 1440, 15)).toBe(465);
    expect(dragStart(480, 30, 720, 15)).toBe(540); // 2 min per pixel
    expect(dragStart(60, -500, 1440, 15)).toBe(0);
    expect(dragStart(1400, 500, 1440, 15)).toBe(1425);
    expect(dragStart(480, 100, 0, 15)).toBe(480);
  });
  it("sends day only when it changes", () => {
    const s = shift(7, "a1", 2, 480);
    expect(shiftEdit(s, { start_min: 510 })).toEqual({ start_min: 510, length_min: 480 });
    expect(shiftEdit(s, { day: 3, start_min: 480, length_min: 540 })).toEqual({ day: 3, start_min: 480, length_min: 540 });
  });
  it("checks a form edit against the interval", () => {
    expect(checkShiftEdit({ start: "08:15", length: "480" }, 15)).toEqual({});
    expect(checkShiftEdit({ start: "08:10", length: "0" }, 15)).toEqual({ start_min: "wfm.invalid.step", length_min: "wfm.invalid.length" });
    expect(checkShiftEdit({ start: "", length: "470" }, 15)).toEqual({ start_min: "wfm.invalid.time", length_min: "wfm.invalid.step" });
  });
  it("lists every agent, with the day's shifts", () => {
    const rows = gridRows([shift(1, "agent10", 0, 600), shift(2, "agent2", 1, 480), shift(3, "agent2", 0, 300)], 0);
    expect(rows.map((r) => [r.agent, r.shifts.map((s) => s.id)])).toEqual([["agent2", [3]], ["agent10", [1]]]);
    expect(gridRows([shift(1, "agent10", 0, 600)], 1)[0].shifts).toEqual([]);
  });
});

describe("violations", () => {
  it("mark the shifts they name; a weekly rule marks the agent's week", () => {
    const keys = violationKeys([
      { agent: "a1", day: 2, rule: "rest", message: "" },
      { agent: "a2", day: 7, rule: "weekly_maximum", message: "" },
    ]);
    expect(isFlagged(shift(1, "a1", 2, 0), keys)).toBe(true);
    expect(isFlagged(shift(1, "a1", 3, 0), keys)).toBe(false);
    expect(isFlagged(shift(1, "a2", 13, 0), keys)).toBe(true);
    expect(isFlagged(shift(1, "a2", 14, 0), keys)).toBe(false);
    expect(isFlagged(shift(1, "a2", 6, 0), keys)).toBe(false);
  });
  it("are read from a 409 body", () => {
    expect(violationsOf({ error: {}, violations: [{ agent: "a", day: 0, rule: "rest", message: "m" }] })).toHaveLength(1);
    expect(violationsOf({ error: {} })).toBeNull();
    expect(violationsOf(undefined)).toBeNull();
  });
});

describe("my schedule and adherence", () => {
  it("gives every day, a day off without shifts", () => {
    const d = myDays({ agent: "a1", start: "2026-12-07", days: 3, interval_min: 15, shifts: [shift(1, "a1", 2, 480), shift(2, "a1", 0, 540)] });
    expect(d.map((x) => [x.date, x.shifts.map((s) => s.id)])).toEqual([["2026-12-07", [2]], ["2026-12-08", []], ["2026-12-09", [1]]]);
  });
  it("puts the longest out of adherence first", () => {
    const r = (agent: string, in_adherence: boolean, out_since_ms: number | null): AdherenceRow => ({ agent, team: "red", state: "available", scheduled: "working", in_adherence, out_since_ms });
    const rows = [r("a3", true, null), r("a1", false, 5000), r("a2", false, 1000), r("a0", true, null)];
    expect(sortAdherence(rows).map((x) => x.agent)).toEqual(["a2", "a1", "a0", "a3"]);
    expect(outFor(rows[1], 65_000)).toBe(60_000);
    expect(outFor(rows[0], 65_000)).toBeNull();
  });
});

describe("leave", () => {
  const r = (id: number, first: string, last: string, status: LeaveRequest["status"], decided_ms: number | null = null): LeaveRequest => ({
    id, agent: "a", first, last, days: 1, kind: "annual", note: "", status, requested_ms: id, decided_by: "", decided_ms, reason: "",
  });
  it("may be cancelled while pending, or approved and not begun", () => {
    expect(cancellable(r(1, "2026-12-01", "2026-12-02", "pending"), "2026-12-01")).toBe(true);
    expect(cancellable(r(1, "2026-12-02", "2026-12-02", "approved"), "2026-12-01")).toBe(true);
    expect(cancellable(r(1, "2026-12-01", "2026-12-02", "approved"), "2026-12-01")).toBe(false);
    expect(cancellable(r(1, "2026-12-05", "2026-12-06", "declined"), "2026-12-01")).toBe(false);
  });
  it("splits pending (not ended, soonest first) from decided (latest first)", () => {
    const s = splitLeave([r(1, "2026-12-09", "2026-12-09", "pending"), r(2, "2026-12-03", "2026-12-04", "pending"), r(3, "2026-11-20", "2026-11-21", "pending"), r(4, "2026-12-01", "2026-12-01", "approved", 10), r(5, "2026-12-01", "2026-12-01", "declined", 20)], "2026-12-01");
    expect(s.pending.map((x) => x.id)).toEqual([2, 1]);
    expect(s.decided.map((x) => x.id)).toEqual([5, 4]);
  });
  it("lists this year and next; checks the dates", () => {
    expect(myLeaveRange("2026-12-01")).toEqual({ from: "2026-01-01", to: "2027-12-31", year: 2026 });
    expect(leavePath("2026-01-01", "2026-02-01")).toBe("/api/v1/wfm/leave?from=2026-01-01&to=2026-02-01");
    expect(checkLeave({ first: "2026-12-02", last: "2026-12-01" })).toEqual({ last: "wfm.leave.invalid.order" });
    expect(checkLeave({ first: "", last: "2026-12-01" })).toEqual({ first: "wfm.invalid.date" });
    expect(checkLeave({ first: "2026-12-01", last: "2026-12-01" })).toEqual({});
  });
});

describe("swaps", () => {
  const sw = (over: Partial<Swap>): Swap => ({
    id: 1, status: "open", date: "2026-12-05", offered_by: "agent03", queue: "q", start_min: 480, length_min: 480, breaks: [], note: "", created_ms: 0, ...over,
  });
  const swaps = [
    sw({ id: 1, date: "2026-12-05" }),
    sw({ id: 2, date: "2026-12-02", start_min: 600 }),
    sw({ id: 3, date: "2026-12-02", start_min: 360 }),
    sw({ id: 4, date: "2026-11-30" }), // in the past
    sw({ id: 5, date: "2026-12-03", offered_by: "agent01" }), // mine, open
    sw({ id: 6, date: "2026-11-20", offered_by: "agent09", status: "approved", taken_by: "agent01", decided_ms: 50 }),
    sw({ id: 7, date: "2026-12-04", offered_by: "agent01", status: "cancelled" }),
    sw({ id: 8, date: "2026-12-06", status: "pending", taken_by: "agent02", taken_ms: 80 }),
  ];
  it("splits the board: others' open offers from today soonest first, mine latest day first", () => {
    const b = boardSwaps(swaps, "agent01", "2026-12-01");
    expect(b.open.map((s) => s.id)).toEqual([3, 2, 1]);
    expect(b.mine.map((s) => s.id)).toEqual([7, 5, 6]);
    expect(boardSwaps(swaps, null, "2026-12-01").mine).toEqual([]);
  });
  it("offers my coming days, marking the ones already offered (a cancelled offer frees the day)", () => {
    const m = { agent: "agent01", start: "2026-11-30", days: 7, interval_min: 15, shifts: [0, 3, 4, 5].map((day) => ({ id: day, agent: "agent01", day, start_min: 540, length_min: 480, group: "q", breaks: [] })) };
    expect(offerableDays(m, swaps, "agent01", "2026-12-01").map((d) => [d.date, d.swap?.id ?? null])).toEqual([
      ["2026-12-03", 5],
      ["2026-12-04", null],
      ["2026-12-05", null],
    ]);
    expect(offerableDays(null, swaps, "agent01", "2026-12-01")).toEqual([]);
  });
  it("lets the offerer cancel while open or pending", () => {
    expect(swapCancellable(sw({ offered_by: "agent01" }), "agent01")).toBe(true);
    expect(swapCancellable(sw({ offered_by: "agent01", status: "pending" }), "agent01")).toBe(true);
    expect(swapCancellable(sw({ offered_by: "agent01", status: "approved" }), "agent01")).toBe(false);
    expect(swapCancellable(sw({ offered_by: "agent03" }), "agent01")).toBe(false);
    expect(swapCancellable(sw({}), null)).toBe(false);
  });
  it("gives leads the pending swaps, then the most recent others", () => {
    const l = leadSwaps([...swaps, sw({ id: 9, status: "pending", date: "2026-12-01" })], 3);
    expect(l.pending.map((s) => s.id)).toEqual([9, 8]);
    expect(l.history.map((s) => s.id)).toEqual([6, 7, 5]);
  });
  it("reads a refused take's violations and writes breaks", () => {
    expect(swapViolations({ error: {}, violations: [{ agent: "a", day: "d", rule: "r", message: "m" }] })).toHaveLength(1);
    expect(swapViolations({ error: {} })).toBeNull();
    expect(swapBreaks({ start_min: 540, breaks: [{ offset_min: 60, length_min: 15, paid: true }, { offset_min: 240, length_min: 30, paid: false }] })).toBe("10:00–10:15, 13:00–13:30");
  });
  it("labels the trade dates with my shift of the day when the loaded week has it", () => {
    const m = { agent: "agent01", start: "2026-11-30", days: 7, interval_min: 15, shifts: [shift(1, "agent01", 5, 600, 420)] };
    expect(tradeOptions(["2026-12-05", "2026-12-09"], m).map((o) => [o.date, o.shift?.id ?? null])).toEqual([
      ["2026-12-05", 1],
      ["2026-12-09", null],
    ]);
    expect(tradeOptions(undefined, m)).toEqual([]);
    expect(tradeOptions(["2026-12-05"], null)).toEqual([{ date: "2026-12-05", shift: null }]);
  });
  it("writes the shift given in exchange of a trade; none for a gift", () => {
    expect(givenShift({ given_date: "2026-12-05", given_start_min: 600, given_length_min: 420 }, "en")).toBe("Sat, Dec 5, 2026 10:00–17:00");
    expect(givenShift({ given_date: "2026-12-05", given_start_min: null, given_length_min: null }, "en")).toBe("Sat, Dec 5, 2026");
    expect(givenShift({ given_date: null }, "en")).toBeNull();
    expect(givenShift({}, "en")).toBeNull();
  });
});

describe("settings", () => {
  it("wants a whole number of minutes; the range is the server's", () => {
    expect(checkSettings({ adherence_alert_min: "10" })).toEqual({});
    expect(checkSettings({ adherence_alert_min: " 0 " })).toEqual({});
    expect(checkSettings({ adherence_alert_min: "999" })).toEqual({});
    expect(checkSettings({ adherence_alert_min: "" })).toEqual({ adherence_alert_min: "wfm.settings.whole_minutes" });
    expect(checkSettings({ adherence_alert_min: "1.5" })).toEqual({ adherence_alert_min: "wfm.settings.whole_minutes" });
    expect(checkSettings({ adherence_alert_min: "-3" })).toEqual({ adherence_alert_min: "wfm.settings.whole_minutes" });
  });
});
