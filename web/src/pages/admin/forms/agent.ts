// The agent editor's model <-> AgentConfig. Team and site are left out
// when none (the server refuses null); capacity is per channel, voice at
// most 1.
import { CHANNELS, type AgentConfig, type Channel } from "../types";
import { done, Problems, requireText, reqNum, rowKey, type Mapped } from "./common";

export interface AgentForm {
  name: string;
  team: string;
  site: string;
  skills: { key: string; skill: string; proficiency: string }[];
  capacity: Record<Channel, string>;
}

export function emptyAgentForm(): AgentForm {
  return { name: "", team: "", site: "", skills: [], capacity: { voice: "1", chat: "1", email: "1", sms: "1", social: "1" } };
}

export function newAgentSkill() {
  return { key: rowKey(), skill: "", proficiency: "3" };
}

export function agentToForm(c: AgentConfig): AgentForm {
  const capacity = {} as Record<Channel, string>;
  for (const ch of CHANNELS) capacity[ch] = String(c.capacity?.[ch] ?? 1);
  return {
    name: c.name,
    team: c.team === undefined || c.team === null ? "" : String(c.team),
    site: c.site === undefined || c.site === null ? "" : String(c.site),
    skills: (c.skills ?? []).map((s) => ({ key: rowKey(), skill: String(s.skill), proficiency: String(s.proficiency) })),
    capacity,
  };
}

export function agentFromForm(f: AgentForm): Mapped<AgentConfig> {
  const p = new Problems();
  const capacity: Partial<Record<Channel, number>> = {};
  for (const ch of CHANNELS)
    capacity[ch] = reqNum(p, `capacity.${ch}`, f.capacity[ch], { int: true, min: 0, max: ch === "voice" ? 1 : undefined });
  const body: AgentConfig = {
    name: requireText(p, "name", f.name),
    skills: f.skills.map((s, i) => ({
      skill: requireText(p, `skills[${i}].skill`, s.skill),
      proficiency: reqNum(p, `skills[${i}].proficiency`, s.proficiency, { int: true, min: 1, max: 5 }),
    })),
    capacity,
  };
  if (f.team) body.team = f.team;
  if (f.site) body.site = f.site;
  return done(p, body);
}
