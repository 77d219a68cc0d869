// The signed-in user's notifications (the bell in the top bar): a pure
// reducer over the frames of GET /api/v1/notifications/socket and the answers
// of the REST calls, a sentence per kind, and a small client.
//
// Frames: first {"type":"notifications","unread":N,"items":[the latest 20]}
// (again after every reconnect), then {"type":"notification",
// "notification":{...},"unread":N} for each new one and {"type":"unread",
// "unread":N} when some were read elsewhere (another tab). The server's
// `unread` is the truth; items are kept once by id, newest (highest id) first.
import { api, ApiError, qs, wsUrl } from "./api";
import { LiveClient, type LiveStatus, type SocketFactory } from "./live";

export interface AppNotification {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  /** An app path to open ("/schedule?tab=swaps"); may be empty. */
  link: string;
  created_ms: number;
  read_ms: number | null;
}

export interface NotificationsState {
  unread: number;
  /** By id, newest first, each once. */
  items: AppNotification[];
  /** Arrived live while the page was open, not dismissed yet (newest last). */
  toasts: AppNotification[];
  /** Whether the first frame (or a list) arrived. */
  loaded: boolean;
}
export const EMPTY_NOTIFICATIONS: NotificationsState = { unread: 0, items: [], toasts: [], loaded: false };

/** At most this many toasts at once (the oldest go first). */
export const MAX_TOASTS = 3;
/** How long a toast stays. */
export const TOAST_MS = 8000;
/** How many items the list keeps (the socket's first frame has 20; "show older" adds pages). */
export const MAX_ITEMS = 500;

export type NotificationAction =
  /** A socket frame; `now` marks items read when another tab read them all. */
  | { type: "frame"; frame: Record<string, unknown>; now: number }
  /** A page of GET /api/v1/notifications (merged: the server's copy wins). */
  | { type: "list"; unread: number; items: AppNotification[] }
  /** Marked read here (before the server answers). */
  | { type: "read"; ids: number[]; now: number }
  | { type: "readAll"; now: number }
  /** The server's count after a POST .../read. */
  | { type: "unread"; unread: number }
  | { type: "dismiss"; id: number };

function isNotification(v: unknown): v is AppNotification {
  const n = v as AppNotification | null;
  return !!n && typeof n === "object" && typeof n.id === "number" && typeof n.kind === "string";
}

function normalise(n: AppNotification): AppNotification {
  return {
    id: n.id,
    kind: n.kind,
    data: n.data && typeof n.data === "object" ? n.data : {},
    link: typeof n.link === "string" ? n.link : "",
    created_ms: typeof n.created_ms === "number" ? n.created_ms : 0,
    read_ms: typeof n.read_ms === "number" ? n.read_ms : null,
  };
}

/** `incoming` merged into `list` by id (incoming wins), newest first. */
function merge(list: AppNotification[], incoming: AppNotification[]): AppNotification[] {
  const byId = new Map(list.map((n) => [n.id, n]));
  for (const n of incoming) if (isNotification(n)) byId.set(n.id, normalise(n));
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, MAX_ITEMS);
}

const count = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback);

export function reduceNotifications(s: NotificationsState, a: NotificationAction): NotificationsState {
  switch (a.type) {
    case "frame": {
      const f = a.frame;
      if (f.type === "notifications") {
        const items = Array.isArray(f.items) ? (f.items as AppNotification[]) : [];
        return { ...s, unread: count(f.unread, s.unread), items: merge(s.items, items), loaded: true };
      }
      if (f.type === "notification") {
        const n = f.notification;
        if (!isNotification(n)) return s;
        const unread = count(f.unread, s.unread);
        // seen already (the first frame after a reconnect had it): no second copy, no toast
        if (s.items.some((x) => x.id === n.id)) return unread === s.unread ? s : { ...s, unread };
        const item = normalise(n);
        const toasts = item.read_ms === null ? [...s.toasts, item].slice(-MAX_TOASTS) : s.toasts;
        return { ...s, unread, items: merge(s.items, [item]), toasts };
      }
      if (f.type === "unread") {
        const unread = count(f.unread, s.unread);
        // read elsewhere: everything we hold is read when the server says none is left
        if (unread === 0) return { ...s, unread, items: s.items.map((n) => (n.read_ms === null ? { ...n, read_ms: a.now } : n)), toasts: [] };
        return unread === s.unread ? s : { ...s, unread };
      }
      return s;
    }
    case "list":
      return { ...s, unread: count(a.unread, s.unread), items: merge(s.items, a.items), loaded: true };
    case "read": {
      const ids = new Set(a.ids);
      let marked = 0;
      const items = s.items.map((n) => {
        if (!ids.has(n.id) || n.read_ms !== null) return n;
        marked++;
        return { ...n, read_ms: a.now };
      });
      return { ...s, items, unread: Math.max(0, s.unread - marked), toasts: s.toasts.filter((n) => !ids.has(n.id)) };
    }
    case "readAll":
      return { ...s, unread: 0, items: s.items.map((n) => (n.read_ms === null ? { ...n, read_ms: a.now } : n)), toasts: [] };
    case "unread":
      return { ...s, unread: count(a.unread, s.unread) };
    case "dismiss":
      return { ...s, toasts: s.toasts.filter((n) => n.id !== a.id) };
  }
}

/** A link the app may follow: a path of this origin ("/wfm?tab=leave"),
 *  never another site ("//evil", "https://..."). */
export function safeLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/") || link.startsWith("//") || link.startsWith("/\\")) return null;
  return link;
}

// ---- sentences -------------------------------------------------------------

type T = (key: string, vars?: Record<string, string | number>) => string;

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const hhmm = (min: number) => {
  const m = ((Math.round(min) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};
const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** A center-local date "YYYY-MM-DD" as "Mon, Dec 7, 2026" (already the center's day: no zone shift). */
export function localDay(lang: string, date: string): string {
  const ms = Date.parse(date + "T00:00:00Z");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) return date;
  let f = dayFormats.get(lang);
  if (!f) dayFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { timeZone: "UTC", weekday: "short", year: "numeric", month: "short", day: "numeric" })));
  return f.format(ms);
}

export interface SentenceContext {
  t: T;
  lang: string;
  /** The time of day in the center's zone (useFormat().time). */
  time: (ms: number) => string;
  /** The user's own agent, to say "your shift" rather than "agent03's shift". */
  me: string | null;
}

/** A known catalogue text for a code, else the code (a state the catalogue lacks). */
function code(t: T, key: string, raw: string): string {
  const s = t(key);
  return s === key ? raw : s;
}

/** The notification as one sentence in the user's language; an unknown kind shows as its kind. */
export function notificationText(n: Pick<AppNotification, "kind" | "data">, c: SentenceContext): string {
  const { t } = c;
  const d = n.data ?? {};
  const range = () => t("common.notify.range", { from: localDay(c.lang, str(d.first)), to: localDay(c.lang, str(d.last)) });
  const reason = () => (str(d.reason) ? " " + t("common.notify.reason", { reason: str(d.reason) }) : "");
  switch (n.kind) {
    case "wfm.leave_requested": {
      const kind = str(d.kind);
      const kinds: Record<string, string> = {
        annual: t("common.notify.leave_kind.annual"),
        sick: t("common.notify.leave_kind.sick"),
        training: t("common.notify.leave_kind.training"),
        other: t("common.notify.leave_kind.other"),
      };
      return t("common.notify.leave_requested", { agent: str(d.agent), dates: range(), kind: kinds[kind] ?? kind });
    }
    case "wfm.leave_decided": {
      const vars = { dates: range(), by: str(d.by) };
      const s = str(d.status);
      const text =
        s === "approved"
          ? t("common.notify.leave_decided.approved", vars)
          : s === "declined"
            ? t("common.notify.leave_decided.declined", vars)
            : s === "cancelled"
              ? t("common.notify.leave_decided.cancelled", vars)
              : t("common.notify.leave_decided.other", { ...vars, status: s });
      return text + reason();
    }
    case "wfm.swap_taken": {
      const start = Number(d.start_min);
      const len = Number(d.length_min);
      const shift = Number.isFinite(start) && Number.isFinite(len) ? `${hhmm(start)}–${hhmm(start + len)}` : "";
      // a trade names the taker's shift given in exchange ("" or absent: a gift)
      const given = str(d.given_date);
      const vars = { taker: str(d.taken_by), offerer: str(d.offered_by), day: localDay(c.lang, str(d.date)), shift, queue: str(d.queue), given: given ? localDay(c.lang, given) : "" };
      const mine = c.me !== null && c.me === str(d.offered_by);
      const pending = str(d.status) === "pending";
      if (given) {
        if (mine) return pending ? t("common.notify.swap_traded.mine_pending", vars) : t("common.notify.swap_traded.mine_approved", vars);
        return pending ? t("common.notify.swap_traded.team_pending", vars) : t("common.notify.swap_traded.team_approved", vars);
      }
      if (mine) return pending ? t("common.notify.swap_taken.mine_pending", vars) : t("common.notify.swap_taken.mine_approved", vars);
      return pending ? t("common.notify.swap_taken.team_pending", vars) : t("common.notify.swap_taken.team_approved", vars);
    }
    case "wfm.swap_decided": {
      const vars = { taker: str(d.taken_by), offerer: str(d.offered_by), day: localDay(c.lang, str(d.date)), by: str(d.by) };
      const text = str(d.status) === "approved" ? t("common.notify.swap_decided.approved", vars) : t("common.notify.swap_decided.declined", vars);
      return text + reason();
    }
    case "wfm.adherence": {
      const since = Number(d.out_since_ms);
      return t("common.notify.adherence", {
        agent: str(d.agent),
        since: Number.isFinite(since) && since > 0 ? c.time(since) : "—",
        scheduled: code(t, "common.notify.activity." + str(d.scheduled), str(d.scheduled)),
        // the state in running text ("not ready"), not a label ("Not ready")
        state: code(t, "common.notify.state." + str(d.state), str(d.state)),
      });
    }
    case "quality.evaluated":
    case "quality.disputed":
    case "quality.resolved": {
      const vars = { evaluation: str(d.evaluation), contact: str(d.contact), agent: str(d.agent), by: str(d.by), status: str(d.status) };
      if (n.kind === "quality.evaluated") return t("common.notify.quality_evaluated", vars);
      if (n.kind === "quality.disputed") return t("common.notify.quality_disputed", vars);
      return t("common.notify.quality_resolved", vars);
    }
    case "quality.keyword_alert":
      return t("common.notify.quality_keyword_alert", { keyword: str(d.keyword), contact: str(d.contact), queue: str(d.queue), agent: str(d.agent) || "—" });
    case "quality.coaching":
      return t("common.notify.quality_coaching", { by: str(d.by), date: str(d.follow_up_date) ? localDay(c.lang, str(d.follow_up_date)) : "—" });
    // team chat (issue 13)
    case "comms.mention":
      return t("common.notify.chat_mention", { by: str(d.by) });
    case "comms.broadcast":
      return t("common.notify.chat_broadcast", { by: str(d.by) });
    // comms (issue 13): briefings and announcements (catalogue: comms.notify.*)
    case "comms.briefing":
      return t("comms.notify.briefing", { site: str(d.site), date: str(d.date) ? localDay(c.lang, str(d.date)) : "—" });
    case "comms.announcement":
      return t(d.urgent === true ? "comms.notify.announcement_urgent" : "comms.notify.announcement", { title: str(d.title) });
    // recognition (issue 13 part 2; catalogue: people.notify.*), link /comms/people
    case "comms.kudos": {
      const tag = str(d.tag);
      return t("people.notify.kudos", { from: str(d.from), tag: tag ? code(t, "people.kudos.tag." + tag, tag) : "—" });
    }
    case "comms.agent_of_week": {
      const vars = { agent: str(d.agent), team: str(d.team), week: str(d.week) };
      return t(c.me !== null && c.me === vars.agent ? "people.notify.aow_mine" : "people.notify.aow", vars);
    }
    // comms boards (issue 13 part 2; catalogue: boards.notify.*); a title the data lacks reads "#<post>"
    case "comms.post_status": {
      const board = str(d.board);
      return t("boards.notify.post_status", {
        by: str(d.by),
        noun: code(t, "boards.noun." + board, board),
        title: str(d.title) || "#" + str(d.post),
        status: code(t, "boards.status." + board + "." + str(d.status), str(d.status)),
      }) + reason();
    }
    case "comms.answer":
      return t("boards.notify.answer", { by: str(d.by), title: str(d.title) || "#" + str(d.post) });
    case "comms.focus_invite":
      return t("boards.notify.focus_invite", { by: str(d.by), title: str(d.title) || "#" + str(d.post) });
    default:
      return n.kind;
  }
}

// ---- links ------------------------------------------------------------------

/** The Comms page's section of each board (pages/comms/boards/boardsData.ts). */
const BOARD_SECTIONS: Record<string, string> = { idea: "ideas", question: "questions", focus: "focus", lost_found: "lost-found" };

/** Where a notification leads: the server's link, else (a kind that names
 *  its post, or a keyword alert its contact) that page; null when neither. */
export function notificationLink(n: Pick<AppNotification, "kind" | "data" | "link">): string | null {
  const own = safeLink(n.link);
  if (own) return own;
  const d = n.data ?? {};
  // a keyword alert: the contact in the quality page's Contacts section
  const contact = Number(d.contact);
  if (n.kind === "quality.keyword_alert" && Number.isInteger(contact) && contact > 0) return `/quality/contacts/${contact}`;
  const post = Number(d.post);
  if (!Number.isInteger(post) || post <= 0) return null;
  if (n.kind === "comms.post_status" && BOARD_SECTIONS[str(d.board)]) return `/comms/${BOARD_SECTIONS[str(d.board)]}/${post}`;
  if (n.kind === "comms.answer") return `/comms/questions/${post}`;
  if (n.kind === "comms.focus_invite") return `/comms/focus/${post}`;
  return null;
}

// ---- live notifications for the pages -----------------------------------------

const NOTIFICATION_EVENT = "switchyard:notification";

/** Tells the open pages of a notification that just arrived (the bell's
 *  socket is the app's one connection; a page that shows what a
 *  notification is about reloads on it). */
export function announceNotification(n: AppNotification): void {
  if (typeof window !== "undefined") window.dispatchEvent(new CustomEvent<AppNotification>(NOTIFICATION_EVENT, { detail: n }));
}

/** Calls `f` for each notification that arrives live; returns the unsubscribe. */
export function onNotification(f: (n: AppNotification) => void): () => void {
  const h = (e: Event) => {
    const n = (e as CustomEvent<AppNotification>).detail;
    if (isNotification(n)) f(n);
  };
  window.addEventListener(NOTIFICATION_EVENT, h);
  return () => window.removeEventListener(NOTIFICATION_EVENT, h);
}

// ---- the client ------------------------------------------------------------

export const NOTIFICATIONS = "/api/v1/notifications";

export interface NotificationsPage {
  unread: number;
  items: AppNotification[];
}

/** GET a page of notifications (newest first), older than `before` when given. */
export function listNotifications(opts: { before?: number; limit?: number; unread?: boolean } = {}): Promise<NotificationsPage> {
  return api<NotificationsPage>("GET", NOTIFICATIONS + qs({ unread: opts.unread ? 1 : undefined, before: opts.before, limit: opts.limit }));
}

/** Marks some (or all) read; resolves with the server's unread count. */
export function markRead(which: number[] | "all"): Promise<{ unread: number }> {
  return api<{ unread: number }>("POST", NOTIFICATIONS + "/read", which === "all" ? { all: true } : { ids: which });
}

/** Opens the socket; reconnects with back-off (each connection starts with
 *  a full first frame, so there is nothing to resume from). When a
 *  connection fails before opening, one REST call tells why: a server
 *  without notifications (404 "no route") ends the attempts, so an older
 *  server is not asked again every 30 s; an expired session (401) leads to
 *  the login page through the API client. */
export function openNotifications(
  onFrame: (f: Record<string, unknown>) => void,
  onStatus?: (s: LiveStatus) => void,
  socket?: SocketFactory,
): { stop(): void } {
  let checking = false;
  const client = new LiveClient({
    url: () => wsUrl(NOTIFICATIONS + "/socket"),
    onMessage: onFrame,
    seqOf: () => undefined,
    onStatus: (s) => onStatus?.(s),
    onConnectFailed: () => {
      if (checking) return;
      checking = true;
      listNotifications({ limit: 1 }).then(
        () => {
          checking = false;
        },
        (e) => {
          checking = false;
          if (e instanceof ApiError && (e.status === 404 || e.status === 405) && !e.field && /^no route/i.test(e.message)) client.stop();
        },
      );
    },
    socket,
  });
  client.start(null);
  return { stop: () => client.stop() };
}
