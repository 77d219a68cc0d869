import { describe, expect, it } from "vitest";
import { formatBytes, formatDateTime, formatDuration, formatNumber, formatPercent } from "./format";

describe("format", () => {
  it("numbers and percentages in the user's language", () => {
    expect(formatNumber("en", 12345.678, 1)).toBe("12,345.7");
    expect(formatNumber("zh-CN", 12345)).toBe("12,345");
    expect(formatNumber("en", null)).toBe("—");
    expect(formatPercent("en", 0.90839)).toBe("90.8%");
    expect(formatPercent("zh-CN", 0.5)).toBe("50.0%");
  });
  it("durations", () => {
    expect(formatDuration("en", 3.66)).toBe("3.7 sec");
    expect(formatDuration("zh-CN", 3.66)).toBe("3.7秒");
    expect(formatDuration("en", 192.8)).toBe("3:13");
    expect(formatDuration("en", 3725)).toBe("1:02:05");
    expect(formatDuration("en", 59.97)).toBe("1:00");
    expect(formatDuration("en", undefined)).toBe("—");
  });
  it("dates in the center's zone", () => {
    const sp = (s: string) => s.replace(/\s/g, " ");
    const ms = Date.UTC(2026, 10, 30, 23, 30);
    expect(sp(formatDateTime("en", "UTC", ms))).toBe("Nov 30, 2026, 11:30 PM");
    expect(sp(formatDateTime("en", "Asia/Shanghai", ms))).toBe("Dec 1, 2026, 7:30 AM");
    expect(formatDateTime("zh-CN", "Asia/Shanghai", ms)).toBe("2026年12月1日 07:30");
  });
  it("bytes", () => {
    expect(formatBytes("en", 21257)).toBe("20.8 kB");
    expect(formatBytes("en", 500).replace(/\s/g, " ")).toBe("500 byte");
  });
});
