import { describe, expect, it } from "vitest";
import { clock, createFormatter, DASH, isValidTimeZone } from "./format";

// 2026-12-01T13:05:09Z
const T = Date.UTC(2026, 11, 1, 13, 5, 9);

describe("clock", () => {
  it("writes m:ss and h:mm:ss", () => {
    expect(clock(0)).toBe("0:00");
    expect(clock(65_000)).toBe("1:05");
    expect(clock(59_999)).toBe("0:59");
    expect(clock(3_723_000)).toBe("1:02:03");
    expect(clock(-5000)).toBe("0:00");
    expect(clock(null)).toBe(DASH);
    expect(clock(NaN)).toBe(DASH);
  });
});

describe("createFormatter", () => {
  const en = createFormatter("en", "Europe/Paris");
  const zh = createFormatter("zh-CN", "Asia/Shanghai");

  it("formats numbers per language", () => {
    expect(en.number(1234567)).toBe("1,234,567");
    expect(en.number(1.256, 1)).toBe("1.3");
    expect(zh.number(1234567)).toBe("1,234,567");
    expect(en.number(undefined)).toBe(DASH);
  });

  it("formats ratios as percentages", () => {
    expect(en.percent(0.8123)).toBe("81%");
    expect(en.percent(0.8123, 1)).toBe("81.2%");
    expect(zh.percent(1)).toBe("100%");
    expect(en.percent(null)).toBe(DASH);
  });

  it("formats KPI seconds: unit under a minute, m:ss above", () => {
    expect(en.seconds(42)).toBe("42s");
    expect(en.seconds(4.25)).toBe("4.3s");
    expect(zh.seconds(42)).toBe("42秒");
    expect(en.seconds(271)).toBe("4:31");
    expect(en.seconds(3723)).toBe("1:02:03");
    expect(en.seconds(59.97)).toBe("1:00");
    expect(en.seconds(null)).toBe(DASH);
  });

  it("formats times in the center's zone, not the browser's", () => {
    expect(en.time(T)).toBe("14:05"); // Paris is UTC+1 in December
    expect(en.time(T, true)).toBe("14:05:09");
    expect(zh.time(T)).toBe("21:05"); // Shanghai UTC+8
    expect(createFormatter("en", "UTC").time(T)).toBe("13:05");
    expect(en.hourOf(T)).toBe(14);
    expect(zh.hourOf(Date.UTC(2026, 11, 1, 16, 30))).toBe(0);
  });

  it("formats dates per language", () => {
    expect(en.date(T)).toBe("Dec 1, 2026");
    expect(zh.date(T)).toBe("2026年12月1日");
    expect(en.dateTime(T)).toBe("Dec 1, 2026, 14:05");
    expect(zh.dateTime(T)).toContain("21:05");
    expect(en.dateTime(null)).toBe(DASH);
  });

  it("falls back to UTC for an unknown zone", () => {
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("Asia/Shanghai")).toBe(true);
    expect(isValidTimeZone("")).toBe(false);
    const f = createFormatter("en", "Mars/Olympus");
    expect(f.timeZone).toBe("UTC");
    expect(f.time(T)).toBe("13:05");
  });

  it("says how long ago, then the date in the center's zone after a week", () => {
    const f = createFormatter("en", "Europe/Paris");
    const z = createFormatter("zh-CN", "Asia/Shanghai");
    expect(f.ago(T - 20_000, T)).toBe("now");
    expect(f.ago(T - 5 * 60_000, T)).toBe("5 min. ago");
    expect(z.ago(T - 5 * 60_000, T)).toBe("5分钟前");
    expect(f.ago(T - 3 * 3600_000, T)).toBe("3 hr. ago");
    expect(f.ago(T - 30 * 3600_000, T)).toBe("yesterday");
    expect(f.ago(T - 8 * 86400_000, T)).toBe(f.dateTime(T - 8 * 86400_000));
    expect(f.ago(T + 5000, T)).toBe("now");
    expect(f.ago(null, T)).toBe(DASH);
  });
});
