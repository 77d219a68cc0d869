// The comms pages against a mocked API: the knowledge base searched as one
// types (Chinese too), an article's Markdown shown safely with votes; an edit
// refused with 409 keeps the writer's text and saves over the newer version
// on request; the diff's marks; the briefing read by an agent, an item's
// target date, the receipts; announcements in order and the editor's body;
// the desk's urgent pop-up and suggested articles.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { announceNotification } from "../../lib/notifications";
import { SessionContext } from "../../lib/sessionContext";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { ANN } from "./commsData.test";
import CommsPage, { parseCommsPath } from "./CommsPage";
import { DeskComms, SUGGEST_AGAIN_MS, SuggestedArticles } from "./DeskComms";
import { announceCustomerMessage } from "../../lib/chat";
import type { Article, Briefing } from "./commsData";

beforeEach(() => {
  window.scrollTo = () => {};
});
afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

const ME = (name: string, role: string, agent: string | null = null, team: string | null = null) => ({
  me: { name, role, agent, user_id: 1, team, time_zone: "UTC" },
  settings: null,
  timeZone: "UTC",
  logout: () => {},
});

function renderAs(path: string, name: string, role: string, agent: string | null = null, team: string | null = null, lang: "en" | "zh-CN" = "en") {
  window.history.replaceState(null, "", path);
  return renderWithI18n(
    <SessionContext.Provider value={ME(name, role, agent, team) as never}>
      <CommsPage />
    </SessionContext.Provider>,
    lang,
  );
}

const ARTICLE: Article = {
  id: 5,
  title: "退款政策",
  body: "# 适用范围\n\n**七天内**可以退款。\n\n- 保留发票\n- 联系客服\n\n<script>window.hacked = 1</script>\n\n[bad](javascript:alert(1))",
  category: "billing",
  tags: ["退款", "refund"],
  version: 2,
  author: "wfm",
  reviewer: "quality",
  status: "published",
  created_ms: Date.UTC(2026, 11, 1),
  updated_ms: Date.UTC(2026, 11, 2),
  views: 3,
  helpful: 1,
  not_helpful: 0,
  my_vote: null,
  queues: ["billing"],
};
const { body: _body, ...ITEM } = ARTICLE;

describe("paths", () => {
  it("splits a comms path", () => {
    expect(parseCommsPath("/comms/kb/12/edit?x=1")).toEqual({ section: "kb", rest: ["12", "edit"] });
    expect(parseCommsPath("/comms")).toEqual({ section: null, rest: [] });
  });
});

describe("knowledge base", () => {
  it("searches as the user types (once, after a pause), and shows the article safely with votes", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/kb/categories") return { json: { items: [{ category: "billing", articles: 1 }] } };
      if (path.startsWith("/api/v1/kb/articles?")) return { json: { items: path.includes("q=") ? [{ ...ITEM, snippet: "七天内可以退款。" }] : [] } };
      if (method === "GET" && path === "/api/v1/kb/articles/5") return { json: ARTICLE };
      if (path === "/api/v1/kb/articles/5/comments") return { json: { items: [] } };
      if (method === "POST" && path === "/api/v1/kb/articles/5/vote") return { json: { ...ARTICLE, helpful: (body as { helpful: boolean }).helpful ? 2 : 1, my_vote: true } };
      return undefined;
    });
    renderAs("/comms/kb", "agent01", "agent", "agent01", "red");
    const box = await screen.findByRole("searchbox", { name: "Search articles" });
    fireEvent.change(box, { target: { value: "退" } });
    fireEvent.change(box, { target: { value: "退款" } });
    expect(await screen.findByText("七天内可以退款。")).toBeTruthy();
    const searches = calls.filter((c) => c.path.startsWith("/api/v1/kb/articles?") && c.path.includes("q="));
    expect(searches.map((c) => decodeURIComponent(c.path))).toEqual(["/api/v1/kb/articles?q=退款&limit=50"]);
    // agents do not get the status filter or the writer's buttons
    expect(screen.queryByLabelText("Status")).toBeNull();
    expect(screen.queryByRole("link", { name: "New article" })).toBeNull();

    fireEvent.click(screen.getByRole("link", { name: "退款政策" }));
    const article = await screen.findByRole("article", { name: /退款政策/ });
    expect(within(article).getByRole("heading", { name: "适用范围", level: 3 })).toBeTruthy();
    expect(within(article).getByText("七天内").tagName).toBe("STRONG");
    expect(within(article).getByText("<script>window.hacked = 1</script>")).toBeTruthy();
    expect(article.querySelector("script")).toBeNull();
    expect(within(article).queryByRole("link", { name: "bad" })).toBeNull();
    fireEvent.click(within(article).getByRole("button", { name: "Helpful (1)" }));
    const pressed = await within(article).findByRole("button", { name: "Helpful (2)" });
    expect(pressed.getAttribute("aria-pressed")).toBe("true");
    expect(calls.find((c) => c.path === "/api/v1/kb/articles/5/vote")?.body).toEqual({ helpful: true });
  });

  it("keeps the writer's text when someone else saved first (409), and saves over theirs on request", async () => {
    let puts = 0;
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/kb/articles/5") return { json: puts === 0 ? ARTICLE : { ...ARTICLE, version: 3, author: "quality", body: "their text" } };
      if (method === "PUT" && path === "/api/v1/kb/articles/5") {
        puts++;
        if (puts === 1) return { status: 409, json: { error: { code: "conflict", message: "version 3 is current", field: "version" } } };
        return { json: { ...ARTICLE, version: 4, status: "in_review" } };
      }
      if (path.startsWith("/api/v1/kb/articles/5/comments")) return { json: { items: [] } };
      return undefined;
    });
    renderAs("/comms/kb/5/edit", "wfm", "wfm");
    const body = (await screen.findByLabelText("Text (Markdown)")) as HTMLTextAreaElement;
    expect(body.value).toBe(ARTICLE.body);
    expect(screen.getByText(/your edit goes back to review/)).toBeTruthy();
    fireEvent.change(body, { target: { value: "my new text" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const alert = await screen.findByText(/quality saved version 3 while you were editing/);
    expect(alert).toBeTruthy();
    expect((screen.getByLabelText("Text (Markdown)") as HTMLTextAreaElement).value).toBe("my new text");
    expect(screen.getByText("their text")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PUT")[0].body).toMatchObject({ base_version: 2, body: "my new text", tags: ["退款", "refund"] });
    fireEvent.click(screen.getByRole("button", { name: "Save mine over theirs" }));
    await waitFor(() => expect(window.location.pathname).toBe("/comms/kb/5"));
    expect(calls.filter((c) => c.method === "PUT")[1].body).toMatchObject({ base_version: 3, body: "my new text" });
  });

  it("shows a diff with + and − marks besides colour", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/kb/articles/5/versions") return { json: { items: [{ version: 2, author: "wfm", note: "fix", created_ms: 2, title: "B" }, { version: 1, author: "wfm", note: "", created_ms: 1, title: "A" }] } };
      if (path === "/api/v1/kb/articles/5/diff?from=1&to=2")
        return { json: { from: 1, to: 2, title: { from: "A", to: "B" }, lines: [{ op: "same", text: "keep" }, { op: "del", text: "old" }, { op: "add", text: "new" }] } };
      return undefined;
    });
    renderAs("/comms/kb/5/versions", "quality", "quality");
    const list = await screen.findByRole("list", { name: "Changes from version 1 to 2" });
    const items = within(list).getAllByRole("listitem");
    expect(items.map((li) => li.className)).toEqual(["sy-c-diff-same", "sy-c-diff-del", "sy-c-diff-add"]);
    expect(items[1].textContent).toBe("−removed:old");
    expect(items[2].textContent).toBe("+added:new");
    expect(screen.getByText("1 lines added, 1 removed")).toBeTruthy();
    expect(screen.getByText("Title: “A” → “B”")).toBeTruthy();
  });
});

const BRIEFING: Briefing = {
  id: 11,
  site: "main",
  date: "2026-12-03",
  published_ms: Date.UTC(2026, 11, 3, 7, 30),
  read_ms: null,
  items: [
    { id: 1, department: "wfm", title: "Overtime", body: "Saturday overtime open", author: "wfm" },
    { id: 2, department: "it", title: "Outage", body: "CRM down 12:00–12:15", author: "admin" },
  ],
};

describe("briefings", () => {
  it("lets an agent read today's briefing by department", async () => {
    const calls = mockApi(({ method, path }) => {
      if (path.startsWith("/api/v1/comms/briefings?")) return { json: { items: [BRIEFING, { ...BRIEFING, id: 10, date: "2026-12-02", read_ms: 5 }] } };
      if (method === "POST" && path === "/api/v1/comms/briefings/11/read") return { json: { ...BRIEFING, read_ms: Date.UTC(2026, 11, 3, 8) } };
      return undefined;
    });
    renderAs("/comms/briefings", "agent01", "agent", "agent01", "red");
    const card = await screen.findByRole("article", { name: /Briefing of Thu, Dec 3, 2026, main/ });
    expect(within(card).getByRole("heading", { name: "Workforce management" })).toBeTruthy();
    expect(within(card).getByRole("heading", { name: "IT" })).toBeTruthy();
    expect(within(card).getByText("CRM down 12:00–12:15")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Submit an item" })).toBeNull();
    fireEvent.click(within(card).getByRole("button", { name: "Mark as read" }));
    expect(await within(card).findByText("Read at Dec 3, 2026, 08:00", { exact: false })).toBeTruthy();
    expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/comms/briefings/11/read")).toBe(true);
    expect(screen.getByRole("link", { name: "Briefing of Wed, Dec 2, 2026, main" })).toBeTruthy();
  });

  it("tells a writer which briefing an item goes to, and a lead who has read", async () => {
    const calls = mockApi(({ method, path }) => {
      if (path.startsWith("/api/v1/comms/briefings?")) return { json: { items: [] } };
      if (path === "/api/v1/sites") return { json: [{ id: 1, name: "main" }] };
      // publish at 23:59 with 0 minutes' notice: always before the deadline (except the very last minute)
      if (path === "/api/v1/comms/briefing-schedule") return { json: { items: [{ site: "main", time_zone: "UTC", publish_at: "23:59", deadline_minutes: 0 }] } };
      if (method === "POST" && path === "/api/v1/comms/briefing-items") return { status: 201, json: { id: 3, site: "", department: "wfm", title: "x", body: "y", author: "wfm", created_ms: 1, briefing_date: "2026-12-04" } };
      if (path === "/api/v1/comms/briefings/11") return { json: BRIEFING };
      if (path === "/api/v1/comms/briefings/11/receipts") return { json: { briefing: 11, read: [{ agent: "agent01", user: "agent01", read_ms: 1 }], unread: [{ agent: "agent02", user: "agent02" }] } };
      return undefined;
    });
    renderAs("/comms/briefings", "wfm", "wfm");
    const form = await screen.findByRole("form", { name: "Submit an item" });
    expect(await screen.findByText(/Goes to the briefing of .* \(items until 23:59, UTC\)/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/Title/), { target: { value: "x" } });
    fireEvent.click(within(form).getByRole("button", { name: "Submit item" }));
    expect(await within(form).findByText("Fill this in.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Text"), { target: { value: "y" } });
    fireEvent.click(within(form).getByRole("button", { name: "Submit item" }));
    expect(await screen.findByText("Submitted for the briefing of Fri, Dec 4, 2026.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ site: "", department: "wfm", title: "x", body: "y" });
    cleanup();

    renderAs("/comms/briefings/11", "lead.red", "team_lead", null, "red");
    const read = await screen.findByRole("heading", { name: "Read (1)" });
    expect(read.parentElement?.textContent).toContain("agent01");
    expect(screen.getByRole("heading", { name: "Not read (1)" }).parentElement?.textContent).toContain("agent02");
  });

  it("says each site's date for an item to every site when their schedules differ", async () => {
    mockApi(({ path }) => {
      if (path.startsWith("/api/v1/comms/briefings?")) return { json: { items: [] } };
      if (path === "/api/v1/sites") return { json: [{ id: 1, name: "main" }, { id: 2, name: "north" }] };
      // main takes items until 23:59 (today), north's deadline is midnight (always passed: tomorrow)
      if (path === "/api/v1/comms/briefing-schedule")
        return { json: { items: [{ site: "main", time_zone: "UTC", publish_at: "23:59", deadline_minutes: 0 }, { site: "north", time_zone: "UTC", publish_at: "00:00", deadline_minutes: 0 }] } };
      return undefined;
    });
    renderAs("/comms/briefings", "wfm", "wfm");
    const text = await screen.findByText(/^Each site's schedule decides: goes to the briefing of .+ at main; .+ at north\.$/);
    expect(text).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "north" } });
    expect(await screen.findByText(/^Today's deadline \(00:00, UTC\) has passed/)).toBeTruthy();
  });

  it("lets an admin edit the schedule, checking the values first", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/sites") return { json: [{ id: 1, name: "main" }, { id: 2, name: "north" }] };
      if (method === "GET" && path === "/api/v1/comms/briefing-schedule") return { json: { items: [{ site: "main", time_zone: "Europe/Berlin", publish_at: "07:30", deadline_minutes: 60 }] } };
      if (method === "PUT" && path === "/api/v1/comms/briefing-schedule") return { json: body };
      return undefined;
    });
    renderAs("/comms/briefings/schedule", "admin", "admin");
    const north = await screen.findByRole("group", { name: "Site north" });
    fireEvent.change(within(north).getByLabelText("Time zone"), { target: { value: "Nowhere/Land" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await within(north).findByText(/Not a time zone/)).toBeTruthy();
    fireEvent.change(within(north).getByLabelText("Time zone"), { target: { value: "Asia/Shanghai" } });
    fireEvent.change(within(north).getByLabelText("Published at"), { target: { value: "08:15" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Schedule saved.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({
      items: [
        { site: "main", time_zone: "Europe/Berlin", publish_at: "07:30", deadline_minutes: 60 },
        { site: "north", time_zone: "Asia/Shanghai", publish_at: "08:15", deadline_minutes: 60 },
      ],
    });
  });
});

describe("publish now", () => {
  it("lets an admin publish a site's briefing now after asking, and says why when the server refuses", async () => {
    let published = false;
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/sites") return { json: [{ id: 1, name: "main" }, { id: 2, name: "north" }] };
      if (method === "GET" && path === "/api/v1/comms/briefing-schedule") return { json: { items: [] } };
      if (method === "POST" && path === "/api/v1/comms/briefings/publish") {
        if ((body as { site: string }).site === "north" || published)
          return { status: 409, json: { error: { code: "illegal_state", message: "today's briefing of north has no items", field: "site" } } };
        published = true;
        return { status: 201, json: { ...BRIEFING, id: 12, date: "2026-12-02" } };
      }
      return undefined;
    });
    renderAs("/comms/briefings/schedule", "admin", "admin");
    const main = await screen.findByRole("group", { name: "Site main" });
    fireEvent.click(within(main).getByRole("button", { name: "Publish today's briefing now" }));
    expect(within(main).getByText("Publish today's briefing of main now? Items submitted after this go to tomorrow's.")).toBeTruthy();
    expect(calls.some((c) => c.method === "POST")).toBe(false); // asked first
    fireEvent.click(within(main).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    fireEvent.click(within(main).getByRole("button", { name: "Publish today's briefing now" }));
    fireEvent.click(within(main).getByRole("button", { name: "Yes, publish now" }));
    const status = await within(main).findByRole("status");
    expect(status.textContent).toContain(`Published: the briefing of 2026-12-02, ${BRIEFING.items.length} items.`);
    expect(within(status).getByRole("link", { name: "Open it" }).getAttribute("href")).toBe("/comms/briefings/12");
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([{ site: "main" }]);
    expect(calls.some((c) => c.method === "PUT")).toBe(false); // the schedule is not saved by it

    const north = screen.getByRole("group", { name: "Site north" });
    fireEvent.click(within(north).getByRole("button", { name: "Publish today's briefing now" }));
    fireEvent.click(within(north).getByRole("button", { name: "Yes, publish now" }));
    expect((await within(north).findByRole("alert")).textContent).toMatch(/no items/);
    // a refusal closes the question (pressing again would be refused again); the button is back
    expect(within(north).queryByRole("button", { name: "Yes, publish now" })).toBeNull();
    expect(within(north).getByRole("button", { name: "Publish today's briefing now" })).toBeTruthy();
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([{ site: "main" }, { site: "north" }]);
  });
});

describe("announcements", () => {
  it("lists pinned first with badges, and marks one read", async () => {
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/comms/announcements") return { json: { items: [ANN({ id: 1, title: "Old news", created_ms: 1 }), ANN({ id: 2, title: "Pinned news", pinned: true, category: "hr" }), ANN({ id: 3, title: "Gone", expires_ms: 5 })] } };
      if (method === "POST" && path === "/api/v1/comms/announcements/1/read") return { json: ANN({ id: 1, title: "Old news", created_ms: 1, read_ms: 9 }) };
      return undefined;
    });
    renderAs("/comms/announcements", "agent01", "agent", "agent01", "red");
    const first = await screen.findByRole("article", { name: /Pinned news/ });
    const arts = screen.getAllByRole("article");
    expect(arts[0]).toBe(first);
    expect(arts.length).toBe(2);
    expect(within(first).getByText("HR")).toBeTruthy();
    expect(within(first).getByText("Pinned")).toBeTruthy();
    fireEvent.click(within(arts[1]).getByRole("button", { name: "Mark as read" }));
    expect(await within(arts[1]).findByText(/Read at/)).toBeTruthy();
    expect(calls.some((c) => c.path === "/api/v1/comms/announcements/1/read")).toBe(true);
    expect(screen.queryByRole("link", { name: "New announcement" })).toBeNull();
  });

  it("creates one for a team with pin, urgent and expiry", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/sites") return { json: [{ id: 1, name: "main" }] };
      if (path === "/api/v1/teams") return { json: [{ id: 1, name: "red" }, { id: 2, name: "blue" }] };
      if (method === "POST" && path === "/api/v1/comms/announcements") return { status: 201, json: { ...ANN({ id: 7 }), ...(body as object) } };
      if (path.startsWith("/api/v1/comms/announcements")) return { json: { items: [] } };
      return undefined;
    });
    renderAs("/comms/announcements/new", "admin", "admin");
    const form = await screen.findByRole("form", { name: "New announcement" });
    fireEvent.change(within(form).getByLabelText(/Title/), { target: { value: "Fire drill" } });
    fireEvent.change(within(form).getByLabelText("Text"), { target: { value: "At 15:00" } });
    fireEvent.change(within(form).getByLabelText("Who reads it"), { target: { value: "team" } });
    await within(form).findByRole("option", { name: "blue" });
    fireEvent.click(within(form).getByRole("button", { name: "Publish" }));
    expect(await within(form).findByText("Fill this in.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Team"), { target: { value: "blue" } });
    fireEvent.click(within(form).getByLabelText("Pin to the top"));
    fireEvent.click(within(form).getByLabelText("Urgent"));
    fireEvent.change(within(form).getByLabelText("Expires"), { target: { value: "2026-12-03T18:00" } });
    fireEvent.click(within(form).getByRole("button", { name: "Publish" }));
    await waitFor(() => expect(window.location.pathname).toBe("/comms/announcements/7"));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      title: "Fire drill",
      body: "At 15:00",
      category: "general",
      audience: { kind: "team", value: "blue" },
      pinned: true,
      urgent: true,
      expires_ms: Date.UTC(2026, 11, 3, 18, 0),
    });
  });
});

describe("desk panels", () => {
  it("pops an urgent announcement up when it arrives and acknowledges it", async () => {
    let urgentSent = false;
    const calls = mockApi(({ method, path }) => {
      if (path.startsWith("/api/v1/comms/briefings?")) return { json: { items: [BRIEFING] } };
      if (path === "/api/v1/comms/announcements") return { json: { items: urgentSent ? [ANN({ id: 4, title: "Evacuate", urgent: true, body: "Leave by the stairs" })] : [] } };
      if (method === "POST" && path === "/api/v1/comms/announcements/4/read") return { json: ANN({ id: 4, title: "Evacuate", urgent: true, read_ms: 1 }) };
      return undefined;
    });
    renderWithI18n(<DeskComms />);
    const panel = await screen.findByRole("region", { name: /What's new/ });
    expect(await within(panel).findByLabelText("1 unread")).toBeTruthy();
    expect(within(panel).getByText("Briefing of Thu, Dec 3, 2026")).toBeTruthy();
    urgentSent = true;
    act(() => announceNotification({ id: 99, kind: "comms.announcement", data: { announcement: 4, title: "Evacuate", category: "general", urgent: true }, link: "/comms/announcements/4", created_ms: 1, read_ms: null }));
    const dialog = await screen.findByRole("dialog", { name: "Urgent: Evacuate" }, {});
    expect(within(dialog).getByText("Leave by the stairs")).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "I have read this" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "I have read this" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/comms/announcements/4/read")).toBe(true);
  });

  it("reads the suggestions again after the customer writes (once per burst, that contact only), keeping the list meanwhile", async () => {
    let round = 0;
    const calls = mockApi(({ path }) => {
      if (path === "/api/v1/kb/suggestions?contact=42&limit=6") {
        round++;
        const title = round === 1 ? "Refund by card" : "Late refunds";
        return { json: { items: [{ ...ITEM, id: round, title, reason: "keywords", matched: ["refund"] }] } };
      }
      return undefined;
    });
    const count = () => calls.filter((c) => c.path.startsWith("/api/v1/kb/suggestions?contact=42")).length;
    renderWithI18n(<SuggestedArticles contacts={[{ id: 42, label: "Contact 42 (billing)" }]} />);
    expect(await screen.findByRole("button", { name: "Refund by card" })).toBeTruthy();
    act(() => announceCustomerMessage(43, 1)); // another contact's customer
    await new Promise((r) => setTimeout(r, SUGGEST_AGAIN_MS + 300));
    expect(count()).toBe(1);
    act(() => announceCustomerMessage(42, 2));
    act(() => announceCustomerMessage(42, 3));
    expect(screen.getByRole("button", { name: "Refund by card" })).toBeTruthy(); // still shown
    expect(await screen.findByRole("button", { name: "Late refunds" }, { timeout: 4000 })).toBeTruthy();
    expect(count()).toBe(2);
    await new Promise((r) => setTimeout(r, SUGGEST_AGAIN_MS + 300));
    expect(count()).toBe(2); // the burst read once
  });

  it("suggests articles for the contact at hand and opens one beside it", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/kb/suggestions?contact=42&limit=6")
        return { json: { items: [{ ...ITEM, reason: "queue", matched: [] }, { ...ITEM, id: 6, title: "Refund by card", reason: "keywords", matched: ["refund", "card"] }] } };
      if (path === "/api/v1/kb/articles/6") return { json: { ...ARTICLE, id: 6, title: "Refund by card", body: "Use the **original** card." } };
      return undefined;
    });
    renderWithI18n(<SuggestedArticles contacts={[{ id: 42, label: "Contact 42 (billing)" }]} />);
    expect(await screen.findByText("matches: refund, card")).toBeTruthy();
    expect(screen.getByText("for this queue")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Refund by card" }));
    const side = await screen.findByRole("region", { name: "Article: Refund by card" });
    expect(within(side).getByText("original").tagName).toBe("STRONG");
  });
});
