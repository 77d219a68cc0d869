// The shapes of the configuration API as the server answers them
// (docs/openapi.yaml, docs/api.md, docs/chat.md). References are names in
// answers; requests may use names or ids.

export const CHANNELS = ["voice", "chat", "email", "sms", "social"] as const;
export type Channel = (typeof CHANNELS)[number];

export const STRATEGIES = ["longest_idle", "highest_proficiency", "least_occupied", "round_robin", "fewest_contacts"] as const;
export const EXIT_ACTIONS = ["none", "end", "overflow", "callback"] as const;
export const ROLES = ["agent", "team_lead", "quality", "wfm", "reporting", "admin"] as const;
export const AGENT_STATES = ["logged_out", "available", "not_ready", "reserved", "busy", "wrap_up"] as const;
export const KEY_ROLES = ["integration", ...ROLES] as const;

export interface Named {
  id: number;
  name: string;
}

export interface SkillRequirement {
  skill: string | number;
  min_proficiency?: number;
}

export interface BullseyeStep {
  after_ms: number;
  min_proficiency?: number;
  alternative_skills: SkillRequirement[][];
  add_queues: (string | number)[];
  add_sites: (string | number)[];
}

export interface OverflowConfig {
  threshold_ms: number;
  group_thresholds: { group: string; threshold_ms: number }[];
  use_ewt: boolean;
  backup_queues: (string | number)[];
  backup_teams: (string | number)[];
}

export interface QueueConfig {
  name: string;
  channel: Channel;
  skills: SkillRequirement[];
  priority: number;
  weight: number;
  max_length: number;
  max_wait_ms: number;
  exit_action: (typeof EXIT_ACTIONS)[number];
  exit_target?: string | number;
  sl_target_ms: number;
  sl_target_pct: number;
  bullseye: BullseyeStep[];
  overflow: OverflowConfig;
  strategy: string;
  sites: (string | number)[];
  acw_ms?: number;
  open: boolean;
}

export interface Queue {
  id: number;
  config: QueueConfig;
  waiting?: number;
  staffed?: number;
}

export interface AgentConfig {
  name: string;
  team?: string | number;
  site?: string | number;
  skills: { skill: string | number; proficiency: number }[];
  capacity: Partial<Record<Channel, number>>;
}

export interface Agent {
  id: number;
  config: AgentConfig;
  state?: string;
}

export interface User {
  id: number;
  username: string;
  role: string;
  team: number | null;
  agent: number | null;
  display_name: string;
  created_ms: number;
}

export interface ApiKey {
  id: number;
  name: string;
  role: string;
  created_ms: number;
  revoked_ms: number | null;
}

export const METRICS = ["longest_wait", "ewt", "service_level", "abandon_rate", "available_agents"] as const;
export type Metric = (typeof METRICS)[number];
export const WINDOWS = ["15m", "60m", "today"] as const;

export interface AlertRule {
  id: number;
  name: string;
  metric: Metric;
  scope: { queue?: number | string; name?: string; customer_group?: string };
  window: string;
  raise_at: number;
  clear_at: number;
  for_s: number;
  min_contacts: number;
  enabled: boolean;
  webhooks: number[];
  active?: boolean;
  active_since_ms?: number;
}

export interface Webhook {
  id: number;
  name: string;
  url: string;
  enabled: boolean;
  created_ms: number;
  secret?: string;
}

export interface Delivery {
  id: number;
  event: number;
  webhook: number;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  created_ms: number;
  next_attempt_ms?: number;
  last_attempt_ms?: number;
  last_status?: number;
  last_error?: string;
  delivered_ms?: number;
}

export type Localized = Partial<Record<"en" | "zh-CN", string>>;

export interface ChatWidget {
  id: number;
  key: string;
  name: string;
  queue: string | number;
  allowed_origins: string[];
  enabled: boolean;
  title: Localized;
}

export interface DeskConfig {
  script: Localized;
  dispositions: { code: string; label: Localized }[];
}

export interface SurveyForm {
  enabled: boolean;
  question: string;
  questions: string[];
  ttl_s: number;
}
