// The planners' rules (docs/wfm.md, "Rules"): shift templates, work rules
// and the default contract (GET/PUT /api/v1/wfm/rules), per-agent
// overrides (/api/v1/wfm/agent-rules), special days
// (/api/v1/wfm/special-days), and the adherence report's team totals. The
// server speaks minutes; people read hours and times of day. Everything
// here is the pure part: the API shapes, the form drafts (strings, as
// typed) and their conversion both ways, checked without a browser
// (rulesData.test.ts).
import { addDays, DAY_MIN, formatDay, hhmm, isDate, parseHhmm, WFM, type ForecastSpecialDay } from "./wfmData";

export type { ForecastSpecialDay };

// ---- API shapes ---------------------------------------------------------------

export interface BreakRule {
  name: string;
  /** Applies to shifts at least this long. */
  min_shift_length_min: number;
  /** The break starts this long after the shift starts, at the earliest / latest. */
  earliest_offset_min: number;
  latest_offset_min: number;
  min_length_min: number;
  max_length_min: number;
  paid: boolean;
}
export interface ShiftTemplate {
  id: string;
  earliest_start_min: number;
  latest_start_min: number;
  start_step_min: number;
  lengths_min: number[];
  /** 0 = Monday. */
  weekdays: number[];
  breaks: BreakRule[];
}
export interface WorkRules {
  min_rest_min: number;
  min_days_off_per_week: number;
  max_consecutive_days: number;
}
export interface Contract {
  min_weekly_min: number;
  max_weekly_min: number;
  leave_credit_min: number;
}
export interface ShiftRules {
  templates: ShiftTemplate[];
  work: WorkRules;
  contract: Contract;
  /** True while the built-in rules apply (the server's answer only). */
  defaults?: boolean;
}
/** One weekday's availability: from..to minutes after its midnight (to up to 2880: past midnight). */
export interface Availability {
  from_min: number;
  to_min: number;
}
export interface Preferences {
  start_from_min: number;
  start_to_min: number;
  days_off: number[];
}
export interface AgentRules {
  agent: string;
  contract: Contract | null;
  /** 7 entries Monday..Sunday (null: not available that day); null: always available. */
  availability: (Availability | null)[] | null;
  preferences: Preferences | null;
  /** Allowed templates by id; empty: all. */
  templates: string[];
}
export interface SpecialDay {
  date: string;
  factor: number;
  /** A date whose values stand in for this one's (then times factor), or null. */
  reference: string | null;
  name: string;
  /** null: every queue. */
  queue: string | null;
}

export interface AdherenceFigures {
  scheduled_min: number;
  working_min: number;
  in_adherence_min: number;
  out_off_min: number;
  on_phone_min: number;
  adherence: number;
  conformance: number;
}
export interface AdherenceReportDay extends AdherenceFigures {
  date: string;
  agent: string | null;
  team: string | null;
}
export interface AdherenceReportTeam extends AdherenceFigures {
  date: string;
  team: string | null;
  agents: number;
}
export interface AdherenceReport {
  days: AdherenceReportDay[];
  /** Absent from a server before team totals. */
  teams?: AdherenceReportTeam[];
}

export const RULES_PATH = `${WFM}/rules`;
export const AGENT_RULES_PATH = `${WFM}/agent-rules`;
export const SPECIAL_DAYS_PATH = `${WFM}/special-days`;
export const agentRulesPath = (agent: string) => `${AGENT_RULES_PATH}/${encodeURIComponent(agent)}`;

/** The report's path; `by` "team" and `format` "csv" for the files. */
export function adherenceReportPath(from: string, to: string, opts: { by?: "team"; format?: "csv" } = {}): string {
  const p = new URLSearchParams({ from, to });
  if (opts.by) p.set("by", opts.by);
  if (opts.format) p.set("format", opts.format);
  return `${WFM}/adherence/report?${p}`;
}
/** The longest report the server gives. */
export const REPORT_MAX_DAYS = 62;

// ---- hours, times, weekdays ----------------------------------------------------

export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

/** The weekday's name in `lang` (0 = Monday), from a known Monday. */
export function weekdayName(lang: string, d: number, long = false): string {
  return new Intl.DateTimeFormat(lang, { weekday: long ? "long" : "short", timeZone: "UTC" }).format(Date.parse(addDays("2026-01-05", d) + "T00:00:00Z"));
}

/** Minutes as hours for a field: 480 -> "8", 450 -> "7.5", 500 -> "8.33". */
export function hoursText(min: number): string {
  return String(Math.round((min / 60) * 100) / 100);
}

/** "7.5" (hours) -> 450 minutes; null when not a number of hours >= 0. */
export function parseHours(s: string): number | null {
  const t = s.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  return Math.round(Number(t) * 60);
}

/** "4, 6, 7.5" (hours) -> [240, 360, 450]; null when any is not a positive number. */
export function parseHoursList(s: string): number[] | null {
  const parts = s.split(/[,;，、\s]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const out: number[] = [];
  for (const p of parts) {
    const m = parseHours(p);
    if (m === null || m <= 0) return null;
    out.push(m);
  }
  return out;
}

/** A duration as "H:MM": 135 -> "2:15" (for offsets after a shift's start). */
export function durationText(min: number): string {
  const m = Math.max(0, Math.round(min));
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
}

/** "2:15" -> 135; a whole number is minutes ("90" -> 90); null otherwise. */
export function parseDuration(s: string): number | null {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (!m || Number(m[2]) >= 60) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** A whole number >= 0 typed as text, or null. */
export function parseCount(s: string): number | null {
  return /^\s*\d+\s*$/.test(s) ? Number(s.trim()) : null;
}

// ---- the rules form ------------------------------------------------------------

export interface BreakDraft {
  key: number;
  name: string;
  min_shift_h: string;
  earliest: string;
  latest: string;
  min_len: string;
  max_len: string;
  paid: boolean;
}
export interface TemplateDraft {
  key: number;
  id: string;
  earliest: string;
  latest: string;
  step: string;
  lengths: string;
  weekdays: number[];
  breaks: BreakDraft[];
}
export interface ContractDraft {
  min_h: string;
  max_h: string;
  leave_h: string;
}
export interface RulesDraft {
  templates: TemplateDraft[];
  rest_h: string;
  days_off: string;
  max_days: string;
  contract: ContractDraft;
}

let nextKey = 1;
/** A key for a new card or row (React's key; never sent). */
export const newKey = () => nextKey++;

export function breakDraft(b: BreakRule): BreakDraft {
  return {
    key: newKey(),
    name: b.name,
    min_shift_h: hoursText(b.min_shift_length_min),
    earliest: durationText(b.earliest_offset_min),
    latest: durationText(b.latest_offset_min),
    min_len: String(b.min_length_min),
    max_len: String(b.max_length_min),
    paid: b.paid,
  };
}

export function templateDraft(t: ShiftTemplate): TemplateDraft {
  return {
    key: newKey(),
    id: t.id,
    earliest: hhmm(t.earliest_start_min),
    latest: hhmm(t.latest_start_min),
    step: String(t.start_step_min),
    lengths: t.lengths_min.map(hoursText).join(", "),
    weekdays: [...t.weekdays].sort((a, b) => a - b),
    breaks: t.breaks.map(breakDraft),
  };
}

export function contractDraft(c: Contract): ContractDraft {
  return { min_h: hoursText(c.min_weekly_min), max_h: hoursText(c.max_weekly_min), leave_h: hoursText(c.leave_credit_min) };
}

export function rulesDraft(r: ShiftRules): RulesDraft {
  return {
    templates: r.templates.map(templateDraft),
    rest_h: hoursText(r.work.min_rest_min),
    days_off: String(r.work.min_days_off_per_week),
    max_days: String(r.work.max_consecutive_days),
    contract: contractDraft(r.contract),
  };
}

/** A new break row: a 15-minute paid break 1:00-2:15 into shifts of 4 h or more. */
export function newBreak(): BreakDraft {
  return { key: newKey(), name: "break", min_shift_h: "4", earliest: "1:00", latest: "2:15", min_len: "15", max_len: "15", paid: true };
}

/** A new template card, with an id no other card has. */
export function newTemplate(taken: readonly string[]): TemplateDraft {
  let n = taken.length + 1;
  while (taken.includes(`template${n}`)) n++;
  return { key: newKey(), id: `template${n}`, earliest: "08:00", latest: "12:00", step: "30", lengths: "8", weekdays: [0, 1, 2, 3, 4], breaks: [newBreak()] };
}

type Bad = Record<string, string>;

function contractFrom(d: ContractDraft, at: string, bad: Bad): Contract {
  const min = parseHours(d.min_h);
  const max = parseHours(d.max_h);
  const leave = parseHours(d.leave_h);
  if (min === null) bad[`${at}.min_weekly_min`] = "wfm.rules.invalid.hours";
  if (max === null) bad[`${at}.max_weekly_min`] = "wfm.rules.invalid.hours";
  if (leave === null) bad[`${at}.leave_credit_min`] = "wfm.rules.invalid.hours";
  return { min_weekly_min: min ?? 0, max_weekly_min: max ?? 0, leave_credit_min: leave ?? 0 };
}

/** The PUT body of the rules form, or the problems (i18n keys by the
 *  server's field paths: the same paths its 400 names). Only the form's
 *  shape is checked here; ranges and consistency are the server's. */
export function rulesBody(d: RulesDraft): { body: ShiftRules } | { bad: Bad } {
  const bad: Bad = {};
  const templates = d.templates.map((t, i): ShiftTemplate => {
    const at = `templates[${i}]`;
    const earliest = parseHhmm(t.earliest);
    const latest = parseHhmm(t.latest);
    const step = parseCount(t.step);
    const lengths = parseHoursList(t.lengths);
    if (!t.id.trim()) bad[`${at}.id`] = "wfm.invalid.required";
    if (earliest === null) bad[`${at}.earliest_start_min`] = "wfm.invalid.time";
    if (latest === null) bad[`${at}.latest_start_min`] = "wfm.invalid.time";
    if (step === null || step <= 0) bad[`${at}.start_step_min`] = "wfm.rules.invalid.minutes";
    if (lengths === null) bad[`${at}.lengths_min`] = "wfm.rules.invalid.lengths";
    if (t.weekdays.length === 0) bad[`${at}.weekdays`] = "wfm.rules.invalid.weekdays";
    const breaks = t.breaks.map((b, j): BreakRule => {
      const bat = `${at}.breaks[${j}]`;
      const minShift = parseHours(b.min_shift_h);
      const e = parseDuration(b.earliest);
      const l = parseDuration(b.latest);
      const minLen = parseCount(b.min_len);
      const maxLen = parseCount(b.max_len);
      if (!b.name.trim()) bad[`${bat}.name`] = "wfm.invalid.required";
      if (minShift === null) bad[`${bat}.min_shift_length_min`] = "wfm.rules.invalid.hours";
      if (e === null) bad[`${bat}.earliest_offset_min`] = "wfm.rules.invalid.duration";
      if (l === null) bad[`${bat}.latest_offset_min`] = "wfm.rules.invalid.duration";
      if (minLen === null) bad[`${bat}.min_length_min`] = "wfm.rules.invalid.minutes";
      if (maxLen === null) bad[`${bat}.max_length_min`] = "wfm.rules.invalid.minutes";
      return {
        name: b.name.trim(),
        min_shift_length_min: minShift ?? 0,
        earliest_offset_min: e ?? 0,
        latest_offset_min: l ?? 0,
        min_length_min: minLen ?? 0,
        max_length_min: maxLen ?? 0,
        paid: b.paid,
      };
    });
    return {
      id: t.id.trim(),
      earliest_start_min: earliest ?? 0,
      latest_start_min: latest ?? 0,
      start_step_min: step ?? 0,
      lengths_min: lengths ?? [],
      weekdays: [...t.weekdays].sort((a, b) => a - b),
      breaks,
    };
  });
  if (templates.length === 0) bad.templates = "wfm.rules.invalid.templates";
  const rest = parseHours(d.rest_h);
  const daysOff = parseCount(d.days_off);
  const maxDays = parseCount(d.max_days);
  if (rest === null) bad["work.min_rest_min"] = "wfm.rules.invalid.hours";
  if (daysOff === null) bad["work.min_days_off_per_week"] = "wfm.rules.invalid.count";
  if (maxDays === null) bad["work.max_consecutive_days"] = "wfm.rules.invalid.count";
  const contract = contractFrom(d.contract, "contract", bad);
  if (Object.keys(bad).length) return { bad };
  return { body: { templates, work: { min_rest_min: rest!, min_days_off_per_week: daysOff!, max_consecutive_days: maxDays! }, contract } };
}

// ---- per-agent overrides ---------------------------------------------------------

export interface DayDraft {
  available: boolean;
  from: string;
  to: string;
}
export interface AgentDraft {
  contractOn: boolean;
  contract: ContractDraft;
  availabilityOn: boolean;
  days: DayDraft[];
  preferencesOn: boolean;
  startFrom: string;
  startTo: string;
  daysOff: number[];
  templates: string[];
}

/** The editor's draft of an agent's overrides (none: the center's rules apply). */
export function agentDraft(a: AgentRules | null, defaults: Contract): AgentDraft {
  return {
    contractOn: !!a?.contract,
    contract: contractDraft(a?.contract ?? defaults),
    availabilityOn: !!a?.availability,
    days: WEEKDAYS.map((d) => {
      const v = a?.availability?.[d];
      return v ? { available: true, from: hhmm(v.from_min), to: hhmm(v.to_min) } : { available: !a?.availability, from: "08:00", to: "18:00" };
    }),
    preferencesOn: !!a?.preferences,
    startFrom: a?.preferences ? hhmm(a.preferences.start_from_min) : "08:00",
    startTo: a?.preferences ? hhmm(a.preferences.start_to_min) : "10:00",
    daysOff: a?.preferences ? [...a.preferences.days_off].sort((x, y) => x - y) : [],
    templates: a?.templates ? [...a.templates] : [],
  };
}

/** The PUT body of an agent's overrides, or the problems (by field path). An
 *  availability whose end is not after its start runs past midnight (to + 24 h). */
export function agentBody(d: AgentDraft): { body: Omit<AgentRules, "agent"> } | { bad: Bad } {
  const bad: Bad = {};
  const contract = d.contractOn ? contractFrom(d.contract, "contract", bad) : null;
  const availability = d.availabilityOn
    ? d.days.map((x, i): Availability | null => {
        if (!x.available) return null;
        const from = parseHhmm(x.from);
        const to = parseHhmm(x.to);
        if (from === null) bad[`availability[${i}].from_min`] = "wfm.invalid.time";
        if (to === null) bad[`availability[${i}].to_min`] = "wfm.invalid.time";
        if (from === null || to === null) return null;
        return { from_min: from, to_min: to > from ? to : to + DAY_MIN };
      })
    : null;
  let preferences: Preferences | null = null;
  if (d.preferencesOn) {
    const from = parseHhmm(d.startFrom);
    const to = parseHhmm(d.startTo);
    if (from === null) bad["preferences.start_from_min"] = "wfm.invalid.time";
    if (to === null) bad["preferences.start_to_min"] = "wfm.invalid.time";
    preferences = { start_from_min: from ?? 0, start_to_min: to ?? 0, days_off: [...d.daysOff].sort((a, b) => a - b) };
  }
  if (Object.keys(bad).length) return { bad };
  return { body: { contract, availability, preferences, templates: [...d.templates] } };
}

/** Consecutive weekdays as ranges: [0,1,2,4] -> "Mon–Wed, Fri". */
export function weekdayRanges(days: readonly number[], lang: string): string {
  const s = [...new Set(days)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(j - i >= 2 ? `${weekdayName(lang, s[i])}–${weekdayName(lang, s[j])}` : s.slice(i, j + 1).map((d) => weekdayName(lang, d)).join(", "));
    i = j + 1;
  }
  return out.join(", ");
}

/** An availability entry as "08:00–18:00" (an end past midnight wraps). */
export function availabilitySpan(a: Availability): string {
  return `${hhmm(a.from_min)}–${hhmm(a.to_min)}`;
}

// ---- special days ------------------------------------------------------------------

export interface SpecialDayDraft {
  key: number;
  date: string;
  name: string;
  factor: string;
  reference: string;
  /** "" = every queue. */
  queue: string;
}

export function specialDayDraft(d: SpecialDay): SpecialDayDraft {
  return { key: newKey(), date: d.date, name: d.name, factor: String(d.factor), reference: d.reference ?? "", queue: d.queue ?? "" };
}

export function newSpecialDay(date: string): SpecialDayDraft {
  return { key: newKey(), date, name: "", factor: "1", reference: "", queue: "" };
}

/** The PUT body of the special days, or the problems (by field path). */
export function specialDaysBody(ds: readonly SpecialDayDraft[]): { body: { days: SpecialDay[] } } | { bad: Bad } {
  const bad: Bad = {};
  const days = ds.map((d, i): SpecialDay => {
    const at = `days[${i}]`;
    const factor = Number(d.factor.trim().replace(",", "."));
    if (!isDate(d.date)) bad[`${at}.date`] = "wfm.invalid.date";
    if (d.factor.trim() === "" || !Number.isFinite(factor)) bad[`${at}.factor`] = "wfm.invalid.number";
    if (d.reference.trim() && !isDate(d.reference.trim())) bad[`${at}.reference`] = "wfm.invalid.date";
    return { date: d.date, factor, reference: d.reference.trim() || null, name: d.name.trim(), queue: d.queue || null };
  });
  if (Object.keys(bad).length) return { bad };
  return { body: { days } };
}

/** Shaded day bands for the chart: each special day's local day as unix
 *  seconds [from, to) (via `dayStart`, the zone's midnight of a date). */
export function specialDayBands(days: readonly ForecastSpecialDay[], dayStart: (date: string) => number, lang: string): { from: number; to: number; label: string }[] {
  return [...days]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((d) => ({ from: dayStart(d.date), to: dayStart(addDays(d.date, 1)), label: d.name || formatDay(lang, d.date, false) }));
}

// ---- adherence report --------------------------------------------------------------

/** Rows by date, then team / agent by name (a missing name last). */
export function sortReportRows<R extends { date: string }>(rows: readonly R[], name: (r: R) => string | null): R[] {
  return [...rows].sort((a, b) => {
    if (a.date !== b.date) return a.date.localeCompare(b.date);
    const x = name(a);
    const y = name(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return x.localeCompare(y, "en", { numeric: true });
  });
}

/** Client-side checks of the report's range (i18n keys by field). */
export function checkReportRange(from: string, to: string): Bad {
  const bad: Bad = {};
  if (!isDate(from)) bad.from = "wfm.invalid.date";
  if (!isDate(to)) bad.to = "wfm.invalid.date";
  else if (isDate(from) && to < from) bad.to = "wfm.leave.invalid.order";
  return bad;
}
