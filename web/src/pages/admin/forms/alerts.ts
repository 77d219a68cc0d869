// Alert rules and webhooks (docs/api.md, "Alerts"). Ratio metrics
// (service level, abandon rate) are edited in percent and sent as 0..1;
// waits in seconds as the API has them; gauges have no window and no
// min_contacts.
import type { AlertRule, Metric, Webhook } from "../types";
import { done, num, numText, Problems, requireText, reqNum, type Mapped } from "./common";

export const RATIO_METRICS: Metric[] = ["service_level", "abandon_rate"];
export const isRatio = (m: Metric) => RATIO_METRICS.includes(m);
/** Raised below the threshold (else above). */
export const raisedBelow = (m: Metric) => m === "service_level" || m === "available_agents";
/** The unit a metric's thresholds are typed in: "percent", "seconds" or "count". */
export function metricUnit(m: Metric): "percent" | "seconds" | "count" {
  if (isRatio(m)) return "percent";
  if (m === "available_agents") return "count";
  return "seconds";
}

export interface RuleForm {
  name: string;
  metric: Metric;
  scope_kind: "queue" | "customer_group";
  queue: string;
  customer_group: string;
  window: string;
  raise_at: string;
  clear_at: string;
  for_s: string;
  min_contacts: string;
  enabled: boolean;
  webhooks: string[];
}

export type RuleBody = Omit<AlertRule, "id" | "active" | "active_since_ms" | "window" | "clear_at" | "for_s" | "min_contacts"> & {
  window?: string;
  clear_at?: number;
  for_s?: number;
  min_contacts?: number;
};

export function emptyRuleForm(): RuleForm {
  return {
    name: "",
    metric: "longest_wait",
    scope_kind: "queue",
    queue: "",
    customer_group: "",
    window: "15m",
    raise_at: "",
    clear_at: "",
    for_s: "0",
    min_contacts: "10",
    enabled: true,
    webhooks: [],
  };
}

// 0.8 -> "80" without binary noise (0.07 * 100 = 7.000000000000001).
const toPercent = (r: number) => String(Math.round(r * 1e8) / 1e6);
const fromPercent = (p: number) => Math.round(p * 1e6) / 1e8;

export function ruleToForm(r: AlertRule): RuleForm {
  const ratio = isRatio(r.metric);
  const show = (v: number) => (ratio ? toPercent(v) : numText(v));
  return {
    name: r.name,
    metric: r.metric,
    scope_kind: r.scope.customer_group !== undefined ? "customer_group" : "queue",
    queue: r.scope.name ?? (r.scope.queue === undefined ? "" : String(r.scope.queue)),
    customer_group: r.scope.customer_group ?? "",
    window: ratio ? r.window : "15m",
    raise_at: show(r.raise_at),
    clear_at: show(r.clear_at),
    for_s: numText(r.for_s),
    min_contacts: numText(r.min_contacts),
    enabled: r.enabled,
    webhooks: r.webhooks.map(String),
  };
}

export function ruleFromForm(f: RuleForm): Mapped<RuleBody> {
  const p = new Problems();
  const ratio = isRatio(f.metric);
  const bound = ratio ? { min: 0, max: 100 } : { min: 0 };
  const conv = (v: number | undefined) => (v === undefined ? undefined : ratio ? fromPercent(v) : v);
  const scope: RuleBody["scope"] =
    f.scope_kind === "queue"
      ? { queue: requireText(p, "scope.queue", f.queue) }
      : { customer_group: requireText(p, "scope.customer_group", f.customer_group) };
  if (f.scope_kind === "customer_group" && f.metric === "available_agents") p.add("scope.customer_group", "admin.invalid.group_metric");
  const body: RuleBody = {
    name: requireText(p, "name", f.name),
    metric: f.metric,
    scope,
    raise_at: conv(reqNum(p, "raise_at", f.raise_at, bound)) ?? 0,
    enabled: f.enabled,
    webhooks: f.webhooks.map(Number),
  };
  const clear = conv(num(p, "clear_at", f.clear_at, bound));
  if (clear !== undefined) body.clear_at = clear;
  const forS = num(p, "for_s", f.for_s, { min: 0 });
  if (forS !== undefined) body.for_s = forS;
  if (ratio) {
    body.window = f.window;
    const mc = num(p, "min_contacts", f.min_contacts, { int: true, min: 0 });
    if (mc !== undefined) body.min_contacts = mc;
  }
  return done(p, body);
}

export interface WebhookForm {
  name: string;
  url: string;
  secret: string;
  enabled: boolean;
}

export interface WebhookBody {
  name: string;
  url: string;
  enabled: boolean;
  secret?: string;
}

export function emptyWebhookForm(): WebhookForm {
  return { name: "", url: "", secret: "", enabled: true };
}

export function webhookToForm(w: Webhook): WebhookForm {
  return { name: w.name, url: w.url, secret: "", enabled: w.enabled };
}

/** A blank secret is left out: generated on create, kept on edit. */
export function webhookFromForm(f: WebhookForm): Mapped<WebhookBody> {
  const p = new Problems();
  const url = requireText(p, "url", f.url);
  if (url && !/^https?:\/\//i.test(url)) p.add("url", "admin.invalid.http_url");
  const body: WebhookBody = { name: requireText(p, "name", f.name), url, enabled: f.enabled };
  if (f.secret !== "") {
    if (new TextEncoder().encode(f.secret).length < 16) p.add("secret", "admin.invalid.secret_short");
    body.secret = f.secret;
  }
  return done(p, body);
}
