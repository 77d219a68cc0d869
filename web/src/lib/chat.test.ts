import { describe, expect, it } from "vitest";
import { addPending, applyChatFrame, EMPTY_CHAT, lastVisitorSeq, tickOf, typingNow, type ChatMessage, type ChatState } from "./chat";

const hello = {
  type: "hello",
  contact: 123,
  queue: "support-chat",
  state: "active",
  agent: "agent01",
  visitor: { name: "Ana", language: "en" },
  started_ms: 1,
  answered_ms: 2,
  ended_ms: null,
  barged_by: null,
  receipts: { visitor: { delivered: 0, read: 0 }, agent: { delivered: 0, read: 0 } },
  last_seq: 2,
};
const msg = (seq: number, from: ChatMessage["from"], extra: Partial<ChatMessage> = {}) => ({
  type: "message",
  seq,
  from,
  kind: "message",
  author: from === "visitor" ? null : "agent01",
  text: `m${seq}`,
  time_ms: seq * 1000,
  client_id: null,
  ...extra,
});

function run(frames: Record<string, unknown>[], s: ChatState = EMPTY_CHAT, now = 0): ChatState {
  return frames.reduce((acc, f) => applyChatFrame(acc, f, now), s);
}

describe("chat reducer", () => {
  it("takes hello, then the replayed and live messages in seq order, each once", () => {
    const s = run([hello, msg(1, "visitor"), msg(2, "agent"), msg(2, "agent"), msg(3, "visitor")]);
    expect(s.session?.agent).toBe("agent01");
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(s.session?.last_seq).toBe(3);
    expect(lastVisitorSeq(s)).toBe(3);
  });

  it("a reconnect (hello again, then the messages after since) keeps one transcript", () => {
    let s = run([hello, msg(1, "visitor"), msg(2, "agent")]);
    s = run([{ ...hello, last_seq: 4 }, msg(3, "visitor"), msg(4, "visitor")], s);
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it("puts a late message in its place", () => {
    const s = run([hello, msg(1, "visitor"), msg(3, "visitor"), msg(2, "agent")]);
    expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("replaces our pending message when it comes back with its client_id", () => {
    let s = run([hello]);
    s = addPending(s, { seq: 0, from: "agent", kind: "message", author: "agent01", text: "hi", time_ms: 0, client_id: "c1" });
    expect(s.pending).toHaveLength(1);
    s = run([msg(5, "agent", { client_id: "c1", text: "hi" })], s);
    expect(s.pending).toHaveLength(0);
    expect(s.messages.map((m) => m.text)).toEqual(["hi"]);
  });

  it("shows typing until it lapses, is turned off, or a message comes", () => {
    let s = run([hello, { type: "typing", from: "visitor", on: true }], EMPTY_CHAT, 1000);
    expect(typingNow(s, 2000)).toEqual(["visitor"]);
    expect(typingNow(s, 7001)).toEqual([]);
    s = run([msg(1, "visitor")], s, 1500);
    expect(typingNow(s, 2000)).toEqual([]);
    s = run([{ type: "typing", from: "visitor", on: true }, { type: "typing", from: "visitor", on: false }], s, 3000);
    expect(typingNow(s, 3001)).toEqual([]);
  });

  it("ticks staff messages by the visitor's watermarks, which never go back", () => {
    let s = run([hello, msg(1, "agent"), msg(2, "agent"), msg(3, "agent")]);
    s = run([{ type: "receipt", side: "visitor", delivered: 3, read: 1 }], s);
    expect(s.messages.map((m) => tickOf(s, m))).toEqual(["read", "delivered", "delivered"]);
    s = run([{ type: "receipt", side: "visitor", delivered: 2, read: 0 }], s);
    expect(s.session?.receipts.visitor).toEqual({ delivered: 3, read: 1 });
    expect(tickOf(s, s.messages[0], true)).toBe("sending");
  });

  it("keeps whispers apart by kind and follows state and the end", () => {
    let s = run([hello, msg(1, "supervisor", { kind: "whisper", author: "lead.red" })]);
    expect(s.messages[0].kind).toBe("whisper");
    s = run([{ type: "state", state: "held", position: null, ewt_ms: null, agent: "agent01" }], s);
    expect(s.session?.state).toBe("held");
    s = run([{ type: "ended", reason: "visitor" }], s);
    expect(s.ended).toEqual({ reason: "visitor" });
    expect(s.session?.state).toBe("ended");
  });

  it("ignores frames it does not know", () => {
    const s = run([hello]);
    expect(applyChatFrame(s, { type: "error", error: "bad" }, 0)).toBe(s);
  });
});
