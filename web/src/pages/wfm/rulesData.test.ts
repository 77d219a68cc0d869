// The rules' pure part: hours and times both ways, the forms' bodies and
// their problems by the server's field paths, summaries, chart bands.
import { describe, expect, it } from "vitest";
import {
  adherenceReportPath, agentBody, agentDraft, durationText, hoursText, newTemplate, parseDuration, parseHours, parseHoursList, rulesBody, rulesDraft,
  sortReportRows, specialDayBands, specialDaysBody, weekdayRanges, type ShiftRules,
} from "./rulesData";

const rules: ShiftRules = {
  templates: [
    {
      id: "day", earliest_start_min: 360, latest_start_min: 960, start_step_min: 30, lengths_min: [240, 360, 480], weekdays: [0, 1, 2, 3, 4, 5, 6],
      breaks: [{ name: "break", min_shift_length_min: 240, earliest_offset_min: 60, latest_offset_min: 135, min_length_min: 15, max_length_min: 15, paid: true }],
    },
  ],
  work: { min_rest_min: 660, min_days_off_per_week: 2, max_consecutive_days: 5 },
  contract: { min_weekly_min: 1200, max_weekly_min: 2400, leave_credit_min: 480 },
  defaults: true,
};

describe("hours and times", () => {
  it("reads and writes hours, durations and lists", () => {
    expect(hoursText(450)).toBe("7.5");
    expect(hoursText(500)).toBe("8.33");
    expect(parseHours("7,5")).toBe(450);
    expect(parseHours("-1")).toBeNull();
    expect(parseHours("")).toBeNull();
    expect(parseHoursList("4, 6 7.5")).toEqual([240, 360, 450]);
    expect(parseHoursList("4，8")).toEqual([240, 480]);
    expect(parseHoursList("4, 0")).toBeNull();
    expect(parseHoursList(" ")).toBeNull();
    expect(durationText(135)).toBe("2:15");
    expect(parseDuration("2:15")).toBe(135);
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("1:75")).toBeNull();
  });
  it("names weekday ranges", () => {
    expect(weekdayRanges([4, 0, 1, 2], "en")).toBe("Mon–Wed, Fri");
    expect(weekdayRanges([5, 6], "en")).toBe("Sat, Sun");
    expect(weekdayRanges([5, 6], "zh-CN")).toBe("周六, 周日");
  });
});

describe("the rules form", () => {
  it("round-trips the server's rules without `defaults`", () => {
    const { defaults: _d, ...sent } = rules;
    expect(rulesBody(rulesDraft(rules))).toEqual({ body: sent });
  });
  it("names each problem by the server's field path", () => {
    const d = rulesDraft(rules);
    d.templates[0].lengths = "eight";
    d.templates[0].weekdays = [];
    d.templates[0].breaks[0].earliest = "1h";
    d.rest_h = "x";
    d.contract.max_h = "";
    expect(rulesBody(d)).toEqual({
      bad: {
        "templates[0].lengths_min": "wfm.rules.invalid.lengths",
        "templates[0].weekdays": "wfm.rules.invalid.weekdays",
        "templates[0].breaks[0].earliest_offset_min": "wfm.rules.invalid.duration",
        "work.min_rest_min": "wfm.rules.invalid.hours",
        "contract.max_weekly_min": "wfm.rules.invalid.hours",
      },
    });
    expect(rulesBody({ ...d, templates: [] })).toMatchObject({ bad: { templates: "wfm.rules.invalid.templates" } });
  });
  it("gives a new template a free name", () => {
    expect(newTemplate(["day", "template2"]).id).toBe("template3");
  });
});

describe("an agent's overrides", () => {
  it("starts from the center's contract and sends nulls for what is off", () => {
    const d = agentDraft(null, rules.contract);
    expect(agentBody(d)).toEqual({ body: { contract: null, availability: null, preferences: null, templates: [] } });
    d.contractOn = true;
    d.availabilityOn = true;
    d.days[6].available = false;
    d.days[4] = { available: true, from: "22:00", to: "06:00" };
    const b = agentBody(d);
    expect("body" in b && b.body.contract).toEqual(rules.contract);
    expect("body" in b && b.body.availability).toEqual([...Array(4).fill({ from_min: 480, to_min: 1080 }), { from_min: 1320, to_min: 1800 }, { from_min: 480, to_min: 1080 }, null]);
  });
  it("names a bad time by its day", () => {
    const d = agentDraft({ agent: "a", contract: null, availability: [null, null, { from_min: 480, to_min: 1080 }, null, null, null, null], preferences: null, templates: [] }, rules.contract);
    d.days[2].from = "";
    expect(agentBody(d)).toEqual({ bad: { "availability[2].from_min": "wfm.invalid.time" } });
  });
});

describe("special days", () => {
  it("sends nulls for no reference and every queue", () => {
    expect(specialDaysBody([{ key: 1, date: "2026-12-25", name: " Christmas ", factor: "0,3", reference: "", queue: "" }])).toEqual({
      body: { days: [{ date: "2026-12-25", name: "Christmas", factor: 0.3, reference: null, queue: null }] },
    });
    expect(specialDaysBody([{ key: 1, date: "x", name: "", factor: "", reference: "2026-13-01", queue: "" }])).toEqual({
      bad: { "days[0].date": "wfm.invalid.date", "days[0].factor": "wfm.invalid.number", "days[0].reference": "wfm.invalid.date" },
    });
  });
  it("bands a day from its midnight to the next, named or dated", () => {
    const start = (d: string) => Date.parse(d + "T00:00:00Z") / 1000;
    expect(specialDayBands([{ date: "2026-12-25", name: "", factor: 1, reference: null }], start, "en")).toEqual([{ from: start("2026-12-25"), to: start("2026-12-26"), label: "Dec 25, 2026" }]);
  });
});

describe("adherence report", () => {
  it("paths and order", () => {
    expect(adherenceReportPath("2026-12-01", "2026-12-07", { by: "team", format: "csv" })).toBe("/api/v1/wfm/adherence/report?from=2026-12-01&to=2026-12-07&by=team&format=csv");
    const rows = [{ date: "2026-12-02", team: "a" }, { date: "2026-12-01", team: null }, { date: "2026-12-01", team: "team10" }, { date: "2026-12-01", team: "team9" }];
    expect(sortReportRows(rows, (r) => r.team).map((r) => `${r.date} ${r.team}`)).toEqual(["2026-12-01 team9", "2026-12-01 team10", "2026-12-01 null", "2026-12-02 a"]);
  });
});
