// The chat controller: holds the state (state.ts), calls the server
// (transport.ts) and keeps the visitor's token in sessionStorage so that a
// reload resumes the same chat. No DOM here (the view is ui.ts).
import {
  caughtUp,
  initialState,
  reduce,
  receiptsDue,
  type Action,
  type ChatState,
} from "./state";
import { Api, HttpError, VisitorSocket, type Env } from "./transport";
import type { ServerFrame, Survey, Watermarks } from "./types";

/** What a page reload needs to resume (sessionStorage, per widget key). */
export interface Stored {
  token: string;
  contact: number;
  survey?: Survey | null;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ChatOptions {
  widget: string;
  origin: string;
  env: Env;
  storage: KeyValueStore | null;
  now?: () => number;
  /** the visitor's language for POST start */
  language?: () => string;
  /** how long after `hello` to wait for the replay before sending again what
   *  is still pending (the replay normally ends at hello's last_seq) */
  replayWaitMs?: number;
  /** how long a sent message may wait for its echo before the socket is renewed */
  echoTimeoutMs?: number;
}

/** Renew `typing: on` this often while the visitor types (it lapses after 6 s). */
export const TYPING_RENEW_MS = 4000;
/** Byte limit of a message (docs/chat.md). */
export const MAX_MESSAGE_BYTES = 4000;

export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

export class Chat {
  state: ChatState = initialState();
  readonly api: Api;
  private listeners = new Set<(s: ChatState) => void>();
  private socket: VisitorSocket | null = null;
  private now: () => number;
  private sentMarks: Watermarks = { delivered: 0, read: 0 };
  private shown = false;
  private typingOn = false;
  private typingSentAt = 0;
  private connId = 0;
  /** the connection whose hello was seen (-1: none since the last status change) */
  private helloOn = -1;
  /** the replay after hello is complete: pending messages may be sent */
  private ready = false;
  private readyTimer: unknown = null;
  private sentOn = new Map<string, number>();
  private echoTimer: unknown = null;
  private checkingToken = false;
  private idSeq = 0;

  constructor(private readonly o: ChatOptions) {
    this.api = new Api(o.origin, o.env);
    this.now = o.now ?? Date.now;
  }

  get storageKey(): string {
    return `switchyard-chat:${this.o.widget}`;
  }

  subscribe(fn: (s: ChatState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  dispatch(a: Action): void {
    const prev = this.state;
    this.state = reduce(prev, a);
    if (this.state === prev) return;
    this.afterChange(prev);
    for (const fn of this.listeners) fn(this.state);
  }

  // ---- lifecycle -----------------------------------------------------------

  /** Resumes the chat kept in sessionStorage, if any. */
  async resume(): Promise<void> {
    const stored = this.load();
    if (!stored) return;
    try {
      const session = await this.api.session(stored.token);
      this.dispatch({ type: "restore", token: stored.token, session, survey: stored.survey ?? null });
      if (this.state.phase === "chat") this.connect();
      else this.onEnded();
    } catch (e) {
      if (e instanceof HttpError && e.status >= 400 && e.status < 500) {
        this.forget(); // expired or unknown token: a new chat
      } else {
        // the server is unreachable now: resume through the socket's retries
        this.dispatch({
          type: "restore",
          token: stored.token,
          session: { contact: stored.contact, queue: "", state: "queued", agent: null, position: null, ewt_ms: null, last_seq: 0 },
        });
        this.connect();
      }
    }
  }

  async start(name: string, text: string): Promise<void> {
    if (this.state.phase === "starting" || this.state.phase === "chat") return;
    this.dispatch({ type: "start", name, text, now: this.now() });
    try {
      const answer = await this.api.start({
        widget: this.o.widget,
        language: this.o.language?.(),
        ...(name.trim() ? { name: name.trim() } : {}),
        message: text,
      });
      this.dispatch({ type: "started", answer });
      this.save({ token: answer.token, contact: answer.contact });
      this.connect();
    } catch (e) {
      this.dispatch({ type: "startFailed", ...startError(e) });
    }
  }

  /** The visitor sends a message; it shows at once as pending. */
  send(text: string): boolean {
    const t = text.trim();
    if (!t || this.state.phase !== "chat") return false;
    if (utf8Length(t) > MAX_MESSAGE_BYTES) {
      this.dispatch({ type: "error", key: "error.tooLong" });
      return false;
    }
    const clientId = `c${this.now().toString(36)}${(this.idSeq++).toString(36)}${Math.floor(this.o.env.random() * 1e6).toString(36)}`;
    if (this.typingOn) this.socket?.send({ type: "typing", on: false });
    this.typingOn = false;
    this.dispatch({ type: "send", clientId, text: t, now: this.now() });
    this.flush();
    return true;
  }

  retry(clientId: string): void {
    this.sentOn.delete(clientId);
    this.dispatch({ type: "retry", clientId });
    this.flush();
  }

  /** Called on each input: sends typing on (renewed every 4 s) or off. */
  typing(text: string): void {
    if (this.state.phase !== "chat" || !this.socket) return;
    const now = this.now();
    if (text.trim()) {
      if (!this.typingOn || now - this.typingSentAt >= TYPING_RENEW_MS) {
        if (this.socket.send({ type: "typing", on: true })) {
          this.typingOn = true;
          this.typingSentAt = now;
        }
      }
    } else if (this.typingOn) {
      this.socket.send({ type: "typing", on: false });
      this.typingOn = false;
    }
  }

  /** The visitor ends the chat. */
  async end(): Promise<void> {
    const token = this.state.token;
    if (!token || this.state.phase !== "chat") return;
    try {
      const res = await this.api.end(token);
      this.dispatch({ type: "endAnswer", survey: res?.survey ?? null });
    } catch (e) {
      if (e instanceof HttpError && (e.status === 409 || e.status === 410)) {
        this.dispatch({ type: "endAnswer", survey: null }); // ended already
      } else {
        this.dispatch({ type: "error", key: e instanceof HttpError && e.status === 0 ? "error.network" : "error.generic" });
      }
    }
  }

  async answerSurvey(rating: number, comment: string): Promise<void> {
    const sv = this.state.survey;
    if (!sv || this.state.surveyPhase !== "asking") return;
    this.dispatch({ type: "surveySending" });
    try {
      await this.api.answerSurvey(sv.token, rating, comment);
      this.dispatch({ type: "surveyDone" });
    } catch (e) {
      if (e instanceof HttpError && e.status === 409) this.dispatch({ type: "surveyDone" });
      else if (e instanceof HttpError && (e.status === 410 || e.status === 404)) this.dispatch({ type: "surveyFailed", expired: true });
      else this.dispatch({ type: "surveyFailed" });
    }
  }

  /** Whether the visitor sees the messages now (panel open, page visible): read receipts. */
  setShown(shown: boolean): void {
    if (this.shown === shown) return;
    this.shown = shown;
    this.sendReceipts();
  }

  /** After the end: back to the form for a new chat. */
  newChat(): void {
    this.disconnect();
    this.forget();
    this.sentMarks = { delivered: 0, read: 0 };
    this.dispatch({ type: "reset" });
  }

  /** Reconnect now if waiting (page visible again, browser online). */
  nudge(): void {
    this.socket?.nudge();
  }

  destroy(): void {
    this.disconnect();
    this.listeners.clear();
  }

  // ---- internals -----------------------------------------------------------

  private connect(): void {
    const token = this.state.token;
    if (!token || this.socket) return;
    this.socket = new VisitorSocket({
      origin: this.o.origin,
      token,
      since: () => this.state.lastSeq,
      env: this.o.env,
      onFrame: (f) => this.onFrame(f),
      onStatus: (st) => {
        if (st === "closed") return;
        this.ready = false;
        this.helloOn = -1;
        this.dispatch({ type: "connection", connection: st === "open" ? "open" : st });
      },
      onRetry: (failures) => {
        if (failures >= 3 && failures % 3 === 0) void this.checkToken();
      },
    });
    this.socket.connect();
  }

  private disconnect(): void {
    this.socket?.close();
    this.socket = null;
    this.clearTimer("readyTimer");
    this.clearTimer("echoTimer");
    this.ready = false;
  }

  private clearTimer(name: "readyTimer" | "echoTimer"): void {
    if (this[name] !== null) this.o.env.clearTimeout(this[name]);
    this[name] = null;
  }

  private onFrame(f: ServerFrame): void {
    if (f.type === "hello") {
      this.connId++;
      this.helloOn = this.connId;
      this.ready = false;
      this.clearTimer("readyTimer");
      const id = this.connId;
      this.readyTimer = this.o.env.setTimeout(() => {
        this.readyTimer = null;
        if (this.connId === id && this.state.connection === "open") {
          this.ready = true;
          this.flush();
        }
      }, this.o.replayWaitMs ?? 1500);
    }
    this.dispatch({ type: "frame", frame: f, now: this.now() });
    if (f.type === "typing" && f.on) {
      // lapse the indicator if the agent stops without saying so
      this.o.env.setTimeout(() => this.dispatch({ type: "tick", now: this.now() }), 6100);
    }
  }

  /** The socket failed a few times: is the token still good? */
  private async checkToken(): Promise<void> {
    const token = this.state.token;
    if (!token || this.checkingToken) return;
    this.checkingToken = true;
    try {
      const session = await this.api.session(token);
      if (session.state === "ended") {
        this.dispatch({ type: "restore", token, session, survey: this.state.survey });
      }
    } catch (e) {
      if (e instanceof HttpError && (e.status === 401 || e.status === 403 || e.status === 404)) {
        this.disconnect();
        this.forget();
        this.dispatch({ type: "reset" });
        this.dispatch({ type: "error", key: "error.lost" });
      }
    } finally {
      this.checkingToken = false;
    }
  }

  private afterChange(prev: ChatState): void {
    const s = this.state;
    // The end: a `state: ended` frame may come before the `ended` frame that
    // carries the reason and the survey; keep the socket for it a moment.
    if (s.phase === "ended" && (prev.phase !== "ended" || (prev.endReason === null && s.endReason !== null))) {
      if (s.endReason !== null || !this.socket) this.onEnded();
      else this.o.env.setTimeout(() => this.state.phase === "ended" && this.socket && this.onEnded(), 3000);
    }
    if (s.phase === "ended" && s.survey && s.survey !== prev.survey) {
      const stored = this.load();
      if (stored) this.save({ ...stored, survey: s.survey });
    }
    let nowReady = false;
    if (!this.ready && this.helloOn === this.connId && caughtUp(s) && this.socket) {
      this.ready = nowReady = true;
      this.clearTimer("readyTimer");
    }
    if (this.ready && (nowReady || s.pending !== prev.pending)) this.flush();
    if (s.pending.length === 0) this.clearTimer("echoTimer");
    this.sendReceipts();
  }

  private onEnded(): void {
    this.disconnect();
    this.typingOn = false;
    if (this.state.survey && this.state.surveyPhase === "asking") void this.loadSurvey();
  }

  private async loadSurvey(): Promise<void> {
    const sv = this.state.survey;
    if (!sv) return;
    this.dispatch({ type: "surveyLoading" });
    try {
      const form = await this.api.survey(sv.token);
      this.dispatch({ type: "surveyForm", state: form.state ?? "open", question: form.question ?? null });
    } catch (e) {
      const gone = e instanceof HttpError && (e.status === 404 || e.status === 410);
      this.dispatch({ type: "surveyForm", state: gone ? "expired" : "open" });
    }
  }

  /** Sends the pending messages not yet sent on this connection. */
  private flush(): void {
    const sock = this.socket;
    if (!sock || !this.ready || !sock.isOpen) return;
    let sent = false;
    for (const p of this.state.pending) {
      if (p.initial || p.failed || this.sentOn.get(p.clientId) === this.connId) continue;
      if (!sock.send({ type: "message", text: p.text, client_id: p.clientId })) return;
      this.sentOn.set(p.clientId, this.connId);
      sent = true;
    }
    if (sent && this.echoTimer === null) {
      this.echoTimer = this.o.env.setTimeout(() => {
        this.echoTimer = null;
        const stale = this.state.pending.some((p) => !p.initial && !p.failed && this.sentOn.has(p.clientId));
        if (stale && this.state.phase === "chat") this.socket?.restart();
      }, this.o.echoTimeoutMs ?? 10_000);
    }
  }

  private sendReceipts(): void {
    const sock = this.socket;
    if (!sock || this.state.connection !== "open") return;
    const due = receiptsDue(this.state, this.sentMarks, this.shown);
    if (due.delivered && sock.send({ type: "delivered", up_to: due.delivered })) {
      this.sentMarks = { ...this.sentMarks, delivered: due.delivered };
    }
    if (due.read && sock.send({ type: "read", up_to: due.read })) {
      this.sentMarks = { ...this.sentMarks, read: due.read };
    }
  }

  /** The read watermark this page sent (the launcher's unread badge). */
  get readUpTo(): number {
    return this.sentMarks.read;
  }

  private load(): Stored | null {
    try {
      const raw = this.o.storage?.getItem(this.storageKey);
      const v = raw ? (JSON.parse(raw) as Stored) : null;
      return v && typeof v.token === "string" ? v : null;
    } catch {
      return null;
    }
  }

  private save(v: Stored): void {
    try {
      this.o.storage?.setItem(this.storageKey, JSON.stringify(v));
    } catch {
      /* storage full or denied: the chat still works, without resume on reload */
    }
  }

  private forget(): void {
    try {
      this.o.storage?.removeItem(this.storageKey);
    } catch {
      /* denied */
    }
  }
}

/** The catalogue key (and values) for a failed POST start. */
export function startError(e: unknown): { key: string; vars?: Record<string, string | number> } {
  if (!(e instanceof HttpError) || e.status === 0) return { key: "error.network" };
  if (e.status === 429) return { key: "error.rateLimited", vars: { seconds: e.retryAfterS ?? 60 } };
  if (e.status === 409) return { key: e.reason === "queue_full" || e.reason === "full" ? "error.full" : "error.closed" };
  if (e.status === 403) return { key: "error.forbidden" };
  if (e.status === 404) return { key: "error.unavailable" };
  return { key: "error.generic" };
}
