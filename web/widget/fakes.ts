// Test doubles for transport.Env: a scripted WebSocket, manual timers and a
// fetch that answers from a route table. Used by the *.test.ts beside it.
import type { Env, WebSocketLike } from "./transport";

export class FakeWebSocket implements WebSocketLike {
  static all: FakeWebSocket[] = [];
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: unknown[] = [];
  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
  }
  static get last(): FakeWebSocket {
    return FakeWebSocket.all[FakeWebSocket.all.length - 1];
  }
  get since(): number {
    return Number(new URL(this.url).searchParams.get("since"));
  }
  /** The server accepts and sends these frames. */
  accept(...frames: object[]): void {
    this.readyState = 1;
    this.onopen?.({});
    for (const f of frames) this.frame(f);
  }
  frame(f: object): void {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  /** The connection breaks. */
  fail(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error("not open");
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  sentOf(type: string): Record<string, unknown>[] {
    return (this.sent as Record<string, unknown>[]).filter((f) => f.type === type);
  }
}

export class FakeTimers {
  now = 0;
  private q: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  set = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.q.push({ at: this.now + ms, fn, id });
    return id;
  };
  clear = (id: unknown): void => {
    this.q = this.q.filter((t) => t.id !== id);
  };
  /** Runs the timers due within `ms`, in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      this.q.sort((a, b) => a.at - b.at);
      const t = this.q[0];
      if (!t || t.at > end) break;
      this.q.shift();
      this.now = t.at;
      t.fn();
    }
    this.now = end;
  }
  get pending(): number[] {
    return this.q.map((t) => t.at - this.now).sort((a, b) => a - b);
  }
}

export type Route = (body: unknown, init: RequestInit) => { status: number; body?: unknown; headers?: Record<string, string> };

export function fakeEnv(routes: Record<string, Route>, timers = new FakeTimers()) {
  const calls: { method: string; url: string; body: unknown; headers: Record<string, string> }[] = [];
  FakeWebSocket.all = [];
  const env: Env = {
    fetch: async (url, init = {}) => {
      const method = init.method ?? "GET";
      const path = new URL(url).pathname;
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body, headers: (init.headers ?? {}) as Record<string, string> });
      const route = routes[`${method} ${path}`];
      if (!route) return new Response(JSON.stringify({ error: { code: "not_found" } }), { status: 404 });
      const r = route(body, init);
      return new Response(r.status === 204 ? null : JSON.stringify(r.body ?? {}), { status: r.status, headers: r.headers });
    },
    WebSocket: FakeWebSocket,
    setTimeout: timers.set,
    clearTimeout: timers.clear,
    random: () => 1,
  };
  return { env, calls, timers };
}

export class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise((r) => setTimeout(r, 0));
