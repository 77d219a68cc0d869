// One chat as staff see it (docs/chat.md): the session, its transcript,
// typing, delivered / read watermarks. A pure reducer over the frames of the
// staff socket (GET /api/v1/chat/sessions/{contact}/socket), which resumes
// with since=<last message seq> like the event stream; and a small client.
import { api, wsUrl } from "./api";
import { LiveClient, type LiveStatus } from "./live";

export type ChatSide = "visitor" | "agent" | "supervisor" | "system";
export interface ChatMessage {
  seq: number;
  from: ChatSide;
  kind: "message" | "whisper";
  author: string | null;
  text: string;
  time_ms: number;
  client_id: string | null;
}
export interface Receipts {
  delivered: number;
  read: number;
}
export type ChatSessionState = "queued" | "offered" | "active" | "held" | "wrap_up" | "ended";
export interface ChatSession {
  contact: number;
  queue: string;
  state: ChatSessionState;
  agent: string | null;
  visitor: { name?: string; email?: string; customer_id?: string; language?: string };
  started_ms: number;
  answered_ms: number | null;
  ended_ms: number | null;
  position?: number | null;
  ewt_ms?: number | null;
  barged_by: string | null;
  receipts: { visitor: Receipts; agent: Receipts };
  last_seq: number;
  messages?: ChatMessage[];
}

export interface ChatState {
  session: ChatSession | null;
  /** By seq, each once. */
  messages: ChatMessage[];
  /** Sent, not yet echoed by the server (by client_id). */
  pending: ChatMessage[];
  /** Until when (local ms) each side counts as typing. */
  typing: Partial<Record<ChatSide, number>>;
  ended: { reason: string } | null;
}
export const EMPTY_CHAT: ChatState = { session: null, messages: [], pending: [], typing: {}, ended: null };

/** How long a typing "on" lasts without renewal (docs/chat.md: 6 s). */
export const TYPING_LAPSE_MS = 6000;

function insertMessage(list: ChatMessage[], m: ChatMessage): ChatMessage[] {
  if (list.length === 0 || list[list.length - 1].seq < m.seq) return [...list, m];
  if (list.some((x) => x.seq === m.seq)) return list;
  return [...list, m].sort((a, b) => a.seq - b.seq);
}

/** Applies one server frame; `now` is the local time (for typing). */
export function applyChatFrame(s: ChatState, f: Record<string, unknown>, now: number): ChatState {
  switch (f.type) {
    case "hello": {
      const { type: _t, messages, ...rest } = f as unknown as ChatSession & { type: string };
      void _t;
      let out: ChatState = { ...s, session: { ...(rest as ChatSession) } };
      if (Array.isArray(messages)) for (const m of messages) out = applyChatFrame(out, { type: "message", ...m }, now);
      if (rest.state === "ended" && !out.ended) out = { ...out, ended: { reason: "" } };
      return out;
    }
    case "message": {
      const { type: _t, ...m } = f as unknown as ChatMessage & { type: string };
      void _t;
      if (typeof m.seq !== "number") return s;
      const messages = insertMessage(s.messages, m);
      const pending = m.client_id ? s.pending.filter((p) => p.client_id !== m.client_id) : s.pending;
      if (messages === s.messages && pending === s.pending) return s;
      // a message from a side ends its typing
      const typing = { ...s.typing };
      delete typing[m.from];
      const session = s.session && m.seq > s.session.last_seq ? { ...s.session, last_seq: m.seq } : s.session;
      return { ...s, messages, pending, typing, session };
    }
    case "state": {
      if (!s.session) return s;
      const session = { ...s.session };
      for (const k of ["state", "position", "ewt_ms", "agent", "barged_by"] as const)
        if (k in f) (session as Record<string, unknown>)[k] = f[k];
      return { ...s, session };
    }
    case "typing": {
      const from = f.from as ChatSide;
      const typing = { ...s.typing };
      if (f.on) typing[from] = now + TYPING_LAPSE_MS;
      else delete typing[from];
      return { ...s, typing };
    }
    case "receipt": {
      if (!s.session) return s;
      const side = f.side === "visitor" ? "visitor" : "agent";
      const old = s.session.receipts?.[side] ?? { delivered: 0, read: 0 };
      const r = { delivered: Math.max(old.delivered, Number(f.delivered ?? 0)), read: Math.max(old.read, Number(f.read ?? 0)) };
      return { ...s, session: { ...s.session, receipts: { ...s.session.receipts, [side]: r } } };
    }
    case "ended":
      return {
        ...s,
        ended: { reason: String(f.reason ?? "") },
        typing: {},
        session: s.session ? { ...s.session, state: "ended" } : s.session,
      };
    default:
      return s;
  }
}

/** Adds a message we sent and have not seen come back yet. */
export function addPending(s: ChatState, m: ChatMessage): ChatState {
  return { ...s, pending: [...s.pending, m] };
}
export function dropPending(s: ChatState, clientId: string): ChatState {
  return { ...s, pending: s.pending.filter((p) => p.client_id !== clientId) };
}

/** Who is typing now (sides whose lapse time has not passed). */
export function typingNow(s: ChatState, now: number): ChatSide[] {
  return (Object.entries(s.typing) as [ChatSide, number][]).filter(([, until]) => until > now).map(([side]) => side);
}

export type Tick = "sending" | "sent" | "delivered" | "read";
/** The tick of a staff message as the visitor received it. */
export function tickOf(s: ChatState, m: ChatMessage, pending = false): Tick {
  if (pending) return "sending";
  const r = s.session?.receipts?.visitor;
  if (r && m.seq <= r.read) return "read";
  if (r && m.seq <= r.delivered) return "delivered";
  return "sent";
}

/** The highest seq of a message from the visitor (what staff may mark delivered / read). */
export function lastVisitorSeq(s: ChatState): number {
  for (let i = s.messages.length - 1; i >= 0; i--) if (s.messages[i].from === "visitor") return s.messages[i].seq;
  return 0;
}

// The desk's "the customer wrote" signal: an agent's chat panel announces the newest customer
// message of its contact; the suggested articles of that contact listen and read again
// (docs/comms.md "Queue links and suggestions"). A window event: the two are siblings on the desk.
const CUSTOMER_WROTE = "sy:customer-wrote";
export function announceCustomerMessage(contact: number, seq: number): void {
  window.dispatchEvent(new CustomEvent(CUSTOMER_WROTE, { detail: { contact, seq } }));
}
export function onCustomerMessage(f: (contact: number, seq: number) => void): () => void {
  const h = (e: Event) => {
    const d = (e as CustomEvent<{ contact: number; seq: number }>).detail;
    if (d && typeof d.contact === "number") f(d.contact, d.seq);
  };
  window.addEventListener(CUSTOMER_WROTE, h);
  return () => window.removeEventListener(CUSTOMER_WROTE, h);
}

let counter = 0;
export function newClientId(): string {
  counter = (counter + 1) % 1e9;
  const rnd = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `c${Date.now().toString(36)}${counter}${rnd}`;
}

// ---- the client ------------------------------------------------------------

export interface ChatConnection {
  /** Sends a socket frame when connected (typing, delivered, read). */
  send(frame: Record<string, unknown>): boolean;
  stop(): void;
}

/** Opens the staff socket of a chat: the whole transcript first (since=0),
 *  then live; reconnects and resumes after the last message seen. */
export function openChat(
  contact: number,
  onFrame: (f: Record<string, unknown>) => void,
  onStatus?: (s: LiveStatus) => void,
): ChatConnection {
  const client = new LiveClient({
    url: (since) => wsUrl(`/api/v1/chat/sessions/${contact}/socket`, { since: since ?? 0 }),
    onMessage: onFrame,
    seqOf: (m) => (m.type === "message" && typeof m.seq === "number" ? m.seq : undefined),
    onStatus: (s) => onStatus?.(s),
  });
  client.start(0);
  return { send: (f) => client.send(f), stop: () => client.stop() };
}

export function chatPath(contact: number, action = ""): string {
  return `/api/v1/chat/sessions/${contact}${action ? "/" + action : ""}`;
}

/** POST a message or whisper (REST, so that errors come back with the request). */
export function postChatMessage(contact: number, text: string, kind: "message" | "whisper", clientId: string): Promise<ChatMessage> {
  return api<ChatMessage>("POST", chatPath(contact, "messages"), { text, kind, client_id: clientId });
}
