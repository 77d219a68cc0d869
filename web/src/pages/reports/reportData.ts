// The reports page's logic: the query of GET /api/v1/reports/{dimension}
// (docs/api.md, "Reports"), the figures shown per dimension, and the
// chart series and table rows built from an answer.
import type { Report as ApiReport } from "../../lib/types";
import { formatDuration } from "../admin/ui/format";

export const DIMENSIONS = ["queues", "teams", "agents", "sites", "channels", "center"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const GRAINS = ["15min", "hour", "day", "month", "year"] as const;
export type Grain = (typeof GRAINS)[number];
export const CHANNEL_NAMES = ["voice", "chat", "email", "sms", "social"];

export type FigureKind = "count" | "ratio" | "seconds" | "score";

/** Every figure of a report row (docs/openapi.yaml, KpiFigures), with how it reads. */
export const FIGURES: Record<string, FigureKind> = {
  offered: "count",
  answered: "count",
  abandoned: "count",
  short_abandoned: "count",
  refused: "count",
  expired: "count",
  handled: "count",
  transferred: "count",
  offers: "count",
  missed_offers: "count",
  service_level: "ratio",
  asa_s: "seconds",
  avg_wait_s: "seconds",
  max_wait_s: "seconds",
  aht_s: "seconds",
  avg_talk_s: "seconds",
  avg_hold_s: "seconds",
  avg_acw_s: "seconds",
  abandon_rate: "ratio",
  transfer_rate: "ratio",
  occupancy: "ratio",
  utilisation: "ratio",
  survey_answers: "count",
  csat: "ratio",
  csat_mean: "score",
  fcr_eligible: "count",
  repeats: "count",
  unresolved: "count",
  fcr: "ratio",
  repeat_rate: "ratio",
};
export type Figure = keyof typeof FIGURES & string;

/** The columns per dimension. Per agent, team and site the contact-side
 *  figures count what the agents did (offered, service level and abandon
 *  rate are 0 there); queues and channels have no occupancy in the rollups. */
export function figuresFor(d: Dimension): Figure[] {
  if (d === "agents" || d === "teams" || d === "sites")
    return ["answered", "handled", "transferred", "offers", "missed_offers", "asa_s", "aht_s", "avg_talk_s", "avg_acw_s", "occupancy", "utilisation", "fcr", "csat", "survey_answers"];
  const base: Figure[] = ["offered", "answered", "abandoned", "service_level", "asa_s", "avg_wait_s", "aht_s", "abandon_rate", "transfer_rate"];
  if (d === "center") base.push("occupancy");
  base.push("fcr", "repeat_rate", "csat", "survey_answers");
  return base;
}

/** What each ratio or average is taken over (docs/kpis.md): with nothing
 *  to measure the API sends 0, which is shown as a dash (as the daily
 *  report does), and left out of the chart. */
const DENOMINATORS: Record<string, string[]> = {
  service_level: ["offered", "-short_abandoned"],
  abandon_rate: ["offered"],
  asa_s: ["answered"],
  avg_wait_s: ["answered", "abandoned"],
  max_wait_s: ["answered", "abandoned"],
  aht_s: ["handled"],
  avg_talk_s: ["handled"],
  avg_hold_s: ["handled"],
  avg_acw_s: ["handled"],
  transfer_rate: ["answered"],
  csat: ["survey_answers"],
  csat_mean: ["survey_answers"],
  fcr: ["fcr_eligible"],
  repeat_rate: ["fcr_eligible"],
};

/** Whether a row has anything to measure a figure over. */
export function measurable(figure: string, row: ReportRow): boolean {
  const terms = DENOMINATORS[figure];
  if (!terms) return true;
  let sum = 0;
  for (const t of terms) {
    const neg = t.startsWith("-");
    const v = row[neg ? t.slice(1) : t];
    if (typeof v !== "number") return true; // not in this answer: trust the figure
    sum += neg ? -v : v;
  }
  return sum > 0;
}

/** The figure charted first. */
export const defaultFigure = (d: Dimension): Figure => (d === "agents" || d === "teams" || d === "sites" ? "handled" : "offered");

export interface ReportRow {
  id: number;
  name: string;
  start?: string;
  start_ms?: number;
  [figure: string]: number | string | undefined;
}

/** The report answer, its rows read by figure name. */
export type Report = ApiReport<ReportRow>;

export interface ReportQuery {
  dimension: Dimension;
  grain: Grain;
  /** First day, YYYY-MM-DD (the center's local midnight). */
  from: string;
  /** Last day, inclusive, YYYY-MM-DD. */
  to: string;
  /** Names (or ids) to narrow to; empty: every one in the caller's scope. */
  ids: string[];
}

/** "2026-11-30" + 1 -> "2026-12-01" (calendar arithmetic, no zone). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** Today's date in a time zone, YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export function defaultQuery(timeZone: string, now: Date = new Date()): ReportQuery {
  const today = todayIn(timeZone, now);
  return { dimension: "queues", grain: "day", from: addDays(today, -6), to: today, ids: [] };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Problems with a query before it is sent (i18n keys by field). */
export function checkQuery(q: ReportQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (!DAY.test(q.from)) out.from = "reports.invalid.date";
  if (!DAY.test(q.to)) out.to = "reports.invalid.date";
  if (!out.from && !out.to && q.to < q.from) out.to = "reports.invalid.order";
  return out;
}

/** The API path of a report: `to` is sent exclusive (the day after the
 *  last day shown); ids only when narrowed; `format=csv` for the file. */
export function reportPath(q: ReportQuery, format?: "csv"): string {
  const p = new URLSearchParams();
  p.set("grain", q.grain);
  p.set("from", q.from);
  p.set("to", addDays(q.to, 1));
  if (q.ids.length > 0 && q.dimension !== "center") p.set("ids", q.ids.join(","));
  if (format) p.set("format", format);
  return `/api/v1/reports/${q.dimension}?${p.toString().replace(/%2C/g, ",")}`;
}

/** A report file's name when the server does not give one. */
export function csvName(q: ReportQuery): string {
  return `switchyard-${q.dimension}-${q.grain}-${q.from}-${q.to}.csv`;
}

export interface Series {
  id: number;
  name: string;
  values: (number | null)[];
}

export interface ChartData {
  /** Bucket starts, seconds since the epoch (uPlot's x), ascending. */
  x: number[];
  series: Series[];
  /** Ids left out of the chart (too many lines); they stay in the table. */
  omitted: number;
}

export const MAX_SERIES = 10;

/** A value as charted: ratios in percent. */
export function chartValue(kind: FigureKind, v: number): number {
  return kind === "ratio" ? v * 100 : v;
}

/** One line per id over every bucket (null where an id has no row). With
 *  more ids than `max`, the ones with the most contacts are kept. */
export function buildSeries(r: Report, figure: Figure, max = MAX_SERIES): ChartData {
  const kind = FIGURES[figure] ?? "count";
  const starts = [...new Set(r.rows.map((row) => row.start_ms).filter((v): v is number => typeof v === "number"))].sort((a, b) => a - b);
  const at = new Map(starts.map((s, i) => [s, i]));
  const byId = new Map<number, Series>();
  for (const row of r.rows) {
    if (typeof row.start_ms !== "number") continue;
    let s = byId.get(row.id);
    if (!s) {
      s = { id: row.id, name: row.name, values: starts.map(() => null) };
      byId.set(row.id, s);
    }
    const v = row[figure];
    s.values[at.get(row.start_ms)!] = typeof v === "number" && measurable(figure, row) ? chartValue(kind, v) : null;
  }
  let series = [...byId.values()];
  let omitted = 0;
  if (series.length > max) {
    const weight = (id: number) => {
      const t = r.totals.find((x) => x.id === id);
      return t ? Number(t.offered ?? 0) + Number(t.handled ?? 0) : 0;
    };
    const keep = new Set(
      [...series]
        .sort((a, b) => weight(b.id) - weight(a.id) || a.id - b.id)
        .slice(0, max)
        .map((s) => s.id),
    );
    omitted = series.length - max;
    series = series.filter((s) => keep.has(s.id));
  }
  return { x: starts.map((s) => s / 1000), series, omitted };
}

/** Chart ticks: every k-th bucket start, so that labels of the grain do not overlap. */
export function bucketTicks(x: number[], width: number, grain: string): number[] {
  const space = grain === "15min" || grain === "hour" ? 110 : grain === "day" ? 80 : 90;
  const fit = Math.max(1, Math.floor(width / space));
  const stride = Math.max(1, Math.ceil(x.length / fit));
  return x.filter((_, i) => i % stride === 0);
}

/** Rows of the interval table: by start, then by name (the API sends them
 *  by id, then start). */
export function intervalRows(r: Report): ReportRow[] {
  return [...r.rows].sort((a, b) => (a.start_ms ?? 0) - (b.start_ms ?? 0) || a.name.localeCompare(b.name));
}

/** A figure for display. */
export function formatFigure(lang: string, kind: FigureKind, v: unknown): string {
  if (typeof v !== "number" || !Number.isFinite(v)) return "—";
  switch (kind) {
    case "count":
      return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(v);
    case "ratio":
      return new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
    case "score":
      return new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
    case "seconds":
      return formatDuration(lang, v);
  }
}

/** A bucket's start as the grain reads, in the report's time zone. */
export function bucketLabel(lang: string, timeZone: string, grain: string, ms: number): string {
  const opts: Intl.DateTimeFormatOptions = { timeZone };
  if (grain === "year") opts.year = "numeric";
  else if (grain === "month") Object.assign(opts, { year: "numeric", month: "long" });
  else if (grain === "day") Object.assign(opts, { year: "numeric", month: "short", day: "numeric", weekday: "short" });
  else Object.assign(opts, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  try {
    return new Intl.DateTimeFormat(lang, opts).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString();
  }
}
