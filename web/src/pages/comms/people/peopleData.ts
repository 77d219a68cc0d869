// Recognition and people (issue 13 part 2, contract section 2): the shapes of
// /api/v1/comms/{kudos,agent-of-week,feedback,profile,celebrations}, the
// client calls, and the pages' pure logic: who may do what, ISO weeks in the
// center's time zone, the profile form's checks and body, the desk's counts.
// Tested without a browser (peopleData.test.ts).
import { api, qs } from "../../../lib/api";
import { localNow } from "../commsData";

export const PEOPLE = "/api/v1/comms";

// ---- API shapes -------------------------------------------------------------

export const KUDOS_TAGS = ["helpful", "teamwork", "customer_hero", "mentor", "above_and_beyond"] as const;
export type KudosTag = (typeof KUDOS_TAGS)[number];

export interface Kudos {
  id: number;
  from: string;
  to: string;
  to_display?: string;
  message: string;
  tag: string;
  created_ms: number;
}

export interface Candidate {
  agent: string;
  user: string;
  rank: number;
  proposal: number | null;
  points: number | null;
  quality: number | null;
  fcr: number | null;
  csat: number | null;
  aht_s: number | null;
  nominations: number;
  reasons: string[];
}
export interface Winner {
  agent: string;
  by: string;
  confirmed_ms: number;
  note: string;
  proposal: number | null;
}
export interface AgentOfWeek {
  team: string;
  week: string;
  from_ms: number;
  to_ms: number;
  formula: string;
  candidates: Candidate[];
  winner: Winner | null;
  my_nomination: { nominee: string; reason: string } | null;
}
export interface PastWinner {
  team: string;
  week: string;
  agent: string;
  note: string;
  confirmed_ms: number;
}

export interface MyFeedback {
  contact: number;
  queue: string;
  rating: number;
  comment: string;
  answered_ms: number;
  shared: boolean;
}
export interface SharedFeedback {
  contact: number;
  agent: string;
  display_name: string;
  queue: string;
  rating: number;
  comment: string;
  shared_ms: number;
}

export interface Profile {
  user: string;
  birthday: string | null;
  show_birthday: boolean;
  work_start: string | null;
  show_anniversary: boolean;
}
export interface Celebration {
  user: string;
  display_name: string;
  kind: "birthday" | "anniversary";
  date: string;
  years: number | null;
  today: boolean;
}
export interface Celebrations {
  from: string;
  items: Celebration[];
}

// ---- paths and calls ----------------------------------------------------------

export const peoplePaths = {
  kudos: (p: { user?: string; limit?: number } = {}) => `${PEOPLE}/kudos${qs(p)}`,
  aow: (p: { team?: string; week?: string } = {}) => `${PEOPLE}/agent-of-week${qs(p)}`,
  nominations: () => `${PEOPLE}/agent-of-week/nominations`,
  confirm: () => `${PEOPLE}/agent-of-week/confirm`,
  winners: (limit = 20) => `${PEOPLE}/agent-of-week/winners${qs({ limit })}`,
  feedbackMine: () => `${PEOPLE}/feedback/mine`,
  feedbackShare: (contact: number) => `${PEOPLE}/feedback/${contact}`,
  feedback: (limit = 50) => `${PEOPLE}/feedback${qs({ limit })}`,
  profile: () => `${PEOPLE}/profile`,
  celebrations: (days = 14) => `${PEOPLE}/celebrations${qs({ days })}`,
};

const items = <T>(r: { items?: T[] }) => r.items ?? [];
export const loadKudos = (user?: string, limit = 50) => api<{ items: Kudos[] }>("GET", peoplePaths.kudos({ user, limit })).then(items);
export const loadWinners = (limit = 20) => api<{ items: PastWinner[] }>("GET", peoplePaths.winners(limit)).then(items);
export const loadMyFeedback = () => api<{ items: MyFeedback[] }>("GET", peoplePaths.feedbackMine()).then(items);
export const loadSharedFeedback = (limit = 50) => api<{ items: SharedFeedback[] }>("GET", peoplePaths.feedback(limit)).then(items);
export const loadCelebrations = (days = 14) => api<Celebrations>("GET", peoplePaths.celebrations(days)).then((r) => ({ from: r.from, items: r.items ?? [] }));
/** The user names of the caller's chat rooms (team and site): the colleagues
 *  a form suggests. Empty when the server has no chat. */
// ---- who may do what (contract "Roles") ------------------------------------------

/** The candidates' figures: leads (their team), quality, wfm, reporting, admin. */
export const canSeeCandidates = (role: string | undefined) =>
  role === "team_lead" || role === "quality" || role === "wfm" || role === "reporting" || role === "admin";
/** Confirm the agent of the week: a lead for its own team, an admin for any. */
export const canConfirm = (role: string | undefined, myTeam: string | null, team: string) =>
  role === "admin" || (role === "team_lead" && !!myTeam && myTeam === team);
/** Nominate a teammate, see one's own shared-feedback list: agents. */
export const isAgent = (role: string | undefined) => role === "agent";
/** Roles that pick the team whose agent of the week they look at (no team of their own to default to). */
export const picksTeam = (role: string | undefined) => role === "quality" || role === "wfm" || role === "reporting" || role === "admin";

// ---- ISO weeks ---------------------------------------------------------------------

const DAY = 86400000;
const dayMs = (date: string) => Date.parse(date + "T00:00:00Z");
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Monday of ISO week 1 of `year` (the week of 4 January), as UTC ms of that date. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
}

/** "2026-12-02" -> "2026-W49" (the ISO week: Monday first; week 1 holds 4 January). */
export function isoWeekOfDate(date: string): string {
  const ms = dayMs(date);
  const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
  // the ISO year is the year of the week's Thursday
  const year = new Date(monday + 3 * DAY).getUTCFullYear();
  const week = Math.round((monday - week1Monday(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The ISO week of `ms` in `timeZone`. */
export const isoWeekOf = (ms: number, timeZone: string) => isoWeekOfDate(localNow(ms, timeZone).date);

/** "2026-W49" -> { year: 2026, week: 49 }, or null. */
export function parseWeek(w: string): { year: number; week: number } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(w);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53) return null;
  // week 53 only exists in years whose last week reaches it
  if (week === 53 && isoWeekOfDate(dateOf(week1Monday(year) + 52 * 7 * DAY)) !== `${year}-W53`) return null;
  return { year, week };
}

/** The Monday and Sunday ("YYYY-MM-DD") of an ISO week. */
export function weekDays(w: string): { monday: string; sunday: string } | null {
  const p = parseWeek(w);
  if (!p) return null;
  const monday = week1Monday(p.year) + (p.week - 1) * 7 * DAY;
  return { monday: dateOf(monday), sunday: dateOf(monday + 6 * DAY) };
}

/** The week `n` weeks after `w` (before when negative), across years. */
export function shiftWeek(w: string, n: number): string {
  const d = weekDays(w);
  if (!d) return w;
  return isoWeekOfDate(dateOf(dayMs(d.monday) + n * 7 * DAY));
}

// ---- the profile ---------------------------------------------------------------------

/** Days of each month a birthday may fall on (29 February included). */
export const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "03-07" -> { month: "03", day: "07" }; null -> blanks. */
export function splitBirthday(b: string | null): { month: string; day: string } {
  const m = b ? /^(\d{2})-(\d{2})$/.exec(b) : null;
  return m ? { month: m[1], day: m[2] } : { month: "", day: "" };
}

export interface ProfileForm {
  month: string;
  day: string;
  show_birthday: boolean;
  work_start: string;
  show_anniversary: boolean;
}

/** The form's own checks, i18n keys by field: a birthday wants both month
 *  and day (a day the month has); a work start is a real date, not in the
 *  future of `today`. */
export function profileErrors(f: ProfileForm, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!!f.month !== !!f.day) e.birthday = "people.profile.invalid.birthday_both";
  else if (f.month && Number(f.day) > MONTH_DAYS[Number(f.month) - 1]) e.birthday = "people.profile.invalid.birthday_day";
  const ws = f.work_start.trim();
  if (ws) {
    const ms = dayMs(ws);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(ws) || Number.isNaN(ms) || dateOf(ms) !== ws) e.work_start = "people.profile.invalid.work_start";
    else if (ws > today) e.work_start = "people.profile.invalid.work_start_future";
  }
  return e;
}

/** The body of PUT /comms/profile: blanks are null (cleared). */
export function profileBody(f: ProfileForm): Omit<Profile, "user"> {
  return {
    birthday: f.month && f.day ? `${f.month}-${f.day}` : null,
    show_birthday: f.show_birthday,
    work_start: f.work_start.trim() || null,
    show_anniversary: f.show_anniversary,
  };
}

// ---- kudos -----------------------------------------------------------------------------

/** Message limit of the server (bytes of UTF-8). */
export const KUDOS_MAX_BYTES = 500;
export const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** The kudos form's own checks, i18n keys by field. */
export function kudosErrors(f: { to: string; message: string }, me: string): Record<string, string> {
  const e: Record<string, string> = {};
  const to = f.to.trim();
  if (!to) e.to = "people.kudos.invalid.to";
  else if (to === me) e.to = "people.kudos.invalid.self";
  if (!f.message.trim()) e.message = "people.kudos.invalid.message";
  else if (utf8Bytes(f.message.trim()) > KUDOS_MAX_BYTES) e.message = "people.kudos.invalid.too_long";
  return e;
}

/** Kudos to `me` (the "mine" filter, and the desk's count since `sinceMs`). */
export const kudosTo = (list: Kudos[], me: string, sinceMs = 0) => list.filter((k) => k.to === me && k.created_ms >= sinceMs);

/** Newest first (the server's order; kept when a new one is added locally). */
export const newestFirst = (list: Kudos[]) => [...list].sort((a, b) => b.created_ms - a.created_ms || b.id - a.id);

// ---- celebrations ---------------------------------------------------------------------

/** Today's celebrations, then the later ones, each group in date order then by name. */
export function splitCelebrations(list: Celebration[]): { today: Celebration[]; later: Celebration[] } {
  const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date) || a.display_name.localeCompare(b.display_name) || a.kind.localeCompare(b.kind));
  return { today: sorted.filter((c) => c.today), later: sorted.filter((c) => !c.today) };
}

/** One celebration as a sentence: "Ana Li — birthday" / "Bo — 5 years at work". */
export function celebrationText(t: (k: string, v?: Record<string, string | number>) => string, c: Celebration): string {
  if (c.kind === "birthday") return t("people.cel.birthday", { name: c.display_name || c.user });
  return t(c.years === 1 ? "people.cel.anniversary_one" : "people.cel.anniversary", { name: c.display_name || c.user, years: c.years ?? "?" });
}

// ---- feedback ---------------------------------------------------------------------------

/** A rating 1..5 as stars (★ filled, ☆ empty); out-of-range values are clamped. */
export function stars(rating: number): string {
  const n = Math.max(0, Math.min(5, Math.round(rating)));
  return "★".repeat(n) + "☆".repeat(5 - n);
}
