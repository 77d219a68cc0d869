// The people pages' pure logic: ISO weeks (year edges, the center's zone),
// the profile and kudos forms' checks and bodies, celebrations' order,
// stars, and who may do what.
import { describe, expect, it } from "vitest";
import {
  canConfirm, canSeeCandidates, isoWeekOf, isoWeekOfDate, kudosErrors, kudosTo, newestFirst, parseWeek, peoplePaths, profileBody, profileErrors,
  shiftWeek, splitBirthday, splitCelebrations, stars, weekDays, type Celebration, type Kudos,
} from "./peopleData";

describe("ISO weeks", () => {
  it("numbers weeks as ISO 8601 does, across year edges", () => {
    expect(isoWeekOfDate("2026-12-02")).toBe("2026-W49");
    expect(isoWeekOfDate("2026-11-30")).toBe("2026-W49"); // Monday
    expect(isoWeekOfDate("2026-12-06")).toBe("2026-W49"); // Sunday
    expect(isoWeekOfDate("2026-12-07")).toBe("2026-W50");
    expect(isoWeekOfDate("2021-01-03")).toBe("2020-W53"); // a Sunday of the previous ISO year
    expect(isoWeekOfDate("2024-12-30")).toBe("2025-W01"); // a Monday of the next ISO year
    expect(isoWeekOfDate("2027-01-01")).toBe("2026-W53");
  });
  it("takes the week in the center's time zone", () => {
    // Sunday 6 Dec 2026 23:30 UTC is already Monday in Shanghai
    const ms = Date.UTC(2026, 11, 6, 23, 30);
    expect(isoWeekOf(ms, "UTC")).toBe("2026-W49");
    expect(isoWeekOf(ms, "Asia/Shanghai")).toBe("2026-W50");
  });
  it("moves week by week and knows each week's days", () => {
    expect(shiftWeek("2026-W49", 1)).toBe("2026-W50");
    expect(shiftWeek("2026-W53", 1)).toBe("2027-W01");
    expect(shiftWeek("2027-W01", -1)).toBe("2026-W53");
    expect(shiftWeek("2025-W01", -1)).toBe("2024-W52");
    expect(weekDays("2026-W49")).toEqual({ monday: "2026-11-30", sunday: "2026-12-06" });
    expect(parseWeek("2025-W53")).toBeNull(); // 2025 has 52 weeks
    expect(parseWeek("2026-W53")).toEqual({ year: 2026, week: 53 });
    expect(parseWeek("2026-49")).toBeNull();
  });
});

describe("profile", () => {
  const base = { month: "", day: "", show_birthday: false, work_start: "", show_anniversary: false };
  it("wants both month and day, a day the month has (29 February allowed), and a past work start", () => {
    expect(profileErrors({ ...base, month: "03" }, "2026-12-02")).toEqual({ birthday: "people.profile.invalid.birthday_both" });
    expect(profileErrors({ ...base, month: "02", day: "30" }, "2026-12-02")).toEqual({ birthday: "people.profile.invalid.birthday_day" });
    expect(profileErrors({ ...base, month: "04", day: "31" }, "2026-12-02")).toEqual({ birthday: "people.profile.invalid.birthday_day" });
    expect(profileErrors({ ...base, month: "02", day: "29" }, "2026-12-02")).toEqual({});
    expect(profileErrors({ ...base, work_start: "2026-02-30" }, "2026-12-02")).toEqual({ work_start: "people.profile.invalid.work_start" });
    expect(profileErrors({ ...base, work_start: "2026-12-03" }, "2026-12-02")).toEqual({ work_start: "people.profile.invalid.work_start_future" });
    expect(profileErrors({ ...base, work_start: "2021-12-02" }, "2026-12-02")).toEqual({});
  });
  it("sends MM-DD without a year, blanks as null", () => {
    expect(profileBody({ month: "12", day: "02", show_birthday: true, work_start: " 2021-12-02 ", show_anniversary: true })).toEqual({
      birthday: "12-02", show_birthday: true, work_start: "2021-12-02", show_anniversary: true,
    });
    expect(profileBody(base)).toEqual({ birthday: null, show_birthday: false, work_start: null, show_anniversary: false });
    expect(splitBirthday("07-09")).toEqual({ month: "07", day: "09" });
    expect(splitBirthday(null)).toEqual({ month: "", day: "" });
  });
});

describe("kudos", () => {
  it("refuses kudos to oneself, an empty or too long message", () => {
    expect(kudosErrors({ to: "agent01", message: "thanks" }, "agent01")).toEqual({ to: "people.kudos.invalid.self" });
    expect(kudosErrors({ to: " ", message: " " }, "agent01")).toEqual({ to: "people.kudos.invalid.to", message: "people.kudos.invalid.message" });
    // 500 bytes: 166 Chinese characters are 498 bytes, 167 are 501
    expect(kudosErrors({ to: "agent02", message: "谢".repeat(166) }, "agent01")).toEqual({});
    expect(kudosErrors({ to: "agent02", message: "谢".repeat(167) }, "agent01")).toEqual({ message: "people.kudos.invalid.too_long" });
  });
  const k = (id: number, from: string, to: string, created_ms: number): Kudos => ({ id, from, to, message: "m", tag: "helpful", created_ms });
  it("keeps kudos to me (since a time) and orders newest first", () => {
    const list = [k(1, "agent02", "agent01", 10), k(2, "agent01", "agent03", 20), k(3, "agent03", "agent01", 30)];
    expect(kudosTo(list, "agent01").map((x) => x.id)).toEqual([1, 3]);
    expect(kudosTo(list, "agent01", 15).map((x) => x.id)).toEqual([3]);
    expect(newestFirst(list).map((x) => x.id)).toEqual([3, 2, 1]);
    expect(peoplePaths.kudos({ user: "agent01", limit: 50 })).toBe("/api/v1/comms/kudos?user=agent01&limit=50");
  });
});

describe("celebrations and feedback", () => {
  const c = (user: string, kind: Celebration["kind"], date: string, today = false): Celebration => ({ user, display_name: user, kind, date, years: kind === "anniversary" ? 2 : null, today });
  it("puts today's first, the others by date", () => {
    const r = splitCelebrations([c("b", "birthday", "2026-12-09"), c("a", "anniversary", "2026-12-02", true), c("c", "birthday", "2026-12-04")]);
    expect(r.today.map((x) => x.user)).toEqual(["a"]);
    expect(r.later.map((x) => x.user)).toEqual(["c", "b"]);
  });
  it("draws ratings as five stars", () => {
    expect(stars(4)).toBe("★★★★☆");
    expect(stars(9)).toBe("★★★★★");
    expect(stars(0)).toBe("☆☆☆☆☆");
  });
});

describe("roles", () => {
  it("lets a lead confirm only its own team, admins any; agents see no candidates", () => {
    expect(canConfirm("team_lead", "red", "red")).toBe(true);
    expect(canConfirm("team_lead", "red", "blue")).toBe(false);
    expect(canConfirm("admin", null, "blue")).toBe(true);
    expect(canConfirm("quality", null, "red")).toBe(false);
    expect(canSeeCandidates("agent")).toBe(false);
    expect(["team_lead", "quality", "wfm", "reporting", "admin"].every(canSeeCandidates)).toBe(true);
  });
});
