// The wallboard's budget: 100 queues, 1,000 agents, 1,000 events a second,
// applied once per frame (~17 events) well inside 8 ms. The reducer gets a
// fraction of that budget (rendering needs the rest): here < 2 ms per frame
// on average, measured over ten seconds of events.
import { describe, expect, it } from "vitest";
import { applyWallBatch, initialWall } from "./wallState";
import type { AgentInfo, QueueInfo, Realtime } from "../../lib/types";

describe("wallboard reducer at scale", () => {
  it("applies 1,000 events/s for 100 queues and 1,000 agents within budget", () => {
    const Q = 100, A = 1000;
    const queues: QueueInfo[] = Array.from({ length: Q }, (_, i) => ({
      id: i,
      config: { name: `q${i}`, channel: "voice", skills: [{ skill: `s${i % 20}`, min_proficiency: 1 }] },
    }));
    const agents: AgentInfo[] = Array.from({ length: A }, (_, i) => ({
      id: i,
      config: { name: `a${i}`, team: `t${i % 20}`, site: null, skills: [0, 1, 2].map((k) => ({ skill: `s${(i + k * 7) % 20}`, proficiency: 3 })) },
      state: "available",
      reason: "",
      state_since_ms: 0,
      contacts: [],
    }));
    const rt: Realtime = { time_ms: 0, seq: 0, queues: [], agents: [] };
    let s = initialWall(rt, queues, agents, "derived");
    let seq = 0, contact = 1;
    const open: { c: number; q: number; a: number; st: number }[] = [];
    const frame = () => {
      const msgs: Record<string, unknown>[] = [];
      for (let k = 0; k < 17; k++) {
        const r = (seq * 7919) % 10;
        if (r < 4 || open.length < 50) {
          const q = contact % Q;
          msgs.push({ seq: ++seq, time_ms: seq, type: "contact_created", contact, queue: q, value: 1000 });
          open.push({ c: contact++, q, a: (contact * 13) % A, st: 0 });
        } else {
          const o = open[(seq * 31) % open.length];
          const types = ["contact_offered", "contact_accepted", "contact_ended", "contact_completed"];
          msgs.push({ seq: ++seq, time_ms: seq, type: types[o.st], contact: o.c, agent: o.a, queue: o.q });
          msgs.push({ seq: ++seq, time_ms: seq, type: "agent_state_changed", agent: o.a, value: [3, 4, 5, 1][o.st], value2: 1 });
          k++;
          if (++o.st === 4) open.splice(open.indexOf(o), 1);
        }
      }
      return msgs;
    };
    const frames = Array.from({ length: 600 }, frame); // 10 s at 60 frames/s
    const t0 = performance.now();
    for (const f of frames) s = applyWallBatch(s, f);
    const perFrame = (performance.now() - t0) / frames.length;
    console.log(`wallboard reducer: ${perFrame.toFixed(3)} ms per frame of ~17 events`);
    expect(perFrame).toBeLessThan(2);
    expect(s.seq).toBe(seq);
  });
});
