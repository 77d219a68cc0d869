// The team chat reducer over socket frames and REST answers, the mention
// helpers, and the hub's connection against a fake socket.
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeSocket } from "../testing";
import { msg, room, T0 } from "./teamChat.fixtures";
import {
  ChatHub, EMPTY_CHAT, insertMention, mentionCandidates, mentionQuery, reduceChat, roomPeople, roomTitle, splitMentions, totalUnread,
  type ChatAction, type ChatState,
} from "./teamChat";

const ME = "agent01";
const run = (actions: ChatAction[], s: ChatState = EMPTY_CHAT) => actions.reduce(reduceChat, s);
const frame = (f: Record<string, unknown>): ChatAction => ({ type: "frame", frame: f, me: ME });
const ROOMS = [
  room(1, "team", "red", { team: "red", unread: 2, last_message: msg(10, 1, "agent02") }),
  room(2, "direct", "", { members: ["agent01", "agent02"], last_message: msg(5, 2, "agent01") }),
  room(3, "site", "london", { site: "london" }),
];

describe("reduceChat", () => {
  it("takes the rooms frame as the truth, newest activity first", () => {
    const s = run([frame({ type: "rooms", items: ROOMS })]);
    expect(s.loaded).toBe(true);
    expect(s.rooms.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(totalUnread(s)).toBe(2);
    // a reconnect's first frame replaces the counts (read elsewhere meanwhile)
    const again = reduceChat(s, frame({ type: "rooms", items: [{ ...ROOMS[0], unread: 0 }, ROOMS[1], ROOMS[2]] }));
    expect(totalUnread(again)).toBe(0);
  });

  it("counts a live message of someone else once, never one's own, and moves its room up", () => {
    let s = run([frame({ type: "rooms", items: ROOMS })]);
    s = reduceChat(s, frame({ type: "message", message: msg(11, 2, "agent02", "hi") }));
    expect(s.rooms[0].id).toBe(2);
    expect(s.rooms.find((r) => r.id === 2)!.unread).toBe(1);
    expect(s.arrived?.id).toBe(11);
    // the same frame again (a repeat after a reconnect): nothing changes
    const same = reduceChat(s, frame({ type: "message", message: msg(11, 2, "agent02", "hi") }));
    expect(same).toBe(s);
    // one's own message (another tab) is no unread
    s = reduceChat(s, frame({ type: "message", message: msg(12, 2, ME, "mine") }));
    expect(s.rooms.find((r) => r.id === 2)!.unread).toBe(1);
    expect(s.messages[2].map((m) => m.id)).toEqual([11, 12]);
    // an older message than the room's last one (history arriving late) does not count
    s = reduceChat(s, frame({ type: "message", message: msg(9, 1, "agent03") }));
    expect(s.rooms.find((r) => r.id === 1)!.unread).toBe(2);
  });

  it("merges history pages oldest first, each once, and knows whether more exists", () => {
    let s = run([frame({ type: "rooms", items: ROOMS }), frame({ type: "message", message: msg(11, 1, "agent02") })]);
    s = reduceChat(s, { type: "history", room: 1, items: [msg(11, 1, "agent02"), msg(10, 1, "agent02"), msg(8, 1, "agent03")], limit: 3 });
    expect(s.messages[1].map((m) => m.id)).toEqual([8, 10, 11]);
    expect(s.more[1]).toBe(true);
    s = reduceChat(s, { type: "history", room: 1, items: [msg(4, 1, "agent03")], limit: 3 });
    expect(s.messages[1].map((m) => m.id)).toEqual([4, 8, 10, 11]);
    expect(s.more[1]).toBe(false);
  });

  it("applies read, presence and room frames; a sent message is not unread", () => {
    let s = run([frame({ type: "rooms", items: ROOMS })]);
    s = reduceChat(s, frame({ type: "read", room: 1, unread: 0 }));
    expect(totalUnread(s)).toBe(0);
    s = reduceChat(s, { type: "presence", items: [{ user: "agent02", agent: "agent02", state: "available", since_ms: T0 }] });
    s = reduceChat(s, frame({ type: "presence", user: "agent02", state: "busy", since_ms: T0 + 5 }));
    expect(s.presence.agent02).toEqual({ user: "agent02", agent: "agent02", state: "busy", since_ms: T0 + 5 });
    const huddle = room(7, "huddle", "Morning huddle", { members: [ME, "agent02"], huddle: { starts_ms: T0 + 3600_000, ends_ms: T0 + 4500_000, agenda: "KPIs", notes: "" } });
    s = reduceChat(s, frame({ type: "room", room: huddle }));
    expect(s.rooms.find((r) => r.id === 7)?.huddle?.agenda).toBe("KPIs");
    s = reduceChat(s, frame({ type: "room", room: { ...huddle, huddle: { ...huddle.huddle!, notes: "done" } } }));
    expect(s.rooms.filter((r) => r.id === 7)).toHaveLength(1);
    expect(s.rooms.find((r) => r.id === 7)?.huddle?.notes).toBe("done");
    s = reduceChat(s, { type: "sent", message: msg(20, 7, ME, "agenda ok?"), me: ME });
    expect(s.rooms.find((r) => r.id === 7)!.unread).toBe(0);
    expect(s.rooms[0].id).toBe(7);
  });

  it("replaces an edited message where it is shown and as its room's last message, counting nothing", () => {
    const s = run([frame({ type: "rooms", items: ROOMS }), { type: "history", room: 1, items: [msg(10, 1, "agent02"), msg(9, 1, ME)], limit: 50 }]);
    const e = run([frame({ type: "edited", message: msg(10, 1, "agent02", "new text", { edited_ms: 7 }) })], s);
    expect(e.messages[1].map((m) => m.body)).toEqual([s.messages[1][0].body, "new text"]);
    expect(e.messages[1][1].edited_ms).toBe(7);
    const red = e.rooms.find((r) => r.id === 1)!;
    expect(red.last_message?.body).toBe("new text");
    expect(red.unread).toBe(s.rooms.find((r) => r.id === 1)!.unread);
    // a message not loaded here changes nothing
    expect(run([frame({ type: "edited", message: msg(99, 3, "agent02", "x") })], s)).toBe(s);
  });

  it("ignores frames it does not know or that are malformed", () => {
    const s = run([frame({ type: "rooms", items: ROOMS })]);
    expect(reduceChat(s, frame({ type: "typing" }))).toBe(s);
    expect(reduceChat(s, frame({ type: "message", message: { id: "x" } }))).toBe(s);
    expect(reduceChat(s, frame({ type: "read", room: 1 }))).toBe(s);
  });
});

describe("mentions", () => {
  it("marks only the names the server recognised", () => {
    expect(splitMentions("hi @agent02 and @nobody, mail a@agent02.com", ["agent02"])).toEqual([
      { text: "hi ", mention: false },
      { text: "@agent02", mention: true },
      { text: " and @nobody, mail a@agent02.com", mention: false },
    ]);
    expect(splitMentions("@lead.red 请看", ["lead.red"])).toEqual([
      { text: "@lead.red", mention: true },
      { text: " 请看", mention: false },
    ]);
  });
  it("finds the @partial at the caret and completes it", () => {
    expect(mentionQuery("hello @ag", 9)).toEqual({ start: 6, query: "ag" });
    expect(mentionQuery("mail a@b", 8)).toBeNull();
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionCandidates(["agent02", "agent01", "lead.red", "agent10"], "ag", "agent01")).toEqual(["agent02", "agent10"]);
    expect(mentionCandidates(["agent02", "lead.red"], "red", "agent01")).toEqual(["lead.red"]);
    expect(insertMention("hello @ag there", 6, 9, "agent02")).toEqual({ text: "hello @agent02  there", caret: 15 });
  });
  it("offers a team room's people from presence and its authors", () => {
    let s = run([frame({ type: "rooms", items: ROOMS })]);
    s = reduceChat(s, { type: "presence", items: [{ user: "agent03", agent: "agent03", state: "away", since_ms: 0 }] });
    s = reduceChat(s, { type: "history", room: 1, items: [msg(10, 1, "agent02")], limit: 50 });
    expect(roomPeople(s, s.rooms.find((r) => r.id === 1)!).sort()).toEqual(["agent02", "agent03"]);
    expect(roomTitle(s.rooms.find((r) => r.id === 2)!, ME)).toBe("agent02");
  });
});

describe("ChatHub", () => {
  afterEach(() => vi.unstubAllGlobals());
  it("opens one socket for all holders, closes it when the last lets go, and starts over for another user", () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ items: [] }))));
    const sockets: FakeSocket[] = [];
    const hub = new ChatHub((u) => {
      const s = new FakeSocket(u);
      sockets.push(s);
      return s;
    });
    const a = hub.acquire(ME);
    const b = hub.acquire(ME);
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toContain("/api/v1/comms/chat/socket");
    sockets[0].open();
    sockets[0].recv({ type: "rooms", items: ROOMS });
    expect(totalUnread(hub.snapshot.state)).toBe(2);
    a();
    expect(sockets[0].closed).toBe(false);
    b();
    expect(sockets[0].closed).toBe(true);
    hub.acquire("agent02");
    expect(hub.snapshot.state.loaded).toBe(false);
    expect(sockets).toHaveLength(2);
  });
});
