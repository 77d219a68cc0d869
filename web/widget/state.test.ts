import { describe, expect, it } from "vitest";
import {
  caughtUp,
  initialState,
  receiptsDue,
  reduce,
  tickOf,
  unreadCount,
  type Action,
  type ChatState,
} from "./state";
import type { Message, ServerFrame, Session } from "./types";

const msg = (seq: number, from: Message["from"], text: string, extra: Partial<Message> = {}): Message => ({
  seq,
  from,
  kind: "message",
  author: from === "agent" ? "agent13" : null,
  text,
  time_ms: 1000 + seq,
  client_id: null,
  ...extra,
});
const frame = (f: ServerFrame, now = 0): Action => ({ type: "frame", frame: f, now });
const session = (over: Partial<Session> = {}): Session => ({
  contact: 7,
  queue: "support-chat",
  state: "queued",
  agent: null,
  position: 3,
  ewt_ms: 90_000,
  last_seq: 1,
  receipts: { visitor: { delivered: 0, read: 0 }, agent: { delivered: 0, read: 0 } },
  ...over,
});
const run = (s: ChatState, ...as: Action[]) => as.reduce(reduce, s);

/** A started chat: the visitor sent "Hello" with POST start. */
function started(): ChatState {
  return run(
    initialState(),
    { type: "start", name: "Ana", text: "Hello", now: 1 },
    {
      type: "started",
      answer: { contact: 7, token: "vt_x", expires_ms: 9e12, state: "queued", position: 3, ewt_ms: 90_000, queue: "support-chat" },
    },
  );
}

describe("start", () => {
  it("shows the first message as pending until the server echoes it", () => {
    let s = started();
    expect(s.phase).toBe("chat");
    expect(s.token).toBe("vt_x");
    expect(s.position).toBe(3);
    expect(s.pending).toHaveLength(1);
    expect(tickOf(s, s.pending[0])).toBe("sending");
    s = run(s, frame({ type: "hello", ...session() }), frame({ type: "message", ...msg(1, "visitor", "Hello") }));
    expect(s.pending).toHaveLength(0);
    expect(s.messages.map((m) => m.text)).toEqual(["Hello"]);
    expect(tickOf(s, s.messages[0])).toBe("sent");
    expect(caughtUp(s)).toBe(true);
  });

  it("a refused start goes back to the form with the reason", () => {
    const s = run(initialState(), { type: "start", name: "", text: "Hi", now: 1 }, { type: "startFailed", key: "error.closed" });
    expect(s.phase).toBe("form");
    expect(s.pending).toEqual([]);
    expect(s.error).toEqual({ key: "error.closed", vars: undefined });
  });
});

describe("queue position", () => {
  it("follows state frames while queued", () => {
    let s = run(started(), frame({ type: "hello", ...session() }));
    expect([s.state, s.position, s.ewtMs]).toEqual(["queued", 3, 90_000]);
    s = run(s, frame({ type: "state", state: "queued", position: 2, ewt_ms: 60_000, agent: null }));
    expect([s.position, s.ewtMs]).toEqual([2, 60_000]);
    s = run(s, frame({ type: "state", state: "queued", position: 1, ewt_ms: 20_000, agent: null }));
    expect(s.position).toBe(1);
    s = run(s, frame({ type: "state", state: "offered", position: null, ewt_ms: null, agent: null }));
    expect([s.state, s.position]).toEqual(["offered", null]);
    s = run(s, frame({ type: "state", state: "active", position: null, ewt_ms: null, agent: "agent13" }));
    expect([s.state, s.agent, s.phase]).toEqual(["active", "agent13", "chat"]);
  });
});

describe("messages", () => {
  it("keeps each seq once, in order, and ignores whispers", () => {
    let s = run(started(), frame({ type: "hello", ...session({ last_seq: 0 }) }));
    s = run(
      s,
      frame({ type: "message", ...msg(1, "visitor", "Hello") }),
      frame({ type: "message", ...msg(3, "agent", "How can I help?") }),
      frame({ type: "message", ...msg(2, "agent", "psst", { kind: "whisper" }) }),
      frame({ type: "message", ...msg(3, "agent", "How can I help?") }),
      frame({ type: "message", ...msg(1, "visitor", "Hello") }),
    );
    expect(s.messages.map((m) => m.seq)).toEqual([1, 3]);
    expect(s.lastSeq).toBe(3);
  });

  it("resume: the replay after a reconnect adds only what was missed", () => {
    let s = run(
      started(),
      frame({ type: "hello", ...session({ last_seq: 1 }) }),
      frame({ type: "message", ...msg(1, "visitor", "Hello") }),
      frame({ type: "message", ...msg(2, "agent", "Hi Ana") }),
      { type: "connection", connection: "reconnecting" },
    );
    expect(s.lastSeq).toBe(2); // the next socket asks since=2
    expect(caughtUp(s)).toBe(false);
    // the server replays since=2 but an overlapping replay must not duplicate either
    s = run(
      s,
      frame({ type: "hello", ...session({ state: "active", agent: "agent13", position: null, last_seq: 4 }) }),
      { type: "connection", connection: "open" },
    );
    expect(caughtUp(s)).toBe(false);
    s = run(
      s,
      frame({ type: "message", ...msg(2, "agent", "Hi Ana") }),
      frame({ type: "message", ...msg(3, "agent", "Are you there?") }),
      frame({ type: "message", ...msg(4, "system", "lead.red joined") }),
    );
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(caughtUp(s)).toBe(true);
  });

  it("matches an echoed message to its pending copy by client_id", () => {
    let s = run(started(), frame({ type: "hello", ...session() }), frame({ type: "message", ...msg(1, "visitor", "Hello") }));
    s = run(s, { type: "send", clientId: "c1", text: "second", now: 5 }, { type: "send", clientId: "c2", text: "third", now: 6 });
    expect(s.pending.map((p) => p.clientId)).toEqual(["c1", "c2"]);
    s = run(s, frame({ type: "message", ...msg(2, "visitor", "second", { client_id: "c1" }) }));
    expect(s.pending.map((p) => p.clientId)).toEqual(["c2"]);
    s = run(s, { type: "sendFailed", clientIds: ["c2"] });
    expect(tickOf(s, s.pending[0])).toBe("failed");
    s = run(s, { type: "retry", clientId: "c2" });
    expect(tickOf(s, s.pending[0])).toBe("sending");
  });
});

describe("typing", () => {
  it("shows the agent typing until off, a message, or 6 s without renewal", () => {
    let s = run(started(), frame({ type: "hello", ...session({ state: "active" }) }));
    s = run(s, frame({ type: "typing", from: "agent", on: true }, 1000));
    expect(s.agentTypingUntil).toBe(7000);
    s = run(s, { type: "tick", now: 6999 });
    expect(s.agentTypingUntil).toBe(7000);
    s = run(s, { type: "tick", now: 7000 });
    expect(s.agentTypingUntil).toBe(0);
    s = run(s, frame({ type: "typing", from: "agent", on: true }, 8000), frame({ type: "message", ...msg(2, "agent", "Done") }));
    expect(s.agentTypingUntil).toBe(0);
    s = run(s, frame({ type: "typing", from: "agent", on: true }, 9000), frame({ type: "typing", from: "agent", on: false }, 9100));
    expect(s.agentTypingUntil).toBe(0);
    // the visitor's own typing echo is not shown
    s = run(s, frame({ type: "typing", from: "visitor", on: true }, 9200));
    expect(s.agentTypingUntil).toBe(0);
  });
});

describe("receipts", () => {
  it("ticks the visitor's messages from the agent's watermarks, which never go back", () => {
    let s = run(
      started(),
      frame({ type: "hello", ...session({ state: "active" }) }),
      frame({ type: "message", ...msg(1, "visitor", "Hello") }),
      frame({ type: "message", ...msg(2, "visitor", "Anyone?") }),
    );
    expect(s.messages.map((m) => tickOf(s, m))).toEqual(["sent", "sent"]);
    s = run(s, frame({ type: "receipt", side: "agent", delivered: 2, read: 1 }));
    expect(s.messages.map((m) => tickOf(s, m))).toEqual(["read", "delivered"]);
    s = run(s, frame({ type: "receipt", side: "agent", delivered: 1, read: 0 }));
    expect(s.receipts.agent).toEqual({ delivered: 2, read: 1 });
  });

  it("says which delivered/read frames the visitor owes", () => {
    let s = run(
      started(),
      frame({ type: "hello", ...session({ state: "active" }) }),
      frame({ type: "message", ...msg(1, "visitor", "Hello") }),
    );
    expect(receiptsDue(s, { delivered: 0, read: 0 }, true)).toEqual({});
    s = run(s, frame({ type: "message", ...msg(2, "agent", "Hi") }), frame({ type: "message", ...msg(3, "agent", "?") }));
    expect(receiptsDue(s, { delivered: 0, read: 0 }, false)).toEqual({ delivered: 3 });
    expect(receiptsDue(s, { delivered: 3, read: 0 }, true)).toEqual({ read: 3 });
    expect(unreadCount(s, 0)).toBe(2);
    s = run(s, frame({ type: "receipt", side: "visitor", delivered: 3, read: 3 }));
    expect(receiptsDue(s, { delivered: 0, read: 0 }, true)).toEqual({});
    expect(unreadCount(s, 0)).toBe(0);
  });
});

describe("end and survey", () => {
  const survey = { token: "sv_1", url: "/api/v1/surveys/sv_1" };

  it("the ended frame asks the survey; answering thanks", () => {
    let s = run(started(), frame({ type: "hello", ...session({ state: "active" }) }), { type: "send", clientId: "c9", text: "late", now: 1 });
    s = run(s, frame({ type: "state", state: "ended", position: null, ewt_ms: null, agent: "agent13" }));
    expect(s.phase).toBe("ended");
    expect(s.surveyPhase).toBe("none");
    s = run(s, frame({ type: "ended", reason: "agent", survey }));
    expect([s.phase, s.endReason, s.surveyPhase, s.survey?.token]).toEqual(["ended", "agent", "asking", "sv_1"]);
    expect(s.pending.every((p) => p.failed)).toBe(true);
    s = run(s, { type: "surveyLoading" }, { type: "surveyForm", state: "open", question: "How satisfied are you?" });
    expect(s.surveyPhase).toBe("asking");
    s = run(s, { type: "surveySending" });
    expect(s.surveyPhase).toBe("sending");
    s = run(s, { type: "surveyFailed" });
    expect([s.surveyPhase, s.error?.key]).toEqual(["asking", "error.survey"]);
    s = run(s, { type: "surveySending" }, { type: "surveyDone" });
    expect([s.surveyPhase, s.error]).toEqual(["thanks", null]);
    // a late duplicate ended frame changes nothing
    expect(run(s, frame({ type: "ended", reason: "agent", survey })).surveyPhase).toBe("thanks");
  });

  it("the visitor's end, and an end without survey", () => {
    let s = run(started(), frame({ type: "hello", ...session() }), { type: "endAnswer", survey: null });
    expect([s.phase, s.endReason, s.surveyPhase]).toEqual(["ended", "visitor", "none"]);
    s = run(s, frame({ type: "ended", reason: "abandoned", survey: null }));
    expect(s.endReason).toBe("visitor");
    expect(run(s, { type: "reset" })).toEqual(initialState());
  });

  it("an expired survey", () => {
    const s = run(started(), frame({ type: "ended", reason: "agent", survey }), { type: "surveyForm", state: "expired" });
    expect(s.surveyPhase).toBe("expired");
    expect(run(s, { type: "surveyForm", state: "answered" }).surveyPhase).toBe("thanks");
  });

  it("restore from GET /chat/visitor after a reload", () => {
    const s = reduce(initialState(), {
      type: "restore",
      token: "vt_x",
      session: session({ state: "active", agent: "agent13", last_seq: 2, messages: [msg(1, "visitor", "Hello"), msg(2, "agent", "Hi")] }),
    });
    expect([s.phase, s.token, s.lastSeq, s.messages.length]).toEqual(["chat", "vt_x", 2, 2]);
    const e = reduce(initialState(), { type: "restore", token: "vt_x", session: session({ state: "ended" }), survey });
    expect([e.phase, e.surveyPhase]).toEqual(["ended", "asking"]);
    // a hello for a chat that ended while the socket was away, if it carries the survey
    const h = run(started(), frame({ type: "hello", ...session({ state: "ended", end_reason: "agent", survey }) }));
    expect([h.phase, h.endReason, h.surveyPhase]).toEqual(["ended", "agent", "asking"]);
  });
});
