import { describe, expect, it, vi } from "vitest";
import { backoffDelay, eventSeq, FrameBatcher, isSinceError, KpiCoalescer, LiveClient, slimKpis, type SocketLike, type Timers } from "./live";

class FakeSocket implements SocketLike {
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(d: string) {
    this.sent.push(d);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  recv(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

function fakeTimers() {
  let now = 0;
  const pending: { at: number; f: () => void; id: number }[] = [];
  let next = 1;
  const t: Timers & { advance(ms: number): void; pending: typeof pending } = {
    pending,
    setTimeout(f, ms) {
      const id = next++;
      pending.push({ at: now + ms, f, id });
      return id;
    },
    clearTimeout(h) {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
    advance(ms) {
      now += ms;
      for (;;) {
        pending.sort((a, b) => a.at - b.at);
        const p = pending[0];
        if (!p || p.at > now) break;
        pending.shift();
        p.f();
      }
    },
  };
  return t;
}

function setup(since: number | null = null) {
  const sockets: FakeSocket[] = [];
  const got: Record<string, unknown>[] = [];
  const statuses: string[] = [];
  const timers = fakeTimers();
  const resync = vi.fn();
  const failed = vi.fn();
  const client = new LiveClient({
    url: (s) => `ws://x/api/v1/events?kpis=1${s === null ? "" : `&since=${s}`}`,
    onMessage: (m) => got.push(m),
    onStatus: (s) => statuses.push(s),
    onResyncNeeded: resync,
    onConnectFailed: failed,
    socket: (u) => {
      const s = new FakeSocket(u);
      sockets.push(s);
      return s;
    },
    timers,
    random: () => 0,
  });
  client.start(since);
  return { client, sockets, got, statuses, timers, resync, failed };
}

const ev = (seq: number, type = "contact_created") => ({ seq, time_ms: 1000 + seq, type, contact: seq, queue: 0 });

describe("backoffDelay", () => {
  it("doubles up to the maximum, with jitter taken off", () => {
    const b = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.3 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, b, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, b, () => 0)).toBe(30_000);
    expect(backoffDelay(0, b, () => 1)).toBe(350);
  });
});

describe("eventSeq / isSinceError", () => {
  it("takes the seq of events only", () => {
    expect(eventSeq(ev(5))).toBe(5);
    expect(eventSeq({ type: "kpis", seq: 9 })).toBeUndefined();
    expect(eventSeq({ type: "alerts", active: [] })).toBeUndefined();
  });
  it("recognises an error frame naming since", () => {
    expect(isSinceError({ error: { code: "invalid_argument", message: "too old", field: "since" } })).toBe(true);
    expect(isSinceError({ type: "error", field: "since" })).toBe(true);
    expect(isSinceError({ type: "error", error: "since is older than the log" })).toBe(true);
    expect(isSinceError({ type: "error", error: "bad frame" })).toBe(false);
    expect(isSinceError(ev(1))).toBe(false);
  });
});

describe("LiveClient", () => {
  it("connects with the given since and delivers frames in order", () => {
    const { sockets, got } = setup(100);
    expect(sockets[0].url).toContain("since=100");
    sockets[0].open();
    sockets[0].recv(ev(101));
    sockets[0].recv({ type: "kpis", seq: 101, full: true, entries: [] });
    sockets[0].recv(ev(102));
    expect(got.map((m) => m.seq)).toEqual([101, 101, 102]);
  });

  it("drops duplicate and older events, not KPI frames", () => {
    const { sockets, got } = setup(100);
    sockets[0].open();
    sockets[0].recv(ev(100));
    sockets[0].recv(ev(101));
    sockets[0].recv(ev(101));
    sockets[0].recv({ type: "kpis", seq: 90, full: false, entries: [] });
    expect(got.map((m) => `${m.type}:${m.seq}`)).toEqual(["contact_created:101", "kpis:90"]);
  });

  it("reconnects with back-off and resumes after the last seq it saw", () => {
    const { client, sockets, got, timers, statuses } = setup(null);
    sockets[0].open();
    expect(sockets[0].url).not.toContain("since");
    sockets[0].recv(ev(7));
    sockets[0].recv(ev(8));
    sockets[0].drop();
    expect(statuses).toContain("reconnecting");
    expect(sockets).toHaveLength(1);
    timers.advance(499);
    expect(sockets).toHaveLength(1);
    timers.advance(1);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).toContain("since=8");
    // the server replays what we missed, then live; an overlap is dropped
    sockets[1].open();
    sockets[1].recv(ev(8));
    sockets[1].recv(ev(9));
    expect(got.map((m) => m.seq)).toEqual([7, 8, 9]);
    expect(client.lastSeq).toBe(9);
  });

  it("backs off further while the server stays away, and starts over once it answers", () => {
    const { sockets, timers, failed } = setup(1);
    sockets[0].drop(); // never opened
    expect(failed).toHaveBeenCalledTimes(1);
    timers.advance(500);
    sockets[1].drop();
    timers.advance(999);
    expect(sockets).toHaveLength(2);
    timers.advance(1);
    expect(sockets).toHaveLength(3);
    sockets[2].drop();
    timers.advance(2000);
    expect(sockets).toHaveLength(4);
    sockets[3].open();
    sockets[3].recv(ev(2));
    sockets[3].drop();
    timers.advance(500); // back to the first delay
    expect(sockets).toHaveLength(5);
    expect(sockets[4].url).toContain("since=2");
  });

  it("comes back at once after being cut off as a slow consumer (1008)", () => {
    const { sockets, timers } = setup(5);
    sockets[0].open();
    sockets[0].recv(ev(6));
    sockets[0].drop(1008);
    timers.advance(0);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).toContain("since=6");
  });

  it("asks for a resync when since is too old, and resumes from the new snapshot", () => {
    const { client, sockets, timers, resync, got } = setup(3);
    sockets[0].open();
    sockets[0].recv({ error: { code: "invalid_argument", message: "since is older than the log", field: "since" } });
    sockets[0].drop(1011);
    expect(resync).toHaveBeenCalledTimes(1);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1); // waits for the owner
    client.resume(500);
    expect(sockets).toHaveLength(2);
    expect(sockets[1].url).toContain("since=500");
    sockets[1].open();
    sockets[1].recv(ev(501));
    expect(got.map((m) => m.seq)).toEqual([501]);
  });

  it("stops for good", () => {
    const { client, sockets, timers, statuses } = setup(1);
    sockets[0].open();
    client.stop();
    expect(sockets[0].closed).toBe(true);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe("stopped");
  });

  it("sends frames only while open", () => {
    const { client, sockets } = setup(null);
    expect(client.send({ type: "typing", on: true })).toBe(false);
    sockets[0].open();
    expect(client.send({ type: "typing", on: true })).toBe(true);
    expect(sockets[0].sent).toEqual(['{"type":"typing","on":true}']);
  });

  it("ignores frames that are not JSON objects", () => {
    const { sockets, got } = setup(null);
    sockets[0].open();
    sockets[0].onmessage?.({ data: "not json" });
    sockets[0].onmessage?.({ data: "42" });
    expect(got).toEqual([]);
  });
});

describe("FrameBatcher", () => {
  it("hands over everything queued once per frame", () => {
    const frames: (() => void)[] = [];
    const batches: number[][] = [];
    const timers = fakeTimers();
    const b = new FrameBatcher<number>(
      (x) => batches.push(x),
      { request: (f) => frames.push(f), cancel: () => {} },
      timers,
    );
    b.push(1);
    b.push(2, 3);
    expect(frames).toHaveLength(1);
    frames[0]();
    b.push(4);
    expect(batches).toEqual([[1, 2, 3]]);
    frames[1]();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("flushes after maxDelay when no frame comes (hidden tab)", () => {
    const batches: number[][] = [];
    const timers = fakeTimers();
    const b = new FrameBatcher<number>((x) => batches.push(x), { request: () => 1, cancel: () => {} }, timers, 250);
    b.push(1, 2);
    timers.advance(250);
    expect(batches).toEqual([[1, 2]]);
  });
});

describe("slimKpis", () => {
  const msg = {
    type: "kpis",
    seq: 1,
    full: true,
    entries: [
      { dim: "center", id: 0, today: { offered: 3, handled: 2 } },
      { dim: "agent", id: 4, today: { handled: 2, aht_s: 30, offered: 0 }, last_15m: { handled: 1 } },
      { dim: "site", id: 1, today: { offered: 1 } },
    ],
  };
  it("keeps what the spec names", () => {
    const s = slimKpis(msg, { agent: { today: ["handled", "aht_s"] }, site: "none" });
    expect(s.entries).toEqual([
      { dim: "center", id: 0, today: { offered: 3, handled: 2 } },
      { dim: "agent", id: 4, today: { handled: 2, aht_s: 30 } },
    ]);
  });
  it("passes other frames and no spec through", () => {
    expect(slimKpis(msg, undefined)).toBe(msg);
    const e = { type: "contact_created", seq: 3 };
    expect(slimKpis(e, { agent: "none" })).toBe(e);
  });
});

describe("KpiCoalescer", () => {
  const kpis = (full: boolean, seq: number, entries: Record<string, unknown>[]) => ({ type: "kpis", seq, time_ms: seq, day_start_ms: 0, full, entries });
  it("passes other dimensions at once and the held ones at most every interval, latest per id", () => {
    let now = 0;
    const c = new KpiCoalescer({ agent: 2000 }, () => now);
    const full = kpis(true, 1, [{ dim: "agent", id: 1, today: { handled: 0 } }]);
    expect(c.take(full)).toBe(full);
    const a = c.take(kpis(false, 2, [{ dim: "queue", id: 0, today: { offered: 1 } }, { dim: "agent", id: 1, today: { handled: 1 } }]));
    expect(a?.entries).toEqual([{ dim: "queue", id: 0, today: { offered: 1 } }]);
    expect(c.take(kpis(false, 3, [{ dim: "agent", id: 1, today: { handled: 2 } }, { dim: "agent", id: 2, today: { handled: 5 } }]))).toBeNull();
    expect(c.flush()).toBeNull();
    now = 2000;
    const f = c.flush();
    expect(f).toMatchObject({ type: "kpis", full: false, seq: 3 });
    expect(f?.entries).toEqual([{ dim: "agent", id: 1, today: { handled: 2 } }, { dim: "agent", id: 2, today: { handled: 5 } }]);
    expect(c.flush()).toBeNull();
  });
  it("a full picture drops what was held back", () => {
    let now = 0;
    const c = new KpiCoalescer({ agent: 2000 }, () => now);
    c.take(kpis(true, 1, []));
    c.take(kpis(false, 2, [{ dim: "agent", id: 1, today: { handled: 9 } }]));
    c.take(kpis(true, 3, [{ dim: "agent", id: 1, today: { handled: 1 } }]));
    now = 5000;
    expect(c.flush()).toBeNull();
  });
  it("leaves other frames alone", () => {
    const c = new KpiCoalescer({ agent: 1000 });
    const e = { type: "contact_created", seq: 4 };
    expect(c.take(e)).toBe(e);
  });
});
