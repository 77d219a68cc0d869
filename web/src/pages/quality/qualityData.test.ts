import { describe, expect, it } from "vitest";
import {
  answerFieldOf, answersFor, bodyOf, checkDraft, choicesOf, draftOf, emptyCard, failsCritical, itemValue, mmss, parseTags, pct, peaks, signed, score, toCsv, xOf,
  type Scorecard,
} from "./qualityData";

// docs/quality.md, "Worked example"
export const EXAMPLE: Scorecard = {
  id: 1,
  version: 1,
  name: "Worked example",
  sections: [
    {
      title: "Opening",
      items: [
        { id: "greet", text: "Greeted?", kind: "yes_no", weight: 1 },
        { id: "verify", text: "Verified?", kind: "yes_no", weight: 2, critical: true },
      ],
    },
    {
      title: "Resolution",
      items: [
        { id: "solution", text: "Solution", kind: "scale", weight: 3 },
        { id: "accuracy", text: "Accuracy", kind: "points", max_points: 10, weight: 2 },
        { id: "upsell", text: "Upsell", kind: "yes_no", weight: 1, na_allowed: true },
      ],
    },
  ],
};

describe("score (docs/quality.md)", () => {
  it("gives the worked example's figures", () => {
    const r = score(EXAMPLE, { greet: "yes", verify: "yes", solution: 4, accuracy: 8, upsell: "na" });
    expect(r.earned).toBeCloseTo(6.85, 10);
    expect(r.possible).toBe(8);
    expect(r.percent).toBeCloseTo(85.625, 10);
    expect(r.failed).toBe(false);
    expect(r.sections.map((s) => s.percent)).toEqual([100, expect.closeTo(77, 10)]);
    expect(r.missing).toEqual([]);
  });

  it("fails on the critical item: 0, with the raw score and sections kept", () => {
    const r = score(EXAMPLE, { greet: "yes", verify: "no", solution: 4, accuracy: 8, upsell: "na" });
    expect(r.percent).toBe(0);
    expect(r.failed).toBe(true);
    expect(r.failed_items).toEqual(["verify"]);
    expect(r.raw_percent).toBeCloseTo(60.625, 10);
    expect(r.sections[0].percent).toBeCloseTo(33.333, 2);
  });

  it("has no score when every item is N/A, and previews with missing answers", () => {
    const card: Scorecard = { id: 2, version: 1, name: "n", sections: [{ title: "s", items: [{ id: "a", text: "a", kind: "yes_no", na_allowed: true }] }] };
    expect(score(card, { a: "na" }).percent).toBeNull();
    expect(score(card, { a: "na" }).sections[0].percent).toBeNull();
    const partial = score(EXAMPLE, { greet: "yes" });
    expect(partial.percent).toBe(100);
    expect(partial.missing).toEqual(["verify", "solution", "accuracy", "upsell"]);
  });

  it("values and critical thresholds per kind", () => {
    const scale = { id: "s", text: "s", kind: "scale" as const, critical: true, fail_threshold: 2 };
    expect([1, 2, 3, 4, 5].map((v) => itemValue(scale, v))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(failsCritical(scale, 2)).toBe(true);
    expect(failsCritical(scale, 3)).toBe(false);
    expect(failsCritical(scale, "na")).toBe(false);
    expect(itemValue({ id: "p", text: "p", kind: "points", max_points: 4 }, 3)).toBe(0.75);
    expect(itemValue({ id: "p", text: "p", kind: "points", max_points: 4 }, 5)).toBeNull();
    expect(choicesOf({ id: "p", text: "p", kind: "points", max_points: 2, na_allowed: true })).toEqual([0, 1, 2, "na"]);
  });

  it("sends answers in the card's order and maps a server error back to its item", () => {
    const sent = answersFor(EXAMPLE, { upsell: "na", greet: "yes", solution: 3 }, { greet: "  warm ", solution: " " });
    expect(sent).toEqual([{ item: "greet", answer: "yes", comment: "warm" }, { item: "solution", answer: 3 }, { item: "upsell", answer: "na" }]);
    expect(answerFieldOf(sent, "answers[1].answer")).toBe("solution");
    expect(answerFieldOf(sent, "scorecard_id")).toBeNull();
  });
});

describe("waveform", () => {
  it("takes each column's min and max over both channels", () => {
    const left = [0, 0.5, -0.25, 0, 0, 0, 0.1, -0.9];
    const right = [0, -0.5, 0, 0, 0.2, 0, 0, 0];
    expect(peaks([left, right], 4)).toEqual([
      { min: -0.5, max: 0.5 },
      { min: -0.25, max: 0 },
      { min: 0, max: 0.2 },
      { min: -0.9, max: 0.1 },
    ]);
    // more columns than samples: each column still looks at one sample
    expect(peaks([[1, -1]], 4).map((p) => p.max)).toEqual([1, 1, -1, -1]);
    expect(peaks([], 3)).toEqual([
      { min: 0, max: 0 },
      { min: 0, max: 0 },
      { min: 0, max: 0 },
    ]);
  });
  it("places times on the timeline", () => {
    expect(xOf(5000, 10000, 600)).toBe(300);
    expect(xOf(20000, 10000, 600)).toBe(600);
    expect(xOf(1, 0, 600)).toBe(0);
    expect(mmss(65_400)).toBe("1:05");
  });
});

describe("scorecard editor", () => {
  it("round-trips a scorecard and checks a draft with the server's paths", () => {
    const d = draftOf(EXAMPLE);
    const b = bodyOf(d);
    expect(b.sections[1].items[1]).toEqual({ id: "accuracy", text: "Accuracy", guidance: "", weight: 2, kind: "points", max_points: 10, critical: false, na_allowed: false });
    expect(checkDraft(d)).toEqual({});
    const bad = emptyCard();
    bad.sections[0].items.push({ ...bad.sections[0].items[0], weight: "0", kind: "scale", critical: true, fail_threshold: "5" });
    expect(checkDraft(bad)).toEqual({
      name: "quality.invalid.required",
      "sections[0].title": "quality.invalid.required",
      "sections[0].items[0].text": "quality.invalid.required",
      "sections[0].items[1].id": "quality.invalid.duplicate_id",
      "sections[0].items[1].text": "quality.invalid.required",
      "sections[0].items[1].weight": "quality.invalid.weight",
      "sections[0].items[1].fail_threshold": "quality.invalid.fail_threshold",
    });
  });
});

describe("helpers", () => {
  it("CSV quotes what needs it", () => {
    expect(toCsv(["a", "b"], [["x,y", 1], ['say "hi"', null]])).toBe('a,b\r\n"x,y",1\r\n"say ""hi""",\r\n');
  });
  it("tags and percentages", () => {
    expect(parseTags("Refund, refund  tone，礼貌")).toEqual(["refund", "tone", "礼貌"]);
    expect(pct(85.625)).toBe("85.6");
    expect(pct(null)).toBe("—");
    expect([signed(4.54), signed(-2), signed(0)]).toEqual(["+4.5", "-2", "0"]);
  });
});
