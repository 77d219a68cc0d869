import { describe, expect, it } from "vitest";
import {
  answerFieldOf, answersFor, appendPage, bodyOf, checkDraft, checkFilter, choicesOf, contactOfRow, draftOf, emptyCard, failsCritical, filterOfField, itemValue,
  keywordBody, keywordOfField, mmss, NO_FILTER, parseKeywords, parseTags, paths, pct, peaks, scoreState, signed, score, sumHits, toCsv, xOf,
  type EndedContact, type HitsDay, type Scorecard,
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

describe("ended contacts", () => {
  const row = (contact: number, over: Partial<EndedContact> = {}): EndedContact => ({
    contact, channel: "voice", queue: "billing", agent: "agent01", team: "red", created_ms: 1, answered_ms: 2, ended_ms: 3, talk_s: 184.2, hold_s: 0, acw_s: 12,
    transfers: 0, disposition: "resolved", keyword_hits: 2, evaluated: false, score: null, failed: null, self: false, peer: false, ...over,
  });
  it("asks with the filters set only, the names trimmed", () => {
    expect(paths.endedContacts({ ...NO_FILTER, agent: " agent01 ", evaluated: "no", scope: "team", cursor: "c2", limit: 50 })).toBe("/api/v1/quality/contacts?agent=agent01&evaluated=no&scope=team&limit=50&cursor=c2");
    expect(paths.endedContacts({})).toBe("/api/v1/quality/contacts");
    // "to" is included on the page, exclusive on the server: the day after goes out
    expect(paths.endedContacts({ from: "2026-12-02", to: "2026-12-02" })).toBe("/api/v1/quality/contacts?from=2026-12-02&to=2026-12-03");
    expect(paths.endedContacts({ to: "2026-12-31" })).toBe("/api/v1/quality/contacts?to=2027-01-01");
  });
  it("checks the dates here and names the filter of a server error", () => {
    expect(checkFilter({ ...NO_FILTER, from: "2026-12-05", to: "2026-12-01" })).toEqual({ to: "quality.invalid.to_before_from" });
    expect(checkFilter({ ...NO_FILTER, from: "12/05/2026" })).toEqual({ from: "quality.invalid.date" });
    expect(checkFilter({ ...NO_FILTER, from: "2026-12-01", to: "2026-12-01" })).toEqual({});
    expect(filterOfField("agent")).toBe("agent");
    expect(filterOfField("cursor")).toBeNull();
    expect(filterOfField(undefined)).toBeNull();
  });
  it("adds a page without showing a contact twice", () => {
    expect(appendPage([row(5), row(4)], [row(4), row(3)]).map((r) => r.contact)).toEqual([5, 4, 3]);
  });
  it("tells a score, an evaluation whose score is not for the reader, and none", () => {
    expect(scoreState(row(1))).toEqual({ kind: "none" });
    expect(scoreState(row(1, { evaluated: true }))).toEqual({ kind: "hidden" });
    expect(scoreState(row(1, { evaluated: true, score: 0, failed: true }))).toEqual({ kind: "score", score: 0, failed: true });
  });
  it("reads a contacts row as a contact for the scoring view (a peer's, from GET /quality/contacts/{id})", () => {
    expect(contactOfRow(row(77, { channel: "chat", queue: "support-chat" }))).toMatchObject({ id: 77, state: "completed", channel: "chat", queue: "support-chat", agent: "agent01", talk_ms: 184200 });
    expect(paths.endedContact(77)).toBe("/api/v1/quality/contacts/77");
  });
});

describe("keyword lists and hits", () => {
  it("parses typed keywords once each, normalised as the server keeps them", () => {
    expect(parseKeywords(" Cancel, refund\nCANCEL，退款 \n\n")).toEqual(["cancel", "refund", "退款"]);
  });
  it("sends only the list's keywords as alerts, and finds the keyword an error names", () => {
    const body = keywordBody(["cancel", "Refund", "refund"], new Set(["refund", "gone"]));
    expect(body).toEqual({ keywords: ["cancel", "refund"], alert: ["refund"] });
    expect(keywordOfField(body, "alert[0]")).toBe("refund");
    expect(keywordOfField(body, "keywords[1]")).toBe("refund");
    expect(keywordOfField(body, "keywords[9]")).toBeNull();
    expect(keywordOfField(body, "queue")).toBeNull();
  });
  it("sums the days per team (or queue) and keyword, most hits first", () => {
    const days: HitsDay[] = [
      { day: "2026-12-01", team: "red", keyword: "cancel", hits: 2 },
      { day: "2026-12-02", team: "red", keyword: "cancel", hits: 3 },
      { day: "2026-12-02", team: "", keyword: "refund", hits: 1 },
      { day: "2026-12-02", team: "blue", keyword: "cancel", hits: 5 },
    ];
    expect(sumHits(days, "team")).toEqual([
      { group: "blue", keyword: "cancel", hits: 5, days: 1 },
      { group: "red", keyword: "cancel", hits: 5, days: 2 },
      { group: "", keyword: "refund", hits: 1, days: 1 },
    ]);
    expect(sumHits([{ day: "2026-12-01", queue: "billing", keyword: "x", hits: 1 }], "queue")).toEqual([{ group: "billing", keyword: "x", hits: 1, days: 1 }]);
    expect(paths.keywordHits({ from: "2026-12-01", to: "2026-12-07", by: "team" })).toBe("/api/v1/quality/keyword-hits?from=2026-12-01&to=2026-12-07&by=team");
    // by queue is the server's default: not sent (an older server knows no `by`)
    expect(paths.keywordHits({ from: "2026-12-01", to: "2026-12-07", by: "queue" })).toBe("/api/v1/quality/keyword-hits?from=2026-12-01&to=2026-12-07");
  });
});
