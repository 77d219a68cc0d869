// The quality page against a mocked API: the evaluator scores a call beside
// its recording (the link, keyword hits that seek, the live score, errors at
// their item), the agent sees an evaluation arrive live and disputes it, a
// reviewer amends one, scorecards are edited with the server's refusals at
// their fields, a calibration session shows its spread, the reports show
// their formulas; the sections each role may open.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { announceNotification } from "../../lib/notifications";
import { SessionContext } from "../../lib/sessionContext";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { EXAMPLE } from "./qualityData.test";
import QualityPage, { parseQualityPath, sectionsFor } from "./QualityPage";
import type { Calibration, Evaluation } from "./qualityData";

beforeEach(() => {
  window.scrollTo = () => {};
});
afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

const ME = (name: string, role: string, agent: string | null = null) => ({
  me: { name, role, agent, user_id: 1, team: "red", time_zone: "UTC" },
  settings: null,
  timeZone: "UTC",
  logout: () => {},
});

function renderAs(path: string, name: string, role: string, agent: string | null = null, lang: "en" | "zh-CN" = "en") {
  window.history.replaceState(null, "", path);
  return renderWithI18n(
    <SessionContext.Provider value={ME(name, role, agent) as never}>
      <QualityPage />
    </SessionContext.Provider>,
    lang,
  );
}

const CARD = { ...EXAMPLE, id: 3, applies_to: { channel: "voice", queue: null, direction: "any" } };
const CONTACT = { id: 42, state: "completed", channel: "voice", queue: "billing", agent: "agent01", created_ms: 1_764_000_000_000, ended_ms: 1_764_000_100_000 };
const ANSWERS = [
  { item: "greet", answer: "yes" as const },
  { item: "verify", answer: "yes" as const },
  { item: "solution", answer: 4, comment: "clear" },
  { item: "accuracy", answer: 8 },
  { item: "upsell", answer: "na" as const },
];
const EVAL: Evaluation = {
  id: 7,
  contact: 42,
  agent: "agent01",
  team: "red",
  queue: "billing",
  channel: "voice",
  scorecard_id: 3,
  scorecard_version: 1,
  evaluator: "quality",
  kind: "evaluation",
  answers: ANSWERS,
  score: 85.625,
  failed: false,
  status: "submitted",
  created_ms: 1_764_000_200_000,
  submitted_ms: 1_764_000_200_000,
};

/** Answers one item of the form by its question and the choice's label. */
function pick(form: HTMLElement, item: string, choice: string) {
  fireEvent.click(within(within(form).getByRole("radiogroup", { name: item })).getByRole("radio", { name: choice }));
}

describe("sections and paths", () => {
  it("gives each role its sections", () => {
    expect(sectionsFor("agent", "agent01")).toEqual(["mine", "peer", "library"]);
    expect(sectionsFor("team_lead", null)).toEqual(["worklist", "contacts", "disputes", "calibration", "library", "coaching", "reports"]);
    expect(sectionsFor("quality", null)).toEqual(expect.arrayContaining(["contacts", "keywords"]));
    expect(sectionsFor("team_lead", null)).not.toContain("keywords");
    expect(sectionsFor("team_lead", "agent05")).toContain("mine");
    expect(sectionsFor("quality", null)).toContain("scorecards");
    expect(sectionsFor("reporting", null)).toEqual([]);
    expect(parseQualityPath("/quality/mine/self/12?x=1")).toEqual({ section: "mine", rest: ["self", "12"] });
  });

  it("refuses a section outside the role, and leads a notification's link to the evaluation", async () => {
    mockApi(({ path }) => (path.startsWith("/api/v1/quality/evaluations/7") ? { json: EVAL } : path.startsWith("/api/v1/quality/scorecards/3") ? { json: CARD } : { json: { evaluations: [] } }));
    renderAs("/quality/scorecards", "agent01", "agent", "agent01");
    expect(screen.getByText("This section is not available for your role.")).toBeTruthy();
    cleanup();
    renderAs("/quality?evaluation=7", "agent01", "agent", "agent01");
    await waitFor(() => expect(window.location.pathname).toBe("/quality/mine/7"));
    expect(await screen.findByRole("heading", { name: "Evaluation 7" })).toBeTruthy();
  });
});

describe("evaluator", () => {
  it("scores a call beside its recording: link, hits that seek, live score, errors at the item", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/contacts/42") return { json: CONTACT };
      if (path === "/api/v1/contacts/42/recording/link") return { json: { url: "/api/v1/recordings/tok.sig", expires_ms: 1 } };
      if (path === "/api/v1/contacts/42/transcript")
        return { json: { contact: 42, status: "done", progress: 1, duration_ms: 20000, segments: [{ channel: "customer", start_ms: 5000, end_ms: 8000, text: "I want to cancel" }], hits: [{ keyword: "cancel", channel: "customer", start_ms: 5000, end_ms: 5600, text: "I want to cancel" }] } };
      if (path.startsWith("/api/v1/quality/scorecards")) return { json: { scorecards: [CARD] } };
      if (method === "GET" && path.startsWith("/api/v1/quality/evaluations")) return { json: { evaluations: [] } };
      if (method === "POST" && path === "/api/v1/quality/evaluations") {
        const b = body as { answers: unknown[]; submit: boolean };
        if (b.answers.length === 5 && b.submit && calls.filter((c) => c.method === "POST" && c.path === path).length === 1)
          return { status: 400, json: { error: { code: "invalid_argument", message: "8 is out of range", field: "answers[3].answer" } } };
        return { status: 201, json: { ...EVAL, answers: b.answers } };
      }
      return undefined;
    });
    renderAs("/quality/worklist/42", "quality", "quality");
    expect(await screen.findByRole("heading", { name: "Contact 42" })).toBeTruthy();
    const audio = await waitFor(() => {
      const a = document.querySelector("audio");
      expect(a?.getAttribute("src")).toBe("/api/v1/recordings/tok.sig");
      return a!;
    });
    // a keyword hit on the timeline seeks the player
    const hit = await screen.findByRole("button", { name: "Keyword “cancel” at 0:05: play from there" });
    audio.play = () => Promise.resolve();
    fireEvent.click(hit);
    expect(audio.currentTime).toBe(5);

    const form = screen.getByRole("form", { name: "Scorecard “Worked example”" });
    pick(form, "Greeted?", "Yes");
    pick(form, "Verified?", "Yes");
    pick(form, "Solution", "4");
    // submit with items unanswered: said at them, nothing sent
    fireEvent.click(within(form).getByRole("button", { name: "Submit" }));
    expect((await within(form).findAllByText("Answer this item.")).length).toBe(2);
    expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/quality/evaluations")).toBe(false);
    pick(form, "Accuracy", "8");
    pick(form, "Upsell", "N/A");
    fireEvent.change(within(form).getByLabelText("Comment on “Solution”"), { target: { value: " clear " } });
    // the live score: the doc's worked example
    expect(within(form).getAllByRole("status")[0].textContent).toContain("85.6%");
    pick(form, "Verified?", "No");
    expect(within(form).getAllByRole("status")[0].textContent).toContain("Critical item failed: score 0 (without it: 60.6%)");
    pick(form, "Verified?", "Yes");

    // the server's refusal of answers[3] shows at that item
    fireEvent.click(within(form).getByRole("button", { name: "Submit" }));
    const msg = await within(form).findByText("8 is out of range");
    expect(msg.closest("fieldset")?.getAttribute("data-item")).toBe("accuracy");
    fireEvent.click(within(form).getByRole("button", { name: "Submit" }));
    expect(await screen.findByText("Submitted. The agent is told.")).toBeTruthy();
    const posted = calls.filter((c) => c.method === "POST" && c.path === "/api/v1/quality/evaluations").pop()!.body;
    expect(posted).toEqual({
      contact: 42,
      scorecard_id: 3,
      submit: true,
      answers: ANSWERS,
    });
  });

  it("falls back to ended chats when the server has no work list, and shows a chat's transcript", async () => {
    mockApi(({ path }) => {
      if (path.startsWith("/api/v1/chat/sessions?")) return { json: [{ contact: 9, queue: "support-chat", state: "ended", agent: "agent11", started_ms: 1, ended_ms: 2 }] };
      if (path.startsWith("/api/v1/quality/evaluations")) return { json: { evaluations: [] } };
      if (path === "/api/v1/contacts/9") return { json: { ...CONTACT, id: 9, channel: "chat", queue: "support-chat" } };
      if (path === "/api/v1/chat/sessions/9")
        return { json: { contact: 9, messages: [{ seq: 1, from: "visitor", kind: "message", author: null, text: "Where is my order?", time_ms: 1, client_id: null }] } };
      if (path.startsWith("/api/v1/quality/scorecards")) return { json: { scorecards: [CARD] } };
      return undefined;
    });
    renderAs("/quality/worklist", "quality", "quality");
    expect(await screen.findByText(/This server has no work list yet/)).toBeTruthy();
    fireEvent.click(await screen.findByRole("link", { name: "9" }));
    expect(await screen.findByText("Where is my order?")).toBeTruthy();
    // the voice scorecard does not apply to a chat
    expect(await screen.findByText("No active scorecard applies to Chat contacts of queue support-chat.")).toBeTruthy();
  });
});

describe("contract views", () => {
  it("lists the week's work with its reasons, and the agent's trend with the KPIs' formulas", async () => {
    mockApi(({ path }) => {
      if (path.startsWith("/api/v1/quality/worklist"))
        return {
          json: {
            week_start_ms: Date.UTC(2026, 10, 30),
            items: [{ contact: 42, agent: "agent01", team: "red", queue: "billing", channel: "voice", started_ms: Date.UTC(2026, 11, 1, 9), weight: 3, reasons: ["low_csat", "keyword_hit"], assigned_to: "quality", evaluated: false }],
          },
        };
      if (path.startsWith("/api/v1/quality/evaluations")) return { json: { evaluations: [] } };
      return undefined;
    });
    renderAs("/quality/worklist", "quality", "quality");
    const table = await screen.findByRole("table", { name: "Week of Nov 30, 2026" });
    expect(within(table).getByRole("link", { name: "42" }).getAttribute("href")).toBe("/quality/worklist/42");
    expect(within(table).getByText("Low CSAT, Keyword hit")).toBeTruthy();
    cleanup();

    mockApi(({ path }) => {
      if (path.startsWith("/api/v1/quality/evaluations")) return { json: { evaluations: [] } };
      if (path.startsWith("/api/v1/quality/agents/agent01/performance"))
        return {
          json: {
            agent: "agent01", team: "red", self_gap_pp: 4.5, coaching_open: 1,
            quality: { mean_score: 82.25, evaluations: 4, failed: 1, trend: [{ week_start_ms: Date.UTC(2026, 10, 23), mean_score: 80, evaluations: 2 }, { week_start_ms: Date.UTC(2026, 10, 30), mean_score: 84.5, evaluations: 2 }] },
            kpis: [{ key: "aht", value: 271, unit: "s", formula: "AHT = (talk + hold + ACW) / handled" }, { key: "fcr", value: 78.5, unit: "%", formula: "FCR = resolved first time / handled" }, { key: "csat_mean", value: 4.2, unit: "1-5", formula: "a future formula" }, { key: "occupancy", value: 81, unit: "%", formula: "busy / (busy + idle)" }],
          },
        };
      if (path.startsWith("/api/v1/quality/coaching")) return { json: { sessions: [] } };
      return undefined;
    });
    renderAs("/quality/mine", "agent01", "agent", "agent01");
    expect(await screen.findByText("82.3%")).toBeTruthy();
    expect(screen.getByText("+4.5 pp")).toBeTruthy();
    // known KPIs show the catalogue's formula (in the user's language), others the server's
    expect(screen.getByText("AHT = (talk + hold + after-call work time) / handled contacts")).toBeTruthy();
    expect(screen.getByText("mean survey score = sum of scores / answers (1–5)")).toBeTruthy();
    expect(screen.getByText("busy / (busy + idle)")).toBeTruthy();  // a KPI the page does not know: the server's text
    expect(screen.getByText("4:31")).toBeTruthy();
    expect(screen.getByText("78.5%")).toBeTruthy();
    const trend = screen.getByRole("table", { name: "Mean score per week" });
    expect(within(trend).getAllByRole("row")).toHaveLength(3);
    expect(screen.getByText("No coaching sessions.")).toBeTruthy();
  });
});

describe("sampling plan", () => {
  it("edits the rules and shows the server's refusal at its field", async () => {
    const plan = { rules: [{ kind: "low_csat", threshold: 2, weight: 3 }, { kind: "random", threshold: 0, weight: 0.1 }], quota_per_agent_week: 5, utc_offset_min: 0, seed: 0 };
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/quality/sampling" && method === "GET") return { json: plan };
      if (path === "/api/v1/quality/sampling" && method === "PUT") {
        const b = body as typeof plan;
        if (b.rules[0].threshold > 5) return { status: 400, json: { error: { code: "invalid_argument", message: "1 to 5", field: "rules[0].threshold" } } };
        return { json: b };
      }
      if (path.startsWith("/api/v1/quality/worklist")) return { json: { week_start_ms: 0, items: [] } };
      if (path.startsWith("/api/v1/quality/evaluations")) return { json: { evaluations: [] } };
      return undefined;
    });
    renderAs("/quality/worklist", "quality", "quality");
    const form = await screen.findByRole("form", { name: "Sampling plan" });
    const threshold = within(form).getAllByLabelText("Threshold")[0];
    fireEvent.change(threshold, { target: { value: "9" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the plan" }));
    expect(await within(form).findByText("1 to 5")).toBeTruthy();
    await waitFor(() => expect(threshold.getAttribute("aria-invalid")).toBe("true"));
    fireEvent.change(threshold, { target: { value: "1" } });
    fireEvent.click(within(form).getByRole("button", { name: "Remove rule 2" }));
    fireEvent.click(within(form).getByRole("button", { name: "Save the plan" }));
    expect(await within(form).findByText("The plan is saved; the work list follows it.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PUT").pop()!.body).toEqual({ rules: [{ kind: "low_csat", threshold: 1, weight: 3 }], quota_per_agent_week: 5, utc_offset_min: 0, seed: 0 });
    cleanup();
    renderAs("/quality/worklist", "lead.red", "team_lead");
    expect(await screen.findByRole("heading", { name: "My drafts" })).toBeTruthy();
    expect(screen.queryByRole("form", { name: "Sampling plan" })).toBeNull();
  });
});

describe("agent", () => {
  it("sees an evaluation arrive live, and disputes it with a reason", async () => {
    let list: Evaluation[] = [];
    let current = EVAL;
    const calls = mockApi(({ method, path, body }) => {
      if (path.startsWith("/api/v1/quality/evaluations?")) return { json: { evaluations: list } };
      if (path === "/api/v1/quality/evaluations/7") return { json: current };
      if (method === "POST" && path === "/api/v1/quality/evaluations/7/dispute") {
        current = { ...EVAL, status: "disputed", dispute_reason: (body as { reason: string }).reason };
        return { json: current };
      }
      if (path.startsWith("/api/v1/quality/scorecards/3")) return { json: CARD };
      return undefined;
    });
    renderAs("/quality/mine", "agent01", "agent", "agent01");
    expect(await screen.findByText("No evaluations yet.")).toBeTruthy();
    // the server's own contacts, performance and coaching routes are not there: said so
    expect((await screen.findAllByText("This server does not offer this yet.")).length).toBe(3);
    list = [EVAL];
    act(() => announceNotification({ id: 1, kind: "quality.evaluated", data: { evaluation: 7 }, link: "/quality?evaluation=7", created_ms: 1, read_ms: null }));
    const link = await screen.findByRole("link", { name: /2025|2026/ });
    expect(calls.filter((c) => c.path.startsWith("/api/v1/quality/evaluations?agent=agent01")).length).toBe(2);
    fireEvent.click(link);
    expect(await screen.findByRole("heading", { name: "Evaluation 7" })).toBeTruthy();
    expect(await screen.findByText("clear")).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: "Dispute" }));
    fireEvent.click(screen.getByRole("button", { name: "Send the dispute" }));
    expect(await screen.findByText("Give a reason.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Why do you dispute it?"), { target: { value: "I offered the plan." } });
    fireEvent.click(screen.getByRole("button", { name: "Send the dispute" }));
    expect(await screen.findByText("I offered the plan.")).toBeTruthy();
    expect(screen.getAllByText("Disputed").length).toBeGreaterThan(0);
    expect(calls.find((c) => c.path.endsWith("/dispute"))!.body).toEqual({ reason: "I offered the plan." });
  });
});

describe("reviewer", () => {
  it("amends a disputed evaluation's answers with a reason", async () => {
    const disputed = { ...EVAL, status: "disputed" as const, dispute_reason: "I offered the plan." };
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/quality/evaluations/7" && method === "GET") return { json: disputed };
      if (path.startsWith("/api/v1/quality/scorecards/3")) return { json: CARD };
      if (path.endsWith("/resolve")) return { json: { ...disputed, status: "resolved", resolution: "amended", ...(body as object), score: 87.2, original_score: 85.625 } };
      return undefined;
    });
    renderAs("/quality/disputes/7", "lead.red", "team_lead");
    const form = await screen.findByRole("form", { name: "Resolve the dispute" });
    // upheld: the answers are read-only
    expect((within(form).getByRole("radio", { name: "8" }) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("radio", { name: "Amend the answers" }));
    const form2 = screen.getByRole("form", { name: "Resolve the dispute" });
    pick(form2, "Upsell", "Yes");
    expect(within(form2).getAllByRole("status")[0].textContent).toContain("87.2%");
    fireEvent.click(within(form2).getByRole("button", { name: "Resolve" }));
    expect(await screen.findByText("Give a reason.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: "offered at 0:25" } });
    fireEvent.click(within(form2).getByRole("button", { name: "Resolve" }));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith("/resolve"))).toBe(true));
    const b = calls.find((c) => c.path.endsWith("/resolve"))!.body as { resolution: string; reason: string; answers: { item: string; answer: unknown }[] };
    expect(b.resolution).toBe("amended");
    expect(b.reason).toBe("offered at 0:25");
    expect(b.answers.find((a) => a.item === "upsell")!.answer).toBe("yes");
  });
});

describe("scorecards", () => {
  it("checks a new scorecard here, then shows the server's refusal at its field", async () => {
    const calls = mockApi(({ method, path }) => {
      if (method === "POST" && path === "/api/v1/quality/scorecards")
        return { status: 400, json: { error: { code: "invalid_argument", message: "weight too large", field: "sections[0].items[0].weight" } } };
      return undefined;
    });
    renderAs("/quality/scorecards/new", "quality", "quality");
    const form = await screen.findByRole("form", { name: "New scorecard" });
    fireEvent.click(within(form).getByRole("button", { name: "Create scorecard" }));
    expect((await within(form).findAllByText("Enter a value.")).length).toBe(3);
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "Billing" } });
    fireEvent.change(within(form).getByLabelText("Section title"), { target: { value: "Opening" } });
    fireEvent.change(within(form).getByLabelText("Question"), { target: { value: "Greeted?" } });
    fireEvent.change(within(form).getByLabelText("Answer kind"), { target: { value: "scale" } });
    fireEvent.click(within(form).getByLabelText("Critical (failing it scores the contact 0)"));
    fireEvent.change(within(form).getByLabelText("Fails at or below"), { target: { value: "2" } });
    fireEvent.click(within(form).getByRole("button", { name: "Create scorecard" }));
    const weight = within(form).getByLabelText("Weight");
    await waitFor(() => expect(weight.getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getByText("weight too large")).toBeTruthy();
    const body = calls.find((c) => c.method === "POST")!.body as { sections: { items: unknown[] }[]; applies_to: unknown };
    expect(body.sections[0].items[0]).toEqual({ id: "item1", text: "Greeted?", guidance: "", weight: 1, kind: "scale", critical: true, fail_threshold: 2, na_allowed: false });
    expect(body.applies_to).toEqual({ channel: "any", queue: null, direction: "any" });
  });
});

describe("calibration", () => {
  it("shows the spread by evaluator and item, and sends my blind scoring", async () => {
    const session: Calibration = {
      id: 5, contact: 42, scorecard_id: 3, scorecard_version: 1, title: "Week 48", created_by: "quality", created_ms: 1, participants: ["ann", "bob", "quality"],
      status: "open", scored: ["ann", "bob"], closed_ms: null, reference_answers: null, reference_score: null, scorings: [],
      spread: {
        spread_pp: 50, stddev_pp: 23.57,
        items: [{ item: "solution", values: [1, 0.5], min: 0.5, max: 1, mean: 0.75, stddev: 0.25, agreement: 0.5 }],
        evaluators: [{ evaluator: "ann", score: 100, failed: false, deviation_pp: null, items_differing: 0 }, { evaluator: "bob", score: 50, failed: false, deviation_pp: null, items_differing: 0 }],
      },
    };
    const calls = mockApi(({ path }) => {
      if (path === "/api/v1/quality/calibrations/5") return { json: session };
      if (path === "/api/v1/quality/calibrations/5/score") return { json: { ...session, scored: [...session.scored, "quality"] } };
      if (path.startsWith("/api/v1/quality/scorecards/3")) return { json: CARD };
      if (path === "/api/v1/contacts/42") return { json: { ...CONTACT, channel: "chat" } };
      if (path === "/api/v1/chat/sessions/42") return { json: { contact: 42, messages: [] } };
      return undefined;
    });
    renderAs("/quality/calibration/5", "quality", "quality");
    expect(await screen.findByRole("heading", { name: "Spread 50 pp, standard deviation 23.6 pp" })).toBeTruthy();
    const byItem = screen.getByRole("table", { name: "By item" });
    expect(within(byItem).getByText("Solution")).toBeTruthy();
    expect(within(byItem).getByText("100 / 50")).toBeTruthy();
    expect(within(byItem).getByText("50%")).toBeTruthy();
    const form = screen.getByRole("form", { name: "My scoring" });
    for (const [item, a] of [["Greeted?", "Yes"], ["Verified?", "Yes"], ["Solution", "5"], ["Accuracy", "10"], ["Upsell", "N/A"]]) pick(form, item, a);
    fireEvent.click(within(form).getByRole("button", { name: "Send my scoring" }));
    expect(await screen.findByText("You have scored this contact.")).toBeTruthy();
    expect((calls.find((c) => c.path.endsWith("/score"))!.body as { answers: unknown[] }).answers).toHaveLength(5);
  });
});

describe("reports", () => {
  it("shows coverage, the report by agent and the leaderboard with its formula", async () => {
    mockApi(({ path }) => {
      if (path.startsWith("/api/v1/quality/coverage")) return { json: { agents: [{ agent: "agent01", team: "red", due: 4, evaluated: 3, percent: 75 }], total: { due: 4, evaluated: 3, percent: 75 } } };
      if (path.startsWith("/api/v1/quality/reports?by=agent")) return { json: { rows: [{ key: "agent01", evaluations: 3, mean_score: 82.5, failed: 1, disputed: 1, dispute_rate: 0.3333, acknowledged: 2 }] } };
      if (path.startsWith("/api/v1/quality/leaderboard")) return { json: { formula: "points = 0.5 × quality + 0.3 × FCR + 0.2 × CSAT", rows: [{ rank: 1, agent: "agent01", team: "red", points: 81.2, quality: 82.5, fcr: 80, csat: 84, aht_s: 245 }] } };
      return undefined;
    });
    renderAs("/quality/reports", "quality", "quality");
    expect(await screen.findByText("Coverage: 3 of 4 evaluated (75%)")).toBeTruthy();
    expect((await screen.findAllByText("82.5")).length).toBe(2);
    expect(screen.getByText("33.3%")).toBeTruthy();
    expect(await screen.findByText("Points: points = 0.5 × quality + 0.3 × FCR + 0.2 × CSAT")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Download Leaderboard (CSV)" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Download Coverage (CSV)" })).toBeTruthy();
  });

  it("reads the leaderboard's formula in Chinese, not the server's English", async () => {
    mockApi(({ path }) => {
      if (path.startsWith("/api/v1/quality/coverage")) return { json: { agents: [], total: { due: 0, evaluated: 0, percent: null } } };
      if (path.startsWith("/api/v1/quality/reports?by=agent")) return { json: { rows: [] } };
      if (path.startsWith("/api/v1/quality/leaderboard")) return { json: { formula: "points = 0.5 × quality", rows: [] } };
      return undefined;
    });
    renderAs("/quality/reports", "quality", "quality", null, "zh-CN");
    expect(await screen.findByText(/^积分：积分 = \(0\.5 × 质量分/)).toBeTruthy();
    expect(screen.queryByText(/points = 0\.5 × quality/)).toBeNull();
  });
});
