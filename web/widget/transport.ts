// Talking to the server: the visitor's REST calls and the visitor WebSocket
// with reconnection (back-off, resume with since=<last seq>). The browser's
// fetch, WebSocket and timers come in through `Env` so that tests can drive
// them (transport.test.ts).
import type { ClientFrame, ServerFrame, Session, StartAnswer, Survey } from "./types";

export interface WebSocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface Env {
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  WebSocket: new (url: string) => WebSocketLike;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  random: () => number;
}

export function browserEnv(): Env {
  return {
    fetch: (u, i) => fetch(u, i),
    WebSocket: WebSocket as unknown as Env["WebSocket"],
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as number),
    random: Math.random,
  };
}

/** A failed call: `status` 0 for a network failure. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string | null,
    readonly retryAfterS: number | null,
  ) {
    super(`${status} ${code}`);
  }
}

export interface StartRequest {
  widget: string;
  language?: string;
  name?: string;
  message?: string;
}

export interface SurveyForm {
  queue?: string;
  question?: string | null;
  questions?: string[];
  state: "open" | "answered" | "expired";
  expires_ms?: number;
}

/** The visitor's REST calls against `origin` (the server the script came from). */
export class Api {
  constructor(
    readonly origin: string,
    private readonly env: Env,
  ) {}

  private async call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (token) headers["Authorization"] = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await this.env.fetch(this.origin + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
      });
    } catch {
      throw new HttpError(0, "network", null, null);
    }
    const text = res.status === 204 ? "" : await res.text().catch(() => "");
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const j = (json ?? {}) as { reason?: string; error?: { code?: string; reason?: string; message?: string } };
      const ra = Number(res.headers.get("Retry-After"));
      throw new HttpError(
        res.status,
        j.error?.code ?? `http_${res.status}`,
        // docs/chat.md: "409 with reason"; also found in the message ("... refused the contact: queue_full")
        j.reason ?? j.error?.reason ?? /\b(queue_full|queue_closed)\b/.exec(j.error?.message ?? "")?.[1] ?? null,
        Number.isFinite(ra) && ra > 0 ? ra : null,
      );
    }
    return json as T;
  }

  start(req: StartRequest): Promise<StartAnswer> {
    return this.call("POST", "/api/v1/chat/visitor/start", null, req);
  }
  session(token: string): Promise<Session> {
    return this.call("GET", "/api/v1/chat/visitor", token);
  }
  end(token: string): Promise<{ state: "ended"; survey: Survey | null }> {
    return this.call("POST", "/api/v1/chat/visitor/end", token, {});
  }
  survey(surveyToken: string): Promise<SurveyForm> {
    return this.call("GET", `/api/v1/surveys/${encodeURIComponent(surveyToken)}`, null);
  }
  answerSurvey(surveyToken: string, rating: number, comment: string): Promise<unknown> {
    const body: { rating: number; comment?: string } = { rating };
    if (comment.trim()) body.comment = comment.trim();
    return this.call("POST", `/api/v1/surveys/${encodeURIComponent(surveyToken)}`, null, body);
  }
}

/** The wait before reconnection attempt `attempt` (0-based): 0.5 s doubling
 *  up to 30 s, with jitter (50 .. 100 %) so that many visitors do not
 *  reconnect at once after a server restart. */
export function backoffMs(attempt: number, random: number): number {
  const base = Math.min(30_000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.5 + random / 2));
}

export function socketUrl(origin: string, token: string, since: number): string {
  const u = new URL("/api/v1/chat/visitor/socket", origin);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  u.searchParams.set("token", token);
  u.searchParams.set("since", String(since));
  return u.toString();
}

export type SocketStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface SocketOptions {
  origin: string;
  token: string;
  /** the last seq seen, read at each (re)connection */
  since: () => number;
  onFrame: (f: ServerFrame) => void;
  onStatus: (s: SocketStatus) => void;
  /** called before each reconnection wait with the number of failed attempts so far */
  onRetry?: (failures: number) => void;
  env: Env;
}

/** The visitor WebSocket: connects, parses frames, reconnects with back-off
 *  until `close()` (the chat ended or the visitor left). */
export class VisitorSocket {
  private ws: WebSocketLike | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private closed = false;

  constructor(private readonly o: SocketOptions) {}

  connect(): void {
    if (this.closed || this.ws) return;
    this.o.onStatus(this.attempt === 0 ? "connecting" : "reconnecting");
    let ws: WebSocketLike;
    try {
      ws = new this.o.env.WebSocket(socketUrl(this.o.origin, this.o.token, this.o.since()));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onmessage = (ev) => {
      if (typeof ev.data !== "string") return;
      let f: ServerFrame;
      try {
        f = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return;
      }
      if (!f || typeof f !== "object" || typeof f.type !== "string") return;
      if (f.type === "hello") {
        this.attempt = 0;
        this.o.onStatus("open");
      }
      this.o.onFrame(f);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.o.onStatus("reconnecting");
    this.o.onRetry?.(this.attempt + 1);
    const delay = backoffMs(this.attempt++, this.o.env.random());
    this.timer = this.o.env.setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  /** Reconnects at once (the page became visible, the browser went online). */
  nudge(): void {
    if (this.closed || this.ws || this.timer === null) return;
    this.o.env.clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  }

  /** Drops the connection and connects again at once (a sent message got no
   *  echo: the connection may be dead without the browser knowing). */
  restart(): void {
    if (this.closed) return;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = null;
      try {
        ws.close(4000);
      } catch {
        /* already closed */
      }
    }
    if (this.timer !== null) this.o.env.clearTimeout(this.timer);
    this.timer = null;
    this.attempt = Math.max(this.attempt, 1);
    this.connect();
  }

  /** Sends a frame if the socket is open; false otherwise. */
  send(f: ClientFrame): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== 1) return false;
    try {
      ws.send(JSON.stringify(f));
      return true;
    } catch {
      return false;
    }
  }

  get isOpen(): boolean {
    return !!this.ws && this.ws.readyState === 1;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.o.env.clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = null;
      try {
        ws.close(1000);
      } catch {
        /* already closed */
      }
    }
    this.o.onStatus("closed");
  }
}
