// The issue-12 leftovers against a mocked API: the evaluators' Contacts list
// (filters in the request, the server's refusal at its filter with what was
// typed kept, "More" by `next`, a row scored as the work list does), the
// agents' peer review (a teammate's contact scored with kind "peer", the
// comparison shown), self-assessment from My quality's list, the keyword
// lists' alert switches, and the keyword hits by team.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockApi, renderAsUser } from "../admin/test-utils";
import { EXAMPLE } from "./qualityData.test";
import QualityPage from "./QualityPage";
import type { EndedContact } from "./qualityData";

beforeEach(() => {
  window.scrollTo = () => {};
});
afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

function renderAs(path: string, name: string, role: string, agent: string | null = null, lang: "en" | "zh-CN" = "en") {
  return renderAsUser(<QualityPage />, path, name, role, agent, lang);
}

const CARD = { ...EXAMPLE, id: 3, applies_to: { channel: "voice", queue: null, direction: "any" } };
const row = (contact: number, over: Partial<EndedContact> = {}): EndedContact => ({
  contact, channel: "voice", queue: "billing", agent: "agent01", team: "red", created_ms: Date.UTC(2026, 11, 1, 9), answered_ms: Date.UTC(2026, 11, 1, 9, 0, 10),
  ended_ms: Date.UTC(2026, 11, 1, 9, 5), talk_s: 184.2, hold_s: 30, acw_s: 12, transfers: 1, disposition: "resolved", keyword_hits: 2,
  evaluated: false, score: null, failed: null, self: false, peer: false, ...over,
});

describe("contacts (evaluators)", () => {
  it("lists ended contacts, filters them, shows the server's refusal at its filter, pages with More", async () => {
    const calls = mockApi(({ path }) => {
      if (!path.startsWith("/api/v1/quality/contacts")) return undefined;
      const q = new URL(path, "http://x").searchParams;
      if (q.get("agent") === "nobody") return { status: 400, json: { error: { code: "invalid_argument", message: "unknown agent", field: "agent" } } };
      if (q.get("cursor") === "p2") return { json: { items: [row(40), row(39, { channel: "chat", queue: "support-chat" })], next: null } };
      return { json: { items: [row(42, { evaluated: true, score: 87.5, failed: false, peer: true }), row(41, { evaluated: true, score: 0, failed: true, self: true }), row(40)], next: "p2" } };
    });
    renderAs("/quality/contacts", "quality", "quality");
    const table = await screen.findByRole("table", { name: "Ended contacts" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(4);
    // newest first as the server gives them; score, failed, not evaluated, markers, talk / hold
    expect(within(rows[1]).getByText("87.5%")).toBeTruthy();
    expect(within(rows[1]).getByText("Peer")).toBeTruthy();
    expect(within(rows[2]).getByText("critical item failed")).toBeTruthy();
    expect(within(rows[2]).getByText("Self")).toBeTruthy();
    expect(within(rows[3]).getByText("not evaluated")).toBeTruthy();
    expect(within(rows[1]).getByText(/^3:04 \/ 30/)).toBeTruthy();
    expect(within(rows[1]).getByText("agent01 (red)")).toBeTruthy();
    expect(within(rows[1]).getByRole("link", { name: /^Contact 42, ended / }).getAttribute("href")).toBe("/quality/contacts/42");

    // More: the next page by its cursor, contact 40 once
    fireEvent.click(screen.getByRole("button", { name: "More" }));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(5));
    expect(calls.some((c) => c.path.includes("cursor=p2"))).toBe(true);
    expect(screen.queryByRole("button", { name: "More" })).toBeNull();

    // filters go in the request; an unknown agent is refused at its field, what was typed stays
    const form = screen.getByRole("form", { name: "Filter the contacts" });
    const agent = within(form).getByLabelText("Agent") as HTMLInputElement;
    fireEvent.change(agent, { target: { value: "nobody" } });
    fireEvent.change(within(form).getByLabelText("Evaluated"), { target: { value: "no" } });
    fireEvent.click(within(form).getByRole("button", { name: "Show" }));
    expect(await within(form).findByText("unknown agent")).toBeTruthy();
    expect(agent.value).toBe("nobody");
    expect(agent.getAttribute("aria-invalid")).toBe("true");
    expect(calls.pop()!.path).toBe("/api/v1/quality/contacts?agent=nobody&evaluated=no");
    // dates checked here first: no request
    const n = calls.length;
    fireEvent.change(within(form).getByLabelText("From"), { target: { value: "2026-12-05" } });
    fireEvent.change(within(form).getByLabelText("To (included)"), { target: { value: "2026-12-01" } });
    fireEvent.click(within(form).getByRole("button", { name: "Show" }));
    expect(await within(form).findByText("Not before the start.")).toBeTruthy();
    expect(calls.length).toBe(n);
  });

  it("opens a row to score it as the work list does", async () => {
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/quality/contacts") return { json: { items: [row(42)], next: null } };
      if (path === "/api/v1/contacts/42") return { json: { id: 42, state: "completed", channel: "voice", queue: "billing", agent: "agent01", created_ms: 1, ended_ms: 2 } };
      if (path.startsWith("/api/v1/quality/evaluations") && method === "GET") return { json: { evaluations: [] } };
      if (path.startsWith("/api/v1/quality/scorecards")) return { json: { scorecards: [CARD] } };
      return undefined;
    });
    renderAs("/quality/contacts", "lead.red", "team_lead");
    fireEvent.click(await screen.findByRole("link", { name: /^Contact 42, ended / }));
    expect(await screen.findByRole("heading", { name: "Contact 42" })).toBeTruthy();
    expect(window.location.pathname).toBe("/quality/contacts/42");
    expect(await screen.findByRole("button", { name: "Save draft" })).toBeTruthy();
    expect(screen.getByRole("link", { name: /Back to the list/ }).getAttribute("href")).toBe("/quality/contacts");
    expect(calls.some((c) => c.path === "/api/v1/contacts/42")).toBe(true);
  });

  it("finds the list as it was filtered when coming back from a contact", async () => {
    const calls = mockApi(({ path }) => (path.startsWith("/api/v1/quality/contacts") ? { json: { items: [row(42)], next: null } } : undefined));
    renderAs("/quality/contacts", "quality", "quality");
    const form = await screen.findByRole("form", { name: "Filter the contacts" });
    fireEvent.change(within(form).getByLabelText("Queue"), { target: { value: "billing" } });
    fireEvent.click(within(form).getByRole("button", { name: "Show" }));
    await waitFor(() => expect(calls.some((c) => c.path.includes("queue=billing"))).toBe(true));
    cleanup();
    renderAs("/quality/contacts", "quality", "quality");
    const again = await screen.findByRole("form", { name: "Filter the contacts" });
    expect((within(again).getByLabelText("Queue") as HTMLInputElement).value).toBe("billing");
    await waitFor(() => expect(calls.filter((c) => c.path.includes("queue=billing")).length).toBe(2));
  });
});

describe("peer review and self-assessment (agents)", () => {
  it("lists the teammates' contacts and submits a peer review, compared with the evaluator's", async () => {
    let submitted = false;
    const calls = mockApi(({ method, path }) => {
      if (path.startsWith("/api/v1/quality/contacts?")) return { json: { items: [row(42, { agent: "agent01", evaluated: true, score: null })], next: null } };
      // a teammate's contact is not the agent's on the contacts API: the quality module's row of it is read
      if (path === "/api/v1/contacts/42") return { status: 403, json: { error: { code: "permission_denied", message: "not yours", field: "" } } };
      if (path === "/api/v1/quality/contacts/42") return { json: row(42, { agent: "agent01", evaluated: true, score: null }) };
      if (path === "/api/v1/contacts/42/transcript") return { json: { contact: 42, status: "done", progress: 1, duration_ms: 9000, segments: [{ channel: "customer", start_ms: 0, end_ms: 0, text: "My order is late" }, { channel: "agent", start_ms: 4000, end_ms: 4000, text: "Let me look" }], hits: [] } };
      if (path.startsWith("/api/v1/quality/scorecards")) return { json: { scorecards: [CARD] } };
      if (path.startsWith("/api/v1/quality/evaluations?") && method === "GET") return { status: 403, json: { error: { code: "permission_denied", message: "no", field: "" } } };
      if (path === "/api/v1/quality/evaluations" && method === "POST") {
        submitted = true;
        return { json: { id: 9, contact: 42, agent: "agent01", team: "red", queue: "billing", channel: "voice", scorecard_id: 3, scorecard_version: 1, evaluator: "agent02", kind: "peer", answers: [], score: 90, failed: false, status: "submitted", created_ms: 1, submitted_ms: 1 } };
      }
      if (path === "/api/v1/quality/contacts/42/evaluations")
        return { json: { comparison: submitted ? { evaluation: 85, self: null, peer: 90, self_gap_pp: null, peer_gap_pp: 5, items: [] } : { evaluation: 85, self: null, peer: null, self_gap_pp: null, peer_gap_pp: null, items: [] } } };
      return undefined;
    });
    renderAs("/quality/peer", "agent02", "agent", "agent02");
    expect(await screen.findByRole("heading", { name: "Peer review", level: 2 })).toBeTruthy();
    // the evaluator's score is not the agent's to read: "evaluated"
    expect(await screen.findByText("evaluated")).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.path.startsWith("/api/v1/quality/contacts?") && c.path.includes("scope=team"))).toBe(true));
    fireEvent.click(screen.getByRole("link", { name: /^Contact 42, ended / }));
    expect(await screen.findByRole("heading", { name: "Peer review of contact 42" })).toBeTruthy();
    expect(calls.some((c) => c.path === "/api/v1/contacts/42")).toBe(false);
    const form = await screen.findByRole("form", { name: "Scorecard “Worked example”" });
    // no draft for a peer review: submitted at once
    expect(within(form).queryByRole("button", { name: "Save draft" })).toBeNull();
    for (const [item, a] of [["Greeted?", "Yes"], ["Verified?", "Yes"], ["Solution", "5"], ["Accuracy", "10"], ["Upsell", "N/A"]])
      fireEvent.click(within(within(form).getByRole("radiogroup", { name: item })).getByRole("radio", { name: a }));
    fireEvent.click(within(form).getByRole("button", { name: "Submit" }));
    expect(await screen.findByText("Your peer review is saved.")).toBeTruthy();
    const post = calls.find((c) => c.method === "POST" && c.path === "/api/v1/quality/evaluations")!.body as { kind: string; contact: number; submit: boolean };
    expect(post).toMatchObject({ kind: "peer", contact: 42, submit: true });
    // the comparison, read again after the submit
    const cmp = await screen.findByRole("heading", { name: "Evaluator, self and peer" });
    expect(within(cmp.parentElement!).getByText("90% (+5 pp)")).toBeTruthy();
  });

  it("shows a teammate's chat from its transcript, the route the peer rule opens", async () => {
    const calls = mockApi(({ path }) => {
      if (path === "/api/v1/quality/contacts/43") return { json: row(43, { channel: "chat", queue: "support-chat" }) };
      if (path.startsWith("/api/v1/quality/scorecards")) return { json: { scorecards: [] } };
      if (path.startsWith("/api/v1/quality/evaluations?")) return { json: { evaluations: [] } };
      if (path === "/api/v1/contacts/43/transcript")
        return { json: { contact: 43, status: "done", progress: 1, duration_ms: 9000, hits: [{ keyword: "refund", channel: "customer", start_ms: 0, end_ms: 0, text: "I want a refund" }],
                         segments: [{ channel: "customer", start_ms: 0, end_ms: 0, text: "I want a refund" }, { channel: "agent", start_ms: 65000, end_ms: 65000, text: "Of course" }] } };
      return undefined;
    });
    renderAs("/quality/peer/43", "agent02", "agent", "agent02");
    const chat = await screen.findByRole("region", { name: "Chat transcript" });
    expect(await within(chat).findByText("Of course")).toBeTruthy();
    expect(within(chat).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["0:00 · CustomerI want a refund", "1:05 · AgentOf course"]);
    expect(within(chat).getByText(/Keyword hits \(1\): refund/)).toBeTruthy();
    expect(calls.some((c) => c.path.startsWith("/api/v1/chat/sessions"))).toBe(false);
  });

  it("lists my own contacts under My quality, each opening its self-assessment", async () => {
    const calls = mockApi(({ path }) => {
      if (path.startsWith("/api/v1/quality/contacts?")) return { json: { items: [row(50, { agent: "agent01" })], next: null } };
      if (path.startsWith("/api/v1/quality/evaluations")) return { json: { evaluations: [] } };
      return undefined;
    });
    renderAs("/quality/mine", "agent01", "agent", "agent01");
    const table = await screen.findByRole("table", { name: "My ended contacts" });
    expect(within(table).getByRole("link", { name: /^Contact 50, ended / }).getAttribute("href")).toBe("/quality/mine/self/50");
    // my own: no agent column
    expect(within(table).queryByText("agent01 (red)")).toBeNull();
    expect(calls.find((c) => c.path.startsWith("/api/v1/quality/contacts?"))!.path).toContain("scope=mine");
  });
});

describe("keyword lists", () => {
  it("switches a keyword's alert and saves it; a refusal naming alert[i] shows at its keyword", async () => {
    let refuse = true;
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/quality/keywords" && method === "GET")
        return { json: { lists: [{ queue: "billing", keywords: ["cancel", "refund"], alert: ["cancel"], updated_by: "quality", updated_ms: Date.UTC(2026, 11, 1) }] } };
      if (path === "/api/v1/quality/keywords/billing" && method === "PUT") {
        if (refuse) return { status: 400, json: { error: { code: "invalid_argument", message: "not one of the keywords", field: "alert[1]" } } };
        return { json: { queue: "billing", ...(body as object), updated_by: "quality", updated_ms: Date.UTC(2026, 11, 2) } };
      }
      return undefined;
    });
    renderAs("/quality/keywords", "quality", "quality");
    const form = await screen.findByRole("form", { name: "Queue billing" });
    const cancel = within(form).getByRole("checkbox", { name: "Alerts for “cancel”" }) as HTMLInputElement;
    const refund = within(form).getByRole("checkbox", { name: "Alerts for “refund”" }) as HTMLInputElement;
    expect(cancel.checked).toBe(true);
    expect(refund.checked).toBe(false);
    fireEvent.click(refund);
    fireEvent.change(within(form).getByLabelText("Add keywords (commas or lines)"), { target: { value: "Chargeback, cancel" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the keywords of billing" }));
    expect(await within(form).findByText("not one of the keywords")).toBeTruthy();
    expect(refund.getAttribute("aria-invalid")).toBe("true");
    expect(calls.filter((c) => c.method === "PUT").pop()!.body).toEqual({ keywords: ["cancel", "refund", "chargeback"], alert: ["cancel", "refund"] });
    // the typed keyword is in the list now, its switch kept
    expect(within(form).getByRole("checkbox", { name: "Alerts for “chargeback”" })).toBeTruthy();
    refuse = false;
    fireEvent.click(within(form).getByRole("button", { name: "Remove “cancel”" }));
    fireEvent.click(within(form).getByRole("button", { name: "Save the keywords of billing" }));
    expect(await within(form).findByText("The keywords of billing are saved.")).toBeTruthy();
    // a removed keyword's alert goes with it
    expect(calls.filter((c) => c.method === "PUT").pop()!.body).toEqual({ keywords: ["refund", "chargeback"], alert: ["refund"] });
  });

  it("is not for team leads", async () => {
    mockApi(() => undefined);
    renderAs("/quality/keywords", "lead.red", "team_lead");
    expect(screen.getByText("This section is not available for your role.")).toBeTruthy();
  });
});

describe("keyword hits report", () => {
  it("sums the hits by queue, and by team on request (the last day of the period included)", async () => {
    const calls = mockApi(({ path }) => {
      if (path.startsWith("/api/v1/quality/keyword-hits")) {
        const byTeam = path.includes("by=team");
        return {
          json: {
            days: byTeam
              ? [{ day: "2026-12-01", team: "red", keyword: "cancel", hits: 2 }, { day: "2026-12-02", team: "red", keyword: "cancel", hits: 1 }, { day: "2026-12-02", team: "", keyword: "refund", hits: 4 }]
              : [{ day: "2026-12-01", queue: "billing", keyword: "cancel", hits: 3 }],
          },
        };
      }
      return undefined;
    });
    renderAs("/quality/reports", "quality", "quality");
    const byQueue = await screen.findByRole("table", { name: "Keyword hits by Queue" });
    expect(within(byQueue).getByText("billing")).toBeTruthy();
    const first = calls.find((c) => c.path.startsWith("/api/v1/quality/keyword-hits"))!.path;
    expect(first).not.toContain("by=");
    const q = new URL(first, "http://x").searchParams;
    // the form's "to" is not included; the route's is
    expect(q.get("to")! < new Date(Date.now() + 86400000).toISOString().slice(0, 10)).toBe(true);
    fireEvent.change(screen.getByLabelText("By", { selector: "#sy-q-hits-by" }), { target: { value: "team" } });
    const byTeam = await screen.findByRole("table", { name: "Keyword hits by Team" });
    const rows = within(byTeam).getAllByRole("row");
    expect(within(rows[1]).getByText("(no agent)")).toBeTruthy();
    expect(within(rows[1]).getByText("4")).toBeTruthy();
    expect(within(rows[2]).getByText("red")).toBeTruthy();
    expect(within(rows[2]).getByText("3")).toBeTruthy();
    expect(calls.some((c) => c.path.includes("keyword-hits") && c.path.includes("by=team"))).toBe(true);
  });
});
