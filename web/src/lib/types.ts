// Shapes of the API answers the app reads (docs/api.md, docs/openapi.yaml,
// docs/chat.md). Only the fields the app uses are typed; the server may send
// more.

export type Role = "agent" | "team_lead" | "quality" | "wfm" | "reporting" | "admin";

/** GET /api/v1/auth/me */
export interface Me {
  name: string;
  role: Role;
  user_id: number;
  team: string | null;
  agent: string | null;
  /** The center's IANA time zone (center.time_zone). */
  time_zone?: string;
}

/** The engine's agent states, in the order of their numbers in
 *  agent_state_changed events (src/core/types.h). */
export const AGENT_STATES = ["logged_out", "available", "not_ready", "reserved", "busy", "wrap_up"] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const CHANNELS = ["voice", "chat", "email", "sms", "social"] as const;
export type Channel = (typeof CHANNELS)[number];

/** GET /api/v1/settings (engine settings). `time_zone` is read when present. */
export interface Settings {
  offer_timeout_ms: number;
  missed_backoff_ms?: number;
  default_acw_ms: number;
  day_offset_ms?: number;
  time_zone?: string;
}

export interface SkillRequirement {
  skill: string;
  min_proficiency: number;
}
export interface QueueConfig {
  name: string;
  channel: Channel;
  skills: SkillRequirement[];
  sl_target_ms?: number;
  sl_target_pct?: number;
  sites?: string[];
  acw_ms?: number;
  open?: boolean;
  [k: string]: unknown;
}
/** GET /api/v1/queues entries. */
export interface QueueInfo {
  id: number;
  config: QueueConfig;
}

export interface AgentSkill {
  skill: string;
  proficiency: number;
}
export interface AgentConfig {
  name: string;
  team?: string | null;
  site?: string | null;
  skills: AgentSkill[];
  capacity?: Partial<Record<Channel, number>>;
}
/** GET /api/v1/agents entries and GET /api/v1/agents/{id}. */
export interface AgentInfo {
  id: number;
  config: AgentConfig;
  state: AgentState;
  reason: string;
  state_since_ms: number;
  in_backoff?: boolean;
  contacts_today?: number;
  occupancy?: number;
  contacts: number[];
}

export type ContactState = "queued" | "offered" | "accepted" | "held" | "wrap_up" | "completed" | "abandoned" | "refused" | "expired" | string;

/** GET /api/v1/contacts/{id} (live) */
export interface Contact {
  id: number;
  state: ContactState;
  queue: string;
  channel: Channel;
  customer_id?: string;
  customer_group?: string;
  created_ms: number;
  wait_since_ms?: number;
  agent?: string | null;
  attributes?: Record<string, string>;
  answered_ms?: number | null;
}

export interface Note {
  id: number;
  contact: number;
  author: string;
  kind: "note" | "verified";
  text: string;
  time_ms: number;
}
export interface Notes {
  notes: Note[];
  verified: { by: string; time_ms: number } | null;
}

/** GET /api/v1/customers/{id}/contacts entries (contact history records). */
export interface ContactRecord {
  id: number;
  state: string;
  customer_id?: string;
  channel: Channel;
  queue: string;
  created_ms: number;
  answered_ms: number | null;
  ended_ms: number | null;
  agent: string | null;
  disposition: string;
  wait_ms: number;
  talk_ms: number;
  notes?: Note[];
}

export type Localised = Partial<Record<string, string>>;
/** GET /api/v1/queues/{id}/desk */
export interface DeskConfig {
  script: Localised;
  dispositions: { code: string; label: Localised }[];
}

/** One engine event on GET /api/v1/events (src/codec/legacy_event.h). */
export interface EngineEvent {
  seq: number;
  time_ms: number;
  type: string;
  contact?: number;
  agent?: number;
  queue?: number;
  value?: number;
  value2?: number;
  text?: string;
  payload?: Record<string, unknown>;
}

/** The figures of a live window or report row (docs/kpis.md). */
export interface KpiFigures {
  offered: number;
  answered: number;
  abandoned: number;
  short_abandoned: number;
  handled: number;
  transferred?: number;
  offers?: number;
  missed_offers?: number;
  service_level: number;
  asa_s: number;
  avg_wait_s: number;
  max_wait_s: number;
  aht_s: number;
  abandon_rate: number;
  occupancy?: number;
  survey_answers?: number;
  csat?: number;
  csat_mean?: number;
  fcr?: number;
  [k: string]: number | undefined;
}

export type KpiDim = "center" | "queue" | "channel" | "agent" | "team" | "site" | "group";
export interface KpiEntry {
  dim: KpiDim;
  id: number;
  name?: string;
  today?: KpiFigures;
  last_15m?: KpiFigures;
  last_60m?: KpiFigures;
}
export interface KpiMessage {
  type: "kpis";
  seq: number;
  time_ms: number;
  day_start_ms: number;
  full: boolean;
  entries: KpiEntry[];
}

/** An alert event (docs/api.md, "Alerts"). */
export interface AlertEvent {
  id: number;
  kind: "raised" | "cleared" | string;
  rule: { id: number; name: string };
  metric: string;
  window: string;
  scope: { queue?: number; customer_group?: string; name?: string };
  value: number | null;
  threshold: number;
  at_ms: number;
  reason?: string;
}

/** Realtime snapshot (GET /api/v1/realtime), the parts the app reads. */
export interface RealtimeQueue {
  id: number;
  name: string;
  channel: Channel;
  waiting: number;
  longest_wait_ms: number;
  ewt_ms: number | null;
  staffed?: number;
  agents_by_state: Record<AgentState, number>;
  today?: KpiFigures;
  last_15m?: KpiFigures;
  last_60m?: KpiFigures;
}
export interface RealtimeAgent {
  id: number;
  name: string;
  team: string | null;
  state: AgentState;
  reason: string;
  time_in_state_ms: number;
  contacts: number;
  occupancy?: number;
}
export interface Realtime {
  time_ms: number;
  seq: number;
  queues: RealtimeQueue[];
  agents: RealtimeAgent[];
}

/** A report (GET /api/v1/reports/{dim}). */
export type ReportRow = KpiFigures & {
  id: number;
  name: string;
  start: string;
  start_ms: number;
};
/** GET /api/v1/reports/{dimension}; `Row` is how a page reads the rows. */
export interface Report<Row = ReportRow> {
  dimension: string;
  grain: string;
  time_zone: string;
  from: string;
  to: string;
  rows: Row[];
  totals: Row[];
}

/** A supervisor on a voice call (POST/GET /api/v1/contacts/{id}/monitor):
 *  listen: the lead hears both sides, nobody hears the lead; whisper: the
 *  agent hears the lead, the customer does not; barge: a three-way call. */
export const MONITOR_MODES = ["listen", "whisper", "barge"] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];
/** ringing: the server rings the lead's phone; connected: the lead answered
 *  and hears the call. */
export interface Monitor {
  contact: number;
  mode: MonitorMode;
  state: "ringing" | "connected";
  phone: string;
}
