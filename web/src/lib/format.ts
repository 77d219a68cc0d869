// Numbers, percentages, durations, dates and times, formatted with Intl in the
// user's language and the center's time zone (never the browser's zone: a
// wallboard in another country shows the center's clock). Unknown values
// (null, undefined, NaN) show as a dash.
import type { Lang } from "../i18n";

export const DASH = "—";

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(lang: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = "n" + lang + JSON.stringify(opts);
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(lang, opts)));
  return f;
}
function dateFormat(lang: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = "d" + lang + JSON.stringify(opts);
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lang, opts)));
  return f;
}

const zones = new Map<string, boolean>();
/** True when `tz` is an IANA zone this browser knows. */
export function isValidTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  let ok = zones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    zones.set(tz, ok);
  }
  return ok;
}

function known(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** "1:05", "12:00", "1:02:03": a clock-style duration for timers; negative
 *  values count as 0. */
export function clock(ms: number | null | undefined): string {
  if (!known(ms)) return DASH;
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export interface Formatter {
  lang: Lang;
  timeZone: string;
  /** 1,234 / 1,234.5 (at most `digits` decimals). */
  number(v: number | null | undefined, digits?: number): string;
  /** A ratio 0..1 as a percentage: 0.8123 -> "81%" (digits decimals). */
  percent(v: number | null | undefined, digits?: number): string;
  /** Seconds as a KPI value: "42 s" under a minute, "4:31" (m:ss) above,
   *  "1:02:03" above an hour. */
  seconds(v: number | null | undefined): string;
  /** Milliseconds as a timer: see clock(). */
  clock(ms: number | null | undefined): string;
  /** Date and time in the center's zone: "Dec 1, 2026, 14:05". */
  dateTime(ms: number | null | undefined): string;
  /** Time of day in the center's zone: "14:05:09" (seconds) or "14:05". */
  time(ms: number | null | undefined, seconds?: boolean): string;
  /** Date in the center's zone: "Dec 1, 2026". */
  date(ms: number | null | undefined): string;
  /** The hour of day in the center's zone (0..23), for charts. */
  hourOf(ms: number): number;
  /** How long ago `ms` was at `now`: "now", "5 min. ago", "3 hours ago",
   *  "yesterday"; a week or more back, the date and time (center's zone). */
  ago(ms: number | null | undefined, now: number): string;
}

const formatters = new Map<string, Formatter>();

/** The formatter for a language and zone (one per pair, made once: pages
 *  with a thousand rows ask for it a thousand times). */
export function createFormatter(lang: Lang, timeZone: string): Formatter {
  const key = lang + "|" + timeZone;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = makeFormatter(lang, timeZone)));
  return f;
}

function makeFormatter(lang: Lang, timeZone: string): Formatter {
  const tz = isValidTimeZone(timeZone) ? timeZone : "UTC";
  // the formats used on every tick, made once
  const integer = numberFormat(lang, { maximumFractionDigits: 0 });
  const pct0 = numberFormat(lang, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const secs = numberFormat(lang, { style: "unit", unit: "second", unitDisplay: "narrow", maximumFractionDigits: 1 });
  const dateTime = dateFormat(lang, { timeZone: tz, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  const timeM = dateFormat(lang, { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const timeS = dateFormat(lang, { timeZone: tz, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const date = dateFormat(lang, { timeZone: tz, dateStyle: "medium" });
  const hour = dateFormat("en-GB", { timeZone: tz, hour: "2-digit", hourCycle: "h23" });
  let rel: Intl.RelativeTimeFormat | null = null;
  const f: Formatter = {
    lang,
    timeZone: tz,
    number(v, digits = 0) {
      if (!known(v)) return DASH;
      return (digits === 0 ? integer : numberFormat(lang, { maximumFractionDigits: digits })).format(v);
    },
    percent(v, digits = 0) {
      if (!known(v)) return DASH;
      return (digits === 0 ? pct0 : numberFormat(lang, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits })).format(v);
    },
    seconds(v) {
      if (!known(v)) return DASH;
      if (v < 59.95) return secs.format(v);
      return clock(Math.round(v) * 1000);
    },
    clock,
    dateTime(ms) {
      return known(ms) ? dateTime.format(ms) : DASH;
    },
    time(ms, seconds = false) {
      return known(ms) ? (seconds ? timeS : timeM).format(ms) : DASH;
    },
    date(ms) {
      return known(ms) ? date.format(ms) : DASH;
    },
    hourOf(ms) {
      return Number(hour.format(ms)) % 24;
    },
    ago(ms, now) {
      if (!known(ms)) return DASH;
      const s = Math.max(0, Math.round((now - ms) / 1000));
      if (s >= 7 * 86400) return dateTime.format(ms);
      rel ??= new Intl.RelativeTimeFormat(lang, { numeric: "auto", style: "short" });
      if (s < 60) return rel.format(0, "second");
      if (s < 3600) return rel.format(-Math.floor(s / 60), "minute");
      if (s < 86400) return rel.format(-Math.floor(s / 3600), "hour");
      return rel.format(-Math.floor(s / 86400), "day");
    },
  };
  return f;
}
