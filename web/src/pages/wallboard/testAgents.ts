// Test data shared by the wallboard's tests: an AgentLive with the fields a
// test names, the rest empty.
import type { AgentLive } from "./wallState";

export const agent = (id: number, name: string, team: string | null, state: AgentLive["state"], since: number, queues: number[] = [0]): AgentLive => ({
  id,
  name,
  team,
  site: null,
  skills: [],
  state,
  reason: "",
  since,
  contacts: [],
  queues,
});
