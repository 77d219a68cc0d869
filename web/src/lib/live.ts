// The live connection: a WebSocket that reconnects with back-off and resumes
// where it left off (docs/api.md, "Event stream": `since=SEQ` replays the
// durable events after SEQ, then continues live, without gaps or
// duplicates). Used for GET /api/v1/events (engine events, `kpis`, alerts)
// and the chat sockets (docs/chat.md), which resume the same way.
//
// Nothing here touches React or the DOM: the socket and the timers are
// injected, so the reconnect / resume / duplicate rules are unit-tested
// (live.test.ts) and the same code runs in a worker (live.worker.ts).

export type LiveStatus = "connecting" | "open" | "reconnecting" | "stopped";

/** What LiveClient needs of a WebSocket (the browser's fits). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface Timers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}
const realTimers: Timers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the delay is reduced by up to this share at random, so that many
   *  clients cut off together do not all come back at the same instant. */
  jitter: number;
}
export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.3 };

/** The delay before reconnect attempt `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, b: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const raw = Math.min(b.maxMs, b.initialMs * Math.pow(b.factor, Math.max(0, attempt)));
  return Math.round(raw * (1 - b.jitter * random()));
}

export interface LiveClientOptions {
  /** The socket URL for a connection that resumes after `since` (null: from now). */
  url: (since: number | null) => string;
  /** Every parsed frame that is not a duplicate, in order. */
  onMessage: (msg: Record<string, unknown>) => void;
  /** The sequence number a frame carries that resuming should continue
   *  after; undefined for frames that are not part of the sequence. */
  seqOf?: (msg: Record<string, unknown>) => number | undefined;
  onStatus?: (status: LiveStatus, info: { attempt: number; code?: number }) => void;
  /** The server cannot resume from our seq (an error frame naming `since`:
   *  it is older than the log keeps). The owner must reload its state and
   *  call resume(seq) (or restart()). */
  onResyncNeeded?: () => void;
  /** A connection failed before it opened (e.g. the session expired); the
   *  owner may check its credentials. */
  onConnectFailed?: (attempt: number) => void;
  socket?: SocketFactory;
  timers?: Timers;
  backoff?: Backoff;
  random?: () => number;
}

/** The seq of an engine event (a frame with a numeric seq whose type is not
 *  one of the stream's other messages). KPI frames carry a seq too (the last
 *  event they reflect) but are not events: they are not resumed from. */
export function eventSeq(msg: Record<string, unknown>): number | undefined {
  const t = msg.type;
  if (t === "kpis" || t === "alerts" || t === "alert" || t === "error") return undefined;
  return typeof msg.seq === "number" ? msg.seq : undefined;
}

/** An error frame naming `since`: the log no longer has our position. */
export function isSinceError(msg: Record<string, unknown>): boolean {
  const e = (msg.error ?? (msg.type === "error" ? msg : undefined)) as { field?: string } | string | undefined;
  if (!e) return false;
  if (typeof e === "string") return e.includes("since");
  return e.field === "since";
}

export class LiveClient {
  private ws: SocketLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private stopped = true;
  private opened = false;
  private resyncing = false;
  /** The last sequence number seen (or given to start / resume). */
  lastSeq: number | null = null;
  private readonly t: Timers;
  private readonly seqOf: (m: Record<string, unknown>) => number | undefined;

  constructor(private readonly o: LiveClientOptions) {
    this.t = o.timers ?? realTimers;
    this.seqOf = o.seqOf ?? eventSeq;
  }

  /** Connects, resuming after `since` when given. */
  start(since: number | null = null): void {
    this.stopped = false;
    this.lastSeq = since;
    this.attempt = 0;
    this.connect();
  }

  /** After a resync: continue from `since` (a fresh snapshot's seq). */
  resume(since: number | null): void {
    this.resyncing = false;
    this.lastSeq = since;
    this.closeSocket();
    this.t.clearTimeout(this.timer);
    this.timer = null;
    if (!this.stopped) this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.t.clearTimeout(this.timer);
    this.timer = null;
    this.closeSocket();
    this.o.onStatus?.("stopped", { attempt: this.attempt });
  }

  /** Sends a frame when connected; false when not (the caller may use REST). */
  send(msg: unknown): boolean {
    if (!this.ws || !this.opened) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  get connected(): boolean {
    return this.opened;
  }

  private closeSocket() {
    const ws = this.ws;
    this.ws = null;
    this.opened = false;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000);
      } catch {
        /* already closed */
      }
    }
  }

  private connect() {
    const factory: SocketFactory = this.o.socket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
    this.o.onStatus?.(this.attempt === 0 ? "connecting" : "reconnecting", { attempt: this.attempt });
    let ws: SocketLike;
    try {
      ws = factory(this.o.url(this.lastSeq));
    } catch {
      this.scheduleReconnect(undefined);
      return;
    }
    this.ws = ws;
    this.opened = false;
    let gotMessage = false;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.opened = true;
      this.o.onStatus?.("open", { attempt: this.attempt });
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      if (!gotMessage) {
        gotMessage = true;
        this.attempt = 0; // the server answered: the next drop starts the back-off over
      }
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (msg === null || typeof msg !== "object") return;
      if (isSinceError(msg)) {
        this.resyncing = true;
        this.o.onResyncNeeded?.();
        return;
      }
      const seq = this.seqOf(msg);
      if (seq !== undefined) {
        if (this.lastSeq !== null && seq <= this.lastSeq) return; // a duplicate (overlap after resume)
        this.lastSeq = seq;
      }
      this.o.onMessage(msg);
    };
    ws.onerror = () => {
      /* onclose follows */
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      const wasOpen = this.opened;
      this.ws = null;
      this.opened = false;
      if (!wasOpen) this.o.onConnectFailed?.(this.attempt);
      this.scheduleReconnect(ev?.code);
    };
  }

  private scheduleReconnect(code: number | undefined) {
    if (this.stopped || this.resyncing) return;
    // 1008: we were too slow and were cut off; the log has everything, come back at once.
    const delay = code === 1008 && this.attempt === 0 ? 0 : backoffDelay(this.attempt, this.o.backoff, this.o.random);
    this.attempt++;
    this.o.onStatus?.("reconnecting", { attempt: this.attempt, code });
    this.t.clearTimeout(this.timer);
    this.timer = this.t.setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}

// ---- batching --------------------------------------------------------------

export interface FrameScheduler {
  request(f: () => void): unknown;
  cancel(h: unknown): void;
}

/** Collects messages and hands them over once per animation frame (or after
 *  `maxDelayMs` when frames do not come, e.g. in a hidden tab), so that a
 *  burst of events costs one state update and one render. */
export class FrameBatcher<M> {
  private queue: M[] = [];
  private frame: unknown = null;
  private timer: unknown = null;
  constructor(
    private readonly flushTo: (batch: M[]) => void,
    private readonly frames: FrameScheduler = {
      request: (f) => (typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => f()) : setTimeout(f, 16)),
      cancel: (h) => (typeof cancelAnimationFrame === "function" ? cancelAnimationFrame(h as number) : clearTimeout(h as number)),
    },
    private readonly timers: Timers = realTimers,
    private readonly maxDelayMs = 250,
  ) {}

  push(...msgs: M[]): void {
    for (const m of msgs) this.queue.push(m);
    if (this.frame === null) {
      this.frame = this.frames.request(() => this.flush());
      this.timer = this.timers.setTimeout(() => this.flush(), this.maxDelayMs);
    }
  }

  /** Hands over what is queued now. */
  flush(): void {
    if (this.frame !== null) this.frames.cancel(this.frame);
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.frame = this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.flushTo(batch);
  }

  dispose(): void {
    if (this.frame !== null) this.frames.cancel(this.frame);
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.frame = this.timer = null;
    this.queue = [];
  }
}

// ---- slimming KPI frames ---------------------------------------------------

/** Which KPI figures a page keeps per dimension: "all", "none", or per window
 *  the list of fields. A wallboard of 1,000 agents gets every agent's
 *  ~90 figures four times a second and shows three: parsing and keeping the
 *  rest would cost the main thread for nothing. */
export type SlimSpec = Partial<Record<string, "all" | "none" | Partial<Record<"today" | "last_15m" | "last_60m", string[]>>>>;

export function slimKpis<T extends { type?: unknown; entries?: unknown }>(msg: T, spec: SlimSpec | undefined): T {
  if (!spec || msg.type !== "kpis" || !Array.isArray(msg.entries)) return msg;
  const entries: Record<string, unknown>[] = [];
  for (const e of msg.entries as Record<string, unknown>[]) {
    const rule = spec[e.dim as string] ?? "all";
    if (rule === "none") continue;
    if (rule === "all") {
      entries.push(e);
      continue;
    }
    const out: Record<string, unknown> = { dim: e.dim, id: e.id };
    if (e.name !== undefined) out.name = e.name;
    for (const [win, fields] of Object.entries(rule)) {
      const w = e[win] as Record<string, unknown> | undefined;
      if (!w || !fields) continue;
      const slim: Record<string, unknown> = {};
      for (const f of fields) if (f in w) slim[f] = w[f];
      out[win] = slim;
    }
    entries.push(out);
  }
  return { ...msg, entries };
}

/** `url` with `since` set (or removed when null). */
export function withSince(url: string, since: number | null): string {
  const u = new URL(url);
  if (since === null) u.searchParams.delete("since");
  else u.searchParams.set("since", String(since));
  return u.toString();
}

// ---- coalescing KPI entries ------------------------------------------------

/** Holds back the KPI entries of some dimensions and hands them over at most
 *  every `ms` (the latest entry per id): a wallboard's grid of 1,000 agents
 *  need not take every agent's figures four times a second. A full picture
 *  passes at once, whole, and drops what was held back. */
export class KpiCoalescer {
  private held = new Map<string, Record<string, unknown>>();
  private last: { seq: unknown; time_ms: unknown; day_start_ms: unknown } | null = null;
  private due = 0;
  constructor(
    private readonly every: Partial<Record<string, number>>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The message to pass on now (or null), holding back what waits. */
  take(msg: Record<string, unknown>): Record<string, unknown> | null {
    if (msg.type !== "kpis" || !Array.isArray(msg.entries)) return msg;
    this.last = { seq: msg.seq, time_ms: msg.time_ms, day_start_ms: msg.day_start_ms };
    if (msg.full) {
      this.held.clear();
      this.due = this.now() + this.minEvery();
      return msg;
    }
    const pass: Record<string, unknown>[] = [];
    for (const e of msg.entries as Record<string, unknown>[]) {
      const ms = this.every[e.dim as string];
      if (ms === undefined) pass.push(e);
      else {
        const key = `${e.dim}:${e.dim === "group" ? e.name : e.id}`;
        const old = this.held.get(key);
        this.held.set(key, old ? { ...old, ...e } : e);
      }
    }
    if (this.held.size > 0 && this.now() >= this.due) {
      for (const e of this.held.values()) pass.push(e);
      this.held.clear();
      this.due = this.now() + this.minEvery();
    }
    return pass.length ? { ...msg, entries: pass } : null;
  }

  /** What was held back, when its time has come (for a timer). */
  flush(): Record<string, unknown> | null {
    if (this.held.size === 0 || !this.last || this.now() < this.due) return null;
    const entries = [...this.held.values()];
    this.held.clear();
    this.due = this.now() + this.minEvery();
    return { type: "kpis", full: false, ...this.last, entries };
  }

  private minEvery(): number {
    return Math.min(...(Object.values(this.every) as number[]));
  }
}
