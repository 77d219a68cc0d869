import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import ReportsPage, { dimensionsFor } from "./ReportsPage";

// uPlot draws on a canvas jsdom does not have: the chart is tested as data (reportData.test.ts).
vi.mock("./ReportChart", () => ({
  default: (p: { label: string; data: { series: { name: string }[] } }) => (
    <div role="img" aria-label={p.label} data-series={p.data.series.map((s) => s.name).join(",")} />
  ),
}));

const row = (id: number, name: string, start_ms: number, offered: number) => ({
  id, name, start: new Date(start_ms).toISOString(), start_ms, offered, answered: offered - 1, abandoned: 1, service_level: 0.9, asa_s: 4.2, aht_s: 190,
  abandon_rate: 0.01, transfer_rate: 0, fcr: 0.8, repeat_rate: 0.2, csat: 0, survey_answers: 0, avg_wait_s: 5,
});
const report = {
  dimension: "queues", grain: "day", time_zone: "UTC", from: "", to: "",
  rows: [row(0, "billing", Date.UTC(2026, 10, 29), 261), row(0, "billing", Date.UTC(2026, 10, 30), 627), row(1, "tech", Date.UTC(2026, 10, 30), 496)],
  totals: [{ ...row(0, "billing", 0, 888), start: undefined, start_ms: undefined }, { ...row(1, "tech", 0, 496), start: undefined, start_ms: undefined }],
};
const scheduled = {
  reports: [
    {
      id: 1, kind: "daily", day: "2026-11-29", time_zone: "UTC", start_ms: Date.UTC(2026, 10, 29), end_ms: Date.UTC(2026, 10, 30), created_ms: Date.UTC(2026, 11, 1, 6, 30),
      href: "/api/v1/reports/scheduled/1",
      files: [
        { format: "csv", lang: null, bytes: 21257, href: "/api/v1/reports/scheduled/1?format=csv" },
        { format: "html", lang: "en", bytes: 36021, href: "/api/v1/reports/scheduled/1?format=html&lang=en" },
        { format: "html", lang: "zh-CN", bytes: 36795, href: "/api/v1/reports/scheduled/1?format=html&lang=zh-CN" },
      ],
    },
  ],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("ReportsPage", () => {
  it("shows the chart, the totals table and the daily reports", async () => {
    const calls = mockApi(({ path }) => {
      if (path === "/api/v1/auth/me") return { json: { role: "reporting" } };
      if (path.startsWith("/api/v1/reports/queues?")) return { json: report };
      if (path.startsWith("/api/v1/reports/scheduled?")) return { json: scheduled };
      if (path === "/api/v1/queues") return { json: [{ config: { name: "billing" } }, { config: { name: "tech" } }] };
      return undefined;
    });
    renderWithI18n(<ReportsPage />);
    const chart = await screen.findByRole("img", { name: /Chart of Offered per Day/ });
    expect(chart.getAttribute("data-series")).toBe("billing,tech");
    const totals = screen.getByRole("table", { name: /^Totals/ });
    const headers = within(totals).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers.slice(0, 5)).toEqual(["Queue", "Offered", "Answered", "Abandoned", "Service level"]);
    expect(headers).toEqual(expect.arrayContaining(["ASA", "AHT", "Abandon rate", "FCR", "CSAT"]));
    const billing = within(totals).getByRole("rowheader", { name: "billing" }).closest("tr")!;
    expect(within(billing).getAllByRole("cell").map((c) => c.textContent).slice(0, 5)).toEqual(["888", "887", "1", "90.0%", "4.2 sec"]);
    // The first query: queues by day over the last 7 days, to exclusive.
    expect(calls.find((c) => c.path.startsWith("/api/v1/reports/queues"))!.path).toMatch(/^\/api\/v1\/reports\/queues\?grain=day&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    const daily = await screen.findByRole("table", { name: "Daily reports, newest first" });
    expect(within(daily).getByRole("button", { name: "Download the CSV of 2026-11-29" })).toBeTruthy();
    expect(within(daily).getByRole("button", { name: "Open the page of 2026-11-29 in Chinese" })).toBeTruthy();
    // Not an admin: no "generate" form.
    expect(screen.queryByRole("form", { name: "Generate a daily report now" })).toBeNull();
  });

  it("narrows by id and shows a bad date beside its field", async () => {
    const calls = mockApi(({ path }) => {
      if (path === "/api/v1/auth/me") return { json: { role: "admin" } };
      if (path.startsWith("/api/v1/reports/queues?") && path.includes("ids=")) return { status: 400, json: { error: { code: "invalid_argument", message: "must be after `from`", field: "to" } } };
      if (path.startsWith("/api/v1/reports/queues?")) return { json: report };
      if (path.startsWith("/api/v1/reports/scheduled?")) return { status: 403, json: { error: { code: "forbidden", message: "no" } } };
      if (path === "/api/v1/queues") return { json: [{ config: { name: "billing" } }, { config: { name: "tech" } }] };
      return undefined;
    });
    renderWithI18n(<ReportsPage />);
    await screen.findByRole("img");
    fireEvent.click(await screen.findByRole("checkbox", { name: "tech" }));
    fireEvent.click(screen.getByRole("button", { name: "Show report" }));
    const to = screen.getByLabelText("To");
    await waitFor(() => expect(to.getAttribute("aria-invalid")).toBe("true"));
    expect(calls.at(-1)!.path).toContain("ids=tech");
    expect(screen.getByText("Daily reports show the whole center; your role cannot read them.")).toBeTruthy();
    expect(screen.getByRole("form", { name: "Generate a daily report now" })).toBeTruthy();
  });

  it("roles narrow the dimensions", () => {
    expect(dimensionsFor("agent")).toEqual(["agents"]);
    expect(dimensionsFor("team_lead")).toEqual(["teams", "agents"]);
    expect(dimensionsFor("reporting")).toHaveLength(6);
  });

  it("renders in Chinese", async () => {
    mockApi(({ path }) => {
      if (path === "/api/v1/auth/me") return { json: { role: "reporting" } };
      if (path.startsWith("/api/v1/reports/queues?")) return { json: report };
      if (path.startsWith("/api/v1/reports/scheduled?")) return { json: scheduled };
      return undefined;
    });
    renderWithI18n(<ReportsPage />, "zh-CN");
    expect(await screen.findByRole("heading", { name: "报表" })).toBeTruthy();
    expect(await screen.findByRole("columnheader", { name: "服务水平" })).toBeTruthy();
    // The interval table, once opened.
    fireEvent.click(screen.getByText("按时段（3 行）"));
    const details = screen.getByText("按时段（3 行）").closest("details")!;
    details.open = true;
    fireEvent(details, new Event("toggle"));
    expect(await screen.findByRole("table", { name: /^按天/ })).toBeTruthy();
    expect(await screen.findByRole("table", { name: "日报（最新在前）" })).toBeTruthy();
  });
});
