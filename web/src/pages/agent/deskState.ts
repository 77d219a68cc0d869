// The agent desktop's live state: the agent's presence, the contacts offered
// to it or in its hands, and the survey answers it gets. A pure reducer over
// the agent's own events (GET /api/v1/events; an agent's stream carries only
// its own agent's events, a team lead's its team's, so events are filtered
// by agent id here).
//
// The baseline comes from REST (fromRest) and the socket resumes from the
// realtime snapshot's seq, fetched before it: events already reflected in the
// baseline may come again. Every event sets a state (nothing is counted), so
// applying the events after the snapshot in order ends in the true state.
import { AGENT_STATES, type AgentInfo, type AgentState, type Contact, type EngineEvent } from "../../lib/types";

export type DeskContactState = "offered" | "accepted" | "held" | "wrap_up";

export interface DeskContact {
  id: number;
  /** Queue id (events carry ids). */
  queue: number | null;
  state: DeskContactState;
  offeredAt: number | null;
  acceptedAt: number | null;
  heldAt: number | null;
  wrapUpAt: number | null;
}

export interface SurveyAnswer {
  contact: number;
  queue: number | null;
  rating: number;
  time_ms: number;
  seq: number;
}

export type MissKind = "timed_out" | "rejected" | "abandoned" | "transferred";

export interface DeskState {
  agent: number | null;
  state: AgentState;
  reason: string;
  since: number;
  /** In the order they came. */
  contacts: DeskContact[];
  /** Newest first, at most MAX_SURVEYS. */
  surveys: SurveyAnswer[];
  /** The last contact that left the desk other than by being handled. */
  lastGone: { contact: number; kind: MissKind; time_ms: number } | null;
}

export const MAX_SURVEYS = 20;

export const EMPTY_DESK: DeskState = {
  agent: null,
  state: "logged_out",
  reason: "",
  since: 0,
  contacts: [],
  surveys: [],
  lastGone: null,
};

function contactState(c: Contact): DeskContactState | null {
  switch (c.state) {
    case "offered":
      return "offered";
    case "accepted":
      return "accepted";
    case "held":
      return "held";
    case "wrap_up":
      return "wrap_up";
    default:
      return null;
  }
}

/** The baseline from GET /api/v1/agents/{id} and the live contacts it holds
 *  (GET /api/v1/contacts/{id}); `answered` gives the answer times known from
 *  the contact history, `queueIds` maps queue names to ids. */
export function fromRest(
  agent: AgentInfo,
  contacts: Contact[],
  queueIds: ReadonlyMap<string, number>,
  answered: ReadonlyMap<number, number> = new Map(),
): DeskState {
  const list: DeskContact[] = [];
  for (const c of contacts) {
    const st = contactState(c);
    if (!st) continue;
    list.push({
      id: c.id,
      queue: queueIds.get(c.queue) ?? null,
      state: st,
      offeredAt: st === "offered" ? agent.state_since_ms : null,
      acceptedAt: answered.get(c.id) ?? c.answered_ms ?? (st === "offered" ? null : c.created_ms),
      heldAt: null,
      wrapUpAt: st === "wrap_up" && agent.state === "wrap_up" ? agent.state_since_ms : null,
    });
  }
  return {
    ...EMPTY_DESK,
    agent: agent.id,
    state: agent.state,
    reason: agent.reason ?? "",
    since: agent.state_since_ms,
    contacts: list,
  };
}

function update(s: DeskState, id: number, f: (c: DeskContact) => DeskContact): DeskState {
  const i = s.contacts.findIndex((c) => c.id === id);
  if (i < 0) return s;
  const contacts = s.contacts.slice();
  contacts[i] = f(contacts[i]);
  return { ...s, contacts };
}
function remove(s: DeskState, id: number, gone?: MissKind, time_ms = 0): DeskState {
  const contacts = s.contacts.filter((c) => c.id !== id);
  if (contacts.length === s.contacts.length && !gone) return s;
  return { ...s, contacts, lastGone: gone ? { contact: id, kind: gone, time_ms } : s.lastGone };
}

/** Applies one engine event. */
export function applyDeskEvent(s: DeskState, e: EngineEvent): DeskState {
  if (s.agent === null || e.agent !== s.agent) return s;
  const t = e.time_ms;
  const id = e.contact ?? -1;
  switch (e.type) {
    case "agent_state_changed": {
      const st = AGENT_STATES[e.value ?? 0] ?? s.state;
      return { ...s, state: st, reason: st === "not_ready" ? (e.text ?? s.reason) : "", since: t };
    }
    case "agent_logged_out":
      return { ...s, state: "logged_out", reason: "", since: t };
    case "agent_not_ready":
      return s.state === "not_ready" && s.reason === (e.text ?? "") ? s : { ...s, reason: e.text ?? s.reason };
    case "contact_offered": {
      const existing = s.contacts.find((c) => c.id === id);
      const c: DeskContact = {
        id,
        queue: e.queue ?? null,
        state: "offered",
        offeredAt: t,
        acceptedAt: null,
        heldAt: null,
        wrapUpAt: null,
      };
      if (existing) return update(s, id, () => c);
      return { ...s, contacts: [...s.contacts, c] };
    }
    case "contact_accepted": {
      const c = s.contacts.find((x) => x.id === id);
      if (!c) {
        const n: DeskContact = { id, queue: e.queue ?? null, state: "accepted", offeredAt: null, acceptedAt: t, heldAt: null, wrapUpAt: null };
        return { ...s, contacts: [...s.contacts, n] };
      }
      return update(s, id, (x) => ({ ...x, state: "accepted", acceptedAt: t, heldAt: null, wrapUpAt: null }));
    }
    case "contact_held":
      return update(s, id, (x) => ({ ...x, state: "held", heldAt: t }));
    case "contact_resumed":
      return update(s, id, (x) => ({ ...x, state: "accepted", heldAt: null }));
    case "contact_ended":
      return update(s, id, (x) => ({ ...x, state: "wrap_up", heldAt: null, wrapUpAt: t }));
    case "wrap_up_ended":
    case "contact_completed":
      return remove(s, id);
    case "offer_rejected":
      return remove(s, id, "rejected", t);
    case "offer_timed_out":
      return remove(s, id, "timed_out", t);
    case "contact_abandoned":
      return s.contacts.some((c) => c.id === id) ? remove(s, id, "abandoned", t) : s;
    case "contact_transferred":
      return s.contacts.some((c) => c.id === id) ? remove(s, id, "transferred", t) : s;
    case "survey_answered": {
      if (s.surveys.some((x) => x.seq === e.seq)) return s;
      const a: SurveyAnswer = { contact: id, queue: e.queue ?? null, rating: e.value ?? 0, time_ms: t, seq: e.seq };
      return { ...s, surveys: [a, ...s.surveys].slice(0, MAX_SURVEYS) };
    }
    default:
      return s;
  }
}

/** Applies a batch of frames from the feed (non-events are skipped). */
export function applyDeskBatch(s: DeskState, msgs: Record<string, unknown>[]): DeskState {
  let out = s;
  for (const m of msgs) if (typeof m.seq === "number" && typeof m.type === "string" && m.type !== "kpis") out = applyDeskEvent(out, m as unknown as EngineEvent);
  return out;
}

/** The contacts ringing now (offers), and those being worked. */
export function offers(s: DeskState): DeskContact[] {
  return s.contacts.filter((c) => c.state === "offered");
}
export function working(s: DeskState): DeskContact[] {
  return s.contacts.filter((c) => c.state !== "offered");
}

/** What the empty desk says, by presence: ringing is not "not ready". */
export function idleText(state: DeskState["state"]): string {
  switch (state) {
    case "available":
      return "agent.idle.ready";
    case "reserved":
      return "agent.idle.offered";
    case "logged_out":
      return "agent.idle.loggedOut";
    case "not_ready":
      return "agent.idle.notReady";
    default:
      return "agent.idle.between";
  }
}
