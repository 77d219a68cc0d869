import { beforeEach, describe, expect, it } from "vitest";
import { Chat, startError } from "./chat";
import { FakeWebSocket, MemoryStorage, fakeEnv, flush, type Route } from "./fakes";
import { HttpError } from "./transport";
import type { Message } from "./types";

const startAnswer = { contact: 7, token: "vt_1", expires_ms: 9e12, state: "queued", position: 2, ewt_ms: 60_000, queue: "support-chat" };
const msg = (seq: number, from: Message["from"], text: string, client_id: string | null = null) => ({
  type: "message",
  seq,
  from,
  kind: "message",
  author: from === "agent" ? "agent13" : null,
  text,
  time_ms: seq,
  client_id,
});
const hello = (over: object = {}) => ({
  type: "hello",
  contact: 7,
  queue: "support-chat",
  state: "queued",
  agent: null,
  position: 2,
  ewt_ms: 60_000,
  last_seq: 1,
  receipts: { visitor: { delivered: 0, read: 0 }, agent: { delivered: 0, read: 0 } },
  ...over,
});

function setup(routes: Record<string, Route> = {}, storage = new MemoryStorage()) {
  const f = fakeEnv({ "POST /api/v1/chat/visitor/start": () => ({ status: 201, body: startAnswer }), ...routes });
  const chat = new Chat({ widget: "wg_demo", origin: "http://cc.test", env: f.env, storage, now: () => f.timers.now, language: () => "zh-CN" });
  return { chat, storage, ...f };
}

async function startedChat(routes: Record<string, Route> = {}) {
  const t = setup(routes);
  await t.chat.start("Ana", "Hello");
  const ws = FakeWebSocket.last;
  ws.accept(hello(), msg(1, "visitor", "Hello"));
  return { ...t, ws };
}

beforeEach(() => {
  FakeWebSocket.all = [];
});

describe("start", () => {
  it("posts the widget, language, name and first message, keeps the token, connects since=0", async () => {
    const { chat, calls, storage } = setup();
    await chat.start("  Ana ", "Hello");
    expect(calls[0].body).toEqual({ widget: "wg_demo", language: "zh-CN", name: "Ana", message: "Hello" });
    expect(JSON.parse(storage.getItem("switchyard-chat:wg_demo")!)).toEqual({ token: "vt_1", contact: 7 });
    expect(FakeWebSocket.last.url).toBe("ws://cc.test/api/v1/chat/visitor/socket?token=vt_1&since=0");
    expect(chat.state.position).toBe(2);
    FakeWebSocket.last.accept(hello(), msg(1, "visitor", "Hello"));
    expect(chat.state.pending).toEqual([]);
    expect(chat.state.messages).toHaveLength(1);
  });

  it("maps refusals to messages", () => {
    expect(startError(new HttpError(429, "x", null, 30))).toEqual({ key: "error.rateLimited", vars: { seconds: 30 } });
    expect(startError(new HttpError(409, "x", "closed", null)).key).toBe("error.closed");
    expect(startError(new HttpError(409, "x", "queue_full", null)).key).toBe("error.full");
    expect(startError(new HttpError(403, "x", null, null)).key).toBe("error.forbidden");
    expect(startError(new HttpError(0, "network", null, null)).key).toBe("error.network");
    expect(startError(new Error("?")).key).toBe("error.network");
  });
});

describe("messages over the socket", () => {
  it("sends with a client_id and matches the echo", async () => {
    const { chat, ws } = await startedChat();
    expect(chat.send("How much is the lamp?")).toBe(true);
    const [sent] = ws.sentOf("message");
    expect(sent.text).toBe("How much is the lamp?");
    expect(chat.state.pending).toHaveLength(1);
    ws.frame(msg(2, "visitor", "How much is the lamp?", sent.client_id as string));
    expect(chat.state.pending).toHaveLength(0);
    expect(chat.state.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("refuses empty and too long messages", async () => {
    const { chat, ws } = await startedChat();
    expect(chat.send("   ")).toBe(false);
    expect(chat.send("字".repeat(1334))).toBe(false); // 4,002 bytes
    expect(chat.state.error?.key).toBe("error.tooLong");
    expect(chat.send("字".repeat(1333))).toBe(true);
    expect(ws.sentOf("message")).toHaveLength(1);
  });

  it("resume: a message sent just before the drop is not sent twice, one never received is", async () => {
    const { chat, ws, timers } = await startedChat();
    chat.send("one"); // the server got it (its echo was lost)
    chat.send("two"); // lost on the way
    const [one, two] = ws.sentOf("message");
    ws.fail();
    expect(chat.state.connection).toBe("reconnecting");
    // written while offline: waits
    chat.send("three");
    timers.advance(500);
    const ws2 = FakeWebSocket.last;
    expect(ws2).not.toBe(ws);
    expect(ws2.since).toBe(1);
    ws2.accept(hello({ state: "active", agent: "agent13", last_seq: 3 }), msg(2, "visitor", "one", one.client_id as string));
    expect(ws2.sentOf("message")).toEqual([]); // replay not complete yet (last_seq 3)
    ws2.frame(msg(3, "agent", "Hello Ana"));
    // caught up: two and three go, one does not
    expect(ws2.sentOf("message").map((f) => f.text)).toEqual(["two", "three"]);
    expect(ws2.sentOf("message")[0].client_id).toBe(two.client_id);
    ws2.frame(msg(4, "visitor", "two", two.client_id as string));
    ws2.frame(msg(5, "visitor", "three", ws2.sentOf("message")[1].client_id as string));
    // a duplicate replay changes nothing
    ws2.frame(msg(3, "agent", "Hello Ana"));
    expect(chat.state.messages.map((m) => m.text)).toEqual(["Hello", "one", "Hello Ana", "two", "three"]);
    expect(chat.state.pending).toEqual([]);
  });

  it("the replay wait ends after 1.5 s even if hello's last_seq is never reached (a whisper's seq)", async () => {
    const { chat, ws, timers } = await startedChat();
    ws.fail();
    chat.send("still there?");
    timers.advance(500);
    const ws2 = FakeWebSocket.last;
    ws2.accept(hello({ last_seq: 5 }));
    expect(ws2.sentOf("message")).toEqual([]);
    timers.advance(1500);
    expect(ws2.sentOf("message").map((f) => f.text)).toEqual(["still there?"]);
  });

  it("a message without echo renews the socket", async () => {
    const { chat, ws, timers } = await startedChat();
    chat.send("hello?");
    timers.advance(10_000);
    expect(ws.readyState).toBe(3);
    expect(FakeWebSocket.all).toHaveLength(2);
    expect(FakeWebSocket.last.since).toBe(1);
  });
});

describe("typing", () => {
  it("sends on at the first key, renews every 4 s, off when cleared", async () => {
    const { chat, ws, timers } = await startedChat();
    chat.typing("H");
    chat.typing("He");
    timers.advance(3000);
    chat.typing("Hel");
    timers.advance(1000);
    chat.typing("Hell");
    chat.typing("");
    expect(ws.sentOf("typing").map((f) => f.on)).toEqual([true, true, false]);
    expect(ws.sentOf("typing")).toHaveLength(3);
  });

  it("shows the agent typing and lapses it", async () => {
    const { chat, ws, timers } = await startedChat();
    ws.frame({ type: "typing", from: "agent", on: true });
    expect(chat.state.agentTypingUntil).toBeGreaterThan(0);
    timers.advance(6100);
    expect(chat.state.agentTypingUntil).toBe(0);
  });
});

describe("receipts", () => {
  it("delivered when an agent message arrives, read once shown, each once", async () => {
    const { chat, ws } = await startedChat();
    ws.frame(msg(2, "agent", "Hi"));
    expect(ws.sentOf("delivered")).toEqual([{ type: "delivered", up_to: 2 }]);
    expect(ws.sentOf("read")).toEqual([]);
    chat.setShown(true);
    expect(ws.sentOf("read")).toEqual([{ type: "read", up_to: 2 }]);
    ws.frame(msg(3, "agent", "Still there?"));
    expect(ws.sentOf("read")).toEqual([
      { type: "read", up_to: 2 },
      { type: "read", up_to: 3 },
    ]);
    chat.setShown(false);
    ws.frame(msg(4, "visitor", "yes"));
    expect(ws.sentOf("delivered")).toHaveLength(2);
  });
});

describe("reload", () => {
  it("resumes the stored chat: GET the session, then the socket since its last seq", async () => {
    const storage = new MemoryStorage();
    storage.setItem("switchyard-chat:wg_demo", JSON.stringify({ token: "vt_1", contact: 7 }));
    const { chat, calls } = setup(
      {
        "GET /api/v1/chat/visitor": () => ({
          status: 200,
          body: { ...hello({ state: "active", agent: "agent13", last_seq: 2 }), type: undefined, messages: [msg(1, "visitor", "Hello"), msg(2, "agent", "Hi")] },
        }),
      },
      storage,
    );
    await chat.resume();
    expect(calls[0].headers.Authorization).toBe("Bearer vt_1");
    expect(chat.state.messages).toHaveLength(2);
    expect(FakeWebSocket.last.since).toBe(2);
  });

  it("forgets a token the server no longer knows", async () => {
    const storage = new MemoryStorage();
    storage.setItem("switchyard-chat:wg_demo", JSON.stringify({ token: "vt_old", contact: 7 }));
    const { chat } = setup({ "GET /api/v1/chat/visitor": () => ({ status: 401 }) }, storage);
    await chat.resume();
    expect(chat.state.phase).toBe("form");
    expect(storage.getItem("switchyard-chat:wg_demo")).toBeNull();
    expect(FakeWebSocket.all).toHaveLength(0);
  });
});

describe("end and survey", () => {
  const survey = { token: "sv_1", url: "/api/v1/surveys/sv_1" };
  it("the agent ends: survey asked, answered, thanks; new chat clears the token", async () => {
    let answered: unknown = null;
    const { chat, ws, storage } = await startedChat({
      "GET /api/v1/surveys/sv_1": () => ({ status: 200, body: { state: "open", question: "How satisfied are you?" } }),
      "POST /api/v1/surveys/sv_1": (b) => {
        answered = b;
        return { status: 201, body: {} };
      },
    });
    ws.frame({ type: "ended", reason: "agent", survey });
    expect(chat.state.phase).toBe("ended");
    expect(ws.readyState).toBe(3); // no reconnection after the end
    expect(JSON.parse(storage.getItem("switchyard-chat:wg_demo")!).survey).toEqual(survey);
    await flush();
    expect(chat.state.surveyPhase).toBe("asking");
    await chat.answerSurvey(5, "Quick and kind");
    expect(answered).toEqual({ rating: 5, comment: "Quick and kind" });
    expect(chat.state.surveyPhase).toBe("thanks");
    chat.newChat();
    expect(chat.state.phase).toBe("form");
    expect(storage.getItem("switchyard-chat:wg_demo")).toBeNull();
  });

  it("the visitor ends: POST end; an answered survey (409) counts as thanks", async () => {
    const { chat, calls } = await startedChat({
      "POST /api/v1/chat/visitor/end": () => ({ status: 200, body: { state: "ended", survey } }),
      "GET /api/v1/surveys/sv_1": () => ({ status: 200, body: { state: "open" } }),
      "POST /api/v1/surveys/sv_1": () => ({ status: 409, body: { error: { code: "conflict" } } }),
    });
    await chat.end();
    expect(calls.find((c) => c.url.endsWith("/end"))?.headers.Authorization).toBe("Bearer vt_1");
    expect([chat.state.phase, chat.state.endReason]).toEqual(["ended", "visitor"]);
    await flush();
    await chat.answerSurvey(3, "");
    expect(chat.state.surveyPhase).toBe("thanks");
  });

  it("an expired survey (410) says so", async () => {
    const { chat, ws } = await startedChat({
      "GET /api/v1/surveys/sv_1": () => ({ status: 200, body: { state: "open" } }),
      "POST /api/v1/surveys/sv_1": () => ({ status: 410, body: { error: { code: "expired" } } }),
    });
    ws.frame({ type: "ended", reason: "agent", survey });
    await flush();
    await chat.answerSurvey(2, "");
    expect(chat.state.surveyPhase).toBe("expired");
  });
});
