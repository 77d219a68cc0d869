// The boards against a mocked API: the ideas list (most voted first, a vote
// toggled, none on one's own), the filters in the request, paging; an
// anonymous question; a new post's checks and the server's field message
// (the text kept); a moderator's status change (declining asks a reason
// first) and answer; lost & found resolved by its author; a focus group
// with members; deleting after a confirmation.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { announceNotification } from "../../../lib/notifications";
import { mockApi, renderAsUser } from "../../admin/test-utils";
import CommsPage from "../CommsPage";
import { POST } from "./boardsData.test";
import type { Post } from "./boardsData";

beforeEach(() => {
  window.scrollTo = () => {};
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

function renderAs(path: string, name: string, role: string, agent: string | null = null, lang: "en" | "zh-CN" = "en") {
  return renderAsUser(<CommsPage />, path, name, role, agent, lang);
}
const post = (over: Partial<Post> = {}): Post => ({ ...POST, ...over });
const err = (status: number, field: string, message: string) => ({ status, json: { error: { code: "invalid_argument", message, field } } });

describe("the ideas list", () => {
  it("asks the most voted first, toggles a vote (never on one's own) and shows the count", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (method === "GET" && path.startsWith("/api/v1/comms/boards/idea?"))
        return { json: { items: [post({ id: 1, title: "Quiet room", votes: 3 }), post({ id: 2, title: "My own", mine: true, votes: 5, author: "agent02" })], total: 2 } };
      if (method === "PUT" && path === "/api/v1/comms/posts/1/vote") return { json: post({ id: 1, title: "Quiet room", votes: (body as { vote: boolean }).vote ? 4 : 3, my_vote: (body as { vote: boolean }).vote }) };
      return undefined;
    });
    renderAs("/comms/ideas", "agent02", "agent", "agent02");
    const list = await screen.findByRole("list", { name: "Ideas" });
    expect(calls[0].path).toBe("/api/v1/comms/boards/idea?sort=top&limit=20&offset=0");
    const rows = within(list).getAllByRole("listitem");
    expect(within(rows[0]).getByRole("link", { name: "Quiet room" }).getAttribute("href")).toBe("/comms/ideas/1");
    expect(within(rows[0]).getByText("New")).toBeTruthy();
    expect(within(rows[0]).getByText(/agent01 · .* · comments: 2 · views: 10/)).toBeTruthy();
    // one's own post: the count, no button
    expect(within(rows[1]).queryByRole("button")).toBeNull();
    expect(within(rows[1]).getByText("Votes: 5")).toBeTruthy();
    const vote = within(rows[0]).getByRole("button", { name: "3 votes. Vote for “Quiet room”" });
    expect(vote.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(vote);
    const voted = await within(rows[0]).findByRole("button", { name: "4 votes. Vote for “Quiet room”" });
    expect(voted.getAttribute("aria-pressed")).toBe("true");
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ vote: true });
    fireEvent.click(voted);
    await within(rows[0]).findByRole("button", { name: "3 votes. Vote for “Quiet room”" });
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([{ vote: true }, { vote: false }]);
  });

  it("puts the search, status, order, 'mine' and the page in the request and the address", async () => {
    const calls = mockApi(({ path }) => {
      if (path.startsWith("/api/v1/comms/boards/idea?")) {
        const offset = Number(new URLSearchParams(path.split("?")[1]).get("offset"));
        return { json: { items: Array.from({ length: 20 }, (_, i) => post({ id: offset + i + 1, title: `Idea ${offset + i + 1}` })).slice(0, offset ? 5 : 20), total: 25 } };
      }
      return undefined;
    });
    renderAs("/comms/ideas", "agent01", "agent", "agent01");
    await screen.findByText("1–20 of 25");
    fireEvent.change(screen.getByRole("searchbox", { name: "Search" }), { target: { value: "wifi" } });
    await waitFor(() => expect(window.location.search).toBe("?q=wifi"));
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "planned" } });
    fireEvent.change(screen.getByLabelText("Order"), { target: { value: "new" } });
    fireEvent.click(screen.getByLabelText("Only my ideas"));
    await waitFor(() => expect(calls.at(-1)?.path).toBe("/api/v1/comms/boards/idea?sort=new&status=planned&q=wifi&mine=true&limit=20&offset=0"));
    await screen.findByText("1–20 of 25");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("21–25 of 25");
    expect(calls.at(-1)?.path).toBe("/api/v1/comms/boards/idea?sort=new&status=planned&q=wifi&mine=true&limit=20&offset=20");
    expect((screen.getByRole("button", { name: "Next" }) as HTMLButtonElement).disabled).toBe(true);
    expect(window.location.search).toBe("?sort=new&status=planned&q=wifi&mine=1&offset=20");
  });
});

describe("questions", () => {
  it("shows 'Anonymous' for a hidden asker; asking anonymously says who still knows", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (method === "GET" && path.startsWith("/api/v1/comms/boards/question?")) return { json: { items: [post({ id: 3, board: "question", status: "open", title: "Parking?", author: null, anonymous: true })], total: 1 } };
      if (method === "POST" && path === "/api/v1/comms/boards/question") return { status: 201, json: post({ id: 4, board: "question", status: "open", ...(body as object), mine: true }) };
      if (method === "GET" && path === "/api/v1/comms/posts/4") return { json: post({ id: 4, board: "question", status: "open", title: "Why?", anonymous: true, mine: true, author: "agent02" }) };
      if (path === "/api/v1/comms/posts/4/comments") return { json: { items: [] } };
      return undefined;
    });
    renderAs("/comms/questions", "lead.red", "team_lead");
    const list = await screen.findByRole("list", { name: "Questions to management" });
    expect(within(list).getByText(/^Anonymous · /)).toBeTruthy();
    cleanup();
    renderAs("/comms/questions/new", "agent02", "agent", "agent02");
    fireEvent.change(await screen.findByLabelText(/^Title/), { target: { value: "Why?" } });
    const anon = screen.getByLabelText("Ask anonymously");
    expect(anon.getAttribute("aria-describedby")).toBeTruthy();
    expect(screen.getByText("Your name is hidden from colleagues; the admins' audit log keeps who asked.")).toBeTruthy();
    fireEvent.click(anon);
    fireEvent.click(screen.getByRole("button", { name: "Ask" }));
    await waitFor(() => expect(window.location.pathname).toBe("/comms/questions/4"));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ title: "Why?", body: "", anonymous: true });
    expect(await screen.findByText("You asked this anonymously: colleagues do not see your name.")).toBeTruthy();
  });

  it("lets a moderator answer (shown highlighted) and asks a reason before declining an idea", async () => {
    let q = post({ id: 3, board: "question", status: "open", title: "Parking?", author: null, anonymous: true });
    const calls = mockApi(({ method, path, body }) => {
      if (method === "GET" && path === "/api/v1/comms/posts/3") return { json: q };
      if (path === "/api/v1/comms/posts/3/comments") return { json: { items: [{ id: 1, author: null, body: "me too", created_ms: 1 }] } };
      if (method === "POST" && path === "/api/v1/comms/posts/3/answer") {
        q = { ...q, status: "answered", status_by: "lead.red", status_ms: Date.UTC(2026, 11, 2, 10), answer: { body: (body as { body: string }).body, by: "lead.red", created_ms: Date.UTC(2026, 11, 2, 10) } };
        return { json: q };
      }
      return undefined;
    });
    renderAs("/comms/questions/3", "lead.red", "team_lead");
    await screen.findByRole("heading", { name: /Parking\?/, level: 2 });
    expect(screen.getByText(/^Anonymous · .* · views: 10/)).toBeTruthy();
    expect(await screen.findByText(/^Anonymous · /, { selector: ".sy-c-comments p" })).toBeTruthy();
    // "answered" is set by answering: not among the statuses
    const statusSelect = screen.getByLabelText("New status") as HTMLSelectElement;
    expect([...statusSelect.options].map((o) => o.value)).toEqual(["", "closed"]);
    fireEvent.click(screen.getByRole("button", { name: "Answer" }));
    expect(await screen.findByText("Fill this in.")).toBeTruthy();
    expect(calls.some((c) => c.path.endsWith("/answer"))).toBe(false);
    fireEvent.change(screen.getByLabelText("The answer"), { target: { value: "Level **-2** is ours." } });
    fireEvent.click(screen.getByRole("button", { name: "Answer" }));
    const answer = await screen.findByRole("region", { name: "Official answer" });
    expect(within(answer).getByText("-2").tagName).toBe("STRONG");
    expect(within(answer).getByText(/^Answered by lead.red/)).toBeTruthy();
    expect(screen.getByRole("heading", { name: /Parking\?/, level: 2 }).textContent).toContain("Answered");
    expect(screen.getByRole("button", { name: "Replace the answer" })).toBeTruthy();
    // the answer's box says who and when: no second status line
    expect(screen.queryByText(/^Answered: set by/)).toBeNull();
  });
});

describe("status changes", () => {
  it("says a decline needs a reason before sending, then sends it and shows who/when/why", async () => {
    let idea = post({ id: 1, title: "Quiet room" });
    const calls = mockApi(({ method, path, body }) => {
      if (method === "GET" && path === "/api/v1/comms/posts/1") return { json: idea };
      if (path === "/api/v1/comms/posts/1/comments") return { json: { items: [] } };
      if (method === "POST" && path === "/api/v1/comms/posts/1/status") {
        const b = body as { status: string; reason?: string };
        idea = { ...idea, status: b.status, status_reason: b.reason ?? "", status_by: "lead.red", status_ms: Date.UTC(2026, 11, 2, 10, 30) };
        return { json: idea };
      }
      return undefined;
    });
    renderAs("/comms/ideas/1", "lead.red", "team_lead");
    await screen.findByRole("heading", { name: /Quiet room/, level: 2 });
    expect(screen.getByText("Declining needs a reason; the author sees it.")).toBeTruthy();
    // the lead did not write it: no edit or delete; votes allowed
    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    fireEvent.change(screen.getByLabelText("New status"), { target: { value: "declined" } });
    expect(screen.getByLabelText(/^Reason \(needed to decline\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Change the status" }));
    expect(await screen.findByText("Say why: declining needs a reason.")).toBeTruthy();
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: "no room left" } });
    fireEvent.click(screen.getByRole("button", { name: "Change the status" }));
    expect(await screen.findByText("Status set to Declined; the author is notified.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ status: "declined", reason: "no room left" });
    expect(screen.getByText(/^Declined: set by lead.red on .* Reason: “no room left”$/)).toBeTruthy();
  });

  it("shows the author a new status live when its notification arrives (no reload)", async () => {
    let idea = post({ id: 1, title: "Quiet room", mine: true });
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/comms/posts/1") return { json: idea };
      if (path === "/api/v1/comms/posts/1/comments") return { json: { items: [] } };
      return undefined;
    });
    renderAs("/comms/ideas/1", "agent01", "agent", "agent01");
    await screen.findByRole("heading", { name: /Quiet room/, level: 2 });
    idea = { ...idea, status: "planned", status_by: "lead.red", status_ms: Date.UTC(2026, 11, 2, 10), status_reason: "next month" };
    // another post's notification: nothing
    act(() => announceNotification({ id: 8, kind: "comms.post_status", data: { post: 2, board: "idea", status: "done" }, link: "", created_ms: 1, read_ms: null }));
    act(() => announceNotification({ id: 9, kind: "comms.post_status", data: { post: 1, board: "idea", status: "planned" }, link: "/comms/ideas/1", created_ms: 1, read_ms: null }));
    expect(await screen.findByText(/^Planned: set by lead.red on .* Reason: “next month”$/)).toBeTruthy();
    expect(calls.filter((c) => c.path === "/api/v1/comms/posts/1")).toHaveLength(2);
  });

  it("shows the server's message beside the field and keeps what was typed", async () => {
    mockApi(({ method, path }) => {
      if (method === "POST" && path === "/api/v1/comms/boards/lost_found") return err(400, "title", "title is longer than 200 bytes");
      return undefined;
    });
    renderAs("/comms/lost-found/new", "agent11", "agent", null);
    const title = await screen.findByLabelText(/^Title/);
    fireEvent.change(title, { target: { value: "Blue umbrella" } });
    fireEvent.click(screen.getByRole("button", { name: "Post" }));
    // lost or found first, before anything is sent
    expect(await screen.findByText("Say whether the item was lost or found.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Lost or found"), { target: { value: "found" } });
    fireEvent.change(screen.getByLabelText(/^Description/), { target: { value: "By the lifts" } });
    fireEvent.click(screen.getByRole("button", { name: "Post" }));
    const msg = await screen.findByText("title is longer than 200 bytes");
    expect(msg.closest("[data-field]")?.getAttribute("data-field")).toBe("title");
    expect((screen.getByLabelText(/^Title/) as HTMLInputElement).value).toBe("Blue umbrella");
    expect((screen.getByLabelText(/^Description/) as HTMLTextAreaElement).value).toBe("By the lifts");
    expect(screen.getByText("The post will show your site.")).toBeTruthy();
  });
});

describe("lost & found and focus groups", () => {
  it("lets the author mark an item resolved, and filters the list by site", async () => {
    let item = post({ id: 5, board: "lost_found", status: "open", category: "found", mine: true, author: "agent11", title: "Blue umbrella" });
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/sites") return { json: [{ id: 1, name: "lyon" }, { id: 2, name: "paris" }] };
      if (method === "GET" && path.startsWith("/api/v1/comms/boards/lost_found?"))
        return { json: { items: [item, post({ id: 6, board: "lost_found", status: "open", category: "lost", site: "lyon", title: "Keys" })], total: 2 } };
      if (method === "GET" && path === "/api/v1/comms/posts/5") return { json: item };
      if (path === "/api/v1/comms/posts/5/comments") return { json: { items: [] } };
      if (method === "POST" && path === "/api/v1/comms/posts/5/status") {
        item = { ...item, status: (body as { status: string }).status, status_by: "agent11", status_ms: 2 };
        return { json: item };
      }
      return undefined;
    });
    renderAs("/comms/lost-found", "agent11", "agent", "agent11");
    const list = await screen.findByRole("list", { name: "Lost & found" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    expect(within(list).getByText("Found")).toBeTruthy();
    expect(within(list).getByText("Lost")).toBeTruthy();
    expect(calls[0].path).toContain("sort=new");
    // no vote on lost & found
    expect(within(list).queryByRole("button")).toBeNull();
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "lyon" } });
    expect(within(screen.getByRole("list", { name: "Lost & found" })).getAllByRole("listitem").map((li) => li.querySelector("a")?.textContent)).toEqual(["Keys"]);
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("link", { name: "Blue umbrella" }));
    fireEvent.click(await screen.findByRole("button", { name: "Mark resolved" }));
    await waitFor(() => expect(screen.getByRole("heading", { name: /Blue umbrella/, level: 2 }).textContent).toContain("Resolved"));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ status: "resolved" });
    expect(screen.queryByRole("button", { name: "Mark resolved" })).toBeNull();
  });

  it("lets a moderator create a group with members picked from the chat's people, or typed", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/comms/chat/presence") return { json: { items: [{ user: "lead.red", agent: null, state: "available", since_ms: 1 }, { user: "agent01", agent: "agent01", state: "busy", since_ms: 1 }, { user: "agent02", agent: "agent02", state: "away", since_ms: 1 }] } };
      if (method === "POST" && path === "/api/v1/comms/boards/focus") return { status: 201, json: post({ id: 9, board: "focus", status: "open", ...(body as object), mine: true }) };
      if (method === "GET" && path === "/api/v1/comms/posts/9") return { json: post({ id: 9, board: "focus", status: "open", title: "New desk", members: ["agent01", "agent07"], mine: true }) };
      if (path === "/api/v1/comms/posts/9/comments") return { json: { items: [] } };
      return undefined;
    });
    renderAs("/comms/focus/new", "lead.red", "team_lead");
    const group = await screen.findByRole("group", { name: "Members" });
    await within(group).findByLabelText("agent01");
    // not oneself
    expect(within(group).queryByLabelText("lead.red")).toBeNull();
    fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: "New desk" } });
    fireEvent.click(within(group).getByLabelText("agent01"));
    fireEvent.change(screen.getByLabelText("Other user names"), { target: { value: "agent07，lead.red" } });
    fireEvent.click(screen.getByRole("button", { name: "Create the group" }));
    await waitFor(() => expect(window.location.pathname).toBe("/comms/focus/9"));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ title: "New desk", body: "", members: ["agent01", "agent07"] });
    expect(await screen.findByText("Members: agent01, agent07")).toBeTruthy();
    // the creator edits the members
    expect(screen.getByRole("button", { name: "Save the members" })).toBeTruthy();
  });

  it("shows an unknown member's message on the members and keeps the picks", async () => {
    mockApi(({ method, path }) => {
      if (path === "/api/v1/comms/chat/presence") return { status: 403, json: { error: { code: "forbidden", message: "no", field: "" } } };
      if (method === "POST" && path === "/api/v1/comms/boards/focus") return err(404, "members[1]", "no user agent99");
      return undefined;
    });
    renderAs("/comms/focus/new", "quality", "quality");
    fireEvent.change(await screen.findByLabelText(/^Title/), { target: { value: "Scripts" } });
    // no list to pick from: typed names
    const typed = await screen.findByLabelText("Members (user names)");
    fireEvent.change(typed, { target: { value: "agent01, agent99" } });
    fireEvent.click(screen.getByRole("button", { name: "Create the group" }));
    const msg = await screen.findByText(/no user agent99/);
    expect(msg.closest("[data-field]")?.getAttribute("data-field")).toBe("members");
    expect((screen.getByLabelText("Members (user names)") as HTMLInputElement).value).toBe("agent01, agent99");
  });

  it("an agent cannot open the new focus group form, and deleting asks first", async () => {
    const calls = mockApi(({ method, path }) => {
      if (path.startsWith("/api/v1/comms/boards/focus?")) return { json: { items: [], total: 0 } };
      if (method === "GET" && path === "/api/v1/comms/posts/1") return { json: post({ id: 1, mine: true, author: "agent01" }) };
      if (path === "/api/v1/comms/posts/1/comments") return { json: { items: [] } };
      if (method === "DELETE" && path === "/api/v1/comms/posts/1") return { status: 204 };
      if (path.startsWith("/api/v1/comms/boards/idea?")) return { json: { items: [], total: 0 } };
      return undefined;
    });
    renderAs("/comms/focus/new", "agent01", "agent", "agent01");
    expect(await screen.findByText("No focus group for you yet.")).toBeTruthy();
    expect(screen.queryByRole("link", { name: "New focus group" })).toBeNull();
    cleanup();
    renderAs("/comms/ideas/1", "agent01", "agent", "agent01");
    const del = await screen.findByRole("button", { name: "Delete" });
    const confirm = vi.spyOn(window, "confirm").mockReturnValueOnce(false).mockReturnValueOnce(true);
    fireEvent.click(del);
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(del);
    await waitFor(() => expect(window.location.pathname).toBe("/comms/ideas"));
    expect(confirm).toHaveBeenCalledWith("Delete “A quiet room” with its comments and votes?");
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/api/v1/comms/posts/1"]);
  });
});
