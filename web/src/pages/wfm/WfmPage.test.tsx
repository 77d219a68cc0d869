import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { setupWfmTests } from "./wfmTestUtil";
import WfmPage, { parseWfmPath, sectionsFor } from "./WfmPage";
import MySchedulePage from "./MySchedulePage";
import type { Forecast, Schedule, Shift } from "./wfmData";

// uPlot draws on a canvas jsdom does not have: the chart is tested as data (wfmData.test.ts).
vi.mock("./WfmChart", () => ({
  default: (p: { label: string; data: { series: { label: string; dash?: number[] }[] } }) => (
    <div role="img" aria-label={p.label} data-series={p.data.series.map((s) => s.label + (s.dash ? ":dashed" : "")).join(",")} />
  ),
}));

setupWfmTests();

const at = (path: string) => window.history.replaceState(null, "", path);

describe("sections", () => {
  it("by role and path", () => {
    expect(sectionsFor("wfm")).toEqual(["forecast", "coverage", "schedules", "adherence", "leave", "swaps", "rules", "settings"]);
    expect(sectionsFor("team_lead")).toEqual(["adherence", "leave", "swaps"]);
    expect(sectionsFor("agent")).toEqual([]);
    expect(parseWfmPath("/wfm/schedules/4")).toEqual({ section: "schedules", item: "4" });
    expect(parseWfmPath("/wfm")).toEqual({ section: null, item: null });
  });
  it("a team lead sees adherence first, leave and swaps, not the planners' sections", async () => {
    mockApi(({ path }) => (path === "/api/v1/wfm/adherence" ? { json: { tolerance_s: 60, agents: [] } } : undefined));
    at("/wfm");
    renderWithI18n(<WfmPage role="team_lead" />);
    expect(await screen.findByRole("heading", { name: "Adherence (live)" })).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Workforce management sections" });
    expect(within(nav).getAllByRole("link").map((a) => a.textContent)).toEqual(["Adherence", "Leave", "Swaps"]);
  });
  it("refuses a planner section to a team lead", () => {
    mockApi(() => undefined);
    at("/wfm/schedules");
    renderWithI18n(<WfmPage role="team_lead" />);
    expect(screen.getByText("This section is not available for your role.")).toBeTruthy();
  });
});

const forecast: Forecast = {
  queue: "billing", interval_min: 15, start: "2026-12-07", days: 7, method: "auto", proposed: "holt_winters",
  history: { start: "2026-11-30", contacts: Array(7 * 96).fill(3), aht_s: Array(7 * 96).fill(180) },
  forecast: { contacts: Array(7 * 96).fill(4), base_contacts: Array(7 * 96).fill(3.5), aht_s: Array(7 * 96).fill(190) },
  backtest: [{ method: "seasonal_naive", wape: 0.21, mape: 0.3 }, { method: "holt_winters", wape: 0.12, mape: 0.15 }],
  adjustments: [{ id: 5, start: "2026-12-08T08:00", end: "2026-12-08T12:00", kind: "percent", amount: 10, note: "campaign", by: "wfm", created_ms: Date.UTC(2026, 11, 1, 9) }],
};

describe("forecast", () => {
  it("shows the chart, the backtest with the proposed method, and the adjustments; add and delete", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/queues") return { json: [{ config: { name: "billing" } }, { config: { name: "tech" } }] };
      if (path.startsWith("/api/v1/wfm/forecast?")) return { json: forecast };
      if (method === "POST" && path === "/api/v1/wfm/adjustments")
        return (body as { amount: number }).amount > 100
          ? { status: 400, json: { error: { code: "invalid_argument", message: "at most 100", field: "amount" } } }
          : { status: 201, json: { id: 6 } };
      if (method === "DELETE" && path === "/api/v1/wfm/adjustments/5") return { status: 204 };
      return undefined;
    });
    at("/wfm/forecast");
    renderWithI18n(<WfmPage role="wfm" />);
    const chart = await screen.findByRole("img", { name: /^Contacts per interval for billing/ });
    expect(chart.getAttribute("data-series")).toBe("History,Forecast (base):dashed,Forecast (adjusted)");
    expect(calls.find((c) => c.path.startsWith("/api/v1/wfm/forecast"))!.path).toMatch(/^\/api\/v1\/wfm\/forecast\?queue=billing&start=\d{4}-\d{2}-\d{2}&days=7&method=auto$/);
    const backtest = screen.getByRole("table", { name: /^Backtest/ });
    const hw = within(backtest).getByRole("rowheader", { name: /Holt-Winters/ });
    expect(hw.textContent).toContain("Proposed");
    expect(within(backtest).getByRole("rowheader", { name: /Seasonal naive/ }).textContent).not.toContain("Proposed");
    expect(within(hw.closest("tr")!).getAllByRole("cell").map((c) => c.textContent)).toEqual(["12.0%", "15.0%"]);
    const perDay = screen.getByRole("table", { name: /^Forecast per day/ });
    expect(within(perDay).getAllByRole("row")).toHaveLength(8);

    const adj = screen.getByRole("table", { name: "Adjustments of billing" });
    expect(within(adj).getByText("+10%")).toBeTruthy();
    expect(within(adj).getByText("campaign")).toBeTruthy();

    // A refused amount shows beside its field.
    const form = screen.getByRole("form", { name: "Add an adjustment" });
    fireEvent.change(within(form).getByLabelText("Amount"), { target: { value: "500" } });
    fireEvent.change(within(form).getByLabelText("Note"), { target: { value: "promo" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add adjustment" }));
    const amount = within(form).getByLabelText("Amount");
    await waitFor(() => expect(amount.getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getByText("at most 100")).toBeTruthy();
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.body).toEqual({ queue: "billing", start: "2026-12-07T08:00", end: "2026-12-07T12:00", kind: "percent", amount: 500, note: "promo" });

    // An end before the start is caught before sending.
    fireEvent.change(within(form).getByLabelText("Until"), { target: { value: "2026-12-07T07:00" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add adjustment" }));
    await waitFor(() => expect(within(form).getByLabelText("Until").getAttribute("aria-invalid")).toBe("true"));
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);

    fireEvent.click(screen.getByRole("button", { name: /^Delete the adjustment/ }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/wfm/adjustments/5")).toBe(true));
    // reloaded after the delete
    await waitFor(() => expect(calls.filter((c) => c.path.startsWith("/api/v1/wfm/forecast")).length).toBe(2));
  });
});

const sh = (id: number, agent: string, day: number, start_min: number, length_min = 480): Shift => ({
  id, agent, day, start_min, length_min, group: "billing", breaks: [{ offset_min: 120, length_min: 15 }, { offset_min: 240, length_min: 30 }],
});
const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  id: 12, version: 3, status: "draft", start: "2026-12-07", days: 7, interval_min: 15, created_ms: Date.UTC(2026, 11, 1, 10), published_ms: null,
  groups: [{ name: "billing", required: Array(7 * 96).fill(2), covered: Array(7 * 96).fill(1) }],
  shifts: [sh(100, "agent01", 0, 480), sh(101, "agent02", 0, 540), sh(102, "agent02", 1, 540)],
  report: { under: 12.5, over: 3, objective: 40.5 },
  greedy: { under: 20, over: 6, objective: 66 },
  violations: [],
  ...over,
});
const summary = (s: Schedule) => ({ id: s.id, version: s.version, status: s.status, start: s.start, days: s.days, created_ms: s.created_ms, published_ms: s.published_ms });

describe("schedules", () => {
  it("generates a draft and shows it with the greedy baseline", async () => {
    let created = false;
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/wfm/schedules" && method === "GET") return { json: created ? [summary(schedule())] : [] };
      if (path === "/api/v1/wfm/schedules" && method === "POST") {
        created = true;
        return { status: 201, json: schedule() };
      }
      if (path === "/api/v1/wfm/schedules/12") return { json: schedule() };
      return undefined;
    });
    at("/wfm/schedules");
    renderWithI18n(<WfmPage role="wfm" />);
    expect(await screen.findByText("No schedules yet: generate one.")).toBeTruthy();
    const form = screen.getByRole("form", { name: "Generate a schedule" });
    fireEvent.change(within(form).getByLabelText("Start date"), { target: { value: "2026-12-07" } });
    fireEvent.change(within(form).getByLabelText("Method"), { target: { value: "greedy" } });
    fireEvent.click(within(form).getByRole("button", { name: "Generate" }));
    await waitFor(() => expect(window.location.pathname).toBe("/wfm/schedules/12"));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ start: "2026-12-07", weeks: 1, method: "greedy" });
    const figures = await screen.findByRole("table", { name: /beside the greedy baseline/ });
    expect(within(figures).getAllByRole("row").slice(1).map((r) => r.textContent)).toEqual(["This schedule12.5340.5", "Greedy baseline20666"]);
    const list = await screen.findByRole("table", { name: "Schedule versions, newest first" });
    expect(within(list).getByRole("link", { name: "Version 3 (#12)" })).toBeTruthy();
    expect(within(list).getByText("Draft")).toBeTruthy();
    // the grid of the first day: both agents, breaks in the label
    const grid = screen.getByRole("table", { name: /^Shifts on/ });
    expect(within(grid).getAllByRole("rowheader").map((r) => r.textContent)).toEqual(["agent01", "agent02"]);
    expect(within(grid).getByRole("button", { name: "agent01, 08:00–16:00. Breaks 10:00–10:15, 12:00–12:30" })).toBeTruthy();
  });

  it("drags a shift to a new start (snapped), saves it, and marks the violations the answer lists", async () => {
    const after = schedule({
      shifts: [sh(100, "agent01", 0, 540), sh(101, "agent02", 0, 540), sh(102, "agent02", 1, 540)],
      violations: [{ agent: "agent01", day: 0, rule: "start_window", message: "agent01 starts at 09:00, after the window 07:00-08:30" }],
    });
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/wfm/schedules" && method === "GET") return { json: [summary(schedule())] };
      if (path === "/api/v1/wfm/schedules/12") return { json: schedule() };
      if (method === "PUT" && path === "/api/v1/wfm/schedules/12/shifts/100") return { json: after };
      return undefined;
    });
    at("/wfm/schedules/12");
    renderWithI18n(<WfmPage role="wfm" />);
    const bar = await screen.findByRole("button", { name: /^agent01, 08:00–16:00/ });
    expect(await screen.findByText("✓ No rule violations.")).toBeTruthy();
    // a 1440 px track: one pixel per minute
    const track = bar.closest(".sy-wfm-track") as HTMLElement;
    track.getBoundingClientRect = () => ({ width: 1440, height: 32, left: 0, top: 0, right: 1440, bottom: 32, x: 0, y: 0, toJSON: () => ({}) });
    fireEvent.pointerDown(bar, { button: 0, clientX: 500, pointerId: 1 });
    fireEvent.pointerMove(bar, { clientX: 540, pointerId: 1 });
    // the preview follows, snapped to 15 minutes (+40 px -> +45 min)
    expect(bar.getAttribute("aria-label")).toMatch(/^agent01, 08:45–16:45/);
    fireEvent.pointerMove(bar, { clientX: 562, pointerId: 1 });
    fireEvent.pointerUp(bar, { clientX: 562, pointerId: 1 });
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({ start_min: 540, length_min: 480 });
    // the violations are listed, the shift marked (text, not only colour), nothing fixed
    const list = await screen.findByRole("table", { name: /^Rule violations \(1\)/ });
    expect(within(list).getByText("Start time")).toBeTruthy();
    expect(within(list).getByText(/after the window/)).toBeTruthy();
    const moved = screen.getByRole("button", { name: /^agent01, 09:00–17:00/ });
    expect(moved.getAttribute("aria-label")).toContain("Breaks a rule");
    expect(moved.className).toContain("sy-wfm-bar-bad");
    expect(screen.getByRole("button", { name: /^agent02, 09:00–17:00/ }).getAttribute("aria-label")).not.toContain("Breaks a rule");
    expect(screen.getByText("Shift saved, with 1 rule violation(s): see the list above.")).toBeTruthy();
  });

  it("edits a shift with the keyboard form; a refused field shows beside it", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/wfm/schedules" && method === "GET") return { json: [summary(schedule())] };
      if (path === "/api/v1/wfm/schedules/12") return { json: schedule() };
      if (method === "PUT" && path === "/api/v1/wfm/schedules/12/shifts/101") {
        const b = body as { length_min: number };
        if (b.length_min > 600) return { status: 400, json: { error: { code: "invalid_argument", message: "no template of 615 min", field: "length_min" } } };
        return { json: schedule({ shifts: [sh(100, "agent01", 0, 480), sh(101, "agent02", 2, 450, 540), sh(102, "agent02", 1, 540)] }) };
      }
      return undefined;
    });
    at("/wfm/schedules/12");
    renderWithI18n(<WfmPage role="wfm" />);
    fireEvent.click(await screen.findByRole("button", { name: /^agent02, 09:00–17:00/ }));
    const form = screen.getByRole("form", { name: "Edit the shift of agent02" });
    fireEvent.change(within(form).getByLabelText("Length (minutes)"), { target: { value: "615" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save shift" }));
    await waitFor(() => expect(within(form).getByLabelText("Length (minutes)").getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getByText("no template of 615 min")).toBeTruthy();
    // an off-step start is caught before sending
    fireEvent.change(within(form).getByLabelText("Start"), { target: { value: "07:35" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save shift" }));
    await waitFor(() => expect(within(form).getByText("Must be a multiple of the interval.")).toBeTruthy());
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1);

    fireEvent.change(within(form).getByLabelText("Start"), { target: { value: "07:30" } });
    fireEvent.change(within(form).getByLabelText("Length (minutes)"), { target: { value: "540" } });
    fireEvent.change(within(form).getByLabelText("Day"), { target: { value: "2" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save shift" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(2));
    expect(calls.filter((c) => c.method === "PUT")[1].body).toEqual({ day: 2, start_min: 450, length_min: 540 });
    expect(await screen.findByText("Shift saved. No rule violations.")).toBeTruthy();
  });

  it("shows the violations a refused publish lists; a clean one publishes", async () => {
    let clean = false;
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/wfm/schedules" && method === "GET") return { json: [summary(schedule())] };
      if (path === "/api/v1/wfm/schedules/12") return { json: schedule() };
      if (method === "POST" && path === "/api/v1/wfm/schedules/12/publish")
        return clean
          ? { json: schedule({ status: "published", published_ms: Date.UTC(2026, 11, 2) }) }
          : {
              status: 409,
              json: {
                error: { code: "conflict", message: "the schedule breaks 2 rules", field: "violations" },
                violations: [
                  { agent: "agent02", day: 0, rule: "weekly_maximum", message: "agent02 works 2,700 min, more than 2,400" },
                  { agent: "agent01", day: 0, rule: "rest", message: "agent01 rests 600 min, less than 660" },
                ],
              },
            };
      return undefined;
    });
    at("/wfm/schedules/12");
    renderWithI18n(<WfmPage role="wfm" />);
    fireEvent.click(await screen.findByRole("button", { name: "Publish" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Not published: 2 rule violation(s) to resolve first.");
    const list = screen.getByRole("table", { name: /^Rule violations \(2\)/ });
    expect(within(list).getByText("Weekly hours (maximum)")).toBeTruthy();
    expect(within(list).getByText(/more than 2,400/)).toBeTruthy();
    // the weekly rule marks the agent's shifts of that week
    expect(screen.getByRole("button", { name: /^agent02, 09:00–17:00/ }).getAttribute("aria-label")).toContain("Breaks a rule");
    clean = true;
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    expect(await screen.findByText("Version 3 is published: agents can see it.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Published" })).toHaveProperty("disabled", true);
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(2);
  });
});

describe("coverage", () => {
  it("charts required vs scheduled per group with under and over totals", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/wfm/schedules") return { json: [summary(schedule())] };
      if (path === "/api/v1/wfm/schedules/12") return { json: schedule() };
      return undefined;
    });
    at("/wfm/coverage");
    renderWithI18n(<WfmPage role="admin" />);
    const chart = await screen.findByRole("img", { name: /^Required and scheduled agents per interval for billing/ });
    expect(chart.getAttribute("data-series")).toBe("Required:dashed,Scheduled");
    const totals = screen.getByRole("table", { name: /^Totals per skill group/ });
    // 7 days x 96 intervals x 1 agent short x 15 min = 168 agent-hours under
    expect(within(totals).getAllByRole("cell").map((c) => c.textContent)).toEqual(["336 agent-h", "168 agent-h", "168 agent-h", "0 agent-h"]);
    fireEvent.change(screen.getByLabelText("Day"), { target: { value: "1" } });
    expect(within(screen.getByRole("table", { name: /^Totals per skill group/ })).getAllByRole("cell")[2].textContent).toBe("24 agent-h");
  });
});

describe("multi-skill check", () => {
  const n = 7 * 96;
  const queue = (name: string, target_sl: number, sl: number | null, offered: number) => ({
    name, target_sl,
    offered: Array(n).fill(sl === null ? 0 : 2),
    achieved_sl: Array(n).fill(sl ?? 1),
    erlang_sl: Array(n).fill(0.9),
    total: { offered, achieved_sl: sl },
  });
  const result = {
    start: "2026-12-07", days: 7, interval_min: 15, replications: 5, contacts: 12345,
    queues: [queue("billing", 0.8, 0.8123, 1234.4), queue("tech", 0.8, 0.61, 300), queue("sales", 0.9, null, 0)],
  };
  const api = (check: () => { status?: number; json?: unknown }) =>
    mockApi(({ path }) => {
      if (path === "/api/v1/wfm/schedules") return { json: [summary(schedule()), summary(schedule({ id: 13, version: 4, created_ms: Date.UTC(2026, 10, 1) }))] };
      if (path === "/api/v1/wfm/schedules/12") return { json: schedule() };
      if (path === "/api/v1/wfm/schedules/13") return { json: schedule({ id: 13, version: 4 }) };
      if (path.startsWith("/api/v1/wfm/schedules/12/check")) return check();
      return undefined;
    });

  it("simulates the selected schedule: busy while it runs, then the group's chart and every queue's totals; kept across days, cleared with another schedule", async () => {
    const calls = api(() => ({ json: result }));
    at("/wfm/coverage");
    renderWithI18n(<WfmPage role="wfm" />);
    const button = await screen.findByRole("button", { name: "Simulate the schedule (multi-skill check)" });
    expect(button.getAttribute("aria-describedby")).toBe("sy-wfm-check-hint");
    expect(screen.getByText(/shared between them/).textContent).toContain("5 replications");
    const section = button.closest("section")!;
    expect(section.getAttribute("aria-busy")).toBe("false");
    fireEvent.click(button);
    expect(section.getAttribute("aria-busy")).toBe("true");
    expect(screen.getByRole("button", { name: "Simulating…" })).toHaveProperty("disabled", true);

    const table = await screen.findByRole("table", { name: /^Service level per queue over the whole schedule/ });
    expect(calls.filter((c) => c.path.includes("/check")).map((c) => `${c.method} ${c.path}`)).toEqual(["GET /api/v1/wfm/schedules/12/check?replications=5"]);
    expect(section.getAttribute("aria-busy")).toBe("false");
    expect(screen.getByRole("button", { name: "Simulate the schedule (multi-skill check)" })).toHaveProperty("disabled", false);
    const rows = within(table).getAllByRole("row").slice(1);
    const cells = (i: number) => [within(rows[i]).getByRole("rowheader").textContent, ...within(rows[i]).getAllByRole("cell").map((c) => c.textContent)];
    expect(cells(0)).toEqual(["billing", "1,234", "81.2%", "80%", "✓ Met"]);
    expect(cells(1)).toEqual(["tech", "300", "61.0%", "80%", "✗ Not met"]);
    expect(within(rows[1]).getByText(/Not met/).className).toContain("sy-wfm-tag-bad");
    expect(within(rows[0]).getByText(/Met/).className).toContain("sy-wfm-tag-ok");
    expect(cells(2)).toEqual(["sales", "0", "—", "90%", "—"]);
    expect(screen.getByText(/12,345 contacts simulated over 5 replications/)).toBeTruthy();

    const chart = screen.getByRole("img", { name: /^Service level per interval for billing/ });
    expect(chart.getAttribute("data-series")).toBe("Achieved SL (simulated),Target:dashed,Erlang (queue alone)");

    // another day: the result stays, the chart follows the day
    fireEvent.change(screen.getByLabelText("Day"), { target: { value: "1" } });
    expect(screen.getByRole("img", { name: /^Service level per interval for billing, Tue, Dec 8, 2026/ })).toBeTruthy();
    expect(screen.getByRole("table", { name: /^Service level per queue/ })).toBeTruthy();

    // another schedule: the result goes
    fireEvent.change(screen.getByLabelText("Schedule"), { target: { value: "13" } });
    await screen.findByRole("img", { name: /^Required and scheduled agents per interval/ });
    expect(screen.queryByRole("table", { name: /^Service level per queue/ })).toBeNull();
    expect(screen.queryByRole("img", { name: /^Service level per interval/ })).toBeNull();
  });

  it("shows a failed check in the error banner and lets it run again", async () => {
    api(() => ({ status: 409, json: { error: { code: "illegal_state", message: "queue tech no longer exists", field: "id" } } }));
    at("/wfm/coverage");
    renderWithI18n(<WfmPage role="wfm" />);
    fireEvent.click(await screen.findByRole("button", { name: "Simulate the schedule (multi-skill check)" }));
    expect((await screen.findByRole("alert")).textContent).toContain("queue tech no longer exists");
    expect(screen.getByRole("button", { name: "Simulate the schedule (multi-skill check)" })).toHaveProperty("disabled", false);
    expect(screen.queryByRole("table", { name: /^Service level per queue/ })).toBeNull();
  });

  it("reads naturally in Chinese", async () => {
    api(() => ({ json: result }));
    at("/wfm/coverage");
    renderWithI18n(<WfmPage role="wfm" />, "zh-CN");
    fireEvent.click(await screen.findByRole("button", { name: "模拟排班（多技能核查）" }));
    const table = await screen.findByRole("table", { name: /^各队列在整个排班周期的服务水平/ });
    expect(within(table).getAllByRole("cell").map((c) => c.textContent).slice(0, 4)).toEqual(["1,234", "81.2%", "80%", "✓ 达标"]);
  });
});

describe("adherence", () => {
  it("lists the team with state, schedule and adherence in words; refreshes", async () => {
    const now = Date.now();
    let n = 0;
    const calls = mockApi(({ path }) => {
      if (path !== "/api/v1/wfm/adherence") return undefined;
      n++;
      return {
        json: {
          tolerance_s: 60,
          agents: [
            { agent: "agent01", team: "red", state: "available", scheduled: "working", in_adherence: true, out_since_ms: null },
            { agent: "agent02", team: "red", state: "not_ready", scheduled: "working", in_adherence: false, out_since_ms: now - 125_000 },
            { agent: "agent03", team: "red", state: "logged_out", scheduled: "off", in_adherence: n > 1, out_since_ms: null },
          ],
        },
      };
    });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderWithI18n(<WfmPage role="team_lead" />);
      const table = await screen.findByRole("table", { name: /^Agents against their published schedule/ });
      const rows = within(table).getAllByRole("row").slice(1);
      expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual(["agent02", "agent03", "agent01"]);
      const cells = within(rows[0]).getAllByRole("cell").map((c) => c.textContent);
      expect(cells.slice(0, 4)).toEqual(["red", "Not ready", "Working", "✗ Out of adherence"]);
      expect(cells[4]).toMatch(/^2:0[5-9]$/);
      expect(within(rows[2]).getAllByRole("cell")[3].textContent).toBe("✓ In adherence");
      expect(screen.getByText(/2 of 3 agents out of adherence/)).toBeTruthy();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5000);
      });
      await waitFor(() => expect(screen.getByText(/1 of 3 agents out of adherence/)).toBeTruthy());
      expect(calls.length).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("my schedule", () => {
  it("says so when nothing is published", async () => {
    mockApi(({ path }) => (path === "/api/v1/wfm/my/schedule" ? { status: 404, json: { error: { code: "not_found", message: "no published schedule" } } } : undefined));
    renderWithI18n(<MySchedulePage />);
    expect(await screen.findByText("No schedule has been published for you yet.")).toBeTruthy();
  });
  it("lists the week's shifts with breaks and days off", async () => {
    mockApi(({ path }) =>
      path === "/api/v1/wfm/my/schedule"
        ? { json: { agent: "agent01", start: "2026-12-07", days: 7, interval_min: 15, shifts: [sh(1, "agent01", 0, 480), sh(2, "agent01", 2, 1320)] } }
        : undefined,
    );
    renderWithI18n(<MySchedulePage />, "zh-CN");
    const table = await screen.findByRole("table", { name: "我的每日班次" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(7);
    expect(within(rows[0]).getAllByRole("cell").map((c) => c.textContent)).toEqual(["08:00–16:00", "10:00–10:15, 12:00–12:30", "billing"]);
    expect(within(rows[1]).getAllByRole("cell")[0].textContent).toBe("休息");
    expect(within(rows[2]).getAllByRole("cell")[0].textContent).toBe("22:00–06:00");
  });
});
