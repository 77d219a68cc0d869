import { describe, expect, it } from "vitest";
import type { AlertRule, QueueConfig } from "../types";
import { agentFromForm, agentToForm, emptyAgentForm } from "./agent";
import { emptyRuleForm, ruleFromForm, ruleToForm, webhookFromForm } from "./alerts";
import { deskFromForm, deskToForm, embedSnippet, splitOrigins, surveyFromForm, surveyToForm, widgetFromForm, widgetToForm } from "./chat";
import { emptyQueueForm, newReqRow, newStepRow, queueFromForm, queueToForm } from "./queue";
import { passwordResetBody, userFromForm, userToForm } from "./user";

// The demo's queues as GET /api/v1/queues answers them.
const tech: QueueConfig = {
  name: "tech", channel: "voice", skills: [{ skill: "tech", min_proficiency: 3 }], priority: 0, weight: 1,
  max_length: 0, max_wait_ms: 600000, exit_action: "callback", sl_target_ms: 20000, sl_target_pct: 80,
  bullseye: [{ after_ms: 30000, min_proficiency: 1, alternative_skills: [], add_queues: [], add_sites: [] }],
  overflow: { threshold_ms: 0, group_thresholds: [], use_ewt: false, backup_queues: [], backup_teams: [] },
  strategy: "highest_proficiency", sites: [], open: true,
};
const full: QueueConfig = {
  name: "q1", channel: "voice", skills: [{ skill: "billing", min_proficiency: 2 }], priority: 2, weight: 3,
  max_length: 50, max_wait_ms: 300000, exit_action: "overflow", exit_target: "tech", sl_target_ms: 30000, sl_target_pct: 85,
  bullseye: [{ after_ms: 30000, min_proficiency: 1, alternative_skills: [[{ skill: "sales", min_proficiency: 2 }]], add_queues: ["sales"], add_sites: ["paris"] },
    { after_ms: 45000, alternative_skills: [[{ skill: "spanish", min_proficiency: 3 }, { skill: "sales" }]], add_queues: [], add_sites: [] }],
  overflow: { threshold_ms: 60000, group_thresholds: [{ group: "vip", threshold_ms: 5000 }], use_ewt: true, backup_queues: ["tech"], backup_teams: ["red"] },
  strategy: "round_robin", sites: ["lyon"], acw_ms: 15000, open: false,
};

describe("queue form", () => {
  it("round-trips the server's configuration", () => {
    for (const c of [tech, full]) {
      const r = queueFromForm(queueToForm(c));
      expect(r).toEqual({ ok: true, body: c });
    }
  });
  it("edits times in seconds", () => {
    const f = queueToForm(full);
    expect(f.sl_target_s).toBe("30");
    expect(f.overflow.group_thresholds[0].threshold_s).toBe("5");
    expect(f.acw_s).toBe("15");
    f.sl_target_s = "12.5";
    f.acw_s = "";
    const r = queueFromForm(f);
    if (!r.ok) throw new Error("invalid");
    expect(r.body.sl_target_ms).toBe(12500);
    expect("acw_ms" in r.body).toBe(false);
  });
  it("sends exit_target only for overflow", () => {
    const f = queueToForm(full);
    f.exit_action = "end";
    const r = queueFromForm(f);
    expect(r.ok && "exit_target" in r.body).toBe(false);
    f.exit_action = "overflow";
    f.exit_target = "";
    expect(queueFromForm(f)).toEqual({ ok: false, errors: { exit_target: "admin.invalid.required" } });
  });
  it("names the API path of a bad value", () => {
    const f = emptyQueueForm();
    f.name = "new";
    f.skills = [newReqRow(), { ...newReqRow(), skill: "tech", min_proficiency: "9" }];
    f.bullseye = [newStepRow()];
    f.bullseye[0].alternative_skills = [{ key: "k", reqs: [{ key: "r", skill: "x", min_proficiency: "abc" }] }];
    f.priority = "1.5";
    const r = queueFromForm(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      "skills[0].skill": "admin.invalid.required",
      "skills[1].min_proficiency": "admin.invalid.too_large",
      "bullseye[0].after_ms": "admin.invalid.required",
      "bullseye[0].alternative_skills[0][0].min_proficiency": "admin.invalid.number",
      priority: "admin.invalid.integer",
    });
  });
  it("a new queue has the server's defaults", () => {
    const f = emptyQueueForm();
    f.name = " sales2 ";
    const r = queueFromForm(f);
    expect(r.ok && r.body).toMatchObject({ name: "sales2", sl_target_ms: 20000, sl_target_pct: 80, weight: 1, open: true, strategy: "longest_idle" });
  });
});

describe("agent form", () => {
  it("round-trips and leaves out an empty team or site", () => {
    const c = { name: "agent01", team: "red", site: "paris", skills: [{ skill: "billing", proficiency: 3 }], capacity: { voice: 1, chat: 2, email: 1, sms: 1, social: 1 } };
    expect(agentFromForm(agentToForm(c))).toEqual({ ok: true, body: c });
    const noTeam = { name: "agent99", skills: [], capacity: { voice: 1, chat: 3, email: 1, sms: 1, social: 1 } };
    const r = agentFromForm(agentToForm(noTeam));
    expect(r).toEqual({ ok: true, body: noTeam });
  });
  it("checks capacity and proficiency", () => {
    const f = emptyAgentForm();
    f.name = "a";
    f.capacity.voice = "2";
    f.capacity.chat = "";
    f.skills = [{ key: "k", skill: "tech", proficiency: "0" }];
    const r = agentFromForm(f);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual({
        "capacity.voice": "admin.invalid.too_large",
        "capacity.chat": "admin.invalid.required",
        "skills[0].proficiency": "admin.invalid.too_small",
      });
  });
});

describe("user form", () => {
  const u = { id: 7, username: "agent01", role: "agent", team: 0, agent: 0, display_name: "Agent One", created_ms: 1 };
  it("sends ids or null, every field, and the password only when typed", () => {
    expect(userFromForm(userToForm(u), false)).toEqual({
      ok: true,
      body: { username: "agent01", display_name: "Agent One", role: "agent", team: 0, agent: 0 },
    });
    const f = { ...userToForm(u), team: "", agent: "", password: "new-password" };
    expect(userFromForm(f, false)).toEqual({
      ok: true,
      body: { username: "agent01", display_name: "Agent One", role: "agent", team: null, agent: null, password: "new-password" },
    });
  });
  it("needs a password of 8 characters to create", () => {
    const f = { ...userToForm(u), password: "" };
    expect(userFromForm(f, true)).toEqual({ ok: false, errors: { password: "admin.invalid.required" } });
    expect(userFromForm({ ...f, password: "short" }, true)).toEqual({ ok: false, errors: { password: "admin.invalid.password_short" } });
  });
  it("a password reset keeps the rest", () => {
    expect(passwordResetBody(u, "xyz-12345")).toEqual({
      username: "agent01", display_name: "Agent One", role: "agent", team: 0, agent: 0, password: "xyz-12345",
    });
  });
});

describe("alert rule form", () => {
  const sl: AlertRule = {
    id: 3, name: "VIP SL", metric: "service_level", scope: { customer_group: "vip" }, window: "60m",
    raise_at: 0.8, clear_at: 0.85, for_s: 0, min_contacts: 5, enabled: true, webhooks: [], active: false,
  };
  const wait: AlertRule = {
    id: 2, name: "Billing wait", metric: "longest_wait", scope: { queue: 0, name: "billing" }, window: "now",
    raise_at: 60, clear_at: 30, for_s: 10, min_contacts: 10, enabled: true, webhooks: [1],
  };
  it("shows ratios in percent and sends 0..1", () => {
    const f = ruleToForm(sl);
    expect(f.raise_at).toBe("80");
    expect(f.clear_at).toBe("85");
    f.raise_at = "7";
    const r = ruleFromForm(f);
    expect(r).toEqual({
      ok: true,
      body: { name: "VIP SL", metric: "service_level", scope: { customer_group: "vip" }, window: "60m", raise_at: 0.07, clear_at: 0.85, for_s: 0, min_contacts: 5, enabled: true, webhooks: [] },
    });
  });
  it("sends a queue scope by name and no window for gauges", () => {
    expect(ruleFromForm(ruleToForm(wait))).toEqual({
      ok: true,
      body: { name: "Billing wait", metric: "longest_wait", scope: { queue: "billing" }, raise_at: 60, clear_at: 30, for_s: 10, enabled: true, webhooks: [1] },
    });
  });
  it("checks the scope and the threshold", () => {
    const f = { ...emptyRuleForm(), name: "x", metric: "available_agents" as const, scope_kind: "customer_group" as const };
    const r = ruleFromForm(f);
    expect(r).toEqual({ ok: false, errors: { "scope.customer_group": "admin.invalid.required", raise_at: "admin.invalid.required" } });
    const g = { ...emptyRuleForm(), name: "x", metric: "abandon_rate" as const, queue: "billing", raise_at: "120" };
    expect(ruleFromForm(g)).toEqual({ ok: false, errors: { raise_at: "admin.invalid.too_large" } });
  });
  it("webhooks: a blank secret is left out; a short one or a bad URL is refused", () => {
    expect(webhookFromForm({ name: "h", url: "https://x.example/h", secret: "", enabled: true })).toEqual({
      ok: true,
      body: { name: "h", url: "https://x.example/h", enabled: true },
    });
    expect(webhookFromForm({ name: "h", url: "ftp://x", secret: "short", enabled: true })).toEqual({
      ok: false,
      errors: { url: "admin.invalid.http_url", secret: "admin.invalid.secret_short" },
    });
  });
});

describe("chat forms", () => {
  it("widget: origins one a line, blank titles dropped", () => {
    const w = { id: 1, key: "wg_demo", name: "Shop", queue: "support-chat", allowed_origins: ["https://shop.example", "http://localhost:5173"], enabled: true, title: { en: "Chat with us" } };
    const f = widgetToForm(w);
    expect(f.allowed_origins).toBe("https://shop.example\nhttp://localhost:5173");
    expect(widgetFromForm(f)).toEqual({
      ok: true,
      body: { name: "Shop", queue: "support-chat", allowed_origins: ["https://shop.example", "http://localhost:5173"], enabled: true, title: { en: "Chat with us" } },
    });
    expect(splitOrigins(" https://a.example/ ,*\n\nhttps://b.example:8443 ")).toEqual(["https://a.example", "*", "https://b.example:8443"]);
    expect(widgetFromForm({ ...f, allowed_origins: "shop.example" })).toEqual({ ok: false, errors: { allowed_origins: "admin.invalid.origin" } });
  });
  it("widget embed snippet", () => {
    expect(embedSnippet("https://sy.example/", "wg_demo", "zh-CN")).toBe(
      '<script src="https://sy.example/widget.js" data-widget="wg_demo" data-lang="zh-CN" async></script>',
    );
  });
  it("desk: round trip, codes required and unique", () => {
    const d = { script: { en: "Greet.\n  Verify.", "zh-CN": "问候" }, dispositions: [{ code: "resolved", label: { en: "Resolved", "zh-CN": "已解决" } }] };
    expect(deskFromForm(deskToForm(d))).toEqual({ ok: true, body: d });
    const f = deskToForm(d);
    f.dispositions.push({ key: "x", code: "resolved", label: { en: "", "zh-CN": "" } }, { key: "y", code: " ", label: { en: "", "zh-CN": "" } });
    expect(deskFromForm(f)).toEqual({ ok: false, errors: { "dispositions[1].code": "admin.invalid.duplicate", "dispositions[2].code": "admin.invalid.required" } });
  });
  it("survey: lifetime in hours, at most 10 questions", () => {
    const s = { enabled: true, question: "Rate us", questions: ["What went well?"], ttl_s: 604800 };
    const f = surveyToForm(s);
    expect(f.ttl_hours).toBe("168");
    expect(surveyFromForm(f)).toEqual({ ok: true, body: s });
    f.questions = Array.from({ length: 11 }, (_, i) => ({ key: String(i), text: `q${i}` }));
    f.ttl_hours = "800";
    expect(surveyFromForm(f)).toEqual({ ok: false, errors: { questions: "admin.invalid.too_many_questions", ttl_s: "admin.invalid.too_large" } });
  });
});
