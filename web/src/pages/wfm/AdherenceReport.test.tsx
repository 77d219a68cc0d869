// The adherence report below live adherence, against a mocked API: a date
// range, the team totals and the per-agent rows in hours and percent, the
// two CSV files (by=team for the teams), a refused range beside its field,
// an older server without team totals.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import WfmPage from "./WfmPage";
import type { AdherenceReport } from "./rulesData";

beforeEach(() => {
  window.scrollTo = () => {};
  URL.createObjectURL = vi.fn(() => "blob:x");
  URL.revokeObjectURL = vi.fn();
  // the saved file's link is clicked; jsdom cannot follow it
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

const fig = (scheduled: number, inAdh: number, onPhone: number) => ({
  scheduled_min: scheduled, working_min: scheduled - 60, in_adherence_min: inAdh, out_off_min: 10, on_phone_min: onPhone,
  adherence: inAdh / scheduled, conformance: onPhone / (scheduled - 60),
});
const report: AdherenceReport = {
  days: [
    { date: "2026-12-08", agent: "agent02", team: "blue", ...fig(480, 420, 400) },
    { date: "2026-12-07", agent: "agent01", team: "blue", ...fig(480, 450, 410) },
    { date: "2026-12-07", agent: "agent02", team: "blue", ...fig(480, 390, 380) },
  ],
  teams: [
    { date: "2026-12-08", team: "blue", agents: 1, ...fig(480, 420, 400) },
    { date: "2026-12-07", team: "blue", agents: 2, ...fig(960, 840, 790) },
    { date: "2026-12-07", team: null, agents: 1, ...fig(240, 120, 100) },
  ],
};

function api(answer: (path: string) => { status?: number; json?: unknown; text?: string } | undefined) {
  return mockApi(({ path }) => {
    if (path === "/api/v1/wfm/adherence") return { json: { tolerance_s: 300, agents: [] } };
    return answer(path);
  });
}

describe("adherence report", () => {
  it("shows the team totals and the agents' days for a range, and downloads both as CSV", async () => {
    const calls = api((path) => {
      if (path.startsWith("/api/v1/wfm/adherence/report?") && path.includes("format=csv")) return { text: "date,team\n" };
      if (path.startsWith("/api/v1/wfm/adherence/report?")) return { json: report };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/adherence");
    renderWithI18n(<WfmPage role="team_lead" />);
    const form = await screen.findByRole("form", { name: "Adherence report range" });
    fireEvent.change(within(form).getByLabelText("From"), { target: { value: "2026-12-07" } });
    fireEvent.change(within(form).getByLabelText("To"), { target: { value: "2026-12-08" } });
    fireEvent.click(within(form).getByRole("button", { name: "Show the report" }));

    const teams = await screen.findByRole("table", { name: "Adherence per team and day, Dec 7, 2026 – Dec 8, 2026" });
    expect(calls.find((c) => c.path.startsWith("/api/v1/wfm/adherence/report"))!.path).toBe("/api/v1/wfm/adherence/report?from=2026-12-07&to=2026-12-08");
    expect(within(teams).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Day", "Team", "Agents", "Scheduled (h)", "Working (h)", "In adherence (h)", "Logged in while off (h)", "On the phones (h)", "Adherence", "Conformance",
    ]);
    // by day, then team; the team's sums as the server gave them; agents without a team last
    expect(within(teams).getAllByRole("row").slice(1).map((r) => Array.from(r.children).map((c) => c.textContent))).toEqual([
      ["Mon, Dec 7, 2026", "blue", "2", "16", "15", "14", "0.2", "13.2", "87.5%", "87.8%"],
      ["Mon, Dec 7, 2026", "No team", "1", "4", "3", "2", "0.2", "1.7", "50.0%", "55.6%"],
      ["Tue, Dec 8, 2026", "blue", "1", "8", "7", "7", "0.2", "6.7", "87.5%", "95.2%"],
    ]);
    const agents = screen.getByRole("table", { name: "Adherence per agent and day, Dec 7, 2026 – Dec 8, 2026" });
    expect(within(agents).getAllByRole("row").slice(1).map((r) => Array.from(r.children).slice(0, 3).map((c) => c.textContent))).toEqual([
      ["Mon, Dec 7, 2026", "agent01", "blue"],
      ["Mon, Dec 7, 2026", "agent02", "blue"],
      ["Tue, Dec 8, 2026", "agent02", "blue"],
    ]);

    fireEvent.click(screen.getByRole("button", { name: "Download the team totals (CSV)" }));
    await waitFor(() => expect(calls.some((c) => c.path.includes("format=csv"))).toBe(true));
    fireEvent.click(await screen.findByRole("button", { name: "Download per agent (CSV)" }));
    await waitFor(() => expect(calls.filter((c) => c.path.includes("format=csv"))).toHaveLength(2));
    await waitFor(() => expect(HTMLAnchorElement.prototype.click).toHaveBeenCalledTimes(2));
    expect(calls.filter((c) => c.path.includes("format=csv")).map((c) => c.path)).toEqual([
      "/api/v1/wfm/adherence/report?from=2026-12-07&to=2026-12-08&by=team&format=csv",
      "/api/v1/wfm/adherence/report?from=2026-12-07&to=2026-12-08&format=csv",
    ]);
  });

  it("puts a refused range beside its field; an older server without team totals says so", async () => {
    api((path) => {
      if (path.includes("from=2026-01-01")) return { status: 400, json: { error: { code: "invalid_argument", message: "at most 62 days", field: "to" } } };
      if (path.startsWith("/api/v1/wfm/adherence/report?")) return { json: { days: report.days } };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/adherence");
    renderWithI18n(<WfmPage role="wfm" />);
    const form = await screen.findByRole("form", { name: "Adherence report range" });
    fireEvent.change(within(form).getByLabelText("From"), { target: { value: "2026-01-01" } });
    fireEvent.change(within(form).getByLabelText("To"), { target: { value: "2026-12-08" } });
    fireEvent.click(within(form).getByRole("button", { name: "Show the report" }));
    expect(await within(form).findByText("at most 62 days")).toBeTruthy();
    expect(within(form).getByLabelText("To").getAttribute("aria-invalid")).toBe("true");

    fireEvent.change(within(form).getByLabelText("From"), { target: { value: "2026-12-07" } });
    fireEvent.click(within(form).getByRole("button", { name: "Show the report" }));
    expect(await screen.findByText("This server does not give team totals yet.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Download the team totals (CSV)" })).toBeNull();
    expect(screen.getByRole("table", { name: /^Adherence per agent and day/ })).toBeTruthy();
  });
});
