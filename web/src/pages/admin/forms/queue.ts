// The queue editor's model <-> QueueConfig (docs/openapi.yaml). Times are
// edited in seconds and sent in milliseconds; blank optional numbers are
// left out so that the server's default applies (acw_ms: the center's).
import type { BullseyeStep, Channel, QueueConfig, SkillRequirement } from "../types";
import { done, msToSeconds, num, numText, Problems, requireText, reqNum, rowKey, secondsToMs, type Mapped } from "./common";

export interface ReqRow {
  key: string;
  skill: string;
  min_proficiency: string;
}

export interface StepRow {
  key: string;
  after_s: string;
  min_proficiency: string;
  alternative_skills: { key: string; reqs: ReqRow[] }[];
  add_queues: string[];
  add_sites: string[];
}

export interface QueueForm {
  name: string;
  channel: Channel;
  open: boolean;
  strategy: string;
  priority: string;
  weight: string;
  skills: ReqRow[];
  sl_target_s: string;
  sl_target_pct: string;
  max_length: string;
  max_wait_s: string;
  exit_action: QueueConfig["exit_action"];
  exit_target: string;
  acw_s: string;
  sites: string[];
  bullseye: StepRow[];
  overflow: {
    threshold_s: string;
    use_ewt: boolean;
    group_thresholds: { key: string; group: string; threshold_s: string }[];
    backup_queues: string[];
    backup_teams: string[];
  };
}

const str = (v: string | number | undefined) => (v === undefined ? "" : String(v));

const reqRow = (r: SkillRequirement): ReqRow => ({
  key: rowKey(),
  skill: str(r.skill),
  min_proficiency: numText(r.min_proficiency),
});

export function newReqRow(): ReqRow {
  return { key: rowKey(), skill: "", min_proficiency: "1" };
}

export function newStepRow(): StepRow {
  return { key: rowKey(), after_s: "", min_proficiency: "", alternative_skills: [], add_queues: [], add_sites: [] };
}

export function emptyQueueForm(): QueueForm {
  return queueToForm({
    name: "",
    channel: "voice",
    skills: [],
    priority: 0,
    weight: 1,
    max_length: 0,
    max_wait_ms: 0,
    exit_action: "none",
    sl_target_ms: 20000,
    sl_target_pct: 80,
    bullseye: [],
    overflow: { threshold_ms: 0, group_thresholds: [], use_ewt: false, backup_queues: [], backup_teams: [] },
    strategy: "longest_idle",
    sites: [],
    open: true,
  });
}

export function queueToForm(c: QueueConfig): QueueForm {
  const o = c.overflow ?? { threshold_ms: 0, group_thresholds: [], use_ewt: false, backup_queues: [], backup_teams: [] };
  return {
    name: c.name,
    channel: c.channel ?? "voice",
    open: c.open ?? true,
    strategy: c.strategy ?? "longest_idle",
    priority: numText(c.priority ?? 0),
    weight: numText(c.weight ?? 1),
    skills: (c.skills ?? []).map(reqRow),
    sl_target_s: msToSeconds(c.sl_target_ms ?? 20000),
    sl_target_pct: numText(c.sl_target_pct ?? 80),
    max_length: numText(c.max_length ?? 0),
    max_wait_s: msToSeconds(c.max_wait_ms ?? 0),
    exit_action: c.exit_action ?? "none",
    exit_target: str(c.exit_target),
    acw_s: msToSeconds(c.acw_ms),
    sites: (c.sites ?? []).map(String),
    bullseye: (c.bullseye ?? []).map((s) => ({
      key: rowKey(),
      after_s: msToSeconds(s.after_ms),
      min_proficiency: numText(s.min_proficiency),
      alternative_skills: (s.alternative_skills ?? []).map((set) => ({ key: rowKey(), reqs: set.map(reqRow) })),
      add_queues: (s.add_queues ?? []).map(String),
      add_sites: (s.add_sites ?? []).map(String),
    })),
    overflow: {
      threshold_s: msToSeconds(o.threshold_ms),
      use_ewt: o.use_ewt,
      group_thresholds: (o.group_thresholds ?? []).map((g) => ({ key: rowKey(), group: g.group, threshold_s: msToSeconds(g.threshold_ms) })),
      backup_queues: (o.backup_queues ?? []).map(String),
      backup_teams: (o.backup_teams ?? []).map(String),
    },
  };
}

function reqs(p: Problems, base: string, rows: ReqRow[]): SkillRequirement[] {
  return rows.map((r, i) => {
    const skill = requireText(p, `${base}[${i}].skill`, r.skill);
    const min = num(p, `${base}[${i}].min_proficiency`, r.min_proficiency, { int: true, min: 1, max: 5 });
    return min === undefined ? { skill } : { skill, min_proficiency: min };
  });
}

export function queueFromForm(f: QueueForm): Mapped<QueueConfig> {
  const p = new Problems();
  const bullseye: BullseyeStep[] = f.bullseye.map((s, i) => {
    const b = `bullseye[${i}]`;
    const after = secondsToMs(p, `${b}.after_ms`, s.after_s, { min: 0 });
    if (after === undefined) p.add(`${b}.after_ms`, "admin.invalid.required");
    const step: BullseyeStep = {
      after_ms: after ?? 0,
      alternative_skills: s.alternative_skills.map((set, j) => reqs(p, `${b}.alternative_skills[${j}]`, set.reqs)),
      add_queues: s.add_queues,
      add_sites: s.add_sites,
    };
    const min = num(p, `${b}.min_proficiency`, s.min_proficiency, { int: true, min: 1, max: 5 });
    if (min !== undefined) step.min_proficiency = min;
    return step;
  });
  const body: QueueConfig = {
    name: requireText(p, "name", f.name),
    channel: f.channel,
    skills: reqs(p, "skills", f.skills),
    priority: num(p, "priority", f.priority, { int: true }) ?? 0,
    weight: num(p, "weight", f.weight, { min: 0 }) ?? 1,
    max_length: num(p, "max_length", f.max_length, { int: true, min: 0 }) ?? 0,
    max_wait_ms: secondsToMs(p, "max_wait_ms", f.max_wait_s, { min: 0 }) ?? 0,
    exit_action: f.exit_action,
    sl_target_ms: secondsToMs(p, "sl_target_ms", f.sl_target_s, { min: 0 }) ?? 20000,
    sl_target_pct: reqNum(p, "sl_target_pct", f.sl_target_pct, { min: 0, max: 100 }),
    bullseye,
    overflow: {
      threshold_ms: secondsToMs(p, "overflow.threshold_ms", f.overflow.threshold_s, { min: 0 }) ?? 0,
      group_thresholds: f.overflow.group_thresholds.map((g, i) => ({
        group: requireText(p, `overflow.group_thresholds[${i}].group`, g.group),
        threshold_ms: secondsToMs(p, `overflow.group_thresholds[${i}].threshold_ms`, g.threshold_s, { min: 0 }) ?? 0,
      })),
      use_ewt: f.overflow.use_ewt,
      backup_queues: f.overflow.backup_queues,
      backup_teams: f.overflow.backup_teams,
    },
    strategy: f.strategy,
    sites: f.sites,
    open: f.open,
  };
  if (f.exit_action === "overflow") body.exit_target = requireText(p, "exit_target", f.exit_target);
  const acw = secondsToMs(p, "acw_ms", f.acw_s, { min: 0 });
  if (acw !== undefined) body.acw_ms = acw;
  return done(p, body);
}
