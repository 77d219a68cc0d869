// The People section against a mocked API: celebrations (today marked, years
// of an anniversary), the profile's server error beside its field with the
// input kept, kudos (not to oneself, the wall, "mine", live on comms.kudos),
// the agent of the week for an agent (nomination), a lead (candidates with
// reasons, confirm -> winner card) and quality (read-only), shared feedback
// (an agent's share switch).
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { announceNotification } from "../../../lib/notifications";
import { SessionContext } from "../../../lib/sessionContext";
import { mockApi, renderWithI18n, type MockRequest } from "../../admin/test-utils";
import CommsPage from "../CommsPage";
import { DeskComms } from "../DeskComms";
import { isoWeekOf, shiftWeek, type AgentOfWeek, type Kudos, type MyFeedback } from "./peopleData";

beforeEach(() => {
  window.scrollTo = () => {};
});
afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

const WEEK = isoWeekOf(Date.now(), "UTC");

function renderAs(name: string, role: string, team: string | null = "red", lang: "en" | "zh-CN" = "en") {
  window.history.replaceState(null, "", "/comms/people");
  return renderWithI18n(
    <SessionContext.Provider value={{ me: { name, role, agent: role === "agent" ? name : null, user_id: 1, team, time_zone: "UTC" }, settings: null, timeZone: "UTC", logout: () => {} } as never}>
      <CommsPage />
    </SessionContext.Provider>,
    lang,
  );
}

const KUDOS: Kudos[] = [
  { id: 2, from: "agent03", to: "agent01", to_display: "Ana One", message: "Saved my shift", tag: "teamwork", created_ms: Date.UTC(2026, 11, 1, 9) },
  { id: 1, from: "agent01", to: "agent02", to_display: "Bo Two", message: "Great refund call", tag: "customer_hero", created_ms: Date.UTC(2026, 10, 30, 9) },
];
const AOW = (over: Partial<AgentOfWeek> = {}): AgentOfWeek => ({
  team: "red",
  week: WEEK,
  from_ms: 0,
  to_ms: 1,
  formula: "proposal = points + 5 × nominations (at most 3 count); points = 40% quality + 30% FCR + 30% CSAT",
  candidates: [],
  winner: null,
  my_nomination: null,
  ...over,
});
const CANDIDATES = [
  { agent: "agent02", user: "agent02", rank: 1, proposal: 90, points: 80, quality: 91.5, fcr: 70, csat: 85, aht_s: 312, nominations: 2, reasons: ["helped me with a refund", "calm on a hard call"] },
  { agent: "agent01", user: "agent01", rank: 2, proposal: 75, points: 75, quality: 80, fcr: 65, csat: 80, aht_s: 280, nominations: 0, reasons: [] },
  // no figures and no nominations: not ranked (rank 0)
  { agent: "agent04", user: "agent04", rank: 0, proposal: 0, points: null, quality: null, fcr: null, csat: null, aht_s: null, nominations: 0, reasons: [] },
];
const MINE: MyFeedback[] = [{ contact: 41, queue: "billing", rating: 5, comment: "Very patient, thank you", answered_ms: Date.UTC(2026, 11, 1), shared: false }];

/** The routes every test needs; `extra` answers first. */
function api(extra: (r: MockRequest) => { status?: number; json?: unknown } | undefined = () => undefined) {
  return mockApi((r) => {
    const x = extra(r);
    if (x) return x;
    const { method, path } = r;
    if (path === "/api/v1/comms/celebrations?days=14")
      return {
        json: {
          from: "2026-12-02",
          items: [
            { user: "agent05", display_name: "Eve Five", kind: "anniversary", date: "2026-12-09", years: 5, today: false },
            { user: "agent02", display_name: "Bo Two", kind: "birthday", date: "2026-12-02", years: null, today: true },
          ],
        },
      };
    if (method === "GET" && path === "/api/v1/comms/profile") return { json: { user: "agent01", birthday: null, show_birthday: false, work_start: "2021-03-01", show_anniversary: true } };
    if (method === "GET" && path.startsWith("/api/v1/comms/kudos")) return { json: { items: KUDOS } };
    if (path.startsWith("/api/v1/comms/people?")) {
      const q = new URLSearchParams(path.split("?")[1]).get("q")?.toLowerCase() ?? "";
      const all = [
        { user: "agent01", display_name: "Ana One", role: "agent", team: "red", site: "paris" },
        { user: "agent02", display_name: "Bo Two", role: "agent", team: "red", site: "lyon" },
        { user: "agent03", display_name: "Cy Three", role: "agent", team: "red", site: "paris" },
        { user: "agent11", display_name: "Di Eleven", role: "agent", team: "blue", site: "paris" },
        { user: "mei.chen", display_name: "Mei Chen", role: "quality", team: null, site: null },
      ];
      return { json: { items: all.filter((c) => c.user.includes(q) || c.display_name.toLowerCase().includes(q)) } };
    }
    if (method === "GET" && path.startsWith("/api/v1/comms/agent-of-week?")) return { json: AOW() };
    if (path.startsWith("/api/v1/comms/agent-of-week/winners")) return { json: { items: [{ team: "red", week: "2026-W48", agent: "agent03", note: "steady", confirmed_ms: 1 }] } };
    if (path.startsWith("/api/v1/comms/feedback?")) return { json: { items: [{ contact: 40, agent: "agent02", display_name: "Bo Two", queue: "sales", rating: 4, comment: "Quick and kind", shared_ms: Date.UTC(2026, 11, 1) }] } };
    if (path === "/api/v1/comms/feedback/mine") return { json: { items: MINE } };
    if (path === "/api/v1/teams") return { json: [{ id: 1, name: "red" }, { id: 2, name: "blue" }] };
    return undefined;
  });
}

describe("celebrations and profile", () => {
  it("marks today's and gives an anniversary's years", async () => {
    api();
    renderAs("agent01", "agent");
    const box = await screen.findByRole("region", { name: "Celebrations" });
    const today = await within(box).findByRole("list", { name: "Today" });
    expect(today.textContent).toContain("Bo Two: birthday");
    expect(within(today).getByText("today")).toBeTruthy();
    const later = within(box).getByRole("list", { name: "Next 14 days" });
    expect(later.textContent).toContain("Eve Five: 5 years at the company");
    expect(later.textContent).toContain("Wed, Dec 9, 2026");
    expect(later.textContent).not.toContain("Bo Two");
  });

  it("shows the server's error beside the field and keeps what was typed; saved, the celebrations are read again", async () => {
    let puts = 0;
    const calls = api(({ method, path }) => {
      if (method === "PUT" && path === "/api/v1/comms/profile") {
        puts++;
        if (puts === 1) return { status: 400, json: { error: { code: "invalid_argument", message: "work_start: not a date before today", field: "work_start" } } };
        return { json: { user: "agent01", birthday: "12-02", show_birthday: true, work_start: "2020-01-06", show_anniversary: true } };
      }
      return undefined;
    });
    renderAs("agent01", "agent");
    const card = await screen.findByRole("region", { name: "My profile" });
    const month = (await within(card).findByLabelText("Month")) as HTMLSelectElement;
    // no year is ever asked for
    expect(within(card).queryByLabelText(/year/i)).toBeNull();
    fireEvent.change(month, { target: { value: "12" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save profile" }));
    // month without a day: refused here, not sent
    expect(await within(card).findByText("Choose both the month and the day, or neither.")).toBeTruthy();
    expect(puts).toBe(0);
    fireEvent.change(within(card).getByLabelText("Day"), { target: { value: "02" } });
    fireEvent.click(within(card).getByRole("switch", { name: "Show my birthday to colleagues" }));
    const ws = within(card).getByLabelText("Work start date") as HTMLInputElement;
    fireEvent.change(ws, { target: { value: "2020-01-06" } });
    fireEvent.click(within(card).getByRole("button", { name: "Save profile" }));
    const err = await within(card).findByText("work_start: not a date before today");
    expect(ws.getAttribute("aria-describedby")).toContain(err.id);
    expect(ws.value).toBe("2020-01-06");
    expect(month.value).toBe("12");
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ birthday: "12-02", show_birthday: true, work_start: "2020-01-06", show_anniversary: true });
    const before = calls.filter((c) => c.path.startsWith("/api/v1/comms/celebrations")).length;
    fireEvent.click(within(card).getByRole("button", { name: "Save profile" }));
    expect(await within(card).findByText("Profile saved.")).toBeTruthy();
    await waitFor(() => expect(calls.filter((c) => c.path.startsWith("/api/v1/comms/celebrations")).length).toBe(before + 1));
  });
});

describe("kudos", () => {
  it("shows the wall newest first with tags, refuses kudos to oneself, sends one and filters mine", async () => {
    const calls = api(({ method, path, body }) => {
      if (method === "POST" && path === "/api/v1/comms/kudos") {
        const b = body as { to: string; message: string; tag: string };
        if (b.to === "nobody") return { status: 404, json: { error: { code: "not_found", message: "no user nobody", field: "to" } } };
        return { status: 201, json: { id: 3, from: "agent01", to: b.to, to_display: "Cy Three", message: b.message, tag: b.tag, created_ms: Date.now() } };
      }
      return undefined;
    });
    renderAs("agent01", "agent");
    const wall = await screen.findByRole("list", { name: "Kudos wall" });
    const items = within(wall).getAllByRole("listitem");
    expect(items[0].textContent).toContain("agent03 → Ana One");
    expect(within(items[0]).getByText("Teamwork")).toBeTruthy();
    expect(items[1].textContent).toContain("agent01 → Bo Two");

    fireEvent.click(screen.getByText("Give kudos"));
    const form = screen.getByRole("form", { name: "Give kudos" });
    const to = within(form).getByLabelText(/^Colleague/) as HTMLInputElement;
    fireEvent.change(to, { target: { value: "agent01" } });
    fireEvent.change(within(form).getByLabelText("Message"), { target: { value: "thanks for the help" } });
    fireEvent.click(within(form).getByRole("button", { name: "Send kudos" }));
    expect(await within(form).findByText("Kudos go to someone else, not to yourself.")).toBeTruthy();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    fireEvent.change(to, { target: { value: "nobody" } });
    fireEvent.click(within(form).getByRole("button", { name: "Send kudos" }));
    expect(await within(form).findByText("no user nobody")).toBeTruthy();
    expect((within(form).getByLabelText("Message") as HTMLTextAreaElement).value).toBe("thanks for the help");

    fireEvent.change(to, { target: { value: "agent03" } });
    fireEvent.change(within(form).getByLabelText("For"), { target: { value: "mentor" } });
    fireEvent.click(within(form).getByRole("button", { name: "Send kudos" }));
    expect(await within(form).findByText("Kudos sent to Cy Three.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "POST").pop()?.body).toEqual({ to: "agent03", message: "thanks for the help", tag: "mentor" });
    expect(within(screen.getByRole("list", { name: "Kudos wall" })).getAllByRole("listitem")[0].textContent).toContain("agent01 → Cy Three");

    fireEvent.click(screen.getByRole("button", { name: "Kudos to me" }));
    const mine = await screen.findByRole("list", { name: "Kudos to me" });
    expect(calls.some((c) => c.path === "/api/v1/comms/kudos?user=agent01&limit=50")).toBe(true);
    expect(within(mine).getAllByRole("listitem").map((li) => li.textContent)).toEqual([expect.stringContaining("agent03 → Ana One")]);
  });

  it("reads the wall again when a comms.kudos notification arrives", async () => {
    const calls = api();
    renderAs("agent02", "agent");
    await screen.findByRole("list", { name: "Kudos wall" });
    const n = () => calls.filter((c) => c.path.startsWith("/api/v1/comms/kudos")).length;
    const before = n();
    act(() => announceNotification({ id: 5, kind: "comms.kudos", data: { kudos: 3, from: "agent01", tag: "helpful" }, link: "/comms/people", created_ms: 1, read_ms: null }));
    await waitFor(() => expect(n()).toBe(before + 1));
  });
});

describe("colleague fields", () => {
  it("suggest colleagues from the directory as one types (display names shown, oneself left out); a nomination offers teammates only", async () => {
    const calls = api();
    renderAs("agent01", "agent");
    await screen.findByRole("list", { name: "Kudos wall" });
    fireEvent.click(screen.getByText("Give kudos"));
    const form = screen.getByRole("form", { name: "Give kudos" });
    const to = within(form).getByLabelText(/^Colleague/) as HTMLInputElement;
    fireEvent.change(to, { target: { value: "mei" } });
    await waitFor(() => expect(calls.some((c) => c.path === "/api/v1/comms/people?q=mei&limit=20")).toBe(true));
    const list = document.getElementById(to.getAttribute("list")!)!;
    await waitFor(() => expect([...list.querySelectorAll("option")].map((o) => o.value)).toContain("mei.chen"));
    expect(list.querySelector('option[value="mei.chen"]')!.textContent).toBe("Mei Chen (mei.chen)");
    fireEvent.change(to, { target: { value: "a" } });
    await waitFor(() => expect([...list.querySelectorAll("option")].map((o) => o.value)).toContain("agent11"));
    expect([...list.querySelectorAll("option")].map((o) => o.value)).not.toContain("agent01"); // not oneself

    const aow = await screen.findByRole("region", { name: "Agent of the week" });
    const nominee = within(within(aow).getByRole("form", { name: "Nominate a teammate" })).getByLabelText(/^Teammate/) as HTMLInputElement;
    fireEvent.change(nominee, { target: { value: "agent" } });
    const teammates = document.getElementById(nominee.getAttribute("list")!)!;
    await waitFor(() => expect([...teammates.querySelectorAll("option")].map((o) => o.value)).toEqual(["agent02", "agent03"]));
  });
});

describe("agent of the week", () => {
  it("an agent sees the formula, nominates a teammate for this week and sees the nomination; no candidates", async () => {
    const calls = api(({ method, path, body }) => {
      if (method === "POST" && path === "/api/v1/comms/agent-of-week/nominations") return { status: 201, json: { week: WEEK, ...(body as object) } };
      return undefined;
    });
    renderAs("agent01", "agent");
    const aow = await screen.findByRole("region", { name: "Agent of the week" });
    expect(await within(aow).findByText(/proposal = points \+ 5 × nominations \(at most 3 count\); points = 40% quality/)).toBeTruthy();
    expect(within(aow).getByText("Not confirmed yet for this week.")).toBeTruthy();
    expect(within(aow).queryByRole("table")).toBeNull();
    const form = within(aow).getByRole("form", { name: "Nominate a teammate" });
    fireEvent.change(within(form).getByLabelText(/^Teammate/), { target: { value: "agent02" } });
    fireEvent.change(within(form).getByLabelText("Why?"), { target: { value: "helped me with a refund" } });
    fireEvent.click(within(form).getByRole("button", { name: "Nominate" }));
    expect(await within(aow).findByText("Your nomination: agent02")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ nominee: "agent02", reason: "helped me with a refund", week: WEEK });
    // last week: the form gives way to a note
    fireEvent.click(within(aow).getByRole("button", { name: "Previous week" }));
    await waitFor(() => expect(calls.some((c) => c.path === `/api/v1/comms/agent-of-week?week=${shiftWeek(WEEK, -1)}`)).toBe(true));
    expect(await within(aow).findByText("Nominations are open for the current week only.")).toBeTruthy();
    // recent winners
    expect(within(aow).getByText(/2026-W48 · team red: agent03/)).toBeTruthy();
  });

  it("the team's lead sees the candidates with the nominations' reasons and confirms one: the winner card shows", async () => {
    const calls = api(({ method, path, body }) => {
      if (method === "GET" && path.startsWith("/api/v1/comms/agent-of-week?")) return { json: AOW({ candidates: CANDIDATES }) };
      if (method === "POST" && path === "/api/v1/comms/agent-of-week/confirm") {
        const b = body as { agent: string; note: string };
        return { json: AOW({ candidates: CANDIDATES, winner: { agent: b.agent, by: "lead.red", confirmed_ms: Date.UTC(2026, 11, 4), note: b.note, proposal: 90 } }) };
      }
      return undefined;
    });
    renderAs("lead.red", "team_lead", "red");
    const table = await screen.findByRole("table", { name: "Candidates" });
    const row = within(table).getByRole("row", { name: /agent02/ });
    expect(row.textContent).toContain("91.5");
    expect(row.textContent).toContain("5:12");
    const reasons = within(row).getByRole("list", { name: "Reasons given for agent02" });
    expect(within(reasons).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["“helped me with a refund”", "“calm on a hard call”"]);
    // no nomination form for a lead
    expect(screen.queryByRole("form", { name: "Nominate a teammate" })).toBeNull();
    fireEvent.click(within(row).getByRole("button", { name: "Confirm agent02 as agent of the week" }));
    const form = await screen.findByRole("form", { name: `Confirm agent02 for ${WEEK}` });
    fireEvent.change(within(form).getByLabelText("Note (optional)"), { target: { value: "two colleagues said thanks" } });
    fireEvent.click(within(form).getByRole("button", { name: "Confirm agent02" }));
    const winner = await screen.findByRole("region", { name: "Winner" });
    expect(winner.textContent).toContain("agent02 is the agent of the week of team red");
    expect(winner.textContent).toContain("two colleagues said thanks");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ team: "red", week: WEEK, agent: "agent02", note: "two colleagues said thanks" });
    expect(within(screen.getByRole("table", { name: "Candidates" })).getByRole("row", { name: /agent02/ }).textContent).toContain("winner");
  });

  it("a lead of another team and quality see the candidates read-only; quality picks the team", async () => {
    const calls = api(({ method, path }) => {
      if (method === "GET" && path.startsWith("/api/v1/comms/agent-of-week?")) return { json: AOW({ candidates: CANDIDATES, team: path.includes("team=blue") ? "blue" : "red" }) };
      return undefined;
    });
    renderAs("quality", "quality", null);
    const table = await screen.findByRole("table", { name: "Candidates" });
    expect(within(table).queryByRole("button")).toBeNull();
    expect(calls.some((c) => c.path === `/api/v1/comms/agent-of-week?team=red&week=${WEEK}`)).toBe(true);
    fireEvent.change(screen.getByLabelText("Team"), { target: { value: "blue" } });
    await waitFor(() => expect(calls.some((c) => c.path === `/api/v1/comms/agent-of-week?team=blue&week=${WEEK}`)).toBe(true));
    cleanup();
    api(({ method, path }) => (method === "GET" && path.startsWith("/api/v1/comms/agent-of-week?") ? { json: AOW({ candidates: CANDIDATES, team: "red" }) } : undefined));
    renderAs("lead.blue", "team_lead", "blue");
    const t2 = await screen.findByRole("table", { name: "Candidates" });
    expect(within(t2).queryByRole("button")).toBeNull();
    // an unranked candidate has no rank number, and a line says why
    expect(within(t2).getByRole("row", { name: /agent04/ }).querySelector("td")?.textContent).toBe("—");
    expect(screen.getByText("Rank —: no figures and no nominations this week.")).toBeTruthy();
  });
});

describe("shared feedback", () => {
  it("shows the shared wall and lets an agent share a comment of theirs (only comment and rating)", async () => {
    const calls = api(({ method, path, body }) => {
      if (method === "PUT" && path === "/api/v1/comms/feedback/41") return { json: { ...MINE[0], shared: (body as { shared: boolean }).shared } };
      return undefined;
    });
    renderAs("agent01", "agent");
    const fb = await screen.findByRole("region", { name: "Customer feedback" });
    const wall = await within(fb).findByRole("list", { name: "Shared customer comments" });
    expect(within(wall).getByRole("img", { name: "4 of 5 stars" })).toBeTruthy();
    expect(wall.textContent).toContain("Quick and kind");
    expect(wall.textContent).toContain("For Bo Two · sales");
    expect(within(fb).getByText(/never the customer/)).toBeTruthy();
    const share = await within(fb).findByRole("switch", { name: "Share with colleagues" });
    expect(share.getAttribute("aria-describedby")).toBe("sy-p-myfb-41");
    const walls = calls.filter((c) => c.path.startsWith("/api/v1/comms/feedback?")).length;
    fireEvent.click(share);
    await waitFor(() => expect((within(fb).getByRole("switch", { name: "Share with colleagues" }) as HTMLInputElement).checked).toBe(true));
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ shared: true });
    await waitFor(() => expect(calls.filter((c) => c.path.startsWith("/api/v1/comms/feedback?")).length).toBe(walls + 1));
  });

  it("has no 'my feedback' for a lead", async () => {
    api();
    renderAs("lead.red", "team_lead");
    await screen.findByRole("list", { name: "Shared customer comments" });
    expect(screen.queryByRole("heading", { name: "My feedback" })).toBeNull();
  });

  it("reads in Chinese", async () => {
    api();
    renderAs("agent01", "agent", "red", "zh-CN");
    expect(await screen.findByRole("heading", { name: "本周之星" })).toBeTruthy();
    expect(await screen.findByText("Bo Two：生日")).toBeTruthy();
    // the formula in Chinese, not the server's English text
    expect(await screen.findByText(/^推荐分 = 积分 \+ 5 × 提名数/)).toBeTruthy();
    expect(screen.queryByText(/proposal = points/)).toBeNull();
  });
});

describe("the desk's line", () => {
  function desk(celebrations: unknown[], kudos: Kudos[]) {
    const calls = mockApi(({ path }) => {
      if (path.startsWith("/api/v1/comms/briefings?")) return { json: { items: [] } };
      if (path === "/api/v1/comms/announcements") return { json: { items: [] } };
      if (path === "/api/v1/comms/celebrations?days=1") return { json: { from: "2026-12-02", items: celebrations } };
      if (path === "/api/v1/comms/kudos?user=agent01&limit=50") return { json: { items: kudos } };
      return undefined;
    });
    renderWithI18n(
      <SessionContext.Provider value={{ me: { name: "agent01", role: "agent", agent: "agent01", user_id: 1, team: "red", time_zone: "UTC" }, settings: null, timeZone: "UTC", logout: () => {} } as never}>
        <DeskComms />
      </SessionContext.Provider>,
    );
    return calls;
  }
  it("says who celebrates today and counts this week's kudos to me, with a link to People", async () => {
    const now = Date.now();
    desk(
      [{ user: "agent02", display_name: "Bo Two", kind: "birthday", date: "2026-12-02", years: null, today: true }],
      [
        { ...KUDOS[0], created_ms: now - 3600000 },
        { ...KUDOS[0], id: 9, created_ms: now - 10 * 86400000 }, // older than a week
        { ...KUDOS[1], created_ms: now }, // not to me
      ],
    );
    const panel = await screen.findByRole("region", { name: /What's new/ });
    const line = await within(panel).findByText(/Celebrating today: Bo Two: birthday/);
    expect(line.closest("p")?.textContent).toContain("Kudos to you in the last 7 days: 1");
    expect(within(panel).getByRole("link", { name: "More in People" }).getAttribute("href")).toBe("/comms/people");
  });
  it("stays away when there is nothing (or no route)", async () => {
    const calls = desk([], []);
    const panel = await screen.findByRole("region", { name: /What's new/ });
    await waitFor(() => expect(calls.some((c) => c.path.startsWith("/api/v1/comms/kudos"))).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(within(panel).queryByRole("link", { name: "More in People" })).toBeNull();
  });
});
