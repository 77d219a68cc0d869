// Quality management (issue 12): the shapes of /api/v1/quality/... (docs/api.md
// "Quality" and the session's contract) and the pure logic of its pages: the
// score formula of docs/quality.md (the live preview of the scorecard form),
// the waveform's peaks, the keyword marks on the timeline, the scorecard
// editor's draft <-> JSON, CSV text. Tested without a browser
// (qualityData.test.ts).
import { qs } from "../../lib/api";

export const Q = "/api/v1/quality";

// ---- API shapes -------------------------------------------------------------

export const KINDS = ["yes_no", "scale", "points"] as const;
export type ItemKind = (typeof KINDS)[number];
export const CHANNELS = ["voice", "chat", "email", "sms", "social"] as const;
export const DIRECTIONS = ["inbound", "outbound"] as const;

export interface Item {
  id: string;
  text: string;
  guidance?: string;
  weight?: number;
  kind: ItemKind;
  max_points?: number;
  critical?: boolean;
  fail_threshold?: number;
  na_allowed?: boolean;
}
export interface Section {
  title: string;
  items: Item[];
}
export interface AppliesTo {
  channel?: string;
  queue?: string | null;
  direction?: string;
}
export interface Scorecard {
  id: number;
  version: number;
  name: string;
  description?: string;
  applies_to?: AppliesTo;
  sections: Section[];
  retired_ms?: number | null;
  created_ms?: number;
  created_by?: string;
}

/** "yes" | "no" | "na" | a whole number. */
export type AnswerValue = "yes" | "no" | "na" | number;
export interface Answer {
  item: string;
  answer: AnswerValue;
  comment?: string;
}

export const STATUSES = ["draft", "submitted", "acknowledged", "disputed", "resolved"] as const;
export type EvalStatus = (typeof STATUSES)[number];
export const EVAL_KINDS = ["evaluation", "self", "peer", "calibration"] as const;

export interface Evaluation {
  id: number;
  contact: number;
  agent: string;
  team: string;
  queue: string;
  channel: string;
  scorecard_id: number;
  scorecard_version: number;
  evaluator: string;
  kind: string;
  answers: Answer[];
  score: number | null;
  failed: boolean;
  status: EvalStatus;
  created_ms: number;
  submitted_ms: number | null;
  agent_comment?: string;
  acknowledged_ms?: number | null;
  disputed_ms?: number | null;
  dispute_reason?: string;
  reviewer?: string;
  resolution?: string;
  resolution_reason?: string;
  resolved_ms?: number | null;
  original_score?: number | null;
}

export interface Comparison {
  evaluation: number | null;
  self: number | null;
  peer: number | null;
  self_gap_pp: number | null;
  peer_gap_pp: number | null;
  items: { item: string; evaluation: AnswerValue | null; self: AnswerValue | null; peer: AnswerValue | null }[];
}

export interface Contact {
  id: number;
  state: string;
  channel: string;
  queue: string;
  agent: string | null;
  created_ms: number;
  ended_ms?: number | null;
  talk_ms?: number;
  hold_ms?: number;
  disposition?: string;
}

export interface WorkItem {
  contact: number;
  agent: string;
  team: string;
  queue: string;
  channel: string;
  started_ms: number;
  weight: number;
  reasons: string[];
  assigned_to: string | null;
  evaluated: boolean;
}
export interface Worklist {
  week_start_ms: number;
  items: WorkItem[];
}

export interface Transcript {
  contact: number;
  status: "none" | "queued" | "running" | "done" | "failed";
  progress: number;
  error?: string;
  duration_ms: number;
  segments: { channel: string; start_ms: number; end_ms: number; text: string }[];
  words?: { channel: string; word: string; start_ms: number; end_ms: number }[];
  hits: KeywordHit[];
}
export interface KeywordHit {
  keyword: string;
  channel: string;
  start_ms: number;
  end_ms: number;
  text: string;
}

export interface Scoring {
  evaluator: string;
  evaluation_id: number;
  answers: Answer[];
  score: number | null;
  failed: boolean;
}
export interface ItemSpread {
  item: string;
  values: (number | null)[];
  min: number | null;
  max: number | null;
  mean: number | null;
  stddev: number | null;
  agreement: number;
}
export interface Calibration {
  id: number;
  contact: number;
  scorecard_id: number;
  scorecard_version: number;
  title: string;
  created_by: string;
  created_ms: number;
  participants: string[];
  status: "open" | "closed";
  scored: string[];
  closed_ms: number | null;
  reference_answers: Answer[] | null;
  reference_score: number | null;
  scorings: Scoring[];
  spread: null | {
    spread_pp: number | null;
    stddev_pp: number | null;
    items: ItemSpread[];
    evaluators: { evaluator: string; score: number | null; failed: boolean; deviation_pp: number | null; items_differing: number }[];
  };
}
export interface DeviationReport {
  evaluators: {
    evaluator: string;
    sessions: number;
    mean_abs_deviation_pp: number | null;
    items_differing: number;
    items_compared: number;
    item_disagreement_rate: number;
    history: { session: number; closed_ms: number; score: number | null; reference_score: number | null; deviation_pp: number | null }[];
  }[];
}

export const LIBRARY_KINDS = ["exemplary", "mistake"] as const;
export interface LibraryEntry {
  id: number;
  contact: number;
  evaluation_id: number | null;
  kind: "exemplary" | "mistake";
  tags: string[];
  note: string;
  added_by: string;
  added_ms: number;
}

export interface Coaching {
  id: number;
  agent: string;
  evaluation_id: number | null;
  coach: string;
  goals: string;
  follow_up_date: string;
  status: "open" | "done";
  notes: string;
  created_ms: number;
  done_ms: number | null;
}

export interface Kpi {
  key: "aht" | "fcr" | "csat" | "adherence" | string;
  value: number | null;
  unit: "s" | "%" | "1-5" | string;
  formula: string;
}
export interface Performance {
  agent: string;
  team: string;
  quality: { mean_score: number | null; evaluations: number; failed: number; trend: { week_start_ms: number; mean_score: number | null; evaluations: number }[] };
  self_gap_pp: number | null;
  coaching_open: number;
  kpis: Kpi[];
}
export const SAMPLING_KINDS = ["low_csat", "not_resolved", "long_handle", "long_hold", "transferred", "repeat", "keyword_hit", "new_agent", "random"] as const;
export interface SamplingPlan {
  rules: { kind: string; threshold: number; weight: number }[];
  quota_per_agent_week: number;
  utc_offset_min: number;
  seed: number;
}

export interface Coverage {
  agents: { agent: string; team: string; due: number; evaluated: number; percent: number | null }[];
  total: { due: number; evaluated: number; percent: number | null };
}
export const REPORT_BY = ["agent", "team", "center"] as const;
export interface ReportRow {
  key: string;
  evaluations: number;
  mean_score: number | null;
  failed: number;
  disputed: number;
  dispute_rate: number | null;
  acknowledged: number;
}
export interface Leaderboard {
  formula: string;
  rows: { rank: number; agent: string; team: string; points: number; quality: number | null; fcr: number | null; csat: number | null; aht_s: number | null }[];
}

// Ended contacts (GET /quality/contacts): the Contacts section, peer review, self-assessment.
export const CONTACT_CHANNELS = ["voice", "chat", "email", "sms"] as const;
export interface EndedContact {
  contact: number;
  channel: string;
  queue: string;
  agent: string;
  team: string;
  created_ms: number;
  answered_ms: number | null;
  ended_ms: number;
  talk_s: number;
  hold_s: number;
  acw_s: number;
  transfers: number;
  disposition: string | null;
  keyword_hits: number;
  evaluated: boolean;
  score: number | null;
  failed: boolean | null;
  self: boolean;
  peer: boolean;
}
export interface ContactsPage {
  items: EndedContact[];
  next: string | null;
}
export const CONTACT_FILTERS = ["from", "to", "agent", "team", "queue", "channel", "evaluated"] as const;
export type ContactFilterKey = (typeof CONTACT_FILTERS)[number];
export type ContactFilter = Record<ContactFilterKey, string>;
export const NO_FILTER: ContactFilter = { from: "", to: "", agent: "", team: "", queue: "", channel: "", evaluated: "" };

// Keyword lists and their hits (speech analytics; alerts: the contract's section 3).
export interface KeywordList {
  queue: string;
  keywords: string[];
  /** the keywords that alert (a subset of `keywords`); absent on an older server */
  alert?: string[];
  updated_by?: string;
  updated_ms?: number;
}
export const HITS_BY = ["queue", "team"] as const;
export type HitsBy = (typeof HITS_BY)[number];
export interface HitsDay {
  day: string;
  queue?: string;
  team?: string;
  keyword: string;
  hits: number;
}

// ---- API paths --------------------------------------------------------------

export const paths = {
  scorecards: (retired = false) => `${Q}/scorecards${qs({ retired: retired ? 1 : undefined })}`,
  scorecard: (id: number, version?: number) => `${Q}/scorecards/${id}${qs({ version })}`,
  evaluations: (p: { agent?: string; team?: string; evaluator?: string; status?: string; contact?: number; kind?: string; limit?: number } = {}) =>
    `${Q}/evaluations${qs(p)}`,
  evaluation: (id: number) => `${Q}/evaluations/${id}`,
  contactEvaluations: (contact: number) => `${Q}/contacts/${contact}/evaluations`,
  worklist: (week?: string, evaluator?: string) => `${Q}/worklist${qs({ week, evaluator })}`,
  contact: (id: number) => `/api/v1/contacts/${id}`,
  recordingLink: (id: number) => `/api/v1/contacts/${id}/recording/link`,
  transcript: (id: number) => `/api/v1/contacts/${id}/transcript`,
  chat: (id: number) => `/api/v1/chat/sessions/${id}`,
  endedContact: (id: number) => `${Q}/contacts/${id}`,
  endedContacts: (f: Partial<ContactFilter> & { scope?: "mine" | "team"; cursor?: string | null; limit?: number }) =>
    // the page's "to" is a day included; the server's `to` is exclusive (as every quality range)
    `${Q}/contacts${qs({ from: f.from, to: f.to && /^\d{4}-\d{2}-\d{2}$/.test(f.to) ? addDaysYmd(f.to, 1) : f.to, agent: f.agent?.trim(), team: f.team?.trim(), queue: f.queue?.trim(), channel: f.channel, evaluated: f.evaluated, scope: f.scope, limit: f.limit, cursor: f.cursor })}`,
  keywords: () => `${Q}/keywords`,
  keywordList: (queue: string) => `${Q}/keywords/${encodeURIComponent(queue)}`,
  keywordHits: (p: { from: string; to: string; by?: HitsBy; queue?: string; team?: string }) => `${Q}/keyword-hits${qs({ from: p.from, to: p.to, by: p.by === "team" ? "team" : undefined, queue: p.queue, team: p.team })}`,
  endedChats: (limit = 50) => `/api/v1/chat/sessions${qs({ state: "ended", limit })}`,
  calibrations: (status?: string) => `${Q}/calibrations${qs({ status })}`,
  calibration: (id: number) => `${Q}/calibrations/${id}`,
  deviations: (evaluator?: string) => `${Q}/calibrations/report${qs({ evaluator })}`,
  library: (p: { q?: string; kind?: string; tag?: string; limit?: number } = {}) => `${Q}/library${qs(p)}`,
  coaching: (agent?: string) => `${Q}/coaching${qs({ agent })}`,
  performance: (agent: string, from?: string, to?: string) => `${Q}/agents/${encodeURIComponent(agent)}/performance${qs({ from, to })}`,
  coverage: (from: string, to: string) => `${Q}/coverage${qs({ from, to })}`,
  reports: (by: string, from: string, to: string, format?: "csv") => `${Q}/reports${qs({ by, from, to, format })}`,
  leaderboard: (from: string, to: string, team?: string) => `${Q}/leaderboard${qs({ team, from, to })}`,
};

// ---- the score formula (docs/quality.md, "Score formula") --------------------

/** An item's value 0..1 for an answer, null for N/A (or an answer that does
 *  not fit the kind: the form never sends one). */
export function itemValue(item: Item, answer: AnswerValue | undefined): number | null {
  if (answer === undefined || answer === "na") return null;
  if (item.kind === "yes_no") return answer === "yes" ? 1 : answer === "no" ? 0 : null;
  if (typeof answer !== "number") return null;
  if (item.kind === "scale") return answer >= 1 && answer <= 5 ? (answer - 1) / 4 : null;
  const max = item.max_points ?? 0;
  return max > 0 && answer >= 0 && answer <= max ? answer / max : null;
}

/** Whether a critical item fails with this answer: "no", or a number at or
 *  below its fail_threshold. N/A never fails. */
export function failsCritical(item: Item, answer: AnswerValue | undefined): boolean {
  if (!item.critical || answer === undefined || answer === "na") return false;
  if (item.kind === "yes_no") return answer === "no";
  return typeof answer === "number" && item.fail_threshold !== undefined && answer <= item.fail_threshold;
}

export interface SectionScore {
  title: string;
  earned: number;
  possible: number;
  percent: number | null;
}
export interface ScoreResult {
  /** 0..100; 0 when a critical item failed; null when every answered item is N/A (or none is answered). */
  percent: number | null;
  raw_percent: number | null;
  earned: number;
  possible: number;
  failed: boolean;
  failed_items: string[];
  sections: SectionScore[];
  /** Items without an answer yet (a preview scores the others). */
  missing: string[];
}

/** The score of docs/quality.md over all items of all sections at once:
 *  earned = sum w*v, possible = sum w over answered items (N/A leaves both),
 *  raw = 100 * earned / possible, percent = 0 when a critical item failed. */
export function score(card: Pick<Scorecard, "sections">, answers: Record<string, AnswerValue | undefined>): ScoreResult {
  let earned = 0;
  let possible = 0;
  const failed_items: string[] = [];
  const missing: string[] = [];
  const sections: SectionScore[] = card.sections.map((s) => {
    let se = 0;
    let sp = 0;
    for (const item of s.items) {
      const a = answers[item.id];
      if (a === undefined) {
        missing.push(item.id);
        continue;
      }
      if (failsCritical(item, a)) failed_items.push(item.id);
      const v = itemValue(item, a);
      if (v === null) continue;
      const w = item.weight ?? 1;
      se += w * v;
      sp += w;
    }
    earned += se;
    possible += sp;
    return { title: s.title, earned: se, possible: sp, percent: sp > 0 ? (100 * se) / sp : null };
  });
  const raw = possible > 0 ? (100 * earned) / possible : null;
  const failed = failed_items.length > 0;
  return { percent: raw === null ? null : failed ? 0 : raw, raw_percent: raw, earned, possible, failed, failed_items, sections, missing };
}

/** Answers as the API takes them, in the scorecard's order (comments trimmed, empty ones left out). */
export function answersFor(card: Pick<Scorecard, "sections">, values: Record<string, AnswerValue | undefined>, comments: Record<string, string>): Answer[] {
  const out: Answer[] = [];
  for (const s of card.sections)
    for (const it of s.items) {
      const a = values[it.id];
      if (a === undefined) continue;
      const c = (comments[it.id] ?? "").trim();
      out.push(c ? { item: it.id, answer: a, comment: c } : { item: it.id, answer: a });
    }
  return out;
}

/** The scorecard's item ids in order with the index of each in the answers sent, so that a
 *  server error at `answers[i].answer` can be shown at its item. */
export function answerFieldOf(sent: Answer[], field: string | undefined): string | null {
  const m = field ? /^answers\[(\d+)\]/.exec(field) : null;
  if (!m) return null;
  return sent[Number(m[1])]?.item ?? null;
}

export function allItems(card: Pick<Scorecard, "sections">): Item[] {
  return card.sections.flatMap((s) => s.items);
}

/** The choices of an item: yes/no, 1..5, or 0..max points (+ N/A when allowed). */
export function choicesOf(item: Item): AnswerValue[] {
  const base: AnswerValue[] =
    item.kind === "yes_no" ? ["yes", "no"] : item.kind === "scale" ? [1, 2, 3, 4, 5] : Array.from({ length: (item.max_points ?? 0) + 1 }, (_, i) => i);
  return item.na_allowed ? [...base, "na"] : base;
}

/** "85.6" (one decimal, trailing .0 dropped) or "—". */
export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const r = Math.round(v * 10) / 10;
  return String(r);
}

/** A difference with its sign: "+4.5", "-2", "0" (pct's rounding). */
export function signed(v: number): string {
  return (v > 0 ? "+" : "") + pct(v);
}

// ---- the waveform -----------------------------------------------------------

export interface Peak {
  min: number;
  max: number;
}

/** Per pixel column, the lowest and highest sample over all channels
 *  (a stereo recording: customer left, agent right). `width` columns; an
 *  empty recording gives flat zero columns. */
export function peaks(channels: ArrayLike<number>[], width: number): Peak[] {
  const n = channels.reduce((m, c) => Math.max(m, c.length), 0);
  const cols = Math.max(0, Math.floor(width));
  const out: Peak[] = [];
  for (let x = 0; x < cols; x++) {
    const from = Math.floor((x * n) / cols);
    const to = Math.max(from + 1, Math.floor(((x + 1) * n) / cols));
    let lo = 0;
    let hi = 0;
    let any = false;
    for (const ch of channels)
      for (let i = from; i < to && i < ch.length; i++) {
        const v = ch[i];
        if (!any) {
          lo = hi = v;
          any = true;
        } else if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
    out.push({ min: lo, max: hi });
  }
  return out;
}

/** Where a time falls on a timeline of `width` pixels (clamped). */
export function xOf(ms: number, durationMs: number, width: number): number {
  if (!(durationMs > 0)) return 0;
  return Math.min(width, Math.max(0, (ms / durationMs) * width));
}

/** "m:ss" of milliseconds. */
export function mmss(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// ---- the scorecard editor ----------------------------------------------------

/** The editor's copy of an item: numbers as typed. */
export interface ItemDraft {
  id: string;
  text: string;
  guidance: string;
  weight: string;
  kind: ItemKind;
  max_points: string;
  critical: boolean;
  fail_threshold: string;
  na_allowed: boolean;
}
export interface CardDraft {
  name: string;
  description: string;
  channel: string;
  queue: string;
  direction: string;
  sections: { title: string; items: ItemDraft[] }[];
}

export function emptyItem(n: number): ItemDraft {
  return { id: `item${n}`, text: "", guidance: "", weight: "1", kind: "yes_no", max_points: "", critical: false, fail_threshold: "", na_allowed: false };
}
export function emptyCard(): CardDraft {
  return { name: "", description: "", channel: "any", queue: "", direction: "any", sections: [{ title: "", items: [emptyItem(1)] }] };
}

export function draftOf(c: Scorecard): CardDraft {
  return {
    name: c.name,
    description: c.description ?? "",
    channel: c.applies_to?.channel ?? "any",
    queue: c.applies_to?.queue ?? "",
    direction: c.applies_to?.direction ?? "any",
    sections: c.sections.map((s) => ({
      title: s.title,
      items: s.items.map((i) => ({
        id: i.id,
        text: i.text,
        guidance: i.guidance ?? "",
        weight: String(i.weight ?? 1),
        kind: i.kind,
        max_points: i.max_points === undefined ? "" : String(i.max_points),
        critical: !!i.critical,
        fail_threshold: i.fail_threshold === undefined ? "" : String(i.fail_threshold),
        na_allowed: !!i.na_allowed,
      })),
    })),
  };
}

const num = (s: string): number => (s.trim() === "" ? NaN : Number(s.trim()));

/** The body of POST/PUT /quality/scorecards. Numbers that are not numbers
 *  go as typed text is impossible in JSON: they are sent as NaN -> null so the
 *  server names the field; local checks (checkDraft) catch most first. */
export function bodyOf(d: CardDraft): Omit<Scorecard, "id" | "version"> {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    applies_to: { channel: d.channel, queue: d.queue.trim() || null, direction: d.direction },
    sections: d.sections.map((s) => ({
      title: s.title.trim(),
      items: s.items.map((i) => {
        const it: Item = { id: i.id.trim(), text: i.text.trim(), guidance: i.guidance.trim(), weight: num(i.weight), kind: i.kind, critical: i.critical, na_allowed: i.na_allowed };
        if (i.kind === "points") it.max_points = num(i.max_points);
        if (i.critical && i.kind !== "yes_no") it.fail_threshold = num(i.fail_threshold);
        return it;
      }),
    })),
  };
}

/** Local checks before sending (i18n keys by the JSON path the server also uses). */
export function checkDraft(d: CardDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.name.trim()) e["name"] = "quality.invalid.required";
  if (!d.sections.length) e["sections"] = "quality.invalid.no_sections";
  const ids = new Set<string>();
  d.sections.forEach((s, si) => {
    const p = `sections[${si}]`;
    if (!s.title.trim()) e[`${p}.title`] = "quality.invalid.required";
    if (!s.items.length) e[`${p}.items`] = "quality.invalid.no_items";
    s.items.forEach((i, ii) => {
      const q = `${p}.items[${ii}]`;
      const id = i.id.trim();
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) e[`${q}.id`] = "quality.invalid.item_id";
      else if (ids.has(id)) e[`${q}.id`] = "quality.invalid.duplicate_id";
      ids.add(id);
      if (!i.text.trim()) e[`${q}.text`] = "quality.invalid.required";
      const w = num(i.weight);
      if (!(Number.isFinite(w) && w > 0)) e[`${q}.weight`] = "quality.invalid.weight";
      if (i.kind === "points") {
        const m = num(i.max_points);
        if (!(Number.isInteger(m) && m >= 1 && m <= 1000)) e[`${q}.max_points`] = "quality.invalid.max_points";
      }
      if (i.critical && i.kind !== "yes_no") {
        const f = num(i.fail_threshold);
        const hi = i.kind === "scale" ? 4 : num(i.max_points) - 1;
        if (!(Number.isInteger(f) && f >= (i.kind === "scale" ? 1 : 0) && f <= hi)) e[`${q}.fail_threshold`] = "quality.invalid.fail_threshold";
      }
    });
  });
  return e;
}

// ---- dates and files ----------------------------------------------------------

/** "YYYY-MM-DD" of a date `days` after `ymd`. */
export function addDaysYmd(ymd: string, days: number): string {
  const d = new Date(ymd + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Today's "YYYY-MM-DD" in a time zone. */
export function todayYmd(timeZone: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(now));
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** RFC 4180 CSV: a header line then the rows, fields quoted when needed, CRLF line ends. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** Tags typed as "a, b c" -> ["a", "b", "c"] (lower case, each once). */
export function parseTags(s: string): string[] {
  return [...new Set(s.split(/[\s,，]+/).map((x) => x.trim().toLowerCase()).filter(Boolean))];
}

/** The agents' names in the user's reach, for pickers: from evaluations already read. */
export function uniqueSorted(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

/** The scorecard for a contact (docs/quality.md, "Which scorecard applies"):
 *  of those that apply (each of channel, queue, direction "any" or equal),
 *  the most specific (queue 4 + channel 2 + direction 1), then the lowest id.
 *  Direction is taken as inbound, as the server does. */
export function pickScorecard(cards: Scorecard[], c: { channel: string; queue: string }, direction = "inbound"): Scorecard | null {
  let best: Scorecard | null = null;
  let bestScore = -1;
  for (const card of cards) {
    if (card.retired_ms) continue;
    const a = card.applies_to ?? {};
    const ch = a.channel ?? "any";
    const q = a.queue ?? null;
    const dir = a.direction ?? "any";
    if ((ch !== "any" && ch !== c.channel) || (q !== null && q !== c.queue) || (dir !== "any" && dir !== direction)) continue;
    const s = (q !== null ? 4 : 0) + (ch !== "any" ? 2 : 0) + (dir !== "any" ? 1 : 0);
    if (s > bestScore || (s === bestScore && best && card.id < best.id)) {
      best = card;
      bestScore = s;
    }
  }
  return best;
}

/** Whether a scorecard applies to a contact at all. */
export function applies(card: Scorecard, c: { channel: string; queue: string }): boolean {
  return pickScorecard([card], c) !== null;
}

// ---- ended contacts -------------------------------------------------------------

/** The filter a server error names (`from`, `agent`...), or null (another field: the banner). */
export function filterOfField(field: string | undefined): ContactFilterKey | null {
  return field && (CONTACT_FILTERS as readonly string[]).includes(field) ? (field as ContactFilterKey) : null;
}

/** Local checks of the filters before asking: dates as YYYY-MM-DD and from <= to
 *  (the server says the rest, e.g. more than 92 days); i18n keys by filter. */
export function checkFilter(f: ContactFilter): Partial<Record<ContactFilterKey, string>> {
  const e: Partial<Record<ContactFilterKey, string>> = {};
  const ymd = /^\d{4}-\d{2}-\d{2}$/;
  if (f.from && !ymd.test(f.from)) e.from = "quality.invalid.date";
  if (f.to && !ymd.test(f.to)) e.to = "quality.invalid.date";
  if (!e.from && !e.to && f.from && f.to && f.from > f.to) e.to = "quality.invalid.to_before_from";
  return e;
}

/** Adds a page to the rows shown, each contact once (a contact that ended
 *  while paging can reach two pages), the order kept. */
export function appendPage(rows: EndedContact[], page: EndedContact[]): EndedContact[] {
  const seen = new Set(rows.map((r) => r.contact));
  return [...rows, ...page.filter((r) => !seen.has(r.contact) && (seen.add(r.contact), true))];
}

/** What the score column says: the score (with a failed critical item), "evaluated" when the
 *  caller may not read the score, or "not evaluated". */
export function scoreState(c: Pick<EndedContact, "evaluated" | "score" | "failed">): { kind: "none" } | { kind: "hidden" } | { kind: "score"; score: number; failed: boolean } {
  if (!c.evaluated) return { kind: "none" };
  if (c.score === null || c.score === undefined) return { kind: "hidden" };
  return { kind: "score", score: c.score, failed: !!c.failed };
}

/** A contact of the list as the scoring view reads a contact (a teammate's contact for a
 *  peer review: GET /quality/contacts/{id}, as GET /contacts/{id} is the agent's own). */
export function contactOfRow(r: EndedContact): Contact {
  return { id: r.contact, state: "completed", channel: r.channel, queue: r.queue, agent: r.agent, created_ms: r.created_ms, ended_ms: r.ended_ms, talk_ms: r.talk_s * 1000, hold_ms: r.hold_s * 1000, disposition: r.disposition ?? undefined };
}

// ---- keyword lists and hits ------------------------------------------------------

/** A keyword as the server keeps it (trimmed, lower case). */
export function normKeyword(s: string): string {
  return s.trim().toLowerCase();
}

/** Keywords typed as lines or commas -> each once, normalised, in the order typed. */
export function parseKeywords(text: string): string[] {
  return [...new Set(text.split(/[\n,，]+/).map(normKeyword).filter(Boolean))];
}

/** The body of PUT /quality/keywords/{queue}: the keywords, and of them those whose alert is on
 *  (only keywords of the list: a removed keyword's alert goes with it). */
export function keywordBody(keywords: string[], alerts: Set<string>): { keywords: string[]; alert: string[] } {
  const kw = [...new Set(keywords.map(normKeyword).filter(Boolean))];
  return { keywords: kw, alert: kw.filter((k) => alerts.has(k)) };
}

/** The keyword a server error names (`keywords[i]` or `alert[i]`) in the body sent, or null. */
export function keywordOfField(body: { keywords: string[]; alert: string[] }, field: string | undefined): string | null {
  const m = field ? /^(keywords|alert)\[(\d+)\]/.exec(field) : null;
  if (!m) return null;
  return (m[1] === "keywords" ? body.keywords : body.alert)[Number(m[2])] ?? null;
}

export interface HitsRow {
  group: string;
  keyword: string;
  hits: number;
  days: number;
}
/** The days' counts summed per queue (or team) and keyword over the period, the most hits
 *  first (then group, keyword); `days` = the days with a hit. A team "" is the contacts without
 *  an agent. */
export function sumHits(days: HitsDay[], by: HitsBy): HitsRow[] {
  const m = new Map<string, HitsRow>();
  for (const d of days) {
    const group = (by === "team" ? d.team : d.queue) ?? "";
    const k = `${group}\u0000${d.keyword}`;
    const r = m.get(k) ?? { group, keyword: d.keyword, hits: 0, days: 0 };
    r.hits += d.hits;
    if (d.hits > 0) r.days += 1;
    m.set(k, r);
  }
  return [...m.values()].sort((a, b) => b.hits - a.hits || a.group.localeCompare(b.group) || a.keyword.localeCompare(b.keyword));
}
