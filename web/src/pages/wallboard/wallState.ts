// The supervisor wallboard's live state: per queue the gauges (waiting,
// longest wait, EWT, eligible agents by state) and per agent its state, time
// in state and the contacts it holds. A pure reducer over batches of engine
// events (GET /api/v1/events), built to take 1,000 events a second for 100
// queues and 1,000 agents inside a frame:
//
// - a batch touches only what its events name: the work per event is O(1)
//   (an agent's state change: O(queues it is eligible for)); the tables are
//   copied once per batch at most (a shallow copy of their pointers), and
//   unchanged queue and agent objects keep their identity so that their
//   tiles and rows do not re-render;
// - the longest wait is kept as the oldest wait start per queue; only
//   removing the oldest contact scans that queue's waiting contacts.
//
// Two modes. "derived" (roles that see every event: admin, quality, WFM,
// reporting): the queue gauges follow from the events after the snapshot.
// "snapshot" (a team lead, whose stream carries only the team's events):
// the gauges are the realtime snapshot's, set again by setQueueGauges().
import { AGENT_STATES, type AgentInfo, type AgentSkill, type AgentState, type Channel, type EngineEvent, type QueueConfig, type QueueInfo, type Realtime, type SkillRequirement } from "../../lib/types";

export type ByState = Readonly<Record<AgentState, number>>;
export const ZERO_BY_STATE: ByState = { logged_out: 0, available: 0, not_ready: 0, reserved: 0, busy: 0, wrap_up: 0 };

export interface QueueLive {
  id: number;
  name: string;
  channel: Channel;
  /** Service-level goal: share (0..1) answered within slTargetMs. */
  slGoal: number;
  slTargetMs: number;
  skills: readonly SkillRequirement[];
  sites: readonly string[];
  waiting: number;
  /** Waiting contacts known only by number (they were waiting at the snapshot). */
  anon: number;
  /** The oldest of them started waiting then (snapshot time - longest wait). */
  anonSince: number | null;
  /** Waiting contacts seen arrive: contact id -> wait start (server ms). */
  known: ReadonlyMap<number, number>;
  oldestKnown: number | null;
  ewtMs: number | null;
  byState: ByState;
}

/** A queue's configured part, as the wallboard shows it. */
export interface QueueHead {
  id: number;
  name: string;
  channel: Channel;
  slGoal: number;
}
const headOf = (q: QueueLive): QueueHead => ({ id: q.id, name: q.name, channel: q.channel, slGoal: q.slGoal });

export type WallContactState = "offered" | "active" | "held" | "wrap_up";
export interface WallContact {
  id: number;
  queue: number | null;
  state: WallContactState;
  since: number;
}

export interface AgentLive {
  id: number;
  name: string;
  team: string | null;
  site: string | null;
  skills: readonly AgentSkill[];
  state: AgentState;
  reason: string;
  since: number;
  contacts: readonly WallContact[];
  /** Queue ids the agent is eligible for at the base step. */
  queues: readonly number[];
}

export interface WallState {
  mode: "derived" | "snapshot";
  seq: number;
  queues: readonly QueueLive[];
  queueIndex: ReadonlyMap<number, number>;
  agents: readonly AgentLive[];
  agentIndex: ReadonlyMap<number, number>;
  /** Queue id -> what its configuration says (name, channel, goal): a new
   *  map only when a queue is added or these change, so that what shows
   *  only them (the agent grid's contacts, the charts' queue list and goal)
   *  need not re-render for every batch of events. */
  queueHeads: ReadonlyMap<number, QueueHead>;
  /** Wait start of contacts seen arrive, while they live (to put a missed
   *  offer back in line at its place). */
  waitStart: ReadonlyMap<number, number>;
}

/** The longest current wait of a queue at `now` (ms), 0 when none waits. */
export function longestWait(q: QueueLive, now: number): number {
  let oldest: number | null = q.oldestKnown;
  if (q.anon > 0 && q.anonSince !== null && (oldest === null || q.anonSince < oldest)) oldest = q.anonSince;
  return oldest === null || q.waiting === 0 ? 0 : Math.max(0, now - oldest);
}

/** Whether an agent serves a queue at its base step (src/core/engine_route.cc:
 *  the queue's sites, if any, include the agent's; every required skill at
 *  its minimum proficiency or better). */
export function eligibleAtBase(agent: { skills: readonly AgentSkill[]; site: string | null }, queue: { skills: readonly SkillRequirement[]; sites: readonly string[] }): boolean {
  if (queue.sites.length > 0 && (agent.site === null || !queue.sites.includes(agent.site))) return false;
  for (const r of queue.skills) {
    const s = agent.skills.find((x) => x.skill === r.skill);
    if (!s || s.proficiency < r.min_proficiency) return false;
  }
  return true;
}

function queueFromConfig(id: number, c: QueueConfig, old?: QueueLive): QueueLive {
  return {
    id,
    name: c.name,
    channel: c.channel,
    slGoal: (c.sl_target_pct ?? 80) / 100,
    slTargetMs: c.sl_target_ms ?? 20_000,
    skills: c.skills ?? [],
    sites: c.sites ?? [],
    waiting: old?.waiting ?? 0,
    anon: old?.anon ?? 0,
    anonSince: old?.anonSince ?? null,
    known: old?.known ?? new Map(),
    oldestKnown: old?.oldestKnown ?? null,
    ewtMs: old?.ewtMs ?? null,
    byState: old?.byState ?? ZERO_BY_STATE,
  };
}

/** The state from the realtime snapshot, the queue configurations and the
 *  agents (GET /api/v1/realtime, /queues, /agents). */
export function initialWall(rt: Realtime, queueList: QueueInfo[], agentList: AgentInfo[], mode: WallState["mode"]): WallState {
  const rtQueues = new Map(rt.queues.map((q) => [q.id, q]));
  const queues: QueueLive[] = queueList.map((qi) => {
    const q = queueFromConfig(qi.id, qi.config);
    const r = rtQueues.get(qi.id);
    if (!r) return q;
    return {
      ...q,
      waiting: r.waiting,
      anon: r.waiting,
      anonSince: r.waiting > 0 ? rt.time_ms - r.longest_wait_ms : null,
      ewtMs: r.ewt_ms,
      byState: mode === "snapshot" ? { ...ZERO_BY_STATE, ...r.agents_by_state } : ZERO_BY_STATE,
    };
  });
  const agents: AgentLive[] = agentList.map((a) => ({
    id: a.id,
    name: a.config.name,
    team: a.config.team ?? null,
    site: a.config.site ?? null,
    skills: a.config.skills ?? [],
    state: a.state,
    reason: a.reason ?? "",
    since: a.state_since_ms,
    contacts: a.contacts.map((id) => ({ id, queue: null, state: a.state === "reserved" ? "offered" : a.state === "wrap_up" ? "wrap_up" : "active", since: a.state_since_ms })),
    queues: queues.filter((q) => eligibleAtBase({ skills: a.config.skills ?? [], site: a.config.site ?? null }, q)).map((q) => q.id),
  }));
  const queueIndex = new Map(queues.map((q, i) => [q.id, i]));
  if (mode === "derived") {
    const counts = queues.map(() => ({ ...ZERO_BY_STATE }) as Record<AgentState, number>);
    for (const a of agents) for (const q of a.queues) counts[queueIndex.get(q)!][a.state]++;
    queues.forEach((q, i) => (queues[i] = { ...q, byState: counts[i] }));
  }
  return {
    mode,
    seq: rt.seq,
    queues,
    queueIndex,
    agents,
    agentIndex: new Map(agents.map((a, i) => [a.id, i])),
    queueHeads: new Map(queues.map((q) => [q.id, headOf(q)])),
    waitStart: new Map(),
  };
}

/** Snapshot mode: the queue gauges of a fresh GET /api/v1/realtime. */
export function setQueueGauges(s: WallState, rt: Realtime): WallState {
  const queues = s.queues.slice();
  for (const r of rt.queues) {
    const i = s.queueIndex.get(r.id);
    if (i === undefined) continue;
    const q = queues[i];
    queues[i] = {
      ...q,
      waiting: r.waiting,
      anon: r.waiting,
      anonSince: r.waiting > 0 ? rt.time_ms - r.longest_wait_ms : null,
      known: new Map(),
      oldestKnown: null,
      ewtMs: r.ewt_ms,
      byState: s.mode === "snapshot" ? { ...ZERO_BY_STATE, ...r.agents_by_state } : q.byState,
    };
  }
  return { ...s, queues };
}

// ---- the batch reducer -----------------------------------------------------

/** Copy-on-write over one batch: each table and each touched entry is copied
 *  once, whatever the number of events touching it. */
class Draft {
  queues: QueueLive[] | null = null;
  agents: AgentLive[] | null = null;
  waitStart: Map<number, number> | null = null;
  queueIndex: Map<number, number> | null = null;
  agentIndex: Map<number, number> | null = null;
  queueHeads: Map<number, QueueHead> | null = null;
  private copiedQ = new Set<number>();
  private copiedA = new Set<number>();
  private copiedKnown = new Set<number>();
  constructor(readonly s: WallState) {}

  qi(id: number | undefined): number | undefined {
    return id === undefined ? undefined : (this.queueIndex ?? this.s.queueIndex).get(id);
  }
  ai(id: number | undefined): number | undefined {
    return id === undefined ? undefined : (this.agentIndex ?? this.s.agentIndex).get(id);
  }
  queue(i: number): QueueLive {
    return (this.queues ?? this.s.queues)[i];
  }
  agent(i: number): AgentLive {
    return (this.agents ?? this.s.agents)[i];
  }
  allQueues(): readonly QueueLive[] {
    return this.queues ?? this.s.queues;
  }
  allAgents(): readonly AgentLive[] {
    return this.agents ?? this.s.agents;
  }
  /** A queue to change (a copy private to this batch). */
  wq(i: number): QueueLive {
    if (!this.queues) this.queues = this.s.queues.slice();
    if (!this.copiedQ.has(i)) {
      this.queues[i] = { ...this.queues[i] };
      this.copiedQ.add(i);
    }
    return this.queues[i];
  }
  wknown(i: number): Map<number, number> {
    const q = this.wq(i);
    if (!this.copiedKnown.has(i)) {
      q.known = new Map(q.known);
      this.copiedKnown.add(i);
    }
    return q.known as Map<number, number>;
  }
  wa(i: number): AgentLive {
    if (!this.agents) this.agents = this.s.agents.slice();
    if (!this.copiedA.has(i)) {
      this.agents[i] = { ...this.agents[i] };
      this.copiedA.add(i);
    }
    return this.agents[i];
  }
  ws(): Map<number, number> {
    if (!this.waitStart) this.waitStart = new Map(this.s.waitStart);
    return this.waitStart;
  }
  addQueue(q: QueueLive) {
    if (!this.queues) this.queues = this.s.queues.slice();
    if (!this.queueIndex) this.queueIndex = new Map(this.s.queueIndex);
    this.queueIndex.set(q.id, this.queues.length);
    this.copiedQ.add(this.queues.length);
    this.queues.push(q);
    this.headQueue(q);
  }
  /** Records a queue's configured part (a new map only when it differs). */
  headQueue(q: QueueLive) {
    const h = (this.queueHeads ?? this.s.queueHeads).get(q.id);
    if (h && h.name === q.name && h.channel === q.channel && h.slGoal === q.slGoal) return;
    if (!this.queueHeads) this.queueHeads = new Map(this.s.queueHeads);
    this.queueHeads.set(q.id, headOf(q));
  }
  addAgent(a: AgentLive) {
    if (!this.agents) this.agents = this.s.agents.slice();
    if (!this.agentIndex) this.agentIndex = new Map(this.s.agentIndex);
    this.agentIndex.set(a.id, this.agents.length);
    this.copiedA.add(this.agents.length);
    this.agents.push(a);
  }
  result(seq: number): WallState {
    if (!this.queues && !this.agents && !this.waitStart && !this.queueHeads && seq === this.s.seq) return this.s;
    return {
      ...this.s,
      seq,
      queues: this.queues ?? this.s.queues,
      agents: this.agents ?? this.s.agents,
      waitStart: this.waitStart ?? this.s.waitStart,
      queueIndex: this.queueIndex ?? this.s.queueIndex,
      agentIndex: this.agentIndex ?? this.s.agentIndex,
      queueHeads: this.queueHeads ?? this.s.queueHeads,
    };
  }
}

function addWaiting(d: Draft, qid: number | undefined, contact: number, since: number) {
  const i = d.qi(qid);
  if (i === undefined) return;
  if (d.queue(i).known.has(contact)) return;
  const known = d.wknown(i);
  known.set(contact, since);
  const q = d.wq(i);
  q.waiting++;
  if (q.oldestKnown === null || since < q.oldestKnown) q.oldestKnown = since;
}

/** Takes a contact out of a queue's line; a contact we never saw arrive was
 *  one of the snapshot's. */
function removeWaiting(d: Draft, qid: number | undefined, contact: number) {
  const i = d.qi(qid);
  if (i === undefined) return;
  const cur = d.queue(i);
  if (cur.known.has(contact)) {
    const known = d.wknown(i);
    const since = known.get(contact)!;
    known.delete(contact);
    const q = d.wq(i);
    q.waiting = Math.max(0, q.waiting - 1);
    if (since === q.oldestKnown) {
      let oldest: number | null = null;
      for (const v of known.values()) if (oldest === null || v < oldest) oldest = v;
      q.oldestKnown = oldest;
    }
  } else if (cur.anon > 0) {
    const q = d.wq(i);
    q.anon--;
    q.waiting = Math.max(0, q.waiting - 1);
    if (q.anon === 0) q.anonSince = null;
  }
}

function setAgentState(d: Draft, ai: number, st: AgentState, reason: string, since: number) {
  const cur = d.agent(ai);
  if (cur.state !== st && d.s.mode === "derived") {
    for (const qid of cur.queues) {
      const qi = d.qi(qid);
      if (qi === undefined) continue;
      const q = d.wq(qi);
      q.byState = { ...q.byState, [cur.state]: Math.max(0, q.byState[cur.state] - 1), [st]: q.byState[st] + 1 };
    }
  }
  const a = d.wa(ai);
  a.state = st;
  a.reason = reason;
  a.since = since;
}

function setAgentQueues(d: Draft, ai: number, queues: number[]) {
  const cur = d.agent(ai);
  if (d.s.mode === "derived") {
    const before = new Set(cur.queues);
    const after = new Set(queues);
    for (const qid of before)
      if (!after.has(qid)) {
        const qi = d.qi(qid);
        if (qi === undefined) continue;
        const q = d.wq(qi);
        q.byState = { ...q.byState, [cur.state]: Math.max(0, q.byState[cur.state] - 1) };
      }
    for (const qid of after)
      if (!before.has(qid)) {
        const qi = d.qi(qid);
        if (qi === undefined) continue;
        const q = d.wq(qi);
        q.byState = { ...q.byState, [cur.state]: q.byState[cur.state] + 1 };
      }
  }
  d.wa(ai).queues = queues;
}

function setContact(d: Draft, ai: number | undefined, c: WallContact) {
  if (ai === undefined) return;
  const cur = d.agent(ai).contacts;
  const i = cur.findIndex((x) => x.id === c.id);
  const next = cur.slice();
  if (i >= 0) next[i] = { ...c, since: c.state === cur[i].state ? cur[i].since : c.since };
  else next.push(c);
  d.wa(ai).contacts = next;
}
function patchContact(d: Draft, ai: number | undefined, id: number, state: WallContactState, since: number) {
  if (ai === undefined) return;
  const cur = d.agent(ai).contacts;
  const i = cur.findIndex((x) => x.id === id);
  if (i < 0) return;
  const next = cur.slice();
  next[i] = { ...cur[i], state, since };
  d.wa(ai).contacts = next;
}
function dropContact(d: Draft, ai: number | undefined, id: number) {
  if (ai === undefined) return;
  const cur = d.agent(ai).contacts;
  if (!cur.some((x) => x.id === id)) return;
  d.wa(ai).contacts = cur.filter((x) => x.id !== id);
}

function applyOne(d: Draft, e: EngineEvent) {
  const t = e.time_ms;
  const c = e.contact ?? -1;
  const ai = d.ai(e.agent);
  const derived = d.s.mode === "derived";
  switch (e.type) {
    case "agent_state_changed":
      if (ai !== undefined) {
        const st = AGENT_STATES[e.value ?? 0] ?? "logged_out";
        setAgentState(d, ai, st, st === "not_ready" ? (e.text ?? "") : "", t);
      }
      return;
    case "agent_not_ready":
      if (ai !== undefined && d.agent(ai).state === "not_ready" && d.agent(ai).reason !== (e.text ?? "")) d.wa(ai).reason = e.text ?? "";
      return;
    case "contact_created":
      if (derived) {
        d.ws().set(c, t);
        addWaiting(d, e.queue, c, t);
        const qi = d.qi(e.queue);
        if (qi !== undefined) {
          const ewt = typeof e.value === "number" && e.value >= 0 ? e.value : null;
          if (d.queue(qi).ewtMs !== ewt) d.wq(qi).ewtMs = ewt;
        }
      }
      return;
    case "contact_offered":
      if (derived) removeWaiting(d, e.queue, c);
      setContact(d, ai, { id: c, queue: e.queue ?? null, state: "offered", since: t });
      return;
    case "offer_rejected":
    case "offer_timed_out":
      dropContact(d, ai, c);
      if (derived) addWaiting(d, e.queue, c, (d.waitStart ?? d.s.waitStart).get(c) ?? t);
      return;
    case "contact_accepted":
      setContact(d, ai, { id: c, queue: e.queue ?? null, state: "active", since: t });
      if (derived && (d.waitStart ?? d.s.waitStart).has(c)) d.ws().delete(c);
      return;
    case "contact_held":
      patchContact(d, ai, c, "held", t);
      return;
    case "contact_resumed":
      patchContact(d, ai, c, "active", t);
      return;
    case "contact_ended":
      patchContact(d, ai, c, "wrap_up", t);
      return;
    case "wrap_up_ended":
    case "contact_completed":
      dropContact(d, ai, c);
      return;
    case "contact_abandoned":
    case "contact_expired":
      dropContact(d, ai, c);
      if (derived) {
        removeWaiting(d, e.queue, c);
        if ((d.waitStart ?? d.s.waitStart).has(c)) d.ws().delete(c);
      }
      return;
    case "contact_transferred": {
      dropContact(d, ai, c);
      if (derived) {
        const keep = e.value2 === 1;
        const start = keep ? ((d.waitStart ?? d.s.waitStart).get(c) ?? t) : t;
        d.ws().set(c, start);
        addWaiting(d, e.value, c, start);
      }
      return;
    }
    case "contact_moved":
      if (derived) {
        const start = (d.waitStart ?? d.s.waitStart).get(c) ?? t;
        const qi = d.qi(e.queue);
        const was = qi !== undefined ? d.queue(qi).known.get(c) : undefined;
        removeWaiting(d, e.queue, c);
        addWaiting(d, e.value, c, was ?? start);
      }
      return;
    case "queue_configured": {
      const cfg = e.payload as unknown as QueueConfig | undefined;
      if (!cfg || e.queue === undefined) return;
      const qi = d.qi(e.queue);
      if (qi === undefined) d.addQueue(queueFromConfig(e.queue, cfg));
      else {
        const q = d.wq(qi);
        Object.assign(q, queueFromConfig(e.queue, cfg, q));
        d.headQueue(q);
      }
      // who serves it may have changed
      const agents = d.allAgents();
      const target = d.queue(d.qi(e.queue)!);
      for (let i = 0; i < agents.length; i++) {
        const a = agents[i];
        const has = a.queues.includes(e.queue);
        const should = eligibleAtBase(a, target);
        if (has !== should) setAgentQueues(d, i, should ? [...a.queues, e.queue] : a.queues.filter((x) => x !== e.queue));
      }
      return;
    }
    case "agent_configured": {
      const cfg = e.payload as unknown as { name?: string; team?: string | null; site?: string | null; skills?: AgentSkill[] } | undefined;
      if (!cfg || e.agent === undefined) return;
      let i = ai;
      if (i === undefined) {
        d.addAgent({ id: e.agent, name: cfg.name ?? String(e.agent), team: cfg.team ?? null, site: cfg.site ?? null, skills: cfg.skills ?? [], state: "logged_out", reason: "", since: t, contacts: [], queues: [] });
        i = d.ai(e.agent)!;
        if (derived) {
          // a new agent counts as logged out in the queues it will serve
        }
      }
      const a = d.wa(i);
      a.name = cfg.name ?? a.name;
      a.team = cfg.team ?? null;
      a.site = cfg.site ?? null;
      a.skills = cfg.skills ?? [];
      const qs = d.allQueues().filter((q) => eligibleAtBase(a, q)).map((q) => q.id);
      setAgentQueues(d, i, qs);
      return;
    }
    default:
      return;
  }
}

/** Applies a batch of feed frames (engine events; other frames are skipped). */
export function applyWallBatch(s: WallState, msgs: readonly Record<string, unknown>[]): WallState {
  const d = new Draft(s);
  let seq = s.seq;
  for (const m of msgs) {
    if (typeof m.seq !== "number" || typeof m.type !== "string" || m.type === "kpis") continue;
    if (m.seq <= seq) continue; // seen already
    seq = m.seq;
    applyOne(d, m as unknown as EngineEvent);
  }
  return d.result(seq);
}

/** Agents in every queue: the totals by state of the agents in view. */
export function agentTotals(s: WallState): Record<AgentState, number> {
  const out = { ...ZERO_BY_STATE } as Record<AgentState, number>;
  for (const a of s.agents) out[a.state]++;
  return out;
}
