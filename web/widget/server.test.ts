// @vitest-environment node
// The widget's controller against the fake server (test-server.mjs) over real
// HTTP and WebSocket connections: the documented frames end to end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Chat } from "./chat";
import { MemoryStorage } from "./fakes";
import { NodeWebSocket, startFakeServer, type FakeServer } from "./test-server.mjs";
import type { Env } from "./transport";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

function env(): Env {
  return {
    fetch: (u, i) => fetch(u, i),
    WebSocket: NodeWebSocket,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    random: () => 0, // the shortest back-off: 250 ms
  };
}

async function until(cond: () => boolean, what: string, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting for " + what);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("against the fake server", () => {
  it("start, queue, chat, drop and resume without loss or duplicates, end, survey", async () => {
    await server.control("queue", { ahead: 2 });
    const storage = new MemoryStorage();
    const chat = new Chat({ widget: "wg_demo", origin: server.url, env: env(), storage, language: () => "en", replayWaitMs: 300 });
    await chat.start("Ana", "Hello");
    expect([chat.state.state, chat.state.position]).toEqual(["queued", 3]);
    await until(() => chat.state.connection === "open" && chat.state.messages.length === 1, "hello and the first message");
    expect(chat.state.pending).toEqual([]);

    await server.control("position", { position: 2, ewt_ms: 45_000 });
    await until(() => chat.state.position === 2, "position 2");
    expect(chat.state.ewtMs).toBe(45_000);

    await server.control("accept", { agent: "agent01" });
    await until(() => chat.state.state === "active", "active");
    expect(chat.state.agent).toBe("agent01");
    await server.control("typing", { on: true });
    await until(() => chat.state.agentTypingUntil > 0, "agent typing");
    await server.control("message", { text: "Hi Ana" });
    await until(() => chat.state.messages.length === 2, "agent message");
    await until(() => server.frames.some((f) => f.frame.type === "delivered"), "delivered frame");
    chat.setShown(true);
    await until(() => server.frames.some((f) => f.frame.type === "read" && f.frame.up_to === 2), "read frame");

    chat.typing("I need");
    chat.send("I need a lamp");
    await until(() => chat.state.messages.length === 3, "own message echoed");
    expect(server.frames.some((f) => f.frame.type === "typing" && f.frame.on === true)).toBe(true);

    // the connection breaks; meanwhile the agent writes and the visitor too
    await server.control("drop");
    await until(() => chat.state.connection === "reconnecting", "reconnecting");
    await server.control("message", { text: "Which one?" });
    chat.send("The blue one");
    await until(() => chat.state.connection === "open" && chat.state.messages.length === 5, "resume");
    const c = server.contacts.get(chat.state.contact!)!;
    expect(c.connects).toBe(2);
    expect(chat.state.messages.map((m) => `${m.seq} ${m.from} ${m.text}`)).toEqual([
      "1 visitor Hello",
      "2 agent Hi Ana",
      "3 visitor I need a lamp",
      "4 agent Which one?",
      "5 visitor The blue one",
    ]);
    expect(c.messages.filter((m: { text: string }) => m.text === "The blue one")).toHaveLength(1);

    await server.control("receipt", { delivered: 5, read: 5 });
    await until(() => chat.state.receipts.agent.read === 5, "agent read receipt");

    await server.control("end", { reason: "agent" });
    await until(() => chat.state.surveyPhase === "asking" && chat.state.phase === "ended", "survey");
    expect(chat.state.endReason).toBe("agent");
    await chat.answerSurvey(5, "Great");
    expect(chat.state.surveyPhase).toBe("thanks");
    expect([...server.surveys.values()][0].answer).toEqual({ rating: 5, comment: "Great" });
    chat.destroy();
  });

  it("a reload resumes the same chat from sessionStorage", async () => {
    await server.control("queue", { ahead: 0 });
    const storage = new MemoryStorage();
    const a = new Chat({ widget: "wg_demo", origin: server.url, env: env(), storage });
    await a.start("", "First");
    await until(() => a.state.messages.length === 1, "first message");
    await server.control("message", { text: "Seen before the reload", from: "system" });
    await until(() => a.state.messages.length === 2, "second");
    a.destroy(); // the page goes away

    const b = new Chat({ widget: "wg_demo", origin: server.url, env: env(), storage });
    await b.resume();
    expect(b.state.token).toBe(a.state.token);
    expect(b.state.messages).toHaveLength(2);
    await until(() => b.state.connection === "open", "reconnected");
    await server.control("message", { text: "After" });
    await until(() => b.state.messages.length === 3, "after");
    await b.end();
    expect(b.state.phase).toBe("ended");
    // ended while queued: the frame says abandoned, the answer to POST end visitor (whichever came first)
    expect(["abandoned", "visitor"]).toContain(b.state.endReason);
    b.destroy();
  });

  it("a refused start", async () => {
    await server.control("config", { refuse: 429 });
    const chat = new Chat({ widget: "wg_demo", origin: server.url, env: env(), storage: null });
    await chat.start("", "Hi");
    expect(chat.state.phase).toBe("form");
    expect(chat.state.error).toEqual({ key: "error.rateLimited", vars: { seconds: 42 } });
    await server.control("config", { refuse: null });
  });
});
