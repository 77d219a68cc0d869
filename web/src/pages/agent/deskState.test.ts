import { describe, expect, it } from "vitest";
import { applyDeskBatch, applyDeskEvent, EMPTY_DESK, fromRest, idleText, MAX_SURVEYS, offers, working, type DeskState } from "./deskState";
import type { AgentInfo, Contact, EngineEvent } from "../../lib/types";

let seq = 100;
const ev = (type: string, extra: Partial<EngineEvent> = {}): EngineEvent => ({ seq: ++seq, time_ms: seq * 1000, type, agent: 0, ...extra });
const base: DeskState = { ...EMPTY_DESK, agent: 0, state: "available", since: 1 };

describe("desk reducer", () => {
  it("follows an offer through accept, hold, resume, end and wrap-up", () => {
    let s = applyDeskEvent(base, ev("contact_offered", { contact: 9, queue: 2 }));
    expect(offers(s).map((c) => c.id)).toEqual([9]);
    expect(s.contacts[0].offeredAt).toBe(seq * 1000);
    s = applyDeskEvent(s, ev("contact_accepted", { contact: 9, queue: 2, value: 3000 }));
    expect(working(s)[0]).toMatchObject({ state: "accepted", acceptedAt: seq * 1000 });
    s = applyDeskEvent(s, ev("contact_held", { contact: 9, queue: 2 }));
    expect(s.contacts[0]).toMatchObject({ state: "held", heldAt: seq * 1000 });
    s = applyDeskEvent(s, ev("contact_resumed", { contact: 9, queue: 2 }));
    expect(s.contacts[0]).toMatchObject({ state: "accepted", heldAt: null });
    s = applyDeskEvent(s, ev("contact_ended", { contact: 9, queue: 2 }));
    expect(s.contacts[0]).toMatchObject({ state: "wrap_up", wrapUpAt: seq * 1000 });
    s = applyDeskEvent(s, ev("wrap_up_ended", { contact: 9, queue: 2, text: "resolved" }));
    expect(s.contacts).toEqual([]);
  });

  it("follows the agent's state and reason", () => {
    let s = applyDeskEvent(base, ev("agent_state_changed", { value: 2, value2: 1, text: "lunch" }));
    expect(s).toMatchObject({ state: "not_ready", reason: "lunch", since: seq * 1000 });
    s = applyDeskEvent(s, ev("agent_state_changed", { value: 1, value2: 2 }));
    expect(s).toMatchObject({ state: "available", reason: "" });
    s = applyDeskEvent(s, ev("agent_logged_out"));
    expect(s.state).toBe("logged_out");
  });

  it("ignores other agents' events (a team lead's stream)", () => {
    const s = applyDeskEvent(base, ev("contact_offered", { contact: 9, agent: 4 }));
    expect(s).toBe(base);
  });

  it("drops missed offers and says why", () => {
    let s = applyDeskEvent(base, ev("contact_offered", { contact: 1 }));
    s = applyDeskEvent(s, ev("contact_offered", { contact: 2 }));
    s = applyDeskEvent(s, ev("offer_timed_out", { contact: 1 }));
    expect(s.lastGone).toMatchObject({ contact: 1, kind: "timed_out" });
    s = applyDeskEvent(s, ev("contact_abandoned", { contact: 2 }));
    expect(s.lastGone).toMatchObject({ contact: 2, kind: "abandoned" });
    expect(s.contacts).toEqual([]);
    const same = applyDeskEvent(s, ev("contact_abandoned", { contact: 77 }));
    expect(same).toBe(s);
  });

  it("a transfer takes the contact off the desk; a second offer of it comes back", () => {
    let s = applyDeskEvent(base, ev("contact_offered", { contact: 5, queue: 0 }));
    s = applyDeskEvent(s, ev("contact_accepted", { contact: 5, queue: 0 }));
    s = applyDeskEvent(s, ev("contact_transferred", { contact: 5, queue: 0, value: 1 }));
    expect(s.contacts).toEqual([]);
    s = applyDeskEvent(s, ev("contact_offered", { contact: 5, queue: 1 }));
    expect(s.contacts[0]).toMatchObject({ id: 5, queue: 1, state: "offered" });
  });

  it("several contacts side by side keep their order", () => {
    let s = base;
    for (const c of [11, 12, 13]) {
      s = applyDeskEvent(s, ev("contact_offered", { contact: c }));
      s = applyDeskEvent(s, ev("contact_accepted", { contact: c }));
    }
    s = applyDeskEvent(s, ev("contact_ended", { contact: 12 }));
    expect(working(s).map((c) => `${c.id}:${c.state}`)).toEqual(["11:accepted", "12:wrap_up", "13:accepted"]);
  });

  it("keeps the last survey answers, newest first, once each", () => {
    let s = base;
    const e = ev("survey_answered", { contact: 3, queue: 1, value: 5, value2: 0 });
    s = applyDeskEvent(s, e);
    s = applyDeskEvent(s, e); // a replay after a reconnect
    expect(s.surveys).toHaveLength(1);
    expect(s.surveys[0]).toMatchObject({ contact: 3, rating: 5 });
    for (let i = 0; i < 30; i++) s = applyDeskEvent(s, ev("survey_answered", { contact: i, value: 4 }));
    expect(s.surveys).toHaveLength(MAX_SURVEYS);
    expect(s.surveys[0].contact).toBe(29);
  });

  it("replaying events the baseline already reflects ends in the true state", () => {
    // REST saw contact 8 accepted; the socket resumes from an earlier seq and
    // replays its offer and accept, then the hold that came after.
    const agent: AgentInfo = { id: 0, config: { name: "agent01", skills: [] }, state: "busy", reason: "", state_since_ms: 50, contacts: [8] };
    const c: Contact = { id: 8, state: "accepted", queue: "billing", channel: "voice", created_ms: 10 };
    let s = fromRest(agent, [c], new Map([["billing", 0]]), new Map([[8, 40]]));
    expect(s.contacts[0]).toMatchObject({ state: "accepted", acceptedAt: 40, queue: 0 });
    s = applyDeskBatch(s, [
      ev("contact_offered", { contact: 8, queue: 0 }),
      ev("contact_accepted", { contact: 8, queue: 0 }),
      { type: "kpis", seq: 5, full: false, entries: [] } as unknown as EngineEvent,
      ev("contact_held", { contact: 8, queue: 0 }),
    ] as unknown as Record<string, unknown>[]);
    expect(s.contacts).toHaveLength(1);
    expect(s.contacts[0].state).toBe("held");
  });

  it("builds the baseline from REST", () => {
    const agent: AgentInfo = { id: 3, config: { name: "a", skills: [] }, state: "reserved", reason: "", state_since_ms: 70, contacts: [1, 2] };
    const s = fromRest(
      agent,
      [
        { id: 1, state: "offered", queue: "tech", channel: "voice", created_ms: 5 },
        { id: 2, state: "completed", queue: "tech", channel: "voice", created_ms: 5 },
      ],
      new Map([["tech", 1]]),
    );
    expect(s).toMatchObject({ agent: 3, state: "reserved", since: 70 });
    expect(s.contacts).toEqual([{ id: 1, queue: 1, state: "offered", offeredAt: 70, acceptedAt: null, heldAt: null, wrapUpAt: null }]);
  });
});

describe("the empty desk's line", () => {
  it("says ringing while an offer rings, not 'not ready'", () => {
    expect(idleText("reserved")).toBe("agent.idle.offered");
    expect(idleText("available")).toBe("agent.idle.ready");
    expect(idleText("not_ready")).toBe("agent.idle.notReady");
    expect(idleText("logged_out")).toBe("agent.idle.loggedOut");
  });
});
