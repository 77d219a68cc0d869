import { describe, expect, it } from "vitest";
import { FakeTimers, FakeWebSocket, fakeEnv } from "./fakes";
import { Api, HttpError, VisitorSocket, backoffMs, socketUrl, type SocketStatus } from "./transport";
import type { ServerFrame } from "./types";

describe("backoff", () => {
  it("doubles from 0.5 s to 30 s, with jitter between half and full", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffMs(a, 1))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffMs(0, 0)).toBe(250);
    expect(backoffMs(50, 0.5)).toBe(22500);
  });
});

describe("socketUrl", () => {
  it("ws for http, wss for https, with token and since", () => {
    expect(socketUrl("http://localhost:8080", "vt_a", 0)).toBe("ws://localhost:8080/api/v1/chat/visitor/socket?token=vt_a&since=0");
    expect(socketUrl("https://cc.example", "vt_a b", 12)).toBe("wss://cc.example/api/v1/chat/visitor/socket?token=vt_a+b&since=12");
  });
});

describe("Api", () => {
  it("sends the token as a bearer header and JSON bodies", async () => {
    const { env, calls } = fakeEnv({
      "POST /api/v1/chat/visitor/end": () => ({ status: 200, body: { state: "ended", survey: null } }),
    });
    const api = new Api("http://cc.test", env);
    expect(await api.end("vt_1")).toEqual({ state: "ended", survey: null });
    expect(calls[0].url).toBe("http://cc.test/api/v1/chat/visitor/end");
    expect(calls[0].headers.Authorization).toBe("Bearer vt_1");
  });

  it("turns errors into HttpError with the reason and Retry-After", async () => {
    const { env } = fakeEnv({
      "POST /api/v1/chat/visitor/start": () => ({ status: 429, body: { error: { code: "rate_limited" } }, headers: { "Retry-After": "17" } }),
      "GET /api/v1/chat/visitor": () => ({ status: 409, body: { error: { code: "refused" }, reason: "closed" } }),
    });
    const api = new Api("http://cc.test", env);
    const e1 = await api.start({ widget: "w" }).catch((e) => e);
    expect(e1).toBeInstanceOf(HttpError);
    expect([e1.status, e1.code, e1.retryAfterS]).toEqual([429, "rate_limited", 17]);
    const e2 = await api.session("t").catch((e) => e);
    expect([e2.status, e2.reason]).toEqual([409, "closed"]);
    env.fetch = async () =>
      new Response(JSON.stringify({ error: { code: "capacity", message: "the chat queue refused the contact: queue_full", field: "queue" } }), { status: 409 });
    expect((await api.start({ widget: "w" }).catch((e) => e)).reason).toBe("queue_full");
    env.fetch = () => Promise.reject(new TypeError("Failed to fetch"));
    const e3 = await api.session("t").catch((e) => e);
    expect([e3.status, e3.code]).toEqual([0, "network"]);
  });

  it("answers a survey with the rating and the trimmed comment only if any", async () => {
    const { env, calls } = fakeEnv({ "POST /api/v1/surveys/sv_1": () => ({ status: 201, body: {} }) });
    const api = new Api("http://cc.test", env);
    await api.answerSurvey("sv_1", 5, "  ");
    await api.answerSurvey("sv_1", 4, " great ");
    expect(calls.map((c) => c.body)).toEqual([{ rating: 5 }, { rating: 4, comment: "great" }]);
  });
});

describe("VisitorSocket", () => {
  function setup() {
    const timers = new FakeTimers();
    const { env } = fakeEnv({}, timers);
    const frames: ServerFrame[] = [];
    const statuses: SocketStatus[] = [];
    let since = 0;
    const sock = new VisitorSocket({
      origin: "http://cc.test",
      token: "vt_1",
      since: () => since,
      env,
      onFrame: (f) => {
        frames.push(f);
        if (f.type === "message") since = f.seq;
      },
      onStatus: (s) => statuses.push(s),
    });
    return { sock, frames, statuses, timers };
  }

  it("reconnects with back-off and resumes from the last seq", () => {
    const { sock, frames, statuses, timers } = setup();
    sock.connect();
    expect(FakeWebSocket.all).toHaveLength(1);
    expect(FakeWebSocket.last.since).toBe(0);
    FakeWebSocket.last.accept({ type: "hello", state: "queued", last_seq: 1 }, { type: "message", seq: 1, from: "visitor", text: "hi" });
    expect(statuses).toEqual(["connecting", "open"]);
    expect(frames.map((f) => f.type)).toEqual(["hello", "message"]);

    FakeWebSocket.last.fail();
    expect(statuses.at(-1)).toBe("reconnecting");
    expect(timers.pending).toEqual([500]);
    timers.advance(500);
    expect(FakeWebSocket.all).toHaveLength(2);
    expect(FakeWebSocket.last.since).toBe(1);
    // refused again and again: the wait doubles
    FakeWebSocket.last.fail();
    expect(timers.pending).toEqual([1000]);
    timers.advance(1000);
    FakeWebSocket.last.fail();
    expect(timers.pending).toEqual([2000]);
    timers.advance(2000);
    // a hello resets the back-off
    FakeWebSocket.last.accept({ type: "hello", state: "active", last_seq: 1 });
    FakeWebSocket.last.fail();
    expect(timers.pending).toEqual([500]);
  });

  it("sends only while open; close() stops reconnecting", () => {
    const { sock, timers } = setup();
    sock.connect();
    expect(sock.send({ type: "typing", on: true })).toBe(false);
    FakeWebSocket.last.accept({ type: "hello", last_seq: 0 });
    expect(sock.send({ type: "typing", on: true })).toBe(true);
    expect(FakeWebSocket.last.sent).toEqual([{ type: "typing", on: true }]);
    sock.close();
    expect(FakeWebSocket.last.readyState).toBe(3);
    FakeWebSocket.last.fail();
    timers.advance(60_000);
    expect(FakeWebSocket.all).toHaveLength(1);
  });

  it("ignores frames that are not JSON objects with a type", () => {
    const { sock, frames } = setup();
    sock.connect();
    const ws = FakeWebSocket.last;
    ws.accept();
    ws.onmessage?.({ data: "not json" });
    ws.onmessage?.({ data: "[1]" });
    ws.onmessage?.({ data: new ArrayBuffer(2) });
    expect(frames).toEqual([]);
  });

  it("nudge() reconnects at once instead of waiting", () => {
    const { sock, timers } = setup();
    sock.connect();
    FakeWebSocket.last.fail();
    timers.advance(100);
    sock.nudge();
    expect(FakeWebSocket.all).toHaveLength(2);
    expect(timers.pending).toEqual([]);
  });
});
