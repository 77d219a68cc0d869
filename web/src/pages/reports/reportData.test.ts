import { describe, expect, it } from "vitest";
import {
  addDays, bucketLabel, bucketTicks, buildSeries, measurable, checkQuery, csvName, defaultQuery, figuresFor, formatFigure, intervalRows, reportPath, todayIn,
  type Report,
} from "./reportData";

// Shaped as GET /api/v1/reports/queues?grain=day answers (demo data, trimmed).
const report: Report = {
  dimension: "queues",
  grain: "day",
  time_zone: "UTC",
  from: "2026-11-29T00:00:00+00:00",
  to: "2026-12-01T00:00:00+00:00",
  rows: [
    { id: 0, name: "billing", start: "2026-11-29T00:00:00+00:00", start_ms: 1795910400000, offered: 261, service_level: 0.9655, asa_s: 2.24 },
    { id: 0, name: "billing", start: "2026-11-30T00:00:00+00:00", start_ms: 1795996800000, offered: 627, service_level: 0.7164, asa_s: 13.69 },
    { id: 1, name: "tech", start: "2026-11-30T00:00:00+00:00", start_ms: 1795996800000, offered: 496, service_level: 0.454, asa_s: 33.65 },
  ],
  totals: [
    { id: 0, name: "billing", offered: 888, service_level: 0.79 },
    { id: 1, name: "tech", offered: 496, service_level: 0.454 },
  ],
};

describe("report query", () => {
  it("sends `to` exclusive and ids only when narrowed", () => {
    const q = { dimension: "queues" as const, grain: "day" as const, from: "2026-11-01", to: "2026-11-30", ids: [] };
    expect(reportPath(q)).toBe("/api/v1/reports/queues?grain=day&from=2026-11-01&to=2026-12-01");
    expect(reportPath({ ...q, ids: ["billing", "tech"], grain: "15min" }, "csv")).toBe(
      "/api/v1/reports/queues?grain=15min&from=2026-11-01&to=2026-12-01&ids=billing,tech&format=csv",
    );
    expect(reportPath({ ...q, dimension: "center", ids: ["x"] })).toBe("/api/v1/reports/center?grain=day&from=2026-11-01&to=2026-12-01");
    expect(reportPath({ ...q, dimension: "agents", ids: ["a&b"] })).toContain("ids=a%26b");
    expect(csvName(q)).toBe("switchyard-queues-day-2026-11-01-2026-11-30.csv");
  });
  it("dates: add days, today in the center's zone, last 7 days by default", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    const now = new Date(Date.UTC(2026, 11, 1, 20, 0));
    expect(todayIn("UTC", now)).toBe("2026-12-01");
    expect(todayIn("Asia/Shanghai", now)).toBe("2026-12-02");
    expect(defaultQuery("Asia/Shanghai", now)).toEqual({ dimension: "queues", grain: "day", from: "2026-11-26", to: "2026-12-02", ids: [] });
  });
  it("checks dates", () => {
    const q = defaultQuery("UTC");
    expect(checkQuery(q)).toEqual({});
    expect(checkQuery({ ...q, from: "" })).toEqual({ from: "reports.invalid.date" });
    expect(checkQuery({ ...q, from: "2026-12-05", to: "2026-12-01" })).toEqual({ to: "reports.invalid.order" });
  });
});

describe("chart series", () => {
  it("one line per id over every bucket, gaps as null, ratios in percent", () => {
    const d = buildSeries(report, "service_level");
    expect(d.x).toEqual([1795910400, 1795996800]);
    expect(d.series).toEqual([
      { id: 0, name: "billing", values: [96.55, 71.64] },
      { id: 1, name: "tech", values: [null, 45.4] },
    ]);
    expect(d.omitted).toBe(0);
    expect(buildSeries(report, "offered").series[0].values).toEqual([261, 627]);
  });
  it("keeps the ids with the most contacts when there are too many", () => {
    const d = buildSeries(report, "offered", 1);
    expect(d.series.map((s) => s.name)).toEqual(["billing"]);
    expect(d.omitted).toBe(1);
  });
  it("an empty report has no buckets", () => {
    expect(buildSeries({ ...report, rows: [], totals: [] }, "offered")).toEqual({ x: [], series: [], omitted: 0 });
  });
});

describe("table", () => {
  it("interval rows by start, then name", () => {
    expect(intervalRows(report).map((r) => `${r.start_ms}:${r.name}`)).toEqual([
      "1795910400000:billing",
      "1795996800000:billing",
      "1795996800000:tech",
    ]);
  });
  it("figures per dimension", () => {
    expect(figuresFor("queues")).toEqual(expect.arrayContaining(["offered", "answered", "abandoned", "service_level", "asa_s", "aht_s", "abandon_rate", "fcr", "csat"]));
    expect(figuresFor("queues")).not.toContain("occupancy");
    expect(figuresFor("center")).toContain("occupancy");
    expect(figuresFor("agents")).not.toContain("offered");
    expect(figuresFor("agents")).toContain("occupancy");
  });
  it("formats figures in the user's language", () => {
    expect(formatFigure("en", "count", 12345)).toBe("12,345");
    expect(formatFigure("en", "ratio", 0.9655)).toBe("96.6%");
    expect(formatFigure("zh-CN", "seconds", 13.69)).toBe("13.7秒");
    expect(formatFigure("en", "seconds", 192.8)).toBe("3:13");
    expect(formatFigure("en", "score", 4.5)).toBe("4.50");
    expect(formatFigure("en", "count", undefined)).toBe("—");
  });
  it("labels buckets in the report's zone by grain", () => {
    const ms = Date.UTC(2026, 10, 30, 23, 15);
    expect(bucketLabel("en", "UTC", "day", ms)).toBe("Mon, Nov 30, 2026");
    expect(bucketLabel("en", "Asia/Shanghai", "day", ms)).toBe("Tue, Dec 1, 2026");
    expect(bucketLabel("en", "UTC", "15min", ms)).toBe("Nov 30, 23:15");
    expect(bucketLabel("zh-CN", "UTC", "month", ms)).toBe("2026年11月");
    expect(bucketLabel("en", "UTC", "year", ms)).toBe("2026");
  });
});

describe("chart ticks", () => {
  it("label bucket starts only, as many as fit", () => {
    const days = Array.from({ length: 7 }, (_, i) => 1795910400 + i * 86400);
    expect(bucketTicks(days, 1200, "day")).toEqual(days);
    const hours = Array.from({ length: 24 }, (_, i) => 1795910400 + i * 3600);
    const ticks = bucketTicks(hours, 1100, "hour");
    expect(ticks.length).toBeLessThanOrEqual(10);
    expect(ticks[0]).toBe(hours[0]);
    expect(ticks.every((t) => hours.includes(t))).toBe(true);
    expect(bucketTicks(hours, 10, "hour")).toEqual([hours[0]]);
  });
});

describe("nothing to measure", () => {
  it("a ratio or average over zero contacts is a dash, and a gap in the chart", () => {
    const row = { id: 0, name: "q", offered: 3, short_abandoned: 3, answered: 0, abandoned: 3, handled: 0, survey_answers: 0, fcr_eligible: 2 };
    expect(measurable("service_level", row)).toBe(false);
    expect(measurable("abandon_rate", row)).toBe(true);
    expect(measurable("asa_s", row)).toBe(false);
    expect(measurable("avg_wait_s", row)).toBe(true);
    expect(measurable("csat", row)).toBe(false);
    expect(measurable("fcr", row)).toBe(true);
    expect(measurable("offered", row)).toBe(true);
    expect(measurable("occupancy", row)).toBe(true);
    // A figure whose denominator the answer lacks is trusted.
    expect(measurable("csat", { id: 0, name: "q" })).toBe(true);
    const r = { ...report, rows: [{ ...report.rows[0], survey_answers: 0, csat: 0 }, { ...report.rows[1], survey_answers: 4, csat: 0.75 }] };
    expect(buildSeries(r, "csat").series[0].values).toEqual([null, 75]);
  });
});
