import { afterEach, describe, expect, it, vi } from "vitest";
import { centerTimeZone, homePath, pageOf, pagesFor } from "./session";
import { noteServerTime, resetClock, serverNow } from "./clock";

describe("pagesFor", () => {
  it("filters the navigation by role", () => {
    expect(pagesFor({ role: "agent", agent: "agent01" })).toEqual(["desk", "schedule", "quality", "comms", "chat"]);
    expect(pagesFor({ role: "team_lead", agent: null })).toEqual(["wallboard", "wfm", "quality", "comms", "chat"]);
    expect(pagesFor({ role: "team_lead", agent: "agent05" })).toEqual(["wallboard", "desk", "schedule", "wfm", "quality", "comms", "chat"]);
    expect(pagesFor({ role: "admin", agent: null })).toEqual(["wallboard", "desk", "admin", "reports", "wfm", "quality", "comms", "chat"]);
    expect(pagesFor({ role: "reporting", agent: null })).toEqual(["reports", "wallboard", "comms", "chat"]);
    expect(pagesFor({ role: "quality", agent: null })).toEqual(["quality", "wallboard", "reports", "comms", "chat"]);
    expect(pagesFor({ role: "wfm", agent: null })).toEqual(["wfm", "wallboard", "reports", "comms", "chat"]);
  });
  it("sends each role home to its first page", () => {
    expect(homePath({ role: "agent", agent: "a" })).toBe("/desk");
    expect(homePath({ role: "reporting", agent: null })).toBe("/reports");
    expect(homePath({ role: "team_lead", agent: null })).toBe("/wallboard");
    expect(homePath({ role: "wfm", agent: null })).toBe("/wfm");
    expect(homePath({ role: "quality", agent: null })).toBe("/quality");
  });
  it("knows which page a path is on", () => {
    expect(pageOf("/admin/users/3")).toBe("admin");
    expect(pageOf("/desk")).toBe("desk");
    expect(pageOf("/wfm/schedules/4")).toBe("wfm");
    expect(pageOf("/schedule")).toBe("schedule");
    expect(pageOf("/quality/worklist/12")).toBe("quality");
    expect(pageOf("/wfmx")).toBeNull();
    expect(pageOf("/login")).toBeNull();
    expect(pageOf("/")).toBeNull();
  });
});

describe("centerTimeZone", () => {
  afterEach(() => vi.unstubAllGlobals());
  const fetchReturning = (body: unknown, status = 200) =>
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));

  it("takes the time_zone of /auth/me first", async () => {
    expect(await centerTimeZone({ role: "agent", time_zone: "Europe/Paris" }, { offer_timeout_ms: 1, default_acw_ms: 1, time_zone: "Asia/Shanghai" })).toBe("Europe/Paris");
  });

  it("takes the settings' time_zone when there is one", async () => {
    const f = fetchReturning({});
    vi.stubGlobal("fetch", f);
    expect(await centerTimeZone({ role: "agent" }, { offer_timeout_ms: 1, default_acw_ms: 1, time_zone: "Asia/Shanghai" })).toBe("Asia/Shanghai");
    expect(f).not.toHaveBeenCalled();
  });
  it("else reads it from a report the role may read", async () => {
    const f = fetchReturning({ time_zone: "Europe/Paris", rows: [], totals: [] });
    vi.stubGlobal("fetch", f);
    expect(await centerTimeZone({ role: "team_lead" }, { offer_timeout_ms: 1, default_acw_ms: 1 })).toBe("Europe/Paris");
    expect(String((f.mock.calls[0] as unknown[])[0])).toBe("/api/v1/reports/teams?grain=day");
  });
  it("else falls back to the browser's zone", async () => {
    vi.stubGlobal("fetch", fetchReturning({ error: { code: "forbidden", message: "no" } }, 403));
    const tz = await centerTimeZone({ role: "wfm" }, null);
    expect(tz).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe("server clock", () => {
  it("keeps the largest recent offset", () => {
    resetClock();
    noteServerTime(10_000, 9_000);
    noteServerTime(10_500, 9_700); // more latency: smaller sample
    const now = Date.now();
    expect(serverNow() - now).toBeGreaterThanOrEqual(999);
    expect(serverNow() - now).toBeLessThanOrEqual(1001);
    resetClock();
  });
});
