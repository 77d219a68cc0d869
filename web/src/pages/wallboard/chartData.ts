// The wallboard's charts over the day: contacts, service level and waits
// per hour. Past hours come from the hourly report (GET
// /api/v1/reports/queues?grain=hour, today); the current hour is the live
// figures of today (KPI stream) minus the report's earlier hours, so the
// charts move with the live data and need no polling. Pure functions.
import type { KpiFigures, ReportRow } from "../../lib/types";

export interface HourSeries {
  /** Hour starts, unix seconds. */
  x: number[];
  offered: (number | null)[];
  answered: (number | null)[];
  abandoned: (number | null)[];
  /** 0..1, null for an hour with nothing to measure. */
  sl: (number | null)[];
  asa: (number | null)[];
  avgWait: (number | null)[];
  maxWait: (number | null)[];
}

/** The sums a figure is the ratio of (docs/kpis.md), so hours and queues add up. */
interface Sums {
  offered: number;
  answered: number;
  abandoned: number;
  slNum: number;
  slDen: number;
  waitAnswered: number;
  waitAll: number;
  maxWait: number;
}
const zero = (): Sums => ({ offered: 0, answered: 0, abandoned: 0, slNum: 0, slDen: 0, waitAnswered: 0, waitAll: 0, maxWait: 0 });

export function sumsOf(f: Partial<KpiFigures>): Sums {
  const offered = f.offered ?? 0;
  const answered = f.answered ?? 0;
  const abandoned = f.abandoned ?? 0;
  const slDen = Math.max(0, offered - (f.short_abandoned ?? 0));
  return {
    offered,
    answered,
    abandoned,
    slNum: (f.service_level ?? 0) * slDen,
    slDen,
    waitAnswered: (f.asa_s ?? 0) * answered,
    waitAll: (f.avg_wait_s ?? 0) * (answered + abandoned),
    maxWait: f.max_wait_s ?? 0,
  };
}
function add(a: Sums, b: Sums): Sums {
  return {
    offered: a.offered + b.offered,
    answered: a.answered + b.answered,
    abandoned: a.abandoned + b.abandoned,
    slNum: a.slNum + b.slNum,
    slDen: a.slDen + b.slDen,
    waitAnswered: a.waitAnswered + b.waitAnswered,
    waitAll: a.waitAll + b.waitAll,
    maxWait: Math.max(a.maxWait, b.maxWait),
  };
}
function minus(a: Sums, b: Sums): Sums {
  return {
    offered: Math.max(0, a.offered - b.offered),
    answered: Math.max(0, a.answered - b.answered),
    abandoned: Math.max(0, a.abandoned - b.abandoned),
    slNum: Math.max(0, a.slNum - b.slNum),
    slDen: Math.max(0, a.slDen - b.slDen),
    waitAnswered: Math.max(0, a.waitAnswered - b.waitAnswered),
    waitAll: Math.max(0, a.waitAll - b.waitAll),
    // the day's longest wait belongs to this hour only if no earlier hour had it
    maxWait: a.maxWait > b.maxWait ? a.maxWait : 0,
  };
}

const HOUR = 3_600_000;

/**
 * @param rows     the hourly report rows of today (any queues)
 * @param live     today's live figures per queue id (KPI stream)
 * @param queues   the queue ids to add up (null: all of rows and live)
 * @param dayStart the day's start (server ms)
 * @param now      server ms now
 */
export function hourSeries(
  rows: readonly ReportRow[],
  live: ReadonlyMap<number, Partial<KpiFigures>>,
  queues: ReadonlySet<number> | null,
  dayStart: number,
  now: number,
): HourSeries {
  const currentHour = dayStart + Math.floor(Math.max(0, now - dayStart) / HOUR) * HOUR;
  const hours = Math.max(1, Math.round((currentHour - dayStart) / HOUR) + 1);
  const byHour: Sums[] = Array.from({ length: hours }, zero);
  const earlier = new Map<number, Sums>(); // per queue: the report's hours before the current one
  const inReportNow = new Map<number, Sums>();
  for (const r of rows) {
    if (queues && !queues.has(r.id)) continue;
    const h = Math.round((r.start_ms - dayStart) / HOUR);
    if (h < 0 || h >= hours) continue;
    const s = sumsOf(r);
    if (r.start_ms < currentHour) {
      byHour[h] = add(byHour[h], s);
      earlier.set(r.id, add(earlier.get(r.id) ?? zero(), s));
    } else inReportNow.set(r.id, s);
  }
  // the current hour: live today minus the earlier hours, per queue (the
  // report's own figure for it when there is no live entry)
  let cur = zero();
  const ids = new Set<number>([...live.keys(), ...inReportNow.keys()]);
  for (const id of ids) {
    if (queues && !queues.has(id)) continue;
    const l = live.get(id);
    cur = add(cur, l ? minus(sumsOf(l), earlier.get(id) ?? zero()) : inReportNow.get(id)!);
  }
  byHour[hours - 1] = cur;
  const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    x: byHour.map((_, i) => (dayStart + i * HOUR) / 1000),
    offered: byHour.map((s) => s.offered),
    answered: byHour.map((s) => s.answered),
    abandoned: byHour.map((s) => s.abandoned),
    sl: byHour.map((s) => ratio(s.slNum, s.slDen)),
    asa: byHour.map((s) => ratio(s.waitAnswered, s.answered)),
    avgWait: byHour.map((s) => ratio(s.waitAll, s.answered + s.abandoned)),
    maxWait: byHour.map((s) => (s.answered + s.abandoned > 0 || s.maxWait > 0 ? s.maxWait : null)),
  };
}

/** The service-level goal of several queues, weighted by their contacts
 *  offered today (as the daily report weights it); a plain mean without any. */
export function weightedGoal(goals: readonly { goal: number; offered: number }[]): number | null {
  if (goals.length === 0) return null;
  const total = goals.reduce((a, g) => a + g.offered, 0);
  if (total === 0) return goals.reduce((a, g) => a + g.goal, 0) / goals.length;
  return goals.reduce((a, g) => a + g.goal * g.offered, 0) / total;
}
