// Workforce management (issue 11): the shapes of /api/v1/wfm/... and the
// pure logic of its pages: local dates and times in the center's zone,
// chart series, coverage totals, the schedule grid's geometry and drag
// snapping, rule violations, adherence order. Everything here is tested
// without a browser (wfmData.test.ts).
import { addDays, todayIn } from "../reports/reportData";

export { addDays, todayIn };

// ---- API shapes (docs/wfm.md) ---------------------------------------------

export const METHODS = ["auto", "seasonal_naive", "holt_winters"] as const;
export type Method = (typeof METHODS)[number];
export const SCHEDULE_METHODS = ["local_search", "greedy"] as const;
export type ScheduleMethod = (typeof SCHEDULE_METHODS)[number];
export const ADJUSTMENT_KINDS = ["percent", "absolute"] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
export const ACTIVITIES = ["working", "break", "off"] as const;
export type Activity = (typeof ACTIVITIES)[number];

export interface Adjustment {
  id: number;
  /** "YYYY-MM-DDTHH:MM", the center's local time. */
  start: string;
  end: string;
  kind: AdjustmentKind;
  amount: number;
  note: string;
  by?: string;
  created_ms?: number;
}

export interface Forecast {
  queue: string;
  interval_min: number;
  start: string;
  days: number;
  method: string;
  proposed: string;
  history: { start: string; contacts: number[]; aht_s: number[] };
  forecast: { contacts: number[]; base_contacts: number[]; aht_s: number[] };
  backtest: { method: string; wape: number | null; mape: number | null }[];  // null: nothing to score against
  adjustments: Adjustment[];
  /** The special days among the shown days (absent from an older server). */
  special_days?: ForecastSpecialDay[];
}

/** A special day of a forecast's days: its values are the reference
 *  date's (or the usual pattern's) times `factor`. */
export interface ForecastSpecialDay {
  date: string;
  name: string;
  factor: number;
  reference: string | null;
}

export interface Break {
  offset_min: number;
  length_min: number;
}
export interface Shift {
  id: number;
  agent: string;
  /** 0-based from the schedule's start. */
  day: number;
  start_min: number;
  length_min: number;
  group?: string;
  breaks: Break[];
}
export interface Violation {
  agent: string;
  day: number;
  rule: string;
  message: string;
}
export interface Figures {
  under: number;
  over: number;
  objective: number;
}
export interface ScheduleSummary {
  id: number;
  version: number;
  status: "draft" | "published";
  start: string;
  days: number;
  created_ms: number;
  published_ms: number | null;
}
export interface Schedule extends ScheduleSummary {
  interval_min: number;
  groups: { name: string; required: number[]; covered: number[] }[];
  shifts: Shift[];
  report: Figures;
  greedy: Figures | null;
  violations: Violation[];
}
/** GET /wfm/schedules/{id}/check: the schedule simulated against each
 *  queue's forecast (docs/wfm.md, "Multi-skill check"). Arrays run per
 *  interval over every day from `start` 00:00 local; SL values are 0..1. */
export interface CheckQueue {
  name: string;
  target_sl: number;
  /** Mean contacts per interval (over the replications). */
  offered: number[];
  /** 1 where nothing was offered. */
  achieved_sl: number[];
  erlang_sl: number[];
  total: { offered: number; achieved_sl: number | null };
}
export interface ScheduleCheck {
  start: string;
  days: number;
  interval_min: number;
  replications: number;
  contacts: number;
  queues: CheckQueue[];
}
export const CHECK_REPLICATIONS = 5;

export interface MySchedule {
  agent: string;
  start: string;
  days: number;
  interval_min: number;
  shifts: Shift[];
}
export interface AdherenceRow {
  agent: string;
  team: string | null;
  state: string;
  scheduled: Activity;
  in_adherence: boolean;
  out_since_ms: number | null;
}
export interface Adherence {
  tolerance_s: number;
  agents: AdherenceRow[];
}

export const WFM = "/api/v1/wfm";

export function forecastPath(q: { queue: string; start: string; days: number; method: Method }): string {
  const p = new URLSearchParams({ queue: q.queue, start: q.start, days: String(q.days), method: q.method });
  return `${WFM}/forecast?${p}`;
}

// ---- dates and times --------------------------------------------------------

export const DAY_MIN = 1440;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(s + "T00:00:00Z"));

/** Minutes from midnight as "HH:MM" (a time past midnight wraps: 25:30 -> "01:30"). */
export function hhmm(min: number): string {
  const m = ((Math.round(min) % DAY_MIN) + DAY_MIN) % DAY_MIN;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** "08:15" -> 495; null when not a time. */
export function parseHhmm(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  return h < 24 && mi < 60 ? h * 60 + mi : null;
}

/** "YYYY-MM-DDTHH:MM" as a wall-clock instant (UTC stands for "no zone"):
 *  for comparing and for formatting with timeZone "UTC". */
export function wallMs(local: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) : NaN;
}

/** Days from `a` to `b` ("YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86_400_000);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** The zone's offset from UTC at `utcMs`, in ms. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    offsetFormats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(utcMs))) if (part.type !== "literal") p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
}

/** The instant (ms) of a local wall time: `date` at `minutes` after its
 *  midnight in `timeZone`. */
export function zonedMs(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(date + "T00:00:00Z") + minutes * 60_000;
  const guess = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(guess, timeZone);
}

/** Unix seconds of `n` intervals of `step` minutes from `date` 00:00 local:
 *  one zone look-up per day unless the offset changes within it. */
export function intervalSeconds(date: string, n: number, step: number, timeZone: string): number[] {
  const out: number[] = new Array(n);
  const perDay = Math.round(DAY_MIN / step);
  for (let d = 0; d * perDay < n; d++) {
    const day = addDays(date, d);
    const a = zonedMs(day, 0, timeZone);
    const b = zonedMs(day, DAY_MIN, timeZone);
    const steady = b - a === DAY_MIN * 60_000;
    for (let i = 0; i < perDay && d * perDay + i < n; i++)
      out[d * perDay + i] = (steady ? a + i * step * 60_000 : zonedMs(day, i * step, timeZone)) / 1000;
  }
  return out;
}

// ---- forecast chart ---------------------------------------------------------

export interface LineSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
  /** Line width in px (default 2). */
  width?: number;
}
export interface LineData {
  /** Unix seconds, increasing. */
  x: number[];
  series: LineSeries[];
}

/** Drops points whose time does not increase (the hour a clock change
 *  repeats or skips), keeping every series in step. */
function increasing(x: number[], cols: (number | null)[][]): { x: number[]; cols: (number | null)[][] } {
  const keep: number[] = [];
  let last = -Infinity;
  x.forEach((v, i) => {
    if (v > last) {
      keep.push(i);
      last = v;
    }
  });
  if (keep.length === x.length) return { x, cols };
  return { x: keep.map((i) => x[i]), cols: cols.map((c) => keep.map((i) => c[i])) };
}

/** History (the last `historyDays` before the forecast's start), then the
 *  forecast: base (dashed) and adjusted (solid), one point per interval on
 *  one time axis; each series is null where it has no value. */
export function forecastChart(f: Forecast, timeZone: string, historyDays: number, labels: { history: string; base: string; adjusted: string }): LineData {
  const step = f.interval_min || 15;
  const perDay = Math.round(DAY_MIN / step);
  // indices count intervals from the history's first day
  const histOffset = Math.max(0, daysBetween(f.history.start, f.start) * perDay); // the forecast's start
  const firstIndex = Math.max(0, histOffset - historyDays * perDay);
  const fcN = f.forecast.contacts.length;
  const n = histOffset - firstIndex + fcN;
  const x = intervalSeconds(f.history.start, histOffset + fcN, step, timeZone).slice(firstIndex);
  const hist: (number | null)[] = new Array(n).fill(null);
  const base: (number | null)[] = new Array(n).fill(null);
  const adj: (number | null)[] = new Array(n).fill(null);
  for (let i = firstIndex; i < Math.min(f.history.contacts.length, histOffset + fcN); i++) hist[i - firstIndex] = f.history.contacts[i] ?? null;
  const at = histOffset - firstIndex;
  for (let i = 0; i < fcN; i++) {
    base[at + i] = f.forecast.base_contacts[i] ?? f.forecast.contacts[i] ?? null;
    adj[at + i] = f.forecast.contacts[i] ?? null;
  }
  const r = increasing(x, [hist, base, adj]);
  return {
    x: r.x,
    series: [
      { label: labels.history, values: r.cols[0], color: "#4b5563" },
      { label: labels.base, values: r.cols[1], color: "#b91c1c", dash: [6, 4] },
      { label: labels.adjusted, values: r.cols[2], color: "#1d4ed8" },
    ],
  };
}

export interface DayTotal {
  date: string;
  contacts: number;
  base: number;
  /** Contact-weighted mean AHT of the day (s), null without contacts. */
  aht_s: number | null;
}

/** The forecast per day: the chart's numbers as a table. */
export function forecastDays(f: Forecast): DayTotal[] {
  const perDay = Math.round(DAY_MIN / (f.interval_min || 15));
  const out: DayTotal[] = [];
  for (let d = 0; d * perDay < f.forecast.contacts.length; d++) {
    let c = 0;
    let b = 0;
    let w = 0;
    for (let i = d * perDay; i < Math.min((d + 1) * perDay, f.forecast.contacts.length); i++) {
      const v = f.forecast.contacts[i] ?? 0;
      c += v;
      b += f.forecast.base_contacts[i] ?? v;
      w += v * (f.forecast.aht_s[i] ?? 0);
    }
    out.push({ date: addDays(f.start, d), contacts: c, base: b, aht_s: c > 0 ? w / c : null });
  }
  return out;
}

/** The backtest's best method (lowest WAPE), for marking when the server
 *  did not say (`proposed` empty). */
export function proposedMethod(f: Pick<Forecast, "proposed" | "backtest">): string {
  if (f.proposed) return f.proposed;
  let best: { method: string; wape: number } | null = null;
  for (const b of f.backtest) if (b.wape !== null && (!best || b.wape < best.wape)) best = { method: b.method, wape: b.wape };
  return best?.method ?? "";
}

/** Problems with an adjustment before it is sent (i18n keys by field). */
export function checkAdjustment(a: { start: string; end: string; amount: string }): Record<string, string> {
  const bad: Record<string, string> = {};
  if (Number.isNaN(wallMs(a.start))) bad.start = "wfm.invalid.datetime";
  if (Number.isNaN(wallMs(a.end))) bad.end = "wfm.invalid.datetime";
  else if (!bad.start && wallMs(a.end) <= wallMs(a.start)) bad.end = "wfm.invalid.end_order";
  if (a.amount.trim() === "" || !Number.isFinite(Number(a.amount))) bad.amount = "wfm.invalid.number";
  return bad;
}

// ---- requirement vs coverage ------------------------------------------------

export interface CoverageTotals {
  /** Agent-hours short of the requirement, and above it. */
  under_h: number;
  over_h: number;
  required_h: number;
  covered_h: number;
}

/** Sums of a group over intervals [from, to) (default: all). */
export function coverageTotals(g: { required: number[]; covered: number[] }, intervalMin: number, from = 0, to = g.required.length): CoverageTotals {
  let under = 0;
  let over = 0;
  let req = 0;
  let cov = 0;
  for (let i = from; i < Math.min(to, g.required.length); i++) {
    const r = g.required[i] ?? 0;
    const c = g.covered[i] ?? 0;
    req += r;
    cov += c;
    if (c < r) under += r - c;
    else over += c - r;
  }
  const h = intervalMin / 60;
  return { under_h: under * h, over_h: over * h, required_h: req * h, covered_h: cov * h };
}

/** Required vs covered agents of one group, over one day (index) or all. */
export function coverageChart(
  s: Pick<Schedule, "start" | "interval_min" | "days">,
  g: { required: number[]; covered: number[] },
  day: number | null,
  timeZone: string,
  labels: { required: string; covered: string },
): LineData {
  const perDay = Math.round(DAY_MIN / (s.interval_min || 15));
  const from = day === null ? 0 : day * perDay;
  const to = day === null ? g.required.length : Math.min(g.required.length, from + perDay);
  const x = intervalSeconds(addDays(s.start, day ?? 0), to - from, s.interval_min || 15, timeZone);
  const r = increasing(x, [g.required.slice(from, to), g.covered.slice(from, to)]);
  return {
    x: r.x,
    series: [
      { label: labels.required, values: r.cols[0], color: "#b91c1c", dash: [6, 4] },
      { label: labels.covered, values: r.cols[1], color: "#1d4ed8" },
    ],
  };
}

// ---- multi-skill check -----------------------------------------------------

/** Achieved SL (solid), the target (flat, dashed) and Erlang's single-queue
 *  SL (thin) of one queue, in percent (0..100), over one day (index) or
 *  all. An interval without contacts has no SL (the server says 1 there):
 *  achieved and Erlang are gaps, not 100 %. */
export function checkChart(
  c: Pick<ScheduleCheck, "start" | "interval_min">,
  q: Pick<CheckQueue, "target_sl" | "offered" | "achieved_sl" | "erlang_sl">,
  day: number | null,
  timeZone: string,
  labels: { achieved: string; target: string; erlang: string },
): LineData {
  const step = c.interval_min || 15;
  const perDay = Math.round(DAY_MIN / step);
  const n = q.achieved_sl.length;
  const from = day === null ? 0 : Math.min(n, day * perDay);
  const to = day === null ? n : Math.min(n, from + perDay);
  const pct = (v: number | undefined, i: number) => (v === undefined || !((q.offered[i] ?? 0) > 0) ? null : Math.round(v * 1000) / 10);
  const achieved: (number | null)[] = [];
  const erlang: (number | null)[] = [];
  const target: (number | null)[] = [];
  for (let i = from; i < to; i++) {
    achieved.push(pct(q.achieved_sl[i], i));
    erlang.push(pct(q.erlang_sl[i], i));
    target.push(Math.round(q.target_sl * 1000) / 10);
  }
  const x = intervalSeconds(addDays(c.start, day ?? 0), to - from, step, timeZone);
  const r = increasing(x, [achieved, target, erlang]);
  return {
    x: r.x,
    series: [
      { label: labels.achieved, values: r.cols[0], color: "#1d4ed8" },
      { label: labels.target, values: r.cols[1], color: "#b91c1c", dash: [6, 4] },
      { label: labels.erlang, values: r.cols[2], color: "#6b7280", width: 1 },
    ],
  };
}

/** Met when the achieved total reaches the target; null without contacts. */
export function targetMet(q: Pick<CheckQueue, "target_sl" | "total">): boolean | null {
  return q.total.achieved_sl === null ? null : q.total.achieved_sl >= q.target_sl;
}

// ---- the schedule grid ------------------------------------------------------

/** A bar on a day's track: left and width in percent of the day; `clipped`
 *  when the shift runs past midnight (the rest is on the next day). */
export function barGeometry(start: number, length: number): { left: number; width: number; clipped: boolean } {
  const s = Math.max(0, Math.min(DAY_MIN, start));
  const e = Math.max(s, Math.min(DAY_MIN, start + length));
  return { left: (s / DAY_MIN) * 100, width: ((e - s) / DAY_MIN) * 100, clipped: start + length > DAY_MIN };
}

/** A break inside its bar: left and width in percent of the shift. */
export function breakGeometry(b: Break, shiftLength: number): { left: number; width: number } {
  if (shiftLength <= 0) return { left: 0, width: 0 };
  const s = Math.max(0, Math.min(shiftLength, b.offset_min));
  const e = Math.max(s, Math.min(shiftLength, b.offset_min + b.length_min));
  return { left: (s / shiftLength) * 100, width: ((e - s) / shiftLength) * 100 };
}

/** The nearest multiple of `step`. */
export function snap(min: number, step: number): number {
  return Math.round(min / step) * step;
}

/** The start after dragging a bar `dxPx` pixels on a track `trackPx` wide
 *  (one day): snapped to `step`, kept within the day (a start from 00:00
 *  to the last step before midnight). */
export function dragStart(startMin: number, dxPx: number, trackPx: number, step: number): number {
  if (trackPx <= 0) return startMin;
  const moved = snap(startMin + (dxPx / trackPx) * DAY_MIN, step);
  return Math.max(0, Math.min(DAY_MIN - step, moved));
}

/** Hour marks for the grid's header: [minute, label]. */
export function hourMarks(everyHours = 1): number[] {
  const out: number[] = [];
  for (let h = 0; h < 24; h += everyHours) out.push(h * 60);
  return out;
}

/** The PUT body of a shift edit (day only when it changes). */
export function shiftEdit(s: Shift, patch: { day?: number; start_min?: number; length_min?: number }): { day?: number; start_min: number; length_min: number } {
  const body: { day?: number; start_min: number; length_min: number } = { start_min: patch.start_min ?? s.start_min, length_min: patch.length_min ?? s.length_min };
  if (patch.day !== undefined && patch.day !== s.day) body.day = patch.day;
  return body;
}

/** Problems with a shift edit before it is sent (i18n keys by field). */
export function checkShiftEdit(e: { start: string; length: string }, step: number): Record<string, string> {
  const bad: Record<string, string> = {};
  const start = parseHhmm(e.start);
  if (start === null) bad.start_min = "wfm.invalid.time";
  else if (start % step !== 0) bad.start_min = "wfm.invalid.step";
  const len = Number(e.length);
  if (e.length.trim() === "" || !Number.isInteger(len) || len <= 0) bad.length_min = "wfm.invalid.length";
  else if (len % step !== 0) bad.length_min = "wfm.invalid.step";
  return bad;
}

/** The rule codes of the server's checker (docs/wfm.md, "The rule checker"). */
export const RULES = [
  "reference", "one_shift_per_day", "template_day", "template_allowed", "start_window", "length", "skill", "availability", "leave",
  "break_count", "break_placement", "break_length", "break_overlap", "overlap", "rest", "days_off", "consecutive_days", "weekly_minimum", "weekly_maximum",
] as const;
/** Rules about a week: their `day` is the week's first day, and every
 *  shift of that agent in that week is marked. */
export const WEEKLY_RULES = new Set(["days_off", "consecutive_days", "weekly_minimum", "weekly_maximum"]);

/** "agent|day" of every shift a violation names: the shifts to highlight. */
export function violationKeys(vs: readonly Violation[]): Set<string> {
  const keys = new Set<string>();
  for (const v of vs) {
    const n = WEEKLY_RULES.has(v.rule) ? 7 : 1;
    for (let d = v.day; d < v.day + n; d++) keys.add(`${v.agent}|${d}`);
  }
  return keys;
}

export function isFlagged(s: Pick<Shift, "agent" | "day">, keys: Set<string>): boolean {
  return keys.has(`${s.agent}|${s.day}`);
}

/** The grid's rows: every agent of the schedule, by name, with their
 *  shifts on `day` (an agent off that day has an empty row). */
export function gridRows(shifts: readonly Shift[], day: number): { agent: string; shifts: Shift[] }[] {
  const by = new Map<string, Shift[]>();
  for (const s of shifts) {
    if (!by.has(s.agent)) by.set(s.agent, []);
    if (s.day === day) by.get(s.agent)!.push(s);
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([agent, list]) => ({ agent, shifts: list.sort((a, b) => a.start_min - b.start_min) }));
}

/** The violations of a 409 answer (its body's `violations`), else null. */
export function violationsOf(body: unknown): Violation[] | null {
  const v = (body as { violations?: unknown } | null | undefined)?.violations;
  return Array.isArray(v) ? (v as Violation[]) : null;
}

// ---- my schedule ------------------------------------------------------------

/** Every day of the horizon with its shifts (none: a day off). */
export function myDays(m: MySchedule): { day: number; date: string; shifts: Shift[] }[] {
  const out = [];
  for (let d = 0; d < m.days; d++)
    out.push({ day: d, date: addDays(m.start, d), shifts: m.shifts.filter((s) => s.day === d).sort((a, b) => a.start_min - b.start_min) });
  return out;
}

// ---- adherence --------------------------------------------------------------

/** Out of adherence first (longest out first), then by name. */
export function sortAdherence(rows: readonly AdherenceRow[]): AdherenceRow[] {
  return [...rows].sort((a, b) => {
    if (a.in_adherence !== b.in_adherence) return a.in_adherence ? 1 : -1;
    if (!a.in_adherence && (a.out_since_ms ?? 0) !== (b.out_since_ms ?? 0)) return (a.out_since_ms ?? Infinity) - (b.out_since_ms ?? Infinity);
    return a.agent.localeCompare(b.agent, "en", { numeric: true });
  });
}

/** How long out of adherence (ms), null when in adherence. */
export function outFor(r: AdherenceRow, now: number): number | null {
  if (r.in_adherence || r.out_since_ms === null) return null;
  return Math.max(0, now - r.out_since_ms);
}

// ---- formatting local dates -------------------------------------------------

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = dayFormats.get(key);
  if (!f) dayFormats.set(key, (f = new Intl.DateTimeFormat(lang, { ...opts, timeZone: "UTC" })));
  return f;
}

/** A center-local date ("YYYY-MM-DD") as "Tue, Dec 1, 2026" in the
 *  user's language (the date is already the center's: no zone shift). */
export function formatDay(lang: string, date: string, weekday = true): string {
  const ms = Date.parse(date + "T00:00:00Z");
  if (Number.isNaN(ms)) return date;
  return dayFormat(lang, weekday ? { weekday: "short", year: "numeric", month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" }).format(ms);
}

/** A center-local "YYYY-MM-DDTHH:MM" as a date and time in the user's language. */
export function formatWall(lang: string, local: string): string {
  const ms = wallMs(local);
  if (Number.isNaN(ms)) return local;
  return dayFormat(lang, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
}

/** "08:00–16:30" (an end past midnight wraps: "22:00–06:00"). */
export function span(start: number, length: number): string {
  return `${hhmm(start)}–${hhmm(start + length)}`;
}

// ---- Leave (docs/wfm.md, "Leave") -------------------------------------------

export const LEAVE_KINDS = ["annual", "sick", "training", "other"] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];
export const LEAVE_STATUSES = ["pending", "approved", "declined", "cancelled"] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];
export type LeaveDecision = "approve" | "decline" | "cancel";

export interface LeaveRequest {
  id: number;
  agent: string;
  /** Whole center-local days, "YYYY-MM-DD", both included. */
  first: string;
  last: string;
  days: number;
  kind: LeaveKind;
  note: string;
  status: LeaveStatus;
  requested_ms: number;
  decided_by: string;
  decided_ms: number | null;
  reason: string;
}
export interface LeaveBalance {
  agent: string;
  year: number;
  allowance: number;
  taken: number;
  pending: number;
  left: number;
}
export interface LeaveImpactDay {
  date: string;
  shift_min: number;
  under_before: number;
  under_after: number;
}
export interface LeaveImpact {
  schedule: number | null;
  days: LeaveImpactDay[];
}

/** How far ahead the approvals list looks, and how far back decided requests go. */
export const LEAVE_AHEAD_DAYS = 90;
export const LEAVE_DECIDED_BACK_DAYS = 30;

/** GET /api/v1/wfm/leave for the days from..to. */
export function leavePath(from: string, to: string): string {
  return `${WFM}/leave?from=${from}&to=${to}`;
}

/** The agent's own requests are listed for this year and next. */
export function myLeaveRange(today: string): { from: string; to: string; year: number } {
  const year = Number(today.slice(0, 4));
  return { from: `${year}-01-01`, to: `${year + 1}-12-31`, year };
}

/** Pending, or approved and not begun yet (first day after today). */
export function cancellable(r: Pick<LeaveRequest, "status" | "first">, today: string): boolean {
  return r.status === "pending" || (r.status === "approved" && r.first > today);
}

/** Pending requests that have not ended, soonest first; decided ones most
 *  recently decided first (at most `limit`). */
export function splitLeave(rs: readonly LeaveRequest[], today: string, limit = 20): { pending: LeaveRequest[]; decided: LeaveRequest[] } {
  const pending = rs.filter((r) => r.status === "pending" && r.last >= today).sort((a, b) => a.first.localeCompare(b.first) || a.id - b.id);
  const decided = rs
    .filter((r) => r.status !== "pending")
    .sort((a, b) => (b.decided_ms ?? b.requested_ms) - (a.decided_ms ?? a.requested_ms) || b.id - a.id)
    .slice(0, limit);
  return { pending, decided };
}

/** The agent's list: newest first day first. */
export function sortMyLeave(rs: readonly LeaveRequest[]): LeaveRequest[] {
  return [...rs].sort((a, b) => b.first.localeCompare(a.first) || b.id - a.id);
}

/** Client-side checks of a leave request form (i18n keys by field). */
export function checkLeave(f: { first: string; last: string }): Record<string, string> {
  const bad: Record<string, string> = {};
  if (!isDate(f.first)) bad.first = "wfm.invalid.date";
  if (!isDate(f.last)) bad.last = "wfm.invalid.date";
  else if (isDate(f.first) && f.last < f.first) bad.last = "wfm.leave.invalid.order";
  return bad;
}

// ---- Shift swaps (the swap board) -------------------------------------------

export const SWAP_STATUSES = ["open", "pending", "approved", "declined", "cancelled", "expired"] as const;
export type SwapStatus = (typeof SWAP_STATUSES)[number];
export type SwapDecision = "approve" | "decline";

export interface SwapBreak {
  offset_min: number;
  length_min: number;
  paid: boolean;
}
/** GET /api/v1/wfm/swaps entries: one agent's published shift of a day, offered to others. */
export interface Swap {
  id: number;
  status: SwapStatus;
  /** The shift's center-local day. */
  date: string;
  offered_by: string;
  queue: string;
  start_min: number;
  length_min: number;
  breaks: SwapBreak[];
  note: string;
  created_ms: number;
  taken_by?: string | null;
  taken_ms?: number | null;
  decided_by?: string | null;
  decided_ms?: number | null;
  reason?: string | null;
  /** For the caller (an agent) on others' open offers: whether taking it keeps every rule. */
  can_take?: boolean;
  /** Why not ("agent05: weekly maximum 40 h exceeded (48 h)"). */
  problems?: string[];
  /** For the caller on others' open offers: the dates of the caller's own
   *  shifts it could give in exchange with every rule kept (a trade; may be
   *  the offer's own date). In a fully booked center often the only way. */
  trades?: string[];
  /** A trade: the taker's shift given to the offerer in exchange (null for a gift). */
  given_date?: string | null;
  given_start_min?: number | null;
  given_length_min?: number | null;
}
/** A rule a take would break (the 409 of POST .../take). */
export interface SwapViolation {
  agent: string;
  day: string;
  rule: string;
  message: string;
}

/** The violations of a refused take, or null when the body has none. */
export function swapViolations(body: unknown): SwapViolation[] | null {
  const v = (body as { violations?: unknown } | null | undefined)?.violations;
  return Array.isArray(v) ? (v as SwapViolation[]) : null;
}

/** A swap that still holds its shift (an offer out, awaiting approval, or done). */
export const LIVE_SWAP: ReadonlySet<SwapStatus> = new Set<SwapStatus>(["open", "pending", "approved"]);

/** The swap board's lists for agent `me`: others' open offers from today
 *  on, soonest first; mine (offered or taken), latest day first. */
export function boardSwaps(swaps: readonly Swap[], me: string | null, today: string): { open: Swap[]; mine: Swap[] } {
  const open = swaps
    .filter((s) => s.status === "open" && s.offered_by !== me && s.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date) || a.start_min - b.start_min || a.id - b.id);
  const mine = swaps
    .filter((s) => me !== null && (s.offered_by === me || s.taken_by === me))
    .sort((a, b) => b.date.localeCompare(a.date) || b.id - a.id);
  return { open, mine };
}

/** My coming days with a shift (from today on), each with my live offer of
 *  that day if there is one (then it cannot be offered again). */
export function offerableDays(m: MySchedule | null | undefined, swaps: readonly Swap[], me: string | null, today: string): { date: string; shift: Shift; swap: Swap | null }[] {
  if (!m) return [];
  const out: { date: string; shift: Shift; swap: Swap | null }[] = [];
  for (const d of myDays(m)) {
    if (d.date < today || d.shifts.length === 0) continue;
    const swap = swaps.find((s) => s.date === d.date && s.offered_by === (me ?? m.agent) && LIVE_SWAP.has(s.status)) ?? null;
    out.push({ date: d.date, shift: d.shifts[0], swap });
  }
  return out;
}

/** The caller's shift of each trade date, when the loaded week has it (null: a
 *  day outside it), in the order the server gave. */
export function tradeOptions(trades: readonly string[] | undefined, m: MySchedule | null | undefined): { date: string; shift: Shift | null }[] {
  const byDate = new Map(m ? myDays(m).map((d) => [d.date, d.shifts[0] ?? null] as const) : []);
  return (trades ?? []).map((date) => ({ date, shift: byDate.get(date) ?? null }));
}

/** The shift given in exchange of a trade as "Sat, Dec 5, 2026 09:00–17:00"
 *  (without the time range when the server has none); null for a gift. */
export function givenShift(s: Pick<Swap, "given_date" | "given_start_min" | "given_length_min">, lang: string): string | null {
  if (!s.given_date) return null;
  const day = formatDay(lang, s.given_date);
  return typeof s.given_start_min === "number" && typeof s.given_length_min === "number" ? `${day} ${span(s.given_start_min, s.given_length_min)}` : day;
}

/** The offerer may cancel while the offer is open or awaits approval. */
export function swapCancellable(s: Pick<Swap, "status" | "offered_by">, me: string | null): boolean {
  return me !== null && s.offered_by === me && (s.status === "open" || s.status === "pending");
}

/** The leads' view: pending swaps soonest first; the rest most recent first (at most `limit`). */
export function leadSwaps(swaps: readonly Swap[], limit = 30): { pending: Swap[]; history: Swap[] } {
  const when = (s: Swap) => s.decided_ms ?? s.taken_ms ?? s.created_ms;
  const pending = swaps.filter((s) => s.status === "pending").sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
  const history = swaps
    .filter((s) => s.status !== "pending")
    .sort((a, b) => when(b) - when(a) || b.id - a.id)
    .slice(0, limit);
  return { pending, history };
}

/** "09:00–17:00" of a swap's shift, with its breaks: "10:00–10:15, 12:30–13:00". */
export function swapBreaks(s: Pick<Swap, "start_min" | "breaks">): string {
  return (s.breaks ?? []).map((b) => span(s.start_min + b.offset_min, b.length_min)).join(", ");
}

// ---- Settings (GET/PUT /api/v1/wfm/settings) ---------------------------------

export interface WfmSettings {
  /** Whether a taken swap waits for the team lead's approval. */
  swap_approval: boolean;
  /** Minutes out of adherence before the team lead is told (0 = never). */
  adherence_alert_min: number;
}
export const SETTINGS = `${WFM}/settings`;

/** Client-side checks of the settings form (i18n keys by field); the range
 *  (0..480) is the server's, its 400 names the field. */
export function checkSettings(f: { adherence_alert_min: string }): Record<string, string> {
  return /^\s*\d+\s*$/.test(f.adherence_alert_min) ? {} : { adherence_alert_min: "wfm.settings.whole_minutes" };
}
