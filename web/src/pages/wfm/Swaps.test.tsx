// Shift swaps against a mocked API: the agent's swap board on
// /schedule?tab=swaps (offer with a note, take with the rules it would
// break, cancel; trade one of my shifts for one), the leads' Swaps section (approve / decline with a reason,
// history), and the ?tab= links that notifications use.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { setupWfmTests, TODAY_10AM } from "./wfmTestUtil";
import MySchedulePage from "./MySchedulePage";
import WfmPage from "./WfmPage";
import type { MySchedule, Shift, Swap } from "./wfmData";

// "today" is Tue 2026-12-01 in the center (UTC); only Date is faked
setupWfmTests({ now: TODAY_10AM });

const shift = (id: number, day: number, start_min = 540): Shift => ({ id, agent: "agent01", day, start_min, length_min: 480, group: "support", breaks: [{ offset_min: 120, length_min: 15 }] });
const mine: MySchedule = { agent: "agent01", start: "2026-11-30", days: 7, interval_min: 15, shifts: [shift(1, 0), shift(2, 1), shift(3, 3, 600), shift(4, 6)] };
const swap = (over: Partial<Swap>): Swap => ({
  id: 1, status: "open", date: "2026-12-05", offered_by: "agent03", queue: "support", start_min: 480, length_min: 480,
  breaks: [{ offset_min: 120, length_min: 15, paid: true }, { offset_min: 240, length_min: 30, paid: false }], note: "", created_ms: Date.UTC(2026, 10, 28, 9), ...over,
});

describe("the swap board", () => {
  it("offers one of my coming shifts with a note; a refusal shows in the dialog", async () => {
    let swaps: Swap[] = [];
    let posts = 0;
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/wfm/my/schedule") return { json: mine };
      if (method === "GET" && path === "/api/v1/wfm/swaps") return { json: { swaps } };
      if (method === "POST" && path === "/api/v1/wfm/swaps") {
        posts++;
        if (posts === 1) return { status: 409, json: { error: { code: "conflict", message: "already offered", field: "date" } } };
        const b = body as { date: string; note: string };
        const s = swap({ id: 9, offered_by: "agent01", date: b.date, note: b.note, start_min: 600 });
        swaps = [s];
        return { status: 201, json: s };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/schedule?tab=swaps");
    renderWithI18n(<MySchedulePage />);
    expect(screen.getByRole("tab", { name: "Swap board" }).getAttribute("aria-selected")).toBe("true");
    const table = await screen.findByRole("table", { name: "My coming shifts" });
    const rows = within(table).getAllByRole("row").slice(1);
    // Monday (past) is not offered; today on, each day with a shift
    expect(rows.map((r) => r.textContent)).toEqual([
      "Tue, Dec 1, 202609:00–17:00Offer",
      "Thu, Dec 3, 202610:00–18:00Offer",
      "Sun, Dec 6, 202609:00–17:00Offer",
    ]);
    fireEvent.click(within(table).getByRole("button", { name: "Offer my shift of Thu, Dec 3, 2026" }));
    const dialog = screen.getByRole("dialog", { name: "Offer my shift of Thu, Dec 3, 2026" });
    fireEvent.change(within(dialog).getByLabelText("Note for colleagues (optional)"), { target: { value: " dentist " } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Offer the shift" }));
    expect(await within(dialog).findByText("already offered (date)")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ date: "2026-12-03", note: "dentist" });

    fireEvent.click(within(dialog).getByRole("button", { name: "Offer the shift" }));
    expect(await screen.findByText("Your shift of Thu, Dec 3, 2026 is offered on the board.")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(within(table).getAllByRole("row")[2].textContent).toContain("Open"));
    expect(within(table).queryByRole("button", { name: "Offer my shift of Thu, Dec 3, 2026" })).toBeNull();
    const my = screen.getByRole("table", { name: "My swaps" });
    const row = within(my).getAllByRole("row")[1];
    expect(row.textContent).toContain("I offered it");
    expect(within(row).getByRole("button", { name: "Cancel the swap of Thu, Dec 3, 2026" })).toBeTruthy();
  });

  it("shows others' offers with my eligibility; Take is disabled with the problems; a refused take lists the rules", async () => {
    let swaps: Swap[] = [
      swap({ id: 1, date: "2026-12-05", offered_by: "agent03", can_take: false, problems: ["agent01: weekly maximum 40 h exceeded (48 h)"] }),
      swap({ id: 2, date: "2026-12-02", offered_by: "agent04", can_take: true, note: "family" }),
      swap({ id: 3, date: "2026-12-04", offered_by: "agent05", can_take: true }),
      swap({ id: 4, date: "2026-11-20", offered_by: "agent06", can_take: true }), // gone by
      swap({ id: 5, date: "2026-12-06", offered_by: "agent01", status: "pending", taken_by: "agent07", taken_ms: Date.UTC(2026, 10, 30) }),
      swap({ id: 6, date: "2026-11-25", offered_by: "agent08", status: "declined", taken_by: "agent01", decided_by: "lead1", decided_ms: Date.UTC(2026, 10, 24), reason: "coverage" }),
    ];
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/wfm/my/schedule") return { json: mine };
      if (method === "GET" && path === "/api/v1/wfm/swaps") return { json: { swaps } };
      if (method === "POST" && path === "/api/v1/wfm/swaps/2/take")
        return {
          status: 409,
          json: { error: { code: "conflict", message: "the swap breaks rules", field: "id" }, violations: [{ agent: "agent01", day: "2026-12-02", rule: "rest", message: "agent01: 11 h rest broken (9 h)" }] },
        };
      if (method === "POST" && path === "/api/v1/wfm/swaps/3/take") {
        swaps = swaps.map((s) => (s.id === 3 ? { ...s, status: "pending", taken_by: "agent01", taken_ms: Date.now() } : s));
        return { json: swaps.find((s) => s.id === 3) };
      }
      if (method === "POST" && path === "/api/v1/wfm/swaps/5/cancel") {
        swaps = swaps.map((s) => (s.id === 5 ? { ...s, status: "cancelled" } : s));
        return { json: swaps.find((s) => s.id === 5) };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/schedule?tab=swaps");
    renderWithI18n(<MySchedulePage />);
    const open = await screen.findByRole("table", { name: "Shifts offered by colleagues" });
    const rows = within(open).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual(["Wed, Dec 2, 2026", "Fri, Dec 4, 2026", "Sat, Dec 5, 2026"]);
    expect(rows[0].textContent).toContain("08:00–16:00");
    expect(rows[0].textContent).toContain("10:00–10:15, 12:00–12:30");
    expect(rows[0].textContent).toContain("family");
    expect(rows[0].textContent).toContain("✓ Yes");

    const blocked = within(rows[2]).getByRole("button", { name: "Take agent03's shift of Sat, Dec 5, 2026" }) as HTMLButtonElement;
    expect(blocked.disabled).toBe(true);
    const described = document.getElementById(blocked.getAttribute("aria-describedby")!)!;
    expect(described.textContent).toContain("No, it would break a rule");
    expect(described.textContent).toContain("agent01: weekly maximum 40 h exceeded (48 h)");

    fireEvent.click(within(rows[0]).getByRole("button", { name: /^Take agent04's shift/ }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The shift of Wed, Dec 2, 2026 cannot be yours: 1 rule(s) would be broken.");
    expect(within(alert).getByRole("listitem").textContent).toBe("agent01: 11 h rest broken (9 h)");

    fireEvent.click(within(rows[1]).getByRole("button", { name: /^Take agent05's shift/ }));
    expect(await screen.findByText("You took the shift of Fri, Dec 4, 2026; it waits for a team lead's approval.")).toBeTruthy();
    expect(calls.find((c) => c.path === "/api/v1/wfm/swaps/3/take")!.body).toEqual({});
    await waitFor(() => expect(within(open).getAllByRole("row")).toHaveLength(3));

    const my = screen.getByRole("table", { name: "My swaps" });
    const myRows = within(my).getAllByRole("row").slice(1);
    expect(myRows.map((r) => within(r).getAllByRole("cell")[1].textContent)).toEqual(["I offered it", "I took it", "I took it"]);
    expect(myRows[0].textContent).toContain("agent07");
    expect(myRows[0].textContent).toContain("Awaiting approval");
    expect(myRows[2].textContent).toContain("coverage · lead1");
    // only my own open or pending offer can be cancelled, not what I took
    expect(within(my).getAllByRole("button")).toHaveLength(1);
    fireEvent.click(within(my).getByRole("button", { name: "Cancel the swap of Sun, Dec 6, 2026" }));
    expect(await screen.findByText("The swap of Sun, Dec 6, 2026 is cancelled.")).toBeTruthy();
    await waitFor(() => expect(within(my).queryAllByRole("button")).toHaveLength(0));
    expect(calls.find((c) => c.path === "/api/v1/wfm/swaps/5/cancel")!.body).toEqual({});
  });

  it("trades one of my shifts for an offer: the dates the server allows, labelled with my shift; a 409 lists the rules", async () => {
    let swaps: Swap[] = [
      // a fully booked center: no gift, only trades (my Sun and, same day, my Sat shift outside the loaded week)
      swap({ id: 1, date: "2026-12-05", offered_by: "agent03", can_take: false, problems: ["agent01: weekly maximum 40 h exceeded (48 h)"], trades: ["2026-12-06", "2026-12-12"] }),
      // a gift and a trade both possible
      swap({ id: 2, date: "2026-12-02", offered_by: "agent04", can_take: true, trades: ["2026-12-03"] }),
      // neither
      swap({ id: 3, date: "2026-12-04", offered_by: "agent05", can_take: false, problems: ["agent01: 11 h rest broken (9 h)"], trades: [] }),
    ];
    let tries = 0;
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/wfm/my/schedule") return { json: mine };
      if (method === "GET" && path === "/api/v1/wfm/swaps") return { json: { swaps } };
      if (method === "POST" && path === "/api/v1/wfm/swaps/1/take") {
        if (++tries === 1)
          return {
            status: 409,
            json: {
              error: { code: "illegal_state", message: "1 rule violations: the swap would break them", field: "id" },
              violations: [{ agent: "agent03", day: "2026-12-06", rule: "rest", message: "agent03: 11 h rest broken (10 h)" }],
            },
          };
        const give = (body as { give_date: string }).give_date;
        swaps = swaps.map((s) => (s.id === 1 ? { ...s, status: "pending", taken_by: "agent01", taken_ms: Date.now(), given_date: give, given_start_min: 540, given_length_min: 480, trades: undefined } : s));
        return { json: swaps.find((s) => s.id === 1) };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/schedule?tab=swaps");
    renderWithI18n(<MySchedulePage />);
    const open = await screen.findByRole("table", { name: "Shifts offered by colleagues" });
    const [gift, neither, tradeOnly] = within(open).getAllByRole("row").slice(1);

    // a gift keeps Take, with Trade beside it
    expect(gift.textContent).toContain("✓ Yes, or in exchange for one of my shifts (1)");
    expect((within(gift).getByRole("button", { name: "Take agent04's shift of Wed, Dec 2, 2026" }) as HTMLButtonElement).disabled).toBe(false);
    expect(within(gift).getByRole("button", { name: "Trade one of my shifts for agent04's shift of Wed, Dec 2, 2026" })).toBeTruthy();
    // neither: Take disabled, described by the problems; no Trade
    const blocked = within(neither).getByRole("button", { name: "Take agent05's shift of Fri, Dec 4, 2026" }) as HTMLButtonElement;
    expect(blocked.disabled).toBe(true);
    expect(document.getElementById(blocked.getAttribute("aria-describedby")!)!.textContent).toContain("agent01: 11 h rest broken (9 h)");
    expect(within(neither).queryByRole("button", { name: /^Trade/ })).toBeNull();
    // only a trade: no Take, no problems of the gift
    expect(tradeOnly.textContent).toContain("⇄ Only in exchange for one of my shifts (2)");
    expect(tradeOnly.textContent).not.toContain("weekly maximum");
    expect(within(tradeOnly).queryByRole("button", { name: /^Take/ })).toBeNull();

    fireEvent.click(within(tradeOnly).getByRole("button", { name: "Trade one of my shifts for agent03's shift of Sat, Dec 5, 2026" }));
    const dialog = screen.getByRole("dialog", { name: "Trade for agent03's shift of Sat, Dec 5, 2026" });
    expect(dialog.textContent).toContain("You work agent03's shift of Sat, Dec 5, 2026 (08:00–16:00)");
    const select = within(dialog).getByLabelText("My shift to give in exchange") as HTMLSelectElement;
    // my shift of the day when the loaded week has it, else the date alone
    expect(Array.from(select.options).map((o) => [o.value, o.textContent])).toEqual([
      ["2026-12-06", "Sun, Dec 6, 2026, 09:00–17:00"],
      ["2026-12-12", "Sat, Dec 12, 2026"],
    ]);
    expect(select.value).toBe("2026-12-06");

    fireEvent.click(within(dialog).getByRole("button", { name: "Trade the shifts" }));
    const refused = await within(dialog).findByRole("alert");
    expect(refused.textContent).toContain("The trade cannot be made: 1 rule(s) would be broken.");
    expect(within(refused).getByRole("listitem").textContent).toBe("agent03: 11 h rest broken (10 h)");
    expect(calls.filter((c) => c.path === "/api/v1/wfm/swaps/1/take").map((c) => c.body)).toEqual([{ give_date: "2026-12-06" }]);

    fireEvent.change(select, { target: { value: "2026-12-12" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Trade the shifts" }));
    expect(await screen.findByText("You traded: the shift of Sat, Dec 5, 2026 becomes yours and your shift of Sat, Dec 12, 2026 goes to agent03 once a team lead approves.")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calls.filter((c) => c.path === "/api/v1/wfm/swaps/1/take").map((c) => c.body)).toEqual([{ give_date: "2026-12-06" }, { give_date: "2026-12-12" }]);

    // my swaps show the shift given in exchange
    // (waited for by content: before the list is read again, its one row is the "none yet" message)
    const my = screen.getByRole("table", { name: "My swaps" });
    await waitFor(() => expect(within(my).getAllByRole("row")[1].textContent).toContain("08:00–16:00in exchange for Sat, Dec 12, 2026 09:00–17:00"));
    expect(within(my).getAllByRole("row")).toHaveLength(2);
    const row = within(my).getAllByRole("row")[1];
    expect(row.textContent).toContain("I took it");
  });

  it("is a tab beside my schedule and leave, kept in the address", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/wfm/my/schedule") return { json: mine };
      if (path === "/api/v1/wfm/swaps") return { json: { swaps: [] } };
      return undefined;
    });
    window.history.replaceState(null, "", "/schedule");
    renderWithI18n(<MySchedulePage />);
    expect(await screen.findByRole("table", { name: "My shifts, day by day" })).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: "Swap board" }));
    expect(window.location.search).toBe("?tab=swaps");
    expect(await screen.findByText("No colleague offers a shift right now.")).toBeTruthy();
    expect(screen.queryByRole("table", { name: "My shifts, day by day" })).toBeNull();
    fireEvent.click(screen.getByRole("tab", { name: "Schedule and leave" }));
    expect(window.location.search).toBe("");
    expect(await screen.findByRole("table", { name: "My shifts, day by day" })).toBeTruthy();
  });
});

describe("swap approvals", () => {
  it("approves and declines pending swaps with a reason; lists the history", async () => {
    let swaps: Swap[] = [
      swap({ id: 11, date: "2026-12-09", status: "pending", offered_by: "agent03", taken_by: "agent05", taken_ms: Date.UTC(2026, 11, 1, 8), note: "wedding" }),
      swap({ id: 12, date: "2026-12-07", status: "pending", offered_by: "agent02", taken_by: "agent04", taken_ms: Date.UTC(2026, 11, 1, 9), given_date: "2026-12-08", given_start_min: 600, given_length_min: 420 }),
      swap({ id: 10, date: "2026-11-28", status: "approved", offered_by: "agent06", taken_by: "agent07", decided_by: "lead1", decided_ms: Date.UTC(2026, 10, 27), reason: "fine", given_date: "2026-11-29", given_start_min: 480, given_length_min: 480 }),
      swap({ id: 13, date: "2026-12-12", status: "open", offered_by: "agent08" }),
    ];
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/wfm/swaps") return { json: { swaps } };
      const m = /^\/api\/v1\/wfm\/swaps\/(\d+)\/(approve|decline)$/.exec(path);
      if (method === "POST" && m) {
        if (m[1] === "12") return { status: 409, json: { error: { code: "conflict", message: "the swap is no longer pending" } } };
        swaps = swaps.map((s) => (s.id === Number(m[1]) ? { ...s, status: m[2] === "approve" ? "approved" : "declined", decided_by: "lead1", decided_ms: Date.now(), reason: "covered" } : s));
        return { json: swaps.find((s) => s.id === Number(m[1])) };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/swaps");
    renderWithI18n(<WfmPage role="team_lead" />);
    const pending = await screen.findByRole("list", { name: "Waiting for approval (2)" });
    const items = within(pending).getAllByRole("listitem");
    expect(items.map((i) => within(i).getByRole("heading").textContent)).toEqual(["agent02 → agent04: Mon, Dec 7, 2026", "agent03 → agent05: Wed, Dec 9, 2026"]);
    expect(items[1].textContent).toContain("08:00–16:00 · support · breaks 10:00–10:15, 12:00–12:30");
    expect(items[1].textContent).toContain("wedding");
    // a trade names the taker's shift given in exchange; a gift does not
    expect(items[0].textContent).toContain("in exchange for Tue, Dec 8, 2026 10:00–17:00");
    expect(items[1].textContent).not.toContain("in exchange");
    const history = screen.getByRole("table", { name: "Recent swaps" });
    expect(within(history).getAllByRole("row").slice(1).map((r) => within(r).getByRole("rowheader").textContent)).toEqual(["Sat, Dec 12, 2026", "Sat, Nov 28, 2026"]);
    expect(within(history).getAllByRole("row")[2].textContent).toContain("08:00–16:00in exchange for Sun, Nov 29, 2026 08:00–16:00");
    expect(within(history).getAllByRole("row")[1].textContent).not.toContain("in exchange");

    fireEvent.click(within(items[0]).getByRole("button", { name: "Approve" }));
    expect(await within(items[0]).findByText("the swap is no longer pending")).toBeTruthy();

    fireEvent.change(within(items[1]).getByLabelText("Reason (optional)"), { target: { value: " covered " } });
    fireEvent.click(within(items[1]).getByRole("button", { name: "Decline" }));
    expect(await screen.findByRole("list", { name: "Waiting for approval (1)" })).toBeTruthy();
    expect(calls.find((c) => c.path === "/api/v1/wfm/swaps/11/decline")!.body).toEqual({ reason: "covered" });
    await waitFor(() => expect(within(history).getAllByRole("row")).toHaveLength(4));
    expect(within(history).getAllByRole("row")[1].textContent).toContain("Declined");
  });

  it("lands on the section a notification links to (?tab=)", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/wfm/swaps") return { json: { swaps: [] } };
      if (path.startsWith("/api/v1/wfm/leave?")) return { json: [] };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm?tab=swaps");
    renderWithI18n(<WfmPage role="team_lead" />);
    expect(await screen.findByText("No swaps are waiting for approval.")).toBeTruthy();
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe("/wfm/swaps"));
    expect(screen.getByRole("link", { name: "Swaps" }).getAttribute("aria-current")).toBe("page");
    cleanup();
    window.history.replaceState(null, "", "/wfm?tab=leave");
    renderWithI18n(<WfmPage role="wfm" />);
    expect(await screen.findByRole("heading", { name: "Leave requests" })).toBeTruthy();
    await waitFor(() => expect(window.location.pathname).toBe("/wfm/leave"));
  });

  it("is not offered to an agent", () => {
    mockApi(() => undefined);
    window.history.replaceState(null, "", "/wfm?tab=swaps");
    renderWithI18n(<WfmPage role="agent" />);
    expect(screen.getByText("This section is not available for your role.")).toBeTruthy();
    expect(window.location.search).toBe("?tab=swaps");
  });
});
