// Special days against a mocked API: the forecast's special days shaded on
// the chart and listed (and tagged in the per-day table); the list of
// special days below the forecast loaded, edited, saved whole (the exact
// body), a refusal beside the field it names, a row removed.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { setupWfmTests } from "./wfmTestUtil";
import WfmPage from "./WfmPage";
import type { SpecialDay } from "./rulesData";
import type { Forecast } from "./wfmData";

// uPlot draws on a canvas jsdom does not have: the bands it is given are the test's.
vi.mock("./WfmChart", () => ({
  default: (p: { label: string; bands?: { from: number; to: number; label: string }[] }) => (
    <div role="img" aria-label={p.label} data-bands={(p.bands ?? []).map((b) => `${b.label}@${new Date(b.from * 1000).toISOString()}/${(b.to - b.from) / 3600}h`).join(",")} />
  ),
}));

setupWfmTests();

const forecast = (special: Forecast["special_days"]): Forecast => ({
  queue: "billing", interval_min: 15, start: "2026-12-21", days: 7, method: "auto", proposed: "holt_winters",
  history: { start: "2026-12-14", contacts: Array(7 * 96).fill(3), aht_s: Array(7 * 96).fill(180) },
  forecast: { contacts: Array(7 * 96).fill(4), base_contacts: Array(7 * 96).fill(4), aht_s: Array(7 * 96).fill(190) },
  backtest: [],
  adjustments: [],
  special_days: special,
});
const bad = (field: string, message: string) => ({ status: 400, json: { error: { code: "invalid_argument", message, field } } });

describe("special days", () => {
  it("shades the forecast's special days on the chart, lists them and tags their day", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/queues") return { json: [{ config: { name: "billing" } }] };
      if (path.startsWith("/api/v1/wfm/forecast?"))
        return { json: forecast([{ date: "2026-12-25", name: "Christmas", factor: 0.3, reference: null }, { date: "2026-12-24", name: "Christmas Eve", factor: 0.8, reference: "2025-12-24" }]) };
      if (path === "/api/v1/wfm/special-days") return { json: { days: [] } };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/forecast");
    renderWithI18n(<WfmPage role="wfm" />, "en", "Europe/Berlin");
    const chart = await screen.findByRole("img", { name: /^Contacts per interval for billing/ });
    // each band is the local day in the center's zone (Berlin: UTC+1 in December)
    expect(chart.getAttribute("data-bands")).toBe("Christmas Eve@2026-12-23T23:00:00.000Z/24h,Christmas@2026-12-24T23:00:00.000Z/24h");
    expect(screen.getByText(/Shaded days are special days\./)).toBeTruthy();
    const list = screen.getByRole("table", { name: /^Special days, / });
    const rows = within(list).getAllByRole("row").slice(1);
    expect(rows.map((r) => Array.from(r.children).map((c) => c.textContent))).toEqual([
      ["Thu, Dec 24, 2026", "Christmas Eve", "× 0.8", "Wed, Dec 24, 2025"],
      ["Fri, Dec 25, 2026", "Christmas", "× 0.3", "Usual pattern"],
    ]);
    const perDay = screen.getByRole("table", { name: /^Forecast per day/ });
    expect(within(perDay).getByRole("rowheader", { name: /Fri, Dec 25, 2026/ }).textContent).toBe("Fri, Dec 25, 2026Christmas");
    expect(within(perDay).getByRole("rowheader", { name: /Mon, Dec 21, 2026/ }).textContent).toBe("Mon, Dec 21, 2026");
  });

  it("no special days in the shown days: no bands and no list", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/queues") return { json: [{ config: { name: "billing" } }] };
      if (path.startsWith("/api/v1/wfm/forecast?")) return { json: forecast(undefined) };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/forecast");
    renderWithI18n(<WfmPage role="wfm" />);
    const chart = await screen.findByRole("img", { name: /^Contacts per interval for billing/ });
    expect(chart.getAttribute("data-bands")).toBe("");
    expect(screen.queryByRole("table", { name: /^Special days, / })).toBeNull();
    // an older server without special days: no editor either
    expect(screen.queryByRole("heading", { name: "Special days" })).toBeNull();
  });

  it("edits the list: saved whole, a refusal beside the factor it names, a row removed, the forecast read again", async () => {
    let days: SpecialDay[] = [
      { date: "2026-12-25", factor: 0.3, reference: null, name: "Christmas", queue: null },
      { date: "2026-11-27", factor: 1.8, reference: null, name: "Black Friday", queue: "billing" },
    ];
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/queues") return { json: [{ config: { name: "billing" } }, { config: { name: "tech" } }] };
      if (path.startsWith("/api/v1/wfm/forecast?")) return { json: forecast([]) };
      if (path === "/api/v1/wfm/special-days") {
        if (method === "GET") return { json: { days } };
        const b = body as { days: SpecialDay[] };
        const i = b.days.findIndex((d) => d.factor > 10);
        if (i >= 0) return bad(`days[${i}].factor`, "must be 0 to 10");
        days = b.days;
        return { json: { days } };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/forecast");
    renderWithI18n(<WfmPage role="wfm" />);
    const form = await screen.findByRole("form", { name: "Special days" });
    const table = within(form).getByRole("table", { name: "Every special day" });
    expect((within(table).getByLabelText("Name, special day Dec 25, 2026") as HTMLInputElement).value).toBe("Christmas");
    expect((within(table).getByLabelText("Queue, special day Dec 25, 2026") as HTMLSelectElement).value).toBe("");
    expect((within(table).getByLabelText("Queue, special day Nov 27, 2026") as HTMLSelectElement).value).toBe("billing");

    // a third day: New Year's Eve like last year's, x 12 (refused beside its factor)
    fireEvent.click(within(form).getByRole("button", { name: "Add a special day" }));
    const dates = within(table).getAllByLabelText(/^Date, special day/) as HTMLInputElement[];
    expect(dates).toHaveLength(3);
    fireEvent.change(dates[2], { target: { value: "2026-12-31" } });
    fireEvent.change(within(table).getByLabelText("Name, special day Dec 31, 2026"), { target: { value: "New Year's Eve" } });
    fireEvent.change(within(table).getByLabelText("Reference day, special day Dec 31, 2026"), { target: { value: "2025-12-31" } });
    fireEvent.change(within(table).getByLabelText("Queue, special day Dec 31, 2026"), { target: { value: "tech" } });
    const factor = within(table).getByLabelText("Factor, special day Dec 31, 2026");
    fireEvent.change(factor, { target: { value: "12" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the special days" }));
    await waitFor(() => expect(factor.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(factor.getAttribute("aria-describedby")!)!.textContent).toBe("must be 0 to 10");
    expect(document.activeElement).toBe(factor);
    expect(within(table).getByLabelText("Factor, special day Dec 25, 2026").getAttribute("aria-invalid")).toBeNull();

    fireEvent.change(factor, { target: { value: "1.2" } });
    fireEvent.click(within(table).getByRole("button", { name: "Remove the special day Nov 27, 2026" }));
    const forecasts = () => calls.filter((c) => c.path.startsWith("/api/v1/wfm/forecast?")).length;
    const before = forecasts();
    fireEvent.click(within(form).getByRole("button", { name: "Save the special days" }));
    expect(await screen.findByText("The special days are saved.")).toBeTruthy();
    const puts = calls.filter((c) => c.method === "PUT");
    expect(puts).toHaveLength(2);
    expect(puts[1].body).toEqual({
      days: [
        { date: "2026-12-25", factor: 0.3, reference: null, name: "Christmas", queue: null },
        { date: "2026-12-31", factor: 1.2, reference: "2025-12-31", name: "New Year's Eve", queue: "tech" },
      ],
    });
    expect(within(table).queryByLabelText("Name, special day Nov 27, 2026")).toBeNull();
    // the shown forecast is read again, with the new special days
    await waitFor(() => expect(forecasts()).toBe(before + 1));
  });

  it("catches a day that is no date before sending", async () => {
    const calls = mockApi(({ path }) => {
      if (path === "/api/v1/queues") return { json: [] };
      if (path === "/api/v1/wfm/special-days") return { json: { days: [] } };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/forecast");
    renderWithI18n(<WfmPage role="wfm" />);
    const form = await screen.findByRole("form", { name: "Special days" });
    expect(within(form).getByText("No special days.")).toBeTruthy();
    fireEvent.click(within(form).getByRole("button", { name: "Add a special day" }));
    const date = within(form).getByLabelText(/^Date, special day/);
    fireEvent.change(date, { target: { value: "" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the special days" }));
    await waitFor(() => expect(date.getAttribute("aria-invalid")).toBe("true"));
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
  });
});
