// Leave against a mocked API: the agent's balance, request (a 409 beside
// its field), list and cancel on /schedule; the lead's approvals on
// /wfm/leave (impact, approve with a reason); who sees what.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { setupWfmTests, TODAY_10AM } from "./wfmTestUtil";
import MySchedulePage from "./MySchedulePage";
import WfmPage from "./WfmPage";
import type { LeaveRequest } from "./wfmData";

// "today" is Tue 2026-12-01 in the center (UTC); only Date is faked
setupWfmTests({ now: TODAY_10AM });

const req = (over: Partial<LeaveRequest>): LeaveRequest => ({
  id: 1, agent: "agent01", first: "2026-12-20", last: "2026-12-22", days: 3, kind: "annual", note: "", status: "pending",
  requested_ms: Date.UTC(2026, 10, 20, 9), decided_by: "", decided_ms: null, reason: "", ...over,
});
const notPublished = { status: 404, json: { error: { code: "not_found", message: "no published schedule" } } };
const MY_LIST = "/api/v1/wfm/leave?from=2026-01-01&to=2027-12-31";

describe("my leave", () => {
  it("shows the balance; a refused request shows at the named field; a sent one appears in the list", async () => {
    const list: LeaveRequest[] = [];
    let posts = 0;
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/wfm/my/schedule") return notPublished;
      if (path === "/api/v1/wfm/leave/balance?year=2026") return { json: { agent: "agent01", year: 2026, allowance: 25, taken: 5, pending: 2, left: 18 } };
      if (method === "GET" && path === MY_LIST) return { json: list };
      if (method === "POST" && path === "/api/v1/wfm/leave") {
        posts++;
        if (posts === 1) return { status: 409, json: { error: { code: "conflict", message: "exceeds the balance: 18 days left", field: "last" } } };
        const b = body as { first: string; last: string; kind: LeaveRequest["kind"]; note: string };
        const r = req({ id: 8, ...b, days: 3 });
        list.push(r);
        return { status: 201, json: r };
      }
      return undefined;
    });
    renderWithI18n(<MySchedulePage />);
    const dl = await screen.findByLabelText("Annual leave balance 2026");
    expect(within(dl).getAllByRole("definition").map((d) => d.textContent)).toEqual(["25 day(s)", "5 day(s)", "2 day(s)", "18 day(s)"]);
    expect(screen.getByText("No schedule has been published for you yet.")).toBeTruthy();
    expect(await screen.findByText("No leave requests yet.")).toBeTruthy();

    const form = screen.getByRole("form", { name: "Request leave" });
    fireEvent.change(within(form).getByLabelText("First day"), { target: { value: "2026-12-20" } });
    fireEvent.change(within(form).getByLabelText("Last day"), { target: { value: "2027-01-30" } });
    fireEvent.change(within(form).getByLabelText("Kind"), { target: { value: "annual" } });
    fireEvent.change(within(form).getByLabelText("Note"), { target: { value: " family " } });
    fireEvent.click(within(form).getByRole("button", { name: "Send request" }));
    const last = within(form).getByLabelText("Last day");
    await waitFor(() => expect(last.getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getByText("exceeds the balance: 18 days left")).toBeTruthy();
    expect(within(form).getByLabelText("First day").getAttribute("aria-invalid")).toBeNull();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ first: "2026-12-20", last: "2027-01-30", kind: "annual", note: "family" });

    // A last day before the first is caught before sending.
    fireEvent.change(last, { target: { value: "2026-12-19" } });
    fireEvent.click(within(form).getByRole("button", { name: "Send request" }));
    await waitFor(() => expect(within(form).getByText("Must be on or after the first day.")).toBeTruthy());
    expect(posts).toBe(1);

    fireEvent.change(last, { target: { value: "2026-12-22" } });
    fireEvent.click(within(form).getByRole("button", { name: "Send request" }));
    expect(await within(form).findByText("Request sent; it waits for a decision.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "POST")[1].body).toEqual({ first: "2026-12-20", last: "2026-12-22", kind: "annual", note: "family" });
    const table = await screen.findByRole("table", { name: "My leave requests, 2026 and 2027" });
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(2));
    expect(within(table).getAllByRole("row")[1].textContent).toContain("Pending");
    expect(calls.filter((c) => c.path === MY_LIST)).toHaveLength(2);
  });

  it("cancels a pending request; only pending or approved-not-begun ones can be", async () => {
    let list = [
      req({ id: 7 }),
      req({ id: 8, first: "2026-11-30", last: "2026-12-02", status: "approved", decided_by: "lead1", decided_ms: Date.UTC(2026, 10, 21), reason: "ok" }),
      req({ id: 9, first: "2027-02-01", last: "2027-02-05", days: 5, status: "approved", decided_by: "lead1", decided_ms: Date.UTC(2026, 10, 22), reason: "enjoy" }),
      req({ id: 10, first: "2027-03-01", last: "2027-03-01", days: 1, kind: "training", status: "declined", decided_by: "lead1", decided_ms: Date.UTC(2026, 10, 23), reason: "peak week" }),
    ];
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/wfm/my/schedule") return notPublished;
      if (path.startsWith("/api/v1/wfm/leave/balance")) return { json: { agent: "agent01", year: 2026, allowance: 25, taken: 3, pending: 3, left: 19 } };
      if (method === "GET" && path === MY_LIST) return { json: list };
      if (method === "POST" && path === "/api/v1/wfm/leave/7/decision") {
        list = list.map((r) => (r.id === 7 ? { ...r, status: "cancelled", decided_by: "agent01", decided_ms: Date.UTC(2026, 11, 1, 10) } : r));
        return { json: list[0] };
      }
      return undefined;
    });
    renderWithI18n(<MySchedulePage />);
    const table = await screen.findByRole("table", { name: "My leave requests, 2026 and 2027" });
    expect(within(table).getAllByRole("button", { name: /^Cancel the request/ })).toHaveLength(2);
    const declined = within(table).getByText(/peak week/).closest("tr")!;
    expect(declined.textContent).toContain("Declined");
    expect(within(declined).queryByRole("button")).toBeNull();
    const begun = within(table).getByText(/^ok ·/).closest("tr")!;
    expect(within(begun).queryByRole("button")).toBeNull();

    fireEvent.click(within(table).getByRole("button", { name: "Cancel the request for Dec 20, 2026 – Dec 22, 2026" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ decision: "cancel", reason: "" });
    await waitFor(() => expect(within(table).getAllByRole("button", { name: /^Cancel the request/ })).toHaveLength(1));
    expect(within(table).getByText("Cancelled")).toBeTruthy();
  });
});

const LEAD_LIST = "/api/v1/wfm/leave?from=2026-11-01&to=2027-03-01";

describe("leave approvals", () => {
  it("shows the impact per day, approves with a reason and refreshes", async () => {
    let list = [
      req({ id: 21, agent: "agent02", first: "2026-12-10", last: "2026-12-11", days: 2, note: "wedding" }),
      req({ id: 22, agent: "agent03", first: "2027-02-01", last: "2027-02-01", days: 1, kind: "sick" }),
      req({ id: 20, agent: "agent04", first: "2026-11-20", last: "2026-11-21", days: 2, status: "declined", decided_by: "lead1", decided_ms: Date.UTC(2026, 10, 15), reason: "peak week" }),
    ];
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === LEAD_LIST) return { json: list };
      if (path === "/api/v1/wfm/leave/21/impact")
        return { json: { schedule: 12, days: [{ date: "2026-12-10", shift_min: 510, under_before: 2, under_after: 6 }, { date: "2026-12-11", shift_min: 0, under_before: 1, under_after: 1 }] } };
      if (path === "/api/v1/wfm/leave/22/impact") return { json: { schedule: null, days: [] } };
      if (method === "POST" && path === "/api/v1/wfm/leave/21/decision") {
        list = list.map((r) => (r.id === 21 ? { ...r, status: "approved", decided_by: "lead1", decided_ms: Date.UTC(2026, 11, 1, 10), reason: "cover arranged" } : r));
        return { json: list[0] };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/leave");
    renderWithI18n(<WfmPage role="team_lead" />);
    const pending = await screen.findByRole("list", { name: "Waiting for a decision (2)" });
    const items = within(pending).getAllByRole("listitem");
    expect(items.map((i) => within(i).getByRole("heading").textContent)).toEqual(["agent02: Dec 10, 2026 – Dec 11, 2026", "agent03: Feb 1, 2027 – Feb 1, 2027"]);
    expect(items[0].textContent).toContain("2 day(s) · Annual leave");
    expect(items[0].textContent).toContain("wedding");

    fireEvent.click(within(items[0]).getByRole("button", { name: "Show impact: agent02, Dec 10, 2026 – Dec 11, 2026" }));
    const impact = await within(items[0]).findByRole("table", { name: "Impact on the published schedule #12 if agent02 is away" });
    const rows = within(impact).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").map((c) => c.textContent))).toEqual([
      ["8.5 h", "2 → 6"],
      ["Day off", "1 → 1"],
    ]);
    fireEvent.click(within(items[1]).getByRole("button", { name: /^Show impact:/ }));
    expect(await within(items[1]).findByText("No published schedule covers these days: nothing to compare.")).toBeTruthy();

    const decided = screen.getByRole("table", { name: "Decided requests (leave from 30 days ago on)" });
    expect(within(decided).getAllByRole("row")).toHaveLength(2);

    fireEvent.change(within(items[0]).getByLabelText("Reason (optional)"), { target: { value: " cover arranged " } });
    fireEvent.click(within(items[0]).getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ decision: "approve", reason: "cover arranged" });
    expect(await screen.findByRole("list", { name: "Waiting for a decision (1)" })).toBeTruthy();
    await waitFor(() => expect(within(decided).getAllByRole("row")).toHaveLength(3));
    expect(within(decided).getAllByRole("row")[1].textContent).toContain("cover arranged");
    expect(calls.filter((c) => c.path === LEAD_LIST)).toHaveLength(2);
  });

  it("shows a refused decision and keeps the request", async () => {
    mockApi(({ method, path }) => {
      if (method === "GET" && path === LEAD_LIST) return { json: [req({ id: 21, agent: "agent02" })] };
      if (method === "POST") return { status: 409, json: { error: { code: "conflict", message: "already decided" } } };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/leave");
    renderWithI18n(<WfmPage role="wfm" />);
    const pending = await screen.findByRole("list", { name: "Waiting for a decision (1)" });
    fireEvent.click(within(pending).getByRole("button", { name: "Decline" }));
    expect(await within(pending).findByText(/already decided/)).toBeTruthy();
  });

  it("is not offered to an agent", () => {
    mockApi(() => undefined);
    window.history.replaceState(null, "", "/wfm/leave");
    renderWithI18n(<WfmPage role="agent" />);
    expect(screen.getByText("This section is not available for your role.")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Leave requests" })).toBeNull();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("reads naturally in Chinese", async () => {
    mockApi(({ method, path }) => (method === "GET" && path === LEAD_LIST ? { json: [req({ id: 21, agent: "agent02" })] } : undefined));
    window.history.replaceState(null, "", "/wfm/leave");
    renderWithI18n(<WfmPage role="team_lead" />, "zh-CN");
    const pending = await screen.findByRole("list", { name: "待审批（1）" });
    expect(within(pending).getByRole("button", { name: "批准" })).toBeTruthy();
    expect(within(screen.getByRole("navigation")).getAllByRole("link").map((a) => a.textContent)).toEqual(["排班遵从度", "休假", "换班"]);
  });
});
