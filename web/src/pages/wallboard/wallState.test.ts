import { describe, expect, it } from "vitest";
import { applyWallBatch, eligibleAtBase, initialWall, longestWait, setQueueGauges, type WallState } from "./wallState";
import type { AgentInfo, QueueInfo, Realtime } from "../../lib/types";

const queues: QueueInfo[] = [
  { id: 0, config: { name: "billing", channel: "voice", skills: [{ skill: "billing", min_proficiency: 2 }], sl_target_pct: 80, sl_target_ms: 20000 } },
  { id: 1, config: { name: "tech", channel: "voice", skills: [{ skill: "tech", min_proficiency: 3 }] } },
];
const agent = (id: number, skills: [string, number][], state: AgentInfo["state"] = "available", contacts: number[] = []): AgentInfo => ({
  id,
  config: { name: `agent${id}`, team: "red", site: "paris", skills: skills.map(([skill, proficiency]) => ({ skill, proficiency })) },
  state,
  reason: "",
  state_since_ms: 500,
  contacts,
});
const rt = (over: Partial<Realtime> = {}): Realtime => ({
  time_ms: 10_000,
  seq: 100,
  queues: [
    { id: 0, name: "billing", channel: "voice", waiting: 2, longest_wait_ms: 4000, ewt_ms: 30000, agents_by_state: { logged_out: 0, available: 9, not_ready: 0, reserved: 0, busy: 0, wrap_up: 0 } },
    { id: 1, name: "tech", channel: "voice", waiting: 0, longest_wait_ms: 0, ewt_ms: null, agents_by_state: { logged_out: 0, available: 0, not_ready: 0, reserved: 0, busy: 0, wrap_up: 0 } },
  ],
  agents: [],
  ...over,
});
let seq = 100;
const ev = (type: string, extra: Record<string, unknown> = {}) => ({ seq: ++seq, time_ms: 10_000 + (seq - 100) * 1000, type, ...extra });

function start(mode: WallState["mode"] = "derived") {
  seq = 100;
  return initialWall(rt(), queues, [agent(0, [["billing", 3]]), agent(1, [["billing", 1], ["tech", 5]], "busy", [77]), agent(2, [["billing", 2], ["tech", 3]], "not_ready")], mode);
}

describe("eligibleAtBase", () => {
  it("needs every skill at its minimum and an allowed site", () => {
    const q = { skills: [{ skill: "billing", min_proficiency: 2 }], sites: [] as string[] };
    expect(eligibleAtBase({ skills: [{ skill: "billing", proficiency: 2 }], site: null }, q)).toBe(true);
    expect(eligibleAtBase({ skills: [{ skill: "billing", proficiency: 1 }], site: null }, q)).toBe(false);
    expect(eligibleAtBase({ skills: [], site: null }, { skills: [], sites: [] })).toBe(true);
    expect(eligibleAtBase({ skills: [{ skill: "billing", proficiency: 5 }], site: "lyon" }, { ...q, sites: ["paris"] })).toBe(false);
  });
});

describe("initialWall", () => {
  it("counts the eligible agents by state per queue and takes the waiting line from the snapshot", () => {
    const s = start();
    expect(s.queues[0].byState).toMatchObject({ available: 1, not_ready: 1, busy: 0 });
    expect(s.queues[1].byState).toMatchObject({ busy: 1, not_ready: 1 });
    expect(s.queues[0].waiting).toBe(2);
    expect(longestWait(s.queues[0], 12_000)).toBe(6000);
    expect(s.agents[1].queues).toEqual([1]);
  });
  it("in snapshot mode takes agents by state from the snapshot", () => {
    expect(start("snapshot").queues[0].byState.available).toBe(9);
  });
});

describe("applyWallBatch", () => {
  it("follows a contact from arrival to the agent and out", () => {
    let s = start();
    s = applyWallBatch(s, [ev("contact_created", { contact: 5, queue: 0, value: 12000 })]);
    expect(s.queues[0]).toMatchObject({ waiting: 3, ewtMs: 12000 });
    s = applyWallBatch(s, [ev("contact_offered", { contact: 5, agent: 0, queue: 0 }), ev("agent_state_changed", { agent: 0, value: 3, value2: 1 })]);
    expect(s.queues[0].waiting).toBe(2);
    expect(s.agents[0].contacts).toMatchObject([{ id: 5, state: "offered", queue: 0 }]);
    expect(s.queues[0].byState).toMatchObject({ available: 0, reserved: 1 });
    s = applyWallBatch(s, [ev("contact_accepted", { contact: 5, agent: 0, queue: 0, value: 2000 }), ev("agent_state_changed", { agent: 0, value: 4, value2: 3 })]);
    expect(s.agents[0]).toMatchObject({ state: "busy", contacts: [{ id: 5, state: "active" }] });
    s = applyWallBatch(s, [ev("contact_ended", { contact: 5, agent: 0, queue: 0 })]);
    expect(s.agents[0].contacts[0].state).toBe("wrap_up");
    s = applyWallBatch(s, [ev("wrap_up_ended", { contact: 5, agent: 0, queue: 0 }), ev("contact_completed", { contact: 5, agent: 0, queue: 0 })]);
    expect(s.agents[0].contacts).toEqual([]);
  });

  it("keeps the longest wait: the snapshot's waiters, then the ones seen arrive", () => {
    let s = start(); // two waiting since 6_000 (anonymous)
    s = applyWallBatch(s, [ev("contact_created", { contact: 5, queue: 0 })]); // since 11_000
    expect(longestWait(s.queues[0], 20_000)).toBe(14_000);
    s = applyWallBatch(s, [ev("contact_offered", { contact: 1001, agent: 0, queue: 0 }), ev("contact_abandoned", { contact: 1002, queue: 0, value: 9000 })]);
    expect(s.queues[0]).toMatchObject({ waiting: 1, anon: 0 });
    expect(longestWait(s.queues[0], 20_000)).toBe(9_000);
    s = applyWallBatch(s, [ev("contact_offered", { contact: 5, agent: 0, queue: 0 })]);
    expect(s.queues[0].waiting).toBe(0);
    expect(longestWait(s.queues[0], 20_000)).toBe(0);
  });

  it("puts a missed offer back in line at its place", () => {
    let s = applyWallBatch(start(), [ev("contact_created", { contact: 5, queue: 1 })]);
    const since = s.queues[1].oldestKnown;
    s = applyWallBatch(s, [ev("contact_offered", { contact: 5, agent: 1, queue: 1 })]);
    expect(s.queues[1].waiting).toBe(0);
    s = applyWallBatch(s, [ev("offer_timed_out", { contact: 5, agent: 1, queue: 1 })]);
    expect(s.queues[1]).toMatchObject({ waiting: 1, oldestKnown: since });
    expect(s.agents[1].contacts.map((c) => c.id)).toEqual([77]);
  });

  it("moves a transferred contact to the target queue's line", () => {
    let s = applyWallBatch(start(), [ev("contact_accepted", { contact: 77, agent: 1, queue: 1 })]);
    s = applyWallBatch(s, [ev("contact_transferred", { contact: 77, agent: 1, queue: 1, value: 0, value2: 0 })]);
    expect(s.agents[1].contacts).toEqual([]);
    expect(s.queues[0].waiting).toBe(3);
  });

  it("drops events the snapshot already reflects and duplicates", () => {
    const s0 = start();
    const old = { seq: 90, time_ms: 1, type: "contact_created", contact: 9, queue: 0 };
    expect(applyWallBatch(s0, [old])).toBe(s0);
    const e = ev("contact_created", { contact: 9, queue: 0 });
    const s1 = applyWallBatch(s0, [e]);
    expect(applyWallBatch(s1, [e])).toBe(s1);
    expect(s1.queues[0].waiting).toBe(3);
  });

  it("leaves untouched queues and agents as they were (identity)", () => {
    const s0 = start();
    const s1 = applyWallBatch(s0, [ev("agent_state_changed", { agent: 2, value: 1, value2: 2 }), { type: "kpis", seq: 999 }]);
    expect(s1.agents[0]).toBe(s0.agents[0]);
    expect(s1.agents[2]).not.toBe(s0.agents[2]);
    expect(s1.queues[0].byState).toMatchObject({ available: 2, not_ready: 0 });
    expect(s0.queues[0].byState).toMatchObject({ available: 1, not_ready: 1 }); // the old state is unchanged
  });

  it("re-counts a queue's agents when an agent's skills change", () => {
    let s = start();
    s = applyWallBatch(s, [ev("agent_configured", { agent: 0, payload: { kind: "agent_config", name: "agent0", team: "red", site: "paris", skills: [{ skill: "tech", proficiency: 4 }] } })]);
    expect(s.agents[0].queues).toEqual([1]);
    expect(s.queues[0].byState.available).toBe(0);
    expect(s.queues[1].byState.available).toBe(1);
  });

  it("takes a new or changed queue", () => {
    let s = start();
    s = applyWallBatch(s, [ev("queue_configured", { queue: 2, payload: { kind: "queue_config", name: "sales", channel: "voice", skills: [{ skill: "billing", min_proficiency: 1 }], sl_target_pct: 90 } })]);
    expect(s.queues[2]).toMatchObject({ name: "sales", slGoal: 0.9 });
    expect(s.queues[2].byState).toMatchObject({ available: 1, busy: 1, not_ready: 1 });
  });

  it("keeps the queue heads' identity until a queue is added or its name, channel or goal changes", () => {
    const s0 = start();
    expect([...s0.queueHeads.values()]).toEqual([
      { id: 0, name: "billing", channel: "voice", slGoal: 0.8 },
      { id: 1, name: "tech", channel: "voice", slGoal: 0.8 },
    ]);
    const s1 = applyWallBatch(s0, [ev("contact_created", { contact: 5, queue: 0 }), ev("agent_state_changed", { agent: 0, value: 4, value2: 1 })]);
    expect(s1).not.toBe(s0);
    expect(s1.queueHeads).toBe(s0.queueHeads);
    const tech = { kind: "queue_config", name: "tech", channel: "voice", skills: [{ skill: "tech", min_proficiency: 3 }] };
    // configured again, only the skills differ: same map
    const s2 = applyWallBatch(s1, [ev("queue_configured", { queue: 1, payload: { ...tech, skills: [{ skill: "tech", min_proficiency: 2 }] } })]);
    expect(s2.queueHeads).toBe(s0.queueHeads);
    const s3 = applyWallBatch(s2, [ev("queue_configured", { queue: 1, payload: { ...tech, name: "support" } })]);
    expect(s3.queueHeads.get(1)?.name).toBe("support");
    expect(s3.queues[1].name).toBe("support");
    expect(s2.queueHeads.get(1)?.name).toBe("tech"); // the old state is unchanged
    const s4 = applyWallBatch(s3, [ev("queue_configured", { queue: 1, payload: { ...tech, name: "support", sl_target_pct: 90 } })]);
    expect(s4.queueHeads.get(1)?.slGoal).toBe(0.9);
    expect(s4.queueHeads).not.toBe(s3.queueHeads);
    const s5 = applyWallBatch(s4, [ev("queue_configured", { queue: 7, payload: { kind: "queue_config", name: "sales", channel: "chat", skills: [] } })]);
    expect(s5.queueHeads.get(7)).toEqual({ id: 7, name: "sales", channel: "chat", slGoal: 0.8 });
    expect(s5.queueHeads).not.toBe(s4.queueHeads);
    expect(setQueueGauges(s5, rt()).queueHeads).toBe(s5.queueHeads);
  });

  it("snapshot mode: queue gauges come from the snapshot only", () => {
    let s = start("snapshot");
    s = applyWallBatch(s, [ev("contact_created", { contact: 5, queue: 0 })]);
    expect(s.queues[0].waiting).toBe(2);
    s = setQueueGauges(s, rt({ time_ms: 20_000, queues: [{ ...rt().queues[0], waiting: 4, longest_wait_ms: 1000 }] }));
    expect(s.queues[0].waiting).toBe(4);
    expect(longestWait(s.queues[0], 21_000)).toBe(2000);
  });
});
