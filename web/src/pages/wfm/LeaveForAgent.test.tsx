// Leave for an agent in the Leave section against a mocked API: the agent's
// balance, a request filed for it (a 409 beside its field), and the
// allowance, which only planners and admins may set.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { setupWfmTests, TODAY_10AM } from "./wfmTestUtil";
import WfmPage from "./WfmPage";
import type { LeaveBalance, LeaveRequest } from "./wfmData";

// "today" is Tue 2026-12-01 in the center (UTC); only Date is faked
setupWfmTests({ now: TODAY_10AM });

const LEAD_LIST = "/api/v1/wfm/leave?from=2026-11-01&to=2027-03-01";
const agents = (...names: string[]) => names.map((name, id) => ({ id, config: { name, skills: [] }, state: "logged_out" }));
const balance = (agent: string, year: number, allowance = 25, left = allowance): LeaveBalance => ({ agent, year, allowance, taken: 0, pending: allowance - left, left });

describe("leave for an agent", () => {
  it("a team lead sees an agent's balance and files a request for it; a refusal shows at its field; no allowance form", async () => {
    const list: LeaveRequest[] = [];
    let posts = 0;
    const calls = mockApi(({ method, path, body }) => {
      if (method === "GET" && path === LEAD_LIST) return { json: list };
      if (path === "/api/v1/agents") return { json: agents("agent03", "agent02") };
      const b = /^\/api\/v1\/wfm\/leave\/balance\?agent=(\w+)&year=(\d+)$/.exec(path);
      if (method === "GET" && b) return { json: balance(b[1], Number(b[2]), b[1] === "agent02" ? 25 : 20, 18) };
      if (method === "POST" && path === "/api/v1/wfm/leave") {
        posts++;
        if (posts === 1) return { status: 409, json: { error: { code: "conflict", message: "overlaps leave 4", field: "first" } } };
        const r = { id: 30, status: "pending", days: 2, requested_ms: Date.now(), decided_by: "", decided_ms: null, reason: "", ...(body as object) } as LeaveRequest;
        list.push(r);
        return { status: 201, json: r };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/leave");
    renderWithI18n(<WfmPage role="team_lead" />);
    const section = await screen.findByRole("region", { name: "Leave for an agent" });
    const pick = within(section).getByLabelText("Agent") as HTMLSelectElement;
    await waitFor(() => expect([...pick.options].map((o) => o.value)).toEqual(["agent02", "agent03"]));
    const dl = await within(section).findByLabelText("Annual leave balance of agent02, 2026");
    expect(within(dl).getAllByRole("definition").map((d) => d.textContent)).toEqual(["25 day(s)", "0 day(s)", "7 day(s)", "18 day(s)"]);
    fireEvent.change(pick, { target: { value: "agent03" } });
    expect(await within(section).findByLabelText("Annual leave balance of agent03, 2026")).toBeTruthy();
    expect(within(section).queryByRole("form", { name: /^Yearly allowance/ })).toBeNull();

    const form = within(section).getByRole("form", { name: "Request leave for agent03" });
    fireEvent.change(within(form).getByLabelText("First day"), { target: { value: "2026-12-21" } });
    fireEvent.change(within(form).getByLabelText("Last day"), { target: { value: "2026-12-22" } });
    fireEvent.change(within(form).getByLabelText("Kind"), { target: { value: "training" } });
    fireEvent.change(within(form).getByLabelText("Note"), { target: { value: " course " } });
    fireEvent.click(within(form).getByRole("button", { name: "File the request" }));
    const first = within(form).getByLabelText("First day");
    await waitFor(() => expect(first.getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getByText("overlaps leave 4")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ agent: "agent03", first: "2026-12-21", last: "2026-12-22", kind: "training", note: "course" });

    fireEvent.click(within(form).getByRole("button", { name: "File the request" }));
    expect(await within(form).findByText("Request filed for agent03; it waits for a decision above.")).toBeTruthy();
    // the new request shows among those to decide
    const pending = await screen.findByRole("list", { name: "Waiting for a decision (1)" });
    expect(within(pending).getByRole("heading").textContent).toBe("agent03: Dec 21, 2026 – Dec 22, 2026");
  });

  it("a planner sets an agent's allowance for a year", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (method === "GET" && path === LEAD_LIST) return { json: [] };
      if (path === "/api/v1/agents") return { json: agents("agent01") };
      const b = /^\/api\/v1\/wfm\/leave\/balance\?agent=(\w+)&year=(\d+)$/.exec(path);
      if (method === "GET" && b) return { json: balance(b[1], Number(b[2])) };
      if (method === "PUT" && path === "/api/v1/wfm/leave/balance") {
        const p = body as { agent: string; year: number; days: number };
        if (p.days > 100) return { status: 400, json: { error: { code: "invalid_argument", message: "at most 100 for this center", field: "days" } } };
        return { json: balance(p.agent, p.year, p.days) };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/leave");
    renderWithI18n(<WfmPage role="wfm" />);
    const section = await screen.findByRole("region", { name: "Leave for an agent" });
    await within(section).findByLabelText("Annual leave balance of agent01, 2026");
    fireEvent.change(within(section).getByLabelText("Year"), { target: { value: "2027" } });
    expect(await within(section).findByLabelText("Annual leave balance of agent01, 2027")).toBeTruthy();
    const form = within(section).getByRole("form", { name: "Yearly allowance of agent01, 2027" });
    const days = within(form).getByLabelText("Days of annual leave");

    fireEvent.change(days, { target: { value: "2.5" } });
    fireEvent.click(within(form).getByRole("button", { name: "Set the allowance" }));
    expect(await within(form).findByText("A whole number of days, 0 to 366.")).toBeTruthy();
    fireEvent.change(days, { target: { value: "300" } });
    fireEvent.click(within(form).getByRole("button", { name: "Set the allowance" }));
    expect(await within(form).findByText("at most 100 for this center")).toBeTruthy();
    fireEvent.change(days, { target: { value: "30" } });
    fireEvent.click(within(form).getByRole("button", { name: "Set the allowance" }));
    expect(await within(form).findByText("Allowance saved.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([
      { agent: "agent01", year: 2027, days: 300 },
      { agent: "agent01", year: 2027, days: 30 },
    ]);
    const dl = within(section).getByLabelText("Annual leave balance of agent01, 2027");
    expect(within(dl).getAllByRole("definition")[0].textContent).toBe("30 day(s)");
  });

  it("reads in Chinese", async () => {
    mockApi(({ method, path }) => {
      if (method === "GET" && path === LEAD_LIST) return { json: [] };
      if (path === "/api/v1/agents") return { json: agents("agent01") };
      if (path.startsWith("/api/v1/wfm/leave/balance")) return { json: balance("agent01", 2026) };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/leave");
    renderWithI18n(<WfmPage role="admin" />, "zh-CN");
    const section = await screen.findByRole("region", { name: "为坐席申请休假" });
    expect(await within(section).findByRole("form", { name: "agent01 的 2026 年年假额度" })).toBeTruthy();
  });
});
