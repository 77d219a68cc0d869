// The widget's session state and its reducer: (state, action) -> state, pure
// (the time comes in the actions), so that every server frame and every
// visitor action is testable without a DOM or a socket (state.test.ts).
import type {
  EndReason,
  Message,
  Receipts,
  ServerFrame,
  Session,
  SessionState,
  StartAnswer,
  Survey,
  Watermarks,
} from "./types";

/** form: the visitor has not started; starting: POST start in flight;
 *  chat: a running chat (queued .. wrap_up); ended: the chat is over. */
export type Phase = "form" | "starting" | "chat" | "ended";
export type Connection = "idle" | "connecting" | "open" | "reconnecting";
export type SurveyPhase = "none" | "loading" | "asking" | "sending" | "thanks" | "expired" | "error";
export type Tick = "sending" | "failed" | "sent" | "delivered" | "read";

/** A visitor message not yet seen back from the server with its seq. */
export interface Pending {
  clientId: string;
  text: string;
  time_ms: number;
  /** the first message, given to POST start (it carries no client_id) */
  initial?: boolean;
  failed?: boolean;
}

export interface ChatState {
  phase: Phase;
  contact: number | null;
  token: string | null;
  state: SessionState | null;
  position: number | null;
  ewtMs: number | null;
  agent: string | null;
  bargedBy: string | null;
  /** messages the visitor sees, by seq, each once */
  messages: Message[];
  /** the highest seq seen: the `since` of the next connection */
  lastSeq: number;
  /** `last_seq` of the latest hello: the replay is complete when lastSeq reaches it */
  helloLastSeq: number;
  pending: Pending[];
  receipts: Receipts;
  /** the agent's typing indicator shows until this time (0: not typing) */
  agentTypingUntil: number;
  connection: Connection;
  endReason: EndReason | null;
  survey: Survey | null;
  surveyPhase: SurveyPhase;
  surveyQuestion: string | null;
  /** a catalogue key for the error line, with its values */
  error: { key: string; vars?: Record<string, string | number> } | null;
}

/** How long a `typing: on` lasts without renewal (docs/chat.md). */
export const TYPING_LAPSE_MS = 6000;

const zero = (): Watermarks => ({ delivered: 0, read: 0 });

export function initialState(): ChatState {
  return {
    phase: "form",
    contact: null,
    token: null,
    state: null,
    position: null,
    ewtMs: null,
    agent: null,
    bargedBy: null,
    messages: [],
    lastSeq: 0,
    helloLastSeq: 0,
    pending: [],
    receipts: { visitor: zero(), agent: zero() },
    agentTypingUntil: 0,
    connection: "idle",
    endReason: null,
    survey: null,
    surveyPhase: "none",
    surveyQuestion: null,
    error: null,
  };
}

export type Action =
  | { type: "frame"; frame: ServerFrame; now: number }
  | { type: "start"; name: string; text: string; now: number }
  | { type: "started"; answer: StartAnswer }
  | { type: "startFailed"; key: string; vars?: Record<string, string | number> }
  | { type: "restore"; token: string; session: Session; survey?: Survey | null }
  | { type: "send"; clientId: string; text: string; now: number }
  | { type: "sendFailed"; clientIds: string[] }
  | { type: "retry"; clientId: string }
  | { type: "connection"; connection: Connection }
  | { type: "tick"; now: number }
  | { type: "endAnswer"; survey: Survey | null }
  | { type: "surveyLoading" }
  | { type: "surveyForm"; state: "open" | "answered" | "expired"; question?: string | null }
  | { type: "surveySending" }
  | { type: "surveyDone" }
  | { type: "surveyFailed"; expired?: boolean }
  | { type: "error"; key: string; vars?: Record<string, string | number> }
  | { type: "clearError" }
  | { type: "reset" };

function mergeMarks(a: Watermarks, b: Partial<Watermarks> | undefined): Watermarks {
  if (!b) return a;
  const delivered = Math.max(a.delivered, b.delivered ?? 0);
  const read = Math.max(a.read, b.read ?? 0);
  return delivered === a.delivered && read === a.read ? a : { delivered, read };
}

function mergeReceipts(a: Receipts, b: Partial<Receipts> | undefined): Receipts {
  if (!b) return a;
  const visitor = mergeMarks(a.visitor, b.visitor);
  const agent = mergeMarks(a.agent, b.agent);
  return visitor === a.visitor && agent === a.agent ? a : { visitor, agent };
}

/** Adds one message: each seq once, whispers never; its pending copy goes. */
function addMessage(s: ChatState, m: Message): ChatState {
  if (typeof m.seq !== "number") return s;
  const lastSeq = Math.max(s.lastSeq, m.seq);
  if (m.kind === "whisper" || s.messages.some((x) => x.seq === m.seq)) {
    return lastSeq === s.lastSeq ? s : { ...s, lastSeq };
  }
  const msg: Message = {
    seq: m.seq,
    from: m.from,
    kind: m.kind ?? "message",
    author: m.author ?? null,
    text: m.text,
    time_ms: m.time_ms,
    client_id: m.client_id ?? null,
  };
  const messages = s.messages.slice();
  let i = messages.length;
  while (i > 0 && messages[i - 1].seq > msg.seq) i--;
  messages.splice(i, 0, msg);
  let pending = s.pending;
  if (msg.from === "visitor") {
    let idx = msg.client_id ? pending.findIndex((p) => p.clientId === msg.client_id) : -1;
    if (idx < 0 && !msg.client_id) idx = pending.findIndex((p) => p.initial && p.text === msg.text);
    if (idx >= 0) pending = pending.filter((_, j) => j !== idx);
  }
  // A message from the agent ends their typing.
  const agentTypingUntil = msg.from === "agent" || msg.from === "supervisor" ? 0 : s.agentTypingUntil;
  return { ...s, messages, pending, lastSeq, agentTypingUntil };
}

function applySession(s: ChatState, session: Session): ChatState {
  let next: ChatState = {
    ...s,
    contact: session.contact ?? s.contact,
    state: session.state,
    position: session.position ?? null,
    ewtMs: session.ewt_ms ?? null,
    agent: session.agent ?? null,
    bargedBy: session.barged_by ?? null,
    receipts: mergeReceipts(s.receipts, session.receipts),
    helloLastSeq: session.last_seq ?? 0,
  };
  for (const m of session.messages ?? []) next = addMessage(next, m);
  if (session.state === "ended") next = toEnded(next, s.endReason ?? session.end_reason ?? null, session.survey ?? s.survey);
  else if (next.phase !== "chat") next = { ...next, phase: "chat" };
  return next;
}

function toEnded(s: ChatState, reason: EndReason | null, survey: Survey | null | undefined): ChatState {
  const sv = survey ?? s.survey;
  const surveyPhase: SurveyPhase = s.phase === "ended" && s.surveyPhase !== "none" ? s.surveyPhase : sv ? "asking" : "none";
  return {
    ...s,
    phase: "ended",
    state: "ended",
    position: null,
    ewtMs: null,
    agentTypingUntil: 0,
    endReason: s.endReason ?? reason,
    survey: sv,
    surveyPhase,
    // what was never sent will not be now
    pending: s.pending.map((p) => (p.failed ? p : { ...p, failed: true })),
  };
}

export function reduce(s: ChatState, a: Action): ChatState {
  switch (a.type) {
    case "frame":
      return applyFrame(s, a.frame, a.now);
    case "start":
      return {
        ...initialState(),
        phase: "starting",
        pending: [{ clientId: "initial", text: a.text, time_ms: a.now, initial: true }],
      };
    case "started":
      return {
        ...s,
        phase: "chat",
        contact: a.answer.contact,
        token: a.answer.token,
        state: a.answer.state,
        position: a.answer.position ?? null,
        ewtMs: a.answer.ewt_ms ?? null,
        error: null,
      };
    case "startFailed":
      return { ...initialState(), error: { key: a.key, vars: a.vars } };
    case "restore":
      return applySession({ ...initialState(), token: a.token, survey: a.survey ?? null }, a.session);
    case "send":
      if (s.phase !== "chat") return s;
      return { ...s, pending: [...s.pending, { clientId: a.clientId, text: a.text, time_ms: a.now }] };
    case "sendFailed": {
      if (!a.clientIds.length) return s;
      const ids = new Set(a.clientIds);
      return { ...s, pending: s.pending.map((p) => (ids.has(p.clientId) ? { ...p, failed: true } : p)) };
    }
    case "retry":
      if (s.phase !== "chat") return s;
      return { ...s, pending: s.pending.map((p) => (p.clientId === a.clientId ? { ...p, failed: false } : p)) };
    case "connection":
      return a.connection === s.connection ? s : { ...s, connection: a.connection };
    case "tick":
      return s.agentTypingUntil && a.now >= s.agentTypingUntil ? { ...s, agentTypingUntil: 0 } : s;
    case "endAnswer":
      return toEnded(s, "visitor", a.survey);
    case "surveyLoading":
      return { ...s, surveyPhase: "loading" };
    case "surveyForm":
      return {
        ...s,
        surveyPhase: a.state === "open" ? "asking" : a.state === "answered" ? "thanks" : "expired",
        surveyQuestion: a.question ?? s.surveyQuestion,
      };
    case "surveySending":
      return { ...s, surveyPhase: "sending", error: null };
    case "surveyDone":
      return { ...s, surveyPhase: "thanks", error: null };
    case "surveyFailed":
      return a.expired
        ? { ...s, surveyPhase: "expired" }
        : { ...s, surveyPhase: "asking", error: { key: "error.survey" } };
    case "error":
      return { ...s, error: { key: a.key, vars: a.vars } };
    case "clearError":
      return s.error ? { ...s, error: null } : s;
    case "reset":
      return initialState();
  }
}

function applyFrame(s: ChatState, f: ServerFrame, now: number): ChatState {
  switch (f.type) {
    case "hello":
      return applySession({ ...s, connection: "open" }, f);
    case "message":
      return addMessage(s, f);
    case "state": {
      if (f.state === "ended") return toEnded(s, null, null);
      if (s.phase === "ended") return s;
      return {
        ...s,
        phase: "chat",
        state: f.state,
        position: f.position ?? null,
        ewtMs: f.ewt_ms ?? null,
        agent: f.agent ?? s.agent,
      };
    }
    case "typing":
      if (f.from === "visitor" || s.phase !== "chat") return s;
      return { ...s, agentTypingUntil: f.on ? now + TYPING_LAPSE_MS : 0 };
    case "receipt":
      return {
        ...s,
        receipts: mergeReceipts(s.receipts, { [f.side]: { delivered: f.delivered, read: f.read } }),
      };
    case "ended":
      return toEnded(s, f.reason ?? null, f.survey ?? null);
    case "error":
      // A client frame the server refused: the messages still in flight failed.
      return {
        ...s,
        pending: s.pending.map((p) => (p.initial ? p : { ...p, failed: true })),
        error: { key: "error.refused" },
      };
    default:
      return s;
  }
}

// ---- derived values --------------------------------------------------------

/** The tick of one of the visitor's own messages. */
export function tickOf(s: ChatState, m: Message | Pending): Tick {
  if (!("seq" in m)) return m.failed ? "failed" : "sending";
  if (m.seq <= s.receipts.agent.read) return "read";
  if (m.seq <= s.receipts.agent.delivered) return "delivered";
  return "sent";
}

/** The highest seq among the messages from the staff side (agent, supervisor, system). */
export function lastStaffSeq(s: ChatState): number {
  for (let i = s.messages.length - 1; i >= 0; i--) if (s.messages[i].from !== "visitor") return s.messages[i].seq;
  return 0;
}

/** The receipt frames to send now: `delivered` once a staff message arrived,
 *  `read` once it is shown (panel open, page visible). `sent` holds what was
 *  already sent on this page. */
export function receiptsDue(s: ChatState, sent: Watermarks, shown: boolean): Partial<Watermarks> {
  if (s.phase !== "chat") return {};
  const top = lastStaffSeq(s);
  const out: Partial<Watermarks> = {};
  if (top > Math.max(sent.delivered, s.receipts.visitor.delivered)) out.delivered = top;
  if (shown && top > Math.max(sent.read, s.receipts.visitor.read)) out.read = top;
  return out;
}

/** Staff messages the visitor has not read (the launcher's badge). */
export function unreadCount(s: ChatState, readUpTo: number): number {
  const mark = Math.max(readUpTo, s.receipts.visitor.read);
  return s.messages.filter((m) => m.from !== "visitor" && m.from !== "system" && m.seq > mark).length;
}

/** True once the replay after `hello` is complete (the pending messages may then be sent again). */
export function caughtUp(s: ChatState): boolean {
  return s.connection === "open" && s.lastSeq >= s.helloLastSeq;
}

/** Whether the visitor can type. */
export function canWrite(s: ChatState): boolean {
  return s.phase === "chat" && s.state !== "wrap_up";
}
