// Internal communication (issue 13): the shapes of /api/v1/kb/... and
// /api/v1/comms/... (the session's contract, sections 1 and 2), the client
// calls, and the pure logic of the pages: who may do what, the briefing date
// an item goes to, the order of announcements, a safe Markdown parser (no
// raw HTML ever reaches the page), the diff's lines. Tested without a
// browser (commsData.test.ts).
import { api, qs } from "../../lib/api";

export const KB = "/api/v1/kb";
export const COMMS = "/api/v1/comms";

// ---- API shapes -------------------------------------------------------------

export const ARTICLE_STATUSES = ["draft", "in_review", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface ArticleItem {
  id: number;
  title: string;
  category: string;
  tags: string[];
  version: number;
  author: string;
  reviewer?: string | null;
  status: ArticleStatus;
  created_ms: number;
  updated_ms: number;
  views: number;
  helpful: number;
  not_helpful: number;
  my_vote: boolean | null;
  queues?: string[];
  snippet?: string;
}
export interface Article extends ArticleItem {
  body: string;
}
export interface Suggestion extends ArticleItem {
  reason: "queue" | "keywords";
  matched?: string[];
}
export interface VersionItem {
  version: number;
  author: string;
  note: string;
  created_ms: number;
  title: string;
}
export interface DiffLine {
  op: "same" | "add" | "del";
  text: string;
}
export interface Diff {
  from: number;
  to: number;
  title: { from: string; to: string };
  lines: DiffLine[];
}
export interface KbComment {
  id: number;
  author: string;
  body: string;
  created_ms: number;
}

export interface ScheduleRow {
  site: string;
  time_zone: string;
  publish_at: string;
  deadline_minutes: number;
}
export interface BriefingItem {
  id: number;
  department: string;
  title: string;
  body: string;
  author: string;
  site?: string;
  created_ms?: number;
  briefing_date?: string;
}
export interface Briefing {
  id: number;
  site: string;
  date: string;
  published_ms: number;
  items: BriefingItem[];
  read_ms: number | null;
}
export interface BriefingReceipts {
  briefing: number | Briefing;
  read: { agent: string; user: string; read_ms: number }[];
  unread: { agent: string; user: string }[];
}

export const ANNOUNCEMENT_CATEGORIES = ["hr", "product", "policy", "it", "general"] as const;
export type AnnouncementCategory = (typeof ANNOUNCEMENT_CATEGORIES)[number];
export const AUDIENCE_KINDS = ["everyone", "site", "team", "role"] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];
export const ROLES = ["agent", "team_lead", "quality", "wfm", "reporting", "admin"] as const;

export interface Announcement {
  id: number;
  title: string;
  body: string;
  category: AnnouncementCategory;
  audience: { kind: AudienceKind; value: string };
  pinned: boolean;
  urgent: boolean;
  expires_ms: number | null;
  author: string;
  created_ms: number;
  read_ms: number | null;
  reads?: number;
}
export interface AnnouncementReceipts {
  read: { user: string; read_ms: number }[];
  unread: { user: string }[];
}

// ---- who may do what (docs/api.md "Roles and scope") ------------------------

/** kWriteKnowledge: write articles (they go to review). */
export const canWriteKb = (role: string | undefined) => role === "team_lead" || role === "quality" || role === "wfm" || role === "admin";
/** kReviewKnowledge: publish, archive, link articles to queues. */
export const canReviewKb = (role: string | undefined) => role === "quality" || role === "admin";
/** kPublishComms: briefing items and announcements (team leads: their team). */
export const canPublish = (role: string | undefined) =>
  role === "team_lead" || role === "quality" || role === "wfm" || role === "reporting" || role === "admin";
/** Briefing receipts: a team lead its team, admins and publishers with scope all everyone. */
export const canSeeReceipts = (role: string | undefined) => canPublish(role);

// ---- paths -------------------------------------------------------------------

export const kbPaths = {
  articles: (p: { q?: string; category?: string; tag?: string; status?: string; limit?: number } = {}) => `${KB}/articles${qs(p)}`,
  article: (id: number) => `${KB}/articles/${id}`,
  categories: () => `${KB}/categories`,
  status: (id: number) => `${KB}/articles/${id}/status`,
  versions: (id: number) => `${KB}/articles/${id}/versions`,
  version: (id: number, v: number) => `${KB}/articles/${id}/versions/${v}`,
  diff: (id: number, from: number, to: number) => `${KB}/articles/${id}/diff${qs({ from, to })}`,
  vote: (id: number) => `${KB}/articles/${id}/vote`,
  comments: (id: number) => `${KB}/articles/${id}/comments`,
  queue: (queue: string) => `${KB}/queues/${encodeURIComponent(queue)}/articles`,
  suggestions: (contact: number, limit = 5) => `${KB}/suggestions${qs({ contact, limit })}`,
};
export const commsPaths = {
  schedule: () => `${COMMS}/briefing-schedule`,
  items: (date?: string) => `${COMMS}/briefing-items${qs({ date })}`,
  briefings: (limit = 30) => `${COMMS}/briefings${qs({ limit })}`,
  briefing: (id: number) => `${COMMS}/briefings/${id}`,
  briefingRead: (id: number) => `${COMMS}/briefings/${id}/read`,
  briefingReceipts: (id: number) => `${COMMS}/briefings/${id}/receipts`,
  publishNow: () => `${COMMS}/briefings/publish`,
  announcements: (includeExpired = false) => `${COMMS}/announcements${qs({ include_expired: includeExpired ? 1 : undefined })}`,
  announcement: (id: number) => `${COMMS}/announcements/${id}`,
  announcementRead: (id: number) => `${COMMS}/announcements/${id}/read`,
  announcementReceipts: (id: number) => `${COMMS}/announcements/${id}/receipts`,
};

export const loadBriefings = (limit = 30) => api<{ items: Briefing[] }>("GET", commsPaths.briefings(limit)).then((r) => r.items ?? []);
export const loadAnnouncements = (includeExpired = false) =>
  api<{ items: Announcement[] }>("GET", commsPaths.announcements(includeExpired)).then((r) => r.items ?? []);
export const readBriefing = (id: number) => api<Briefing>("POST", commsPaths.briefingRead(id), {});
export const readAnnouncement = (id: number) => api<Announcement>("POST", commsPaths.announcementRead(id), {});

// ---- knowledge base ------------------------------------------------------------

/** "billing, 退款 , refund" -> ["billing", "退款", "refund"] (Chinese commas too; once each). */
export function parseTags(s: string): string[] {
  const out: string[] = [];
  for (const p of s.split(/[,，、;；]/)) {
    const v = p.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** How long typing waits before the search runs. */
export const SEARCH_DEBOUNCE_MS = 250;

/** Counts of a diff's added and removed lines. */
export function diffCounts(lines: DiffLine[]): { add: number; del: number } {
  let add = 0;
  let del = 0;
  for (const l of lines) {
    if (l.op === "add") add++;
    else if (l.op === "del") del++;
  }
  return { add, del };
}

/** The mark a diff line carries besides its colour (for colour blindness). */
export const diffMark = (op: DiffLine["op"]) => (op === "add" ? "+" : op === "del" ? "−" : " ");

/** The status changes the user may make on an article, in button order. */
export function statusActions(a: Pick<ArticleItem, "status" | "author">, role: string | undefined, me: string): ArticleStatus[] {
  const out: ArticleStatus[] = [];
  if (a.status === "draft" && canWriteKb(role) && (a.author === me || canReviewKb(role))) out.push("in_review");
  if (canReviewKb(role)) {
    if (a.status !== "published") out.push("published");
    if (a.status !== "archived") out.push("archived");
    if (a.status === "in_review" || a.status === "archived") out.push("draft");
  }
  return out;
}

// ---- Markdown (safe) ---------------------------------------------------------

/** Inline pieces of a line: text, bold, italic, code, and links (http(s),
 *  mailto, or a path of this app; anything else stays text). */
export type Inline =
  | { kind: "text"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3 | 4; inline: Inline[] }
  | { kind: "paragraph"; inline: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "code"; text: string }
  | { kind: "quote"; inline: Inline[] }
  | { kind: "rule" };

/** A link target the page may use, or null: http(s) and mailto URLs and
 *  paths of this origin; never javascript:, data: or protocol-relative. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  if (/^https?:\/\/[^\s]+$/i.test(h) || /^mailto:[^\s]+$/i.test(h)) return h;
  if (h.startsWith("/") && !h.startsWith("//") && !h.startsWith("/\\")) return h;
  return null;
}

/** Parses the inline Markdown of one paragraph's text. */
export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let text = "";
  const flush = () => {
    if (text) out.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length && /[\\`*_[\]()#+\-.!]/.test(s[i + 1])) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      const end = s.indexOf("`", i + 1);
      if (end > i) {
        flush();
        out.push({ kind: "code", text: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if ((c === "*" || c === "_") && s[i + 1] === c) {
      const end = s.indexOf(c + c, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: "strong", children: parseInline(s.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if (c === "*" || (c === "_" && (i === 0 || !/[\p{L}\p{N}]/u.test(s[i - 1])))) {
      const end = s.indexOf(c, i + 1);
      if (end > i + 1 && s[i + 1] !== " ") {
        flush();
        out.push({ kind: "em", children: parseInline(s.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === "[") {
      const close = s.indexOf("](", i + 1);
      const end = close > i ? s.indexOf(")", close + 2) : -1;
      if (close > i && end > close) {
        const href = safeHref(s.slice(close + 2, end));
        const label = parseInline(s.slice(i + 1, close));
        flush();
        if (href) out.push({ kind: "link", href, children: label });
        else out.push(...label);
        i = end + 1;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

/** Parses Markdown into blocks: ATX headings, bullet and numbered lists,
 *  fenced code, quotes, rules, paragraphs. HTML is not interpreted: it
 *  stays text (React escapes it). */
export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) blocks.push({ kind: "paragraph", inline: parseInline(para.join(" ")) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      flushPara();
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      flushPara();
      blocks.push({ kind: "heading", level: Math.min(4, h[1].length) as 1 | 2 | 3 | 4, inline: parseInline(h[2]) });
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushPara();
      blocks.push({ kind: "rule" });
      continue;
    }
    const li = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
    if (li) {
      flushPara();
      const ordered = /\d/.test(li[1]);
      const items: Inline[][] = [];
      let j = i;
      while (j < lines.length) {
        const m = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(lines[j]);
        if (!m || /\d/.test(m[1]) !== ordered) break;
        let text = m[2];
        // continuation lines (indented) belong to the item
        while (j + 1 < lines.length && /^\s{2,}\S/.test(lines[j + 1]) && !/^\s*([-*+]|\d{1,9}[.)])\s+/.test(lines[j + 1])) text += " " + lines[++j].trim();
        items.push(parseInline(text));
        j++;
      }
      blocks.push({ kind: "list", ordered, items });
      i = j - 1;
      continue;
    }
    const q = /^\s{0,3}>\s?(.*)$/.exec(line);
    if (q) {
      flushPara();
      const text = [q[1]];
      while (i + 1 < lines.length && /^\s{0,3}>/.test(lines[i + 1])) text.push(lines[++i].replace(/^\s{0,3}>\s?/, ""));
      blocks.push({ kind: "quote", inline: parseInline(text.join(" ")) });
      continue;
    }
    if (!line.trim()) {
      flushPara();
      continue;
    }
    para.push(line.trim());
  }
  flushPara();
  return blocks;
}

// ---- briefings ---------------------------------------------------------------

export const DEFAULT_SCHEDULE: Omit<ScheduleRow, "site" | "time_zone"> = { publish_at: "07:30", deadline_minutes: 60 };

/** "07:30" -> 450; null for anything else. */
export function minutesOf(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** The local date ("YYYY-MM-DD") and minute of the day of `ms` in `timeZone`. */
export function localNow(ms: number, timeZone: string): { date: string; minute: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(ms);
  } catch {
    parts = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(ms);
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, minute: (Number(get("hour")) % 24) * 60 + Number(get("minute")) };
}

/** "2026-12-03" + 1 day. */
export function nextDate(date: string): string {
  const d = new Date(date + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The briefing an item submitted at `nowMs` goes to: today's (site local)
 *  while before the deadline (publish_at - deadline_minutes), else the next
 *  day's. Also says until when today's takes items. */
export function briefingDateFor(row: Pick<ScheduleRow, "time_zone" | "publish_at" | "deadline_minutes">, nowMs: number): { date: string; late: boolean; deadline: string } {
  const { date, minute } = localNow(nowMs, row.time_zone);
  const publish = minutesOf(row.publish_at) ?? minutesOf(DEFAULT_SCHEDULE.publish_at)!;
  const cutoff = publish - Math.max(0, row.deadline_minutes);
  const deadline = `${String(Math.floor(((cutoff % 1440) + 1440) % 1440 / 60)).padStart(2, "0")}:${String((((cutoff % 1440) + 1440) % 1440) % 60).padStart(2, "0")}`;
  const late = minute >= cutoff;
  return { date: late ? nextDate(date) : date, late, deadline };
}

/** The schedule row of a site (or the center's default). */
export function scheduleOf(rows: ScheduleRow[], site: string, centerZone: string): ScheduleRow {
  return rows.find((r) => r.site === site) ?? { site, time_zone: centerZone, ...DEFAULT_SCHEDULE };
}

/** A briefing's items by department, in the order departments first appear. */
export function byDepartment(items: BriefingItem[]): { department: string; items: BriefingItem[] }[] {
  const out: { department: string; items: BriefingItem[] }[] = [];
  for (const it of items) {
    const g = out.find((x) => x.department === it.department);
    if (g) g.items.push(it);
    else out.push({ department: it.department, items: [it] });
  }
  return out;
}

/** The longest deadline the server takes (minutes before publishing). */
export const MAX_DEADLINE_MIN = 720;

/** The schedule editor's check: a time "HH:MM", a deadline 0..720, a zone
 *  Intl knows. Returns i18n keys by field path. */
export function scheduleErrors(rows: ScheduleRow[]): Record<string, string> {
  const e: Record<string, string> = {};
  rows.forEach((r, i) => {
    if (!r.site.trim()) e[`items[${i}].site`] = "comms.invalid.site";
    if (minutesOf(r.publish_at) === null) e[`items[${i}].publish_at`] = "comms.invalid.time";
    if (!Number.isInteger(r.deadline_minutes) || r.deadline_minutes < 0 || r.deadline_minutes > MAX_DEADLINE_MIN) e[`items[${i}].deadline_minutes`] = "comms.invalid.deadline";
    try {
      new Intl.DateTimeFormat("en", { timeZone: r.time_zone });
    } catch {
      e[`items[${i}].time_zone`] = "comms.invalid.time_zone";
    }
  });
  return e;
}

// ---- announcements -----------------------------------------------------------

/** Pinned first, then newest; expired ones (expires_ms at or before `now`) left out unless asked. */
export function orderAnnouncements(list: Announcement[], now: number, includeExpired = false): Announcement[] {
  return list
    .filter((a) => includeExpired || a.expires_ms === null || a.expires_ms === undefined || a.expires_ms > now)
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.created_ms - a.created_ms || b.id - a.id);
}

/** What the desk's "What's new" counts: the latest briefing when unread, and unread, unexpired announcements. */
export function unreadCount(briefing: Briefing | null, announcements: Announcement[], now: number): number {
  return (briefing && briefing.read_ms === null ? 1 : 0) + orderAnnouncements(announcements, now).filter((a) => a.read_ms === null).length;
}

/** The first urgent, unread, unexpired announcement (the desk pops it up). */
export function urgentUnread(announcements: Announcement[], now: number): Announcement | null {
  return orderAnnouncements(announcements, now).find((a) => a.urgent && a.read_ms === null) ?? null;
}

/** The body of POST/PUT /comms/announcements from the form's values. */
export function announcementBody(f: {
  title: string;
  body: string;
  category: string;
  kind: AudienceKind;
  value: string;
  pinned: boolean;
  urgent: boolean;
  expires: string;
}, toMs: (local: string) => number | null) {
  return {
    title: f.title.trim(),
    body: f.body.trim(),
    category: f.category,
    audience: { kind: f.kind, value: f.kind === "everyone" ? "" : f.value.trim() },
    pinned: f.pinned,
    urgent: f.urgent,
    expires_ms: f.expires.trim() ? toMs(f.expires.trim()) : null,
  };
}

/** "2026-12-03T18:00" in `timeZone` -> epoch ms (null when not a date-time). */
export function zonedToMs(local: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // the zone's offset at that moment, found by formatting it back (twice, for a DST edge)
  let ms = guess;
  for (let k = 0; k < 2; k++) {
    const n = localNow(ms, timeZone);
    const shown = Date.UTC(+n.date.slice(0, 4), +n.date.slice(5, 7) - 1, +n.date.slice(8, 10), Math.floor(n.minute / 60), n.minute % 60);
    ms += guess - shown;
  }
  return ms;
}

/** Epoch ms -> "2026-12-03T18:00" in `timeZone` (for a datetime-local input). */
export function msToZoned(ms: number, timeZone: string): string {
  const n = localNow(ms, timeZone);
  return `${n.date}T${String(Math.floor(n.minute / 60)).padStart(2, "0")}:${String(n.minute % 60).padStart(2, "0")}`;
}
