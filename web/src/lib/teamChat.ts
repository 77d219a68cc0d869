// Team chat (issue 13, the API contract's "Team chat"): the types, a pure
// reducer over the frames of GET /api/v1/comms/chat/socket and the answers
// of the REST calls, the REST client, and one hub per app that keeps the
// socket open while someone shows chat (the top bar's unread badge does,
// on every page), so the badge, the chat page and the desk's drawer read
// one state.
//
// Frames: first {type:"rooms", items:[room]} (again after every reconnect:
// the server's unread counts are the truth), then {type:"message", message},
// {type:"read", room, unread}, {type:"presence", user, state, since_ms},
// {type:"room", room} (a new room or a huddle edit) and {type:"edited",
// message} (an author changed its message's text). Messages are kept once
// by id, oldest first, per room; a message only counts as unread when it is
// newer than the room's last known message and not one's own, so a repeat
// after a reconnect counts nothing.
import { useEffect, useSyncExternalStore } from "react";
import { api, ApiError, qs, wsUrl } from "./api";
import { LiveClient, type LiveStatus, type SocketFactory } from "./live";

export type RoomKind = "direct" | "team" | "site" | "group" | "huddle";
export const ROOM_KINDS: readonly RoomKind[] = ["team", "site", "direct", "group", "huddle"];
export type PresenceState = "offline" | "available" | "busy" | "away";
export const PRESENCE_STATES: readonly PresenceState[] = ["available", "busy", "away", "offline"];

export interface Huddle {
  starts_ms: number;
  ends_ms: number;
  agenda: string;
  notes: string;
}

export interface ChatMessage {
  id: number;
  room: number;
  author: string;
  body: string;
  mentions: string[];
  broadcast: boolean;
  created_ms: number;
  edited_ms: number | null;
  /** Search results only. */
  room_name?: string;
}

export interface ChatRoom {
  id: number;
  kind: RoomKind;
  name: string;
  /** direct, group and huddle rooms */
  members?: string[];
  team?: string;
  site?: string;
  unread: number;
  last_message: ChatMessage | null;
  huddle: Huddle | null;
}

export interface Presence {
  user: string;
  agent: string | null;
  state: PresenceState;
  since_ms: number;
}

export interface ChatState {
  /** The first rooms frame (or list) arrived. */
  loaded: boolean;
  /** Newest activity first. */
  rooms: ChatRoom[];
  /** Per room, oldest first, each id once. */
  messages: Record<number, ChatMessage[]>;
  /** Per room: older history may exist (a page came back full); absent = not asked yet. */
  more: Record<number, boolean>;
  presence: Record<string, Presence>;
  /** The latest message from someone else that arrived live (for the live region). */
  arrived: ChatMessage | null;
}
export const EMPTY_CHAT: ChatState = { loaded: false, rooms: [], messages: {}, more: {}, presence: {}, arrived: null };

export type ChatAction =
  /** A socket frame; `me` is the signed-in user (own messages are never unread). */
  | { type: "frame"; frame: Record<string, unknown>; me: string }
  /** GET .../rooms */
  | { type: "rooms"; items: ChatRoom[] }
  /** A page of GET .../messages (newest first, as the server sends it) asked with `limit`. */
  | { type: "history"; room: number; items: ChatMessage[]; limit: number }
  /** The answer of a POST (one's own message or a broadcast). */
  | { type: "sent"; message: ChatMessage; me: string }
  /** The server's count after POST .../read. */
  | { type: "read"; room: number; unread: number }
  /** GET .../presence */
  | { type: "presence"; items: Presence[] }
  /** A room from POST .../rooms or PUT .../huddle. */
  | { type: "room"; room: ChatRoom }
  /** A message's new text (PUT .../messages/{id}, or an "edited" frame): replaced where it is shown. */
  | { type: "edited"; message: ChatMessage };

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function isMessage(v: unknown): v is ChatMessage {
  const m = v as ChatMessage | null;
  return !!m && typeof m === "object" && num(m.id) && num(m.room) && typeof m.body === "string";
}
function isRoom(v: unknown): v is ChatRoom {
  const r = v as ChatRoom | null;
  return !!r && typeof r === "object" && num(r.id) && typeof r.kind === "string";
}

export function normaliseMessage(m: ChatMessage): ChatMessage {
  return {
    ...m,
    author: typeof m.author === "string" ? m.author : "",
    mentions: Array.isArray(m.mentions) ? m.mentions.filter((x) => typeof x === "string") : [],
    broadcast: m.broadcast === true,
    created_ms: num(m.created_ms) ? m.created_ms : 0,
    edited_ms: num(m.edited_ms) ? m.edited_ms : null,
  };
}
function normaliseRoom(r: ChatRoom): ChatRoom {
  return {
    ...r,
    name: typeof r.name === "string" ? r.name : "",
    members: Array.isArray(r.members) ? r.members : undefined,
    unread: num(r.unread) && r.unread >= 0 ? r.unread : 0,
    last_message: isMessage(r.last_message) ? normaliseMessage(r.last_message) : null,
    huddle: r.huddle && typeof r.huddle === "object" ? r.huddle : null,
  };
}

/** When a room was last active: its last message, else a huddle's start, else never. */
export function activity(r: ChatRoom): number {
  return r.last_message?.created_ms ?? r.huddle?.starts_ms ?? 0;
}
function sortRooms(rooms: ChatRoom[]): ChatRoom[] {
  return [...rooms].sort((a, b) => activity(b) - activity(a) || a.id - b.id);
}

/** `incoming` merged into `list` by id (incoming wins), oldest first. */
function mergeMessages(list: ChatMessage[] | undefined, incoming: ChatMessage[]): ChatMessage[] {
  const byId = new Map((list ?? []).map((m) => [m.id, m]));
  for (const m of incoming) if (isMessage(m)) byId.set(m.id, normaliseMessage(m));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** A new message into the state: kept once; the room's last message and
 *  unread count move only for a message newer than what the room had. */
function addMessage(s: ChatState, m: ChatMessage, me: string, live: boolean): ChatState {
  const msg = normaliseMessage(m);
  const have = s.messages[msg.room]?.some((x) => x.id === msg.id) ?? false;
  const messages = have ? s.messages : { ...s.messages, [msg.room]: mergeMessages(s.messages[msg.room], [msg]) };
  let rooms = s.rooms;
  const room = s.rooms.find((r) => r.id === msg.room);
  if (room && (room.last_message === null || msg.id > room.last_message.id)) {
    const unread = room.unread + (msg.author !== me && !have ? 1 : 0);
    rooms = sortRooms(s.rooms.map((r) => (r.id === msg.room ? { ...r, last_message: msg, unread } : r)));
  } else if (room && have) return s;
  const arrived = live && !have && msg.author !== me ? msg : s.arrived;
  return { ...s, messages, rooms, arrived };
}

export function reduceChat(s: ChatState, a: ChatAction): ChatState {
  switch (a.type) {
    case "frame": {
      const f = a.frame;
      switch (f.type) {
        case "rooms":
          return reduceChat(s, { type: "rooms", items: Array.isArray(f.items) ? (f.items as ChatRoom[]) : [] });
        case "message":
          return isMessage(f.message) ? addMessage(s, f.message, a.me, true) : s;
        case "read":
          return num(f.room) && num(f.unread) ? reduceChat(s, { type: "read", room: f.room, unread: f.unread }) : s;
        case "presence": {
          if (typeof f.user !== "string" || typeof f.state !== "string") return s;
          const old = s.presence[f.user];
          const p: Presence = { user: f.user, agent: old?.agent ?? null, state: f.state as PresenceState, since_ms: num(f.since_ms) ? f.since_ms : 0 };
          return { ...s, presence: { ...s.presence, [f.user]: p } };
        }
        case "room":
          return isRoom(f.room) ? reduceChat(s, { type: "room", room: f.room }) : s;
        case "edited":
          return isMessage(f.message) ? reduceChat(s, { type: "edited", message: f.message }) : s;
        default:
          return s;
      }
    }
    case "rooms": {
      const rooms = a.items.filter(isRoom).map(normaliseRoom);
      // the rooms' last messages belong to their histories too
      let messages = s.messages;
      for (const r of rooms)
        if (r.last_message && s.messages[r.id] && !s.messages[r.id].some((m) => m.id === r.last_message!.id))
          messages = { ...messages, [r.id]: mergeMessages(messages[r.id], [r.last_message]) };
      return { ...s, loaded: true, rooms: sortRooms(rooms), messages };
    }
    case "history": {
      const items = a.items.filter(isMessage);
      return {
        ...s,
        messages: { ...s.messages, [a.room]: mergeMessages(s.messages[a.room], items) },
        more: { ...s.more, [a.room]: items.length >= a.limit },
      };
    }
    case "sent":
      return addMessage(s, a.message, a.me, false);
    case "read": {
      const unread = Math.max(0, a.unread);
      if (!s.rooms.some((r) => r.id === a.room && r.unread !== unread)) return s;
      return { ...s, rooms: s.rooms.map((r) => (r.id === a.room ? { ...r, unread } : r)) };
    }
    case "presence": {
      const presence = { ...s.presence };
      for (const p of a.items) if (p && typeof p.user === "string") presence[p.user] = p;
      return { ...s, presence };
    }
    case "edited": {
      const m = normaliseMessage(a.message);
      const list = s.messages[m.room];
      const shown = list?.some((x) => x.id === m.id) ?? false;
      const last = s.rooms.some((r) => r.id === m.room && r.last_message?.id === m.id);
      if (!shown && !last) return s; // not loaded here: the next page read brings the new text
      return {
        ...s,
        messages: shown ? { ...s.messages, [m.room]: list!.map((x) => (x.id === m.id ? m : x)) } : s.messages,
        rooms: last ? s.rooms.map((r) => (r.id === m.room ? { ...r, last_message: m } : r)) : s.rooms,
      };
    }
    case "room": {
      const room = normaliseRoom(a.room);
      const old = s.rooms.find((r) => r.id === room.id);
      // a huddle edit may come without the last message: keep ours when newer
      const merged = old && old.last_message && (!room.last_message || room.last_message.id < old.last_message.id) ? { ...room, last_message: old.last_message } : room;
      return { ...s, loaded: s.loaded, rooms: sortRooms(old ? s.rooms.map((r) => (r.id === room.id ? merged : r)) : [...s.rooms, merged]) };
    }
  }
}

/** Unread messages over every room. */
export function totalUnread(s: Pick<ChatState, "rooms">): number {
  return s.rooms.reduce((n, r) => n + r.unread, 0);
}

/** The other person of a direct room (its name otherwise). */
export function directPeer(r: ChatRoom, me: string): string | null {
  if (r.kind !== "direct") return null;
  return r.members?.find((m) => m !== me) ?? null;
}

/** What a room is called in the list: a direct room by the other person. */
export function roomTitle(r: ChatRoom, me: string): string {
  return directPeer(r, me) ?? (r.name || r.team || r.site || `#${r.id}`);
}

/** A message body cut into text and @mentions; `mention` marks the names
 *  the server recognised (the message's `mentions`). */
export function splitMentions(body: string, mentions: readonly string[]): { text: string; mention: boolean; me?: boolean }[] {
  const out: { text: string; mention: boolean }[] = [];
  const re = /@([\p{L}\p{N}_.-]*[\p{L}\p{N}_])/gu;
  let at = 0;
  for (const m of body.matchAll(re)) {
    const name = m[1];
    if (!mentions.includes(name)) continue;
    const i = m.index ?? 0;
    if (i > 0 && /[\p{L}\p{N}_]/u.test(body[i - 1])) continue; // an e-mail address, not a mention
    if (i > at) out.push({ text: body.slice(at, i), mention: false });
    out.push({ text: m[0], mention: true });
    at = i + m[0].length;
  }
  if (at < body.length) out.push({ text: body.slice(at), mention: false });
  return out;
}

/** The "@partial" being typed just before the caret, or null. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.-]*)$/u.exec(before);
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2] };
}

/** Members whose name starts with (then contains) the query, without oneself, at most `limit`. */
export function mentionCandidates(members: readonly string[], query: string, me: string, limit = 8): string[] {
  const q = query.toLowerCase();
  const all = [...new Set(members)].filter((u) => u !== me).sort();
  const starts = all.filter((u) => u.toLowerCase().startsWith(q));
  const contains = all.filter((u) => !u.toLowerCase().startsWith(q) && u.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** Text with the mention at `start` (its "@query" up to the caret) replaced by "@name ". */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const ins = `@${name} `;
  return { text: text.slice(0, start) + ins + text.slice(caret), caret: start + ins.length };
}

/** Who may be mentioned in a room: its members, else (team and site rooms
 *  carry none) everyone known from presence and the room's authors. */
export function roomPeople(s: ChatState, room: ChatRoom): string[] {
  if (room.members && room.members.length) return room.members;
  return [...new Set([...Object.keys(s.presence), ...(s.messages[room.id] ?? []).map((m) => m.author)])];
}

// ---- the client ------------------------------------------------------------

export const CHAT = "/api/v1/comms/chat";
export const HISTORY_PAGE = 50;

export const listRooms = () => api<{ items: ChatRoom[] }>("GET", CHAT + "/rooms");
export const listMessages = (room: number, before?: number, limit = HISTORY_PAGE) =>
  api<{ items: ChatMessage[] }>("GET", `${CHAT}/rooms/${room}/messages${qs({ before, limit })}`);
export const postMessage = (room: number, body: string) => api<ChatMessage>("POST", `${CHAT}/rooms/${room}/messages`, { body });
export const editMessage = (id: number, body: string) => api<ChatMessage>("PUT", `${CHAT}/messages/${id}`, { body });
/** A member of a room as GET .../rooms/{id}/members lists it. */
export interface RoomMember extends Presence {
  display_name: string | null;
  role: string;
}
export const listMembers = (room: number) => api<{ items: RoomMember[] }>("GET", `${CHAT}/rooms/${room}/members`).then((r) => r.items ?? []);
export const markRoomRead = (room: number, message: number) => api<{ unread: number }>("POST", `${CHAT}/rooms/${room}/read`, { message });
export const openDirect = (user: string) => api<ChatRoom>("POST", CHAT + "/rooms", { kind: "direct", with: user });
export const createRoom = (body: { kind: "group" | "huddle"; name: string; members: string[]; huddle?: { starts_ms: number; ends_ms: number; agenda: string } }) =>
  api<ChatRoom>("POST", CHAT + "/rooms", body);
export const saveHuddle = (room: number, body: { agenda: string; notes: string }) => api<ChatRoom>("PUT", `${CHAT}/rooms/${room}/huddle`, body);
export const broadcast = (body: string) => api<ChatMessage>("POST", CHAT + "/broadcast", { body });
export const searchChat = (q: string, room?: number, limit = 50) => api<{ items: ChatMessage[] }>("GET", CHAT + "/search" + qs({ q, room, limit }));
export const listPresence = () => api<{ items: Presence[] }>("GET", CHAT + "/presence");

// ---- the hub ---------------------------------------------------------------

export interface HubSnapshot {
  state: ChatState;
  status: LiveStatus;
  /** False once the server turned out to have no team chat (404 "no route"). */
  available: boolean;
}

/** One chat connection for the app: acquired by whoever shows chat, open
 *  while at least one holder is; the state is reset when the user changes. */
export class ChatHub {
  private snap: HubSnapshot = { state: EMPTY_CHAT, status: "stopped", available: true };
  private listeners = new Set<() => void>();
  private client: LiveClient | null = null;
  private holders = 0;
  private me = "";
  private checking = false;

  constructor(private readonly socket?: SocketFactory) {}

  get snapshot(): HubSnapshot {
    return this.snap;
  }
  get user(): string {
    return this.me;
  }

  subscribe = (f: () => void): (() => void) => {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  };
  getSnapshot = (): HubSnapshot => this.snap;

  private set(next: Partial<HubSnapshot>) {
    this.snap = { ...this.snap, ...next };
    for (const f of this.listeners) f();
  }

  dispatch(a: ChatAction): void {
    const state = reduceChat(this.snap.state, a);
    if (state !== this.snap.state) this.set({ state });
  }

  /** Holds the connection open for `me`; call the returned function to let go. */
  acquire(me: string): () => void {
    if (me !== this.me) {
      this.stop();
      this.me = me;
      this.set({ state: EMPTY_CHAT, available: true });
    }
    this.holders++;
    if (this.holders === 1) this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders === 0) this.stop();
    };
  }

  private start() {
    const me = this.me;
    const client = new LiveClient({
      url: () => wsUrl(CHAT + "/socket"),
      seqOf: () => undefined,
      onMessage: (frame) => {
        this.dispatch({ type: "frame", frame, me });
        // each connection starts with the rooms: presence may have moved meanwhile
        if (frame.type === "rooms") this.loadPresence();
      },
      onStatus: (status) => this.set({ status }),
      onConnectFailed: () => this.check(client),
      socket: this.socket,
    });
    this.client = client;
    client.start(null);
  }

  private stop() {
    this.client?.stop();
    this.client = null;
  }

  private loadPresence() {
    listPresence().then(
      (p) => this.dispatch({ type: "presence", items: p.items ?? [] }),
      () => {},
    );
  }

  /** A failed connection: the rooms over REST (the page works without the
   *  socket), and a server without team chat is not asked again. */
  private check(client: LiveClient) {
    if (this.checking) return;
    this.checking = true;
    listRooms().then(
      (r) => {
        this.checking = false;
        this.dispatch({ type: "rooms", items: r.items ?? [] });
      },
      (e) => {
        this.checking = false;
        if (e instanceof ApiError && (e.status === 404 || e.status === 405) && !e.field && /^no route/i.test(e.message)) {
          client.stop();
          this.set({ available: false });
        }
      },
    );
  }
}

let appHub: ChatHub | null = null;
/** The app's hub (tests give their own fake socket first with setChatHub). */
export function chatHub(): ChatHub {
  return (appHub ??= new ChatHub());
}
export function setChatHub(h: ChatHub | null): void {
  appHub = h;
}

/** The team chat state, with the connection held open while mounted. */
export function useTeamChat(me: string): HubSnapshot & { hub: ChatHub } {
  const hub = chatHub();
  useEffect(() => hub.acquire(me), [hub, me]);
  const snap = useSyncExternalStore(hub.subscribe, hub.getSnapshot);
  return { ...snap, hub };
}
