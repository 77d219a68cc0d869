// The chat page against a mocked API and a fake chat socket: rooms with
// unread counts and presence in words, a room's history and read mark, a
// live message said in the live region, the composer (Enter, Shift+Enter,
// @mention completion), search that jumps to an older message, a direct
// message, a huddle planned and its notes saved, a lead's broadcast, and
// the desk's drawer.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionContext } from "../../lib/sessionContext";
import { ChatHub, setChatHub, type ChatMessage } from "../../lib/teamChat";
import { msg, room } from "../../lib/teamChat.fixtures";
import { FakeSocket } from "../../testing";
import { mockApi, renderWithI18n, type Handler } from "../admin/test-utils";
import { ChatDrawer } from "../agent/ChatDrawer";
import ChatPage, { roomOfPath } from "./ChatPage";

let sockets: FakeSocket[] = [];
beforeEach(() => {
  sockets = [];
  window.scrollTo = () => {};
  setChatHub(
    new ChatHub((u) => {
      const s = new FakeSocket(u);
      sockets.push(s);
      return s;
    }),
  );
});
afterEach(() => {
  cleanup();
  setChatHub(null);
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

const ME = (name: string, role: string, team: string | null = "red") => ({
  me: { name, role, agent: role === "agent" ? name : null, user_id: 1, team, time_zone: "UTC" },
  settings: null,
  timeZone: "UTC",
  logout: () => {},
});

const ROOMS = [
  room(1, "team", "red", { team: "red", unread: 2, last_message: msg(10, 1, "agent02", "Queue is long, please help") }),
  room(2, "direct", "", { members: ["agent01", "agent02"], last_message: msg(5, 2, "agent01", "ok") }),
  room(3, "site", "london", { site: "london" }),
];
const PRESENCE = {
  items: [
    { user: "agent02", agent: "agent02", state: "busy", since_ms: 0 },
    { user: "agent03", agent: "agent03", state: "available", since_ms: 0 },
    { user: "lead.red", agent: null, state: "offline", since_ms: 0 },
  ],
};

function api(extra: Handler = () => undefined) {
  return mockApi((req) => {
    const r = extra(req);
    if (r) return r;
    const { method, path } = req;
    if (path === "/api/v1/comms/chat/presence") return { json: PRESENCE };
    if (method === "GET" && path === "/api/v1/comms/chat/rooms/1/messages?limit=50")
      return { json: { items: [msg(10, 1, "agent02", "Queue is long, please help"), msg(9, 1, "agent01", "@agent02 I can take some", { mentions: ["agent02"] })] } };
    if (method === "GET" && /\/rooms\/\d+\/messages/.test(path)) return { json: { items: [] } };
    if (method === "POST" && /\/rooms\/\d+\/read$/.test(path)) return { json: { unread: 0 } };
    return undefined;
  });
}

function renderPage(path: string, who = ME("agent01", "agent")) {
  window.history.replaceState(null, "", path);
  const view = renderWithI18n(
    <SessionContext.Provider value={who as never}>
      <ChatPage />
    </SessionContext.Provider>,
  );
  const sock = sockets[0];
  sock.open();
  sock.recv({ type: "rooms", items: ROOMS });
  return { view, sock };
}

describe("the chat page", () => {
  it("reads room paths, also the notification's /comms/chat/ROOM", () => {
    expect(roomOfPath("/chat/12")).toBe(12);
    expect(roomOfPath("/comms/chat/7")).toBe(7);
    expect(roomOfPath("/chat")).toBeNull();
  });

  it("lists rooms by kind with unread counts and presence in words; opens a room, loads its history and marks it read", async () => {
    const calls = api();
    renderPage("/chat");
    const nav = screen.getByRole("navigation", { name: "Rooms" });
    expect(within(nav).getByRole("heading", { name: "Team" })).toBeTruthy();
    expect(within(nav).getByRole("heading", { name: "Direct messages" })).toBeTruthy();
    const team = within(nav).getByRole("button", { name: /^red/ });
    expect(team.textContent).toContain("2 unread");
    // the direct room is named by the other person, with presence as a word
    expect(await within(nav).findByText("Busy")).toBeTruthy();
    expect(within(nav).getByRole("button", { name: /^agent02/ })).toBeTruthy();
    expect(screen.getByText("2 unread", { selector: ".tc-total" })).toBeTruthy();

    fireEvent.click(team);
    await waitFor(() => expect(window.location.pathname).toBe("/chat/1"));
    const region = await screen.findByRole("region", { name: "Messages in red" });
    expect(await within(region).findByText("Queue is long, please help")).toBeTruthy();
    // the mention is marked
    expect(within(region).getByText("@agent02").tagName).toBe("MARK");
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/comms/chat/rooms/1/read" && (c.body as { message: number }).message === 10)).toBe(true));
    await waitFor(() => expect(screen.getByText("All read", { selector: ".tc-total" })).toBeTruthy());
  });

  it("shows a live message, says it in the live region, and sends with Enter (Shift+Enter is a new line) with @mention completion", async () => {
    const calls = api(({ method, path, body }) =>
      method === "POST" && path === "/api/v1/comms/chat/rooms/1/messages"
        ? { status: 201, json: msg(30, 1, "agent01", (body as { body: string }).body, { mentions: ["agent03"] }) }
        : undefined,
    );
    const { sock } = renderPage("/chat/1");
    const region = await screen.findByRole("region", { name: "Messages in red" });
    await within(region).findByText("Queue is long, please help");
    sock.recv({ type: "message", message: msg(20, 1, "agent03", "Anyone free for a callback?") });
    expect(await within(region).findByText("Anyone free for a callback?")).toBeTruthy();
    expect(screen.getByText("New message from agent03 in red: Anyone free for a callback?")).toBeTruthy();

    const box = screen.getByRole("combobox", { name: "Message to red" });
    fireEvent.change(box, { target: { value: "Yes @ag", selectionStart: 7 } });
    const list = await screen.findByRole("listbox", { name: "People to mention" });
    expect(within(list).getAllByRole("option").map((o) => o.textContent)).toEqual(["@agent02", "@agent03"]);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect((box as HTMLTextAreaElement).value).toBe("Yes @agent03 ");
    expect(calls.some((c) => c.method === "POST" && c.path.endsWith("/messages"))).toBe(false);
    fireEvent.change(box, { target: { value: "Yes @agent03 \nI take it", selectionStart: 23 } });
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(calls.some((c) => c.method === "POST" && c.path.endsWith("/messages"))).toBe(false);
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/comms/chat/rooms/1/messages")?.body).toEqual({ body: "Yes @agent03 \nI take it" }));
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(""));
    expect(within(region).getByText("@agent03", { selector: "mark" })).toBeTruthy();
  });

  it("edits one's own message in place (Enter saves, Escape cancels); an error keeps the text; others' messages have no Edit", async () => {
    let fail = true;
    const calls = api(({ method, path, body }) => {
      if (method !== "PUT" || path !== "/api/v1/comms/chat/messages/9") return undefined;
      if (fail) return { status: 400, json: { error: { code: "invalid_argument", message: "too long", field: "body" } } };
      return { json: msg(9, 1, "agent01", (body as { body: string }).body, { mentions: ["agent02"], edited_ms: 1_700_000_000_000 }) };
    });
    renderPage("/chat/1");
    const region = await screen.findByRole("region", { name: "Messages in red" });
    const mine = (await within(region).findByText("I can take some", { exact: false })).closest("li")!;
    const theirs = within(region).getByText("Queue is long, please help").closest("li")!;
    expect(within(theirs as HTMLElement).queryByRole("button", { name: /^Edit/ })).toBeNull();
    fireEvent.click(within(mine as HTMLElement).getByRole("button", { name: /^Edit your message/ }));
    const box = within(mine as HTMLElement).getByRole("textbox", { name: "Your message's new text" }) as HTMLTextAreaElement;
    expect(box.value).toBe("@agent02 I can take some");
    fireEvent.keyDown(box, { key: "Escape" });
    expect(within(mine as HTMLElement).queryByRole("textbox")).toBeNull();
    expect(calls.some((c) => c.method === "PUT")).toBe(false);

    fireEvent.click(within(mine as HTMLElement).getByRole("button", { name: /^Edit your message/ }));
    const again = within(mine as HTMLElement).getByRole("textbox", { name: "Your message's new text" }) as HTMLTextAreaElement;
    fireEvent.change(again, { target: { value: "@agent02 I can take five" } });
    fireEvent.keyDown(again, { key: "Enter" });
    expect(await within(mine as HTMLElement).findByText(/too long/)).toBeTruthy();
    expect(again.value).toBe("@agent02 I can take five"); // kept after the error
    fail = false;
    fireEvent.click(within(mine as HTMLElement).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(mine as HTMLElement).queryByRole("textbox")).toBeNull());
    expect(within(mine as HTMLElement).getByText("I can take five", { exact: false })).toBeTruthy();
    expect(within(mine as HTMLElement).getByText("(edited)")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([{ body: "@agent02 I can take five" }, { body: "@agent02 I can take five" }]);
  });

  it("replaces a message another member edited (an edited frame), and lists a room's members with presence", async () => {
    const calls = api(({ method, path }) =>
      method === "GET" && path === "/api/v1/comms/chat/rooms/1/members"
        ? {
            json: {
              items: [
                { user: "agent01", display_name: "Ann One", role: "agent", agent: "agent01", state: "available", since_ms: 0 },
                { user: "agent02", display_name: "agent02", role: "agent", agent: "agent02", state: "away", since_ms: 0 },
                { user: "lead.red", display_name: null, role: "team_lead", agent: null, state: "offline", since_ms: 0 },
              ],
            },
          }
        : undefined,
    );
    const { sock } = renderPage("/chat/1");
    const region = await screen.findByRole("region", { name: "Messages in red" });
    await within(region).findByText("Queue is long, please help");
    sock.recv({ type: "edited", message: msg(10, 1, "agent02", "Queue is fine now", { edited_ms: 5 }) });
    expect(await within(region).findByText("Queue is fine now")).toBeTruthy();
    expect(within(region).queryByText("Queue is long, please help")).toBeNull();
    expect(within(within(region).getByText("Queue is fine now").closest("li") as HTMLElement).getByText("(edited)")).toBeTruthy();

    // the members: read when the list opens, presence from the socket when it knows better
    expect(calls.some((c) => c.path.endsWith("/members"))).toBe(false);
    const summary = screen.getByText("Members", { selector: "summary" });
    fireEvent.click(summary);
    const list = await screen.findByRole("list", { name: "Members" });
    const rows = within(list).getAllByRole("listitem").map((li) => li.textContent);
    expect(rows).toEqual(["Ann One (agent01) Available", "agent02 Busy", "lead.red Offline"]); // agent02: the socket's busy
    expect(screen.getByText("3 members", { selector: "summary" })).toBeTruthy();
  });

  it("searches across rooms (Chinese) and jumps to an older message, paging back until it is there", async () => {
    const page1 = Array.from({ length: 50 }, (_, i) => msg(200 - i, 2, i % 2 ? "agent01" : "agent02"));
    const calls = api(({ method, path }) => {
      if (path.startsWith("/api/v1/comms/chat/search")) return { json: { items: [{ ...msg(42, 2, "agent02", "客户要求退款政策的说明"), room_name: "agent02" }] } };
      if (method === "GET" && path === "/api/v1/comms/chat/rooms/2/messages?limit=50") return { json: { items: page1 } };
      if (method === "GET" && path === "/api/v1/comms/chat/rooms/2/messages?before=151&limit=50")
        return { json: { items: [msg(60, 2, "agent01"), msg(42, 2, "agent02", "客户要求退款政策的说明")] } };
      return undefined;
    });
    renderPage("/chat");
    const search = screen.getByRole("search", { name: "Search messages" });
    fireEvent.change(within(search).getByRole("searchbox"), { target: { value: "退款政策" } });
    fireEvent.click(within(search).getByRole("button", { name: "Search" }));
    expect(await screen.findByRole("heading", { name: "1 results for “退款政策”" })).toBeTruthy();
    expect(calls.some((c) => c.path === "/api/v1/comms/chat/search?q=%E9%80%80%E6%AC%BE%E6%94%BF%E7%AD%96&limit=50")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: /客户要求退款政策的说明/ }));
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe("/chat/2?message=42"));
    const item = await waitFor(() => {
      const li = document.querySelector<HTMLElement>('[data-message="42"]');
      expect(li).toBeTruthy();
      return li!;
    });
    await waitFor(() => expect(document.activeElement).toBe(item));
    expect(item.className).toContain("tc-msg-flash");
  });

  it("starts a direct message with someone picked from the people of one's rooms", async () => {
    const calls = api(({ method, path }) =>
      method === "POST" && path === "/api/v1/comms/chat/rooms" ? { status: 201, json: room(9, "direct", "", { members: ["agent01", "agent03"] }) } : undefined,
    );
    renderPage("/chat");
    fireEvent.click(screen.getByRole("button", { name: "New direct message" }));
    const dialog = await screen.findByRole("dialog", { name: "New direct message" });
    await waitFor(() => expect(within(dialog).getAllByRole("button").length).toBeGreaterThan(2));
    fireEvent.change(within(dialog).getByLabelText("Find a person"), { target: { value: "03" } });
    fireEvent.click(within(dialog).getByRole("button", { name: /^agent03/ }));
    await waitFor(() => expect(window.location.pathname).toBe("/chat/9"));
    expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/comms/chat/rooms")?.body).toEqual({ kind: "direct", with: "agent03" });
    expect(await screen.findByRole("heading", { name: "agent03", level: 2 })).toBeTruthy();
  });

  it("finds anyone in the directory for a direct message, by display name too", async () => {
    const calls = api(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/comms/people?q=chen&limit=20")
        return { json: { items: [{ user: "mei.chen", display_name: "Mei Chen", role: "quality", team: null, site: null }] } };
      if (method === "POST" && path === "/api/v1/comms/chat/rooms") return { status: 201, json: room(12, "direct", "", { members: ["agent01", "mei.chen"] }) };
      return undefined;
    });
    renderPage("/chat");
    fireEvent.click(screen.getByRole("button", { name: "New direct message" }));
    const dialog = await screen.findByRole("dialog", { name: "New direct message" });
    fireEvent.change(within(dialog).getByLabelText("Find a person"), { target: { value: "chen" } });
    fireEvent.click(await within(dialog).findByRole("button", { name: /^mei\.chen/ }));
    await waitFor(() => expect(calls.find((c) => c.method === "POST")?.body).toEqual({ kind: "direct", with: "mei.chen" }));
  });

  it("plans a huddle (refusing an empty one), then edits its notes", async () => {
    const starts = Date.UTC(2026, 11, 3, 9, 30);
    const huddle = room(11, "huddle", "Stand-up", { members: ["agent01", "agent02"], huddle: { starts_ms: starts, ends_ms: starts + 15 * 60_000, agenda: "Queue targets", notes: "" } });
    const calls = api(({ method, path, body }) => {
      if (method === "POST" && path === "/api/v1/comms/chat/rooms") return { status: 201, json: huddle };
      if (method === "PUT" && path === "/api/v1/comms/chat/rooms/11/huddle") return { json: { ...huddle, huddle: { ...huddle.huddle!, ...(body as object) } } };
      return undefined;
    });
    const { sock } = renderPage("/chat");
    fireEvent.click(screen.getByRole("button", { name: "Plan a huddle" }));
    const dialog = await screen.findByRole("dialog", { name: "Plan a huddle" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Plan the huddle" }));
    expect(await within(dialog).findByText("Give the room a name.")).toBeTruthy();
    expect(within(dialog).getByText("Choose at least one member.")).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "Stand-up" } });
    await waitFor(() => expect(within(dialog).getByRole("checkbox", { name: "agent02" })).toBeTruthy());
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "agent02" }));
    fireEvent.change(within(dialog).getByLabelText("Day"), { target: { value: "2026-12-03" } });
    fireEvent.change(within(dialog).getByLabelText("Start"), { target: { value: "09:30" } });
    fireEvent.change(within(dialog).getByLabelText("Length in minutes"), { target: { value: "15" } });
    fireEvent.change(within(dialog).getByLabelText("Agenda"), { target: { value: " Queue targets " } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Plan the huddle" }));
    await waitFor(() => expect(window.location.pathname).toBe("/chat/11"));
    expect(calls.find((c) => c.method === "POST" && c.path === "/api/v1/comms/chat/rooms")?.body).toEqual({
      kind: "huddle",
      name: "Stand-up",
      members: ["agent02"],
      huddle: { starts_ms: starts, ends_ms: starts + 15 * 60_000, agenda: "Queue targets" },
    });
    const panel = await screen.findByRole("form", { name: /^Huddle/ });
    expect((within(panel).getByLabelText("Agenda") as HTMLTextAreaElement).value).toBe("Queue targets");
    fireEvent.change(within(panel).getByLabelText("Notes"), { target: { value: "Targets agreed" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Save agenda and notes" }));
    expect(await within(panel).findByText("Saved.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ agenda: "Queue targets", notes: "Targets agreed" });
    // another member's edit arrives live and shows, as nothing was changed here since
    sock.recv({ type: "room", room: { ...huddle, huddle: { ...huddle.huddle!, notes: "Targets agreed; callbacks first" } } });
    await waitFor(() => expect((within(panel).getByLabelText("Notes") as HTMLTextAreaElement).value).toBe("Targets agreed; callbacks first"));
  });

  it("lets a team lead broadcast to the team; the message is marked as a broadcast", async () => {
    const sent: ChatMessage = msg(50, 1, "lead.red", "Team meeting at 3 pm", { broadcast: true });
    const calls = api(({ method, path }) => (method === "POST" && path === "/api/v1/comms/chat/broadcast" ? { status: 201, json: sent } : undefined));
    renderPage("/chat", ME("lead.red", "team_lead"));
    fireEvent.click(screen.getByRole("button", { name: "Broadcast to team" }));
    const dialog = await screen.findByRole("dialog", { name: "Broadcast to the team" });
    fireEvent.change(within(dialog).getByLabelText("Message"), { target: { value: "Team meeting at 3 pm" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Send the broadcast" }));
    await waitFor(() => expect(window.location.pathname).toBe("/chat/1"));
    expect(calls.find((c) => c.path === "/api/v1/comms/chat/broadcast")?.body).toEqual({ body: "Team meeting at 3 pm" });
    const region = await screen.findByRole("region", { name: "Messages in red" });
    const item = (await within(region).findByText("Team meeting at 3 pm")).closest("li")!;
    expect(within(item).getByText("Broadcast")).toBeTruthy();
    expect(item.className).toContain("tc-msg-broadcast");
  });

  it("has no broadcast for agents", () => {
    api();
    renderPage("/chat");
    expect(screen.queryByRole("button", { name: "Broadcast to team" })).toBeNull();
  });
});

describe("the desk's chat drawer", () => {
  it("shows the unread count, opens the rooms and a room inline, and closes with Escape back to its button", async () => {
    const calls = api();
    renderWithI18n(
      <SessionContext.Provider value={ME("agent01", "agent") as never}>
        <ChatDrawer me="agent01" />
      </SessionContext.Provider>,
    );
    sockets[0].recv({ type: "rooms", items: ROOMS });
    const toggle = screen.getByRole("button", { name: "Team chat 2 unread" });
    fireEvent.click(toggle);
    const panel = screen.getByRole("complementary", { name: "Team chat" });
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Team chat"));
    fireEvent.click(within(panel).getByRole("button", { name: /^red/ }));
    expect(await within(panel).findByText("Queue is long, please help")).toBeTruthy();
    expect(window.location.pathname).toBe("/"); // the desk stays where it is
    await waitFor(() => expect(calls.some((c) => c.path === "/api/v1/comms/chat/rooms/1/read")).toBe(true));
    await waitFor(() => expect(screen.getByRole("button", { name: "Team chat" })).toBeTruthy());
    fireEvent.click(within(panel).getByRole("button", { name: "All rooms" }));
    fireEvent.keyDown(within(panel).getByRole("navigation", { name: "Rooms" }), { key: "Escape" });
    expect(screen.queryByRole("complementary")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Team chat" }));
  });
});
