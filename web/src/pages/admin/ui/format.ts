// Numbers, durations and dates for display: numbers and durations in the
// user's language, dates and times in the center's time zone.

export function formatNumber(lang: string, n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** 0.9083 -> "90.8%" (ratios are 0..1 in the API). */
export function formatPercent(lang: string, r: number | null | undefined, digits = 1): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return "—";
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: digits, minimumFractionDigits: digits }).format(r);
}

/** Seconds: under a minute "42.3 s" (unit in the user's language), then
 *  "m:ss", then "h:mm:ss" (as the daily report has them). */
export function formatDuration(lang: string, s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return "—";
  if (Math.abs(s) < 59.95)
    return new Intl.NumberFormat(lang, { style: "unit", unit: "second", unitDisplay: "short", maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(s);
  const total = Math.round(Math.abs(s));
  const sign = s < 0 ? "-" : "";
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${sign}${h}:${two(m)}:${two(sec)}` : `${sign}${m}:${two(sec)}`;
}

/** A configured time in seconds with its unit, no forced decimals: "20 sec". */
export function formatSeconds(lang: string, s: number): string {
  return new Intl.NumberFormat(lang, { style: "unit", unit: "second", unitDisplay: "short", maximumFractionDigits: 1 }).format(s);
}

/** A moment (ms since the epoch) in the center's zone: date and time. */
export function formatDateTime(lang: string, timeZone: string, ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return new Intl.DateTimeFormat(lang, { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

/** A byte count: "21 KB". */
export function formatBytes(lang: string, n: number): string {
  if (n < 1024) return new Intl.NumberFormat(lang, { style: "unit", unit: "byte", unitDisplay: "short" }).format(n);
  if (n < 1024 * 1024)
    return new Intl.NumberFormat(lang, { style: "unit", unit: "kilobyte", unitDisplay: "short", maximumFractionDigits: 1 }).format(n / 1024);
  return new Intl.NumberFormat(lang, { style: "unit", unit: "megabyte", unitDisplay: "short", maximumFractionDigits: 1 }).format(n / 1048576);
}
