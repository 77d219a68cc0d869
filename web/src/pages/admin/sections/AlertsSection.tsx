// Alert rules (docs/api.md, "Alerts"): thresholds on live figures per
// queue or customer group, raised and cleared with hysteresis.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { emptyRuleForm, isRatio, metricUnit, raisedBelow, ruleFromForm, ruleToForm, type RuleForm } from "../forms/alerts";
import { adminPath } from "../nav";
import { loadAll, loadQueues, loadWebhooks, nameOptions } from "../refs";
import { METRICS, WINDOWS, type AlertRule, type Metric, type Queue, type Webhook } from "../types";
import { DataTable } from "../ui/DataTable";
import { ConfirmDialog } from "../ui/Dialog";
import { errorText } from "../ui/errors";
import { Loaded, Notice } from "../ui/feedback";
import { CheckboxField, CheckboxGroup, Fieldset, NumberField, SelectField, TextField, useFormState } from "../ui/form";
import { formatDateTime, formatDuration, formatNumber, formatPercent } from "../ui/format";
import { Link, useGo } from "../ui/Link";
import { BackLink, Badge, EditorForm, SectionHead } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

const loadRules = () => api<{ rules: AlertRule[] }>("GET", "/api/v1/alerts/rules").then((r) => r.rules);

export function AlertsSection(props: { item: string | null }) {
  return props.item ? <RuleEditor key={props.item} item={props.item} /> : <RuleList />;
}

/** A threshold as the metric reads: 80%, 60 s, 3. */
export function formatThreshold(lang: string, m: Metric, v: number): string {
  const u = metricUnit(m);
  if (u === "percent") return formatPercent(lang, v, 1);
  if (u === "seconds") return formatDuration(lang, v);
  return formatNumber(lang, v, 2);
}

function RuleList() {
  const { t, lang, timeZone } = useI18n();
  const list = useLoad(loadRules, []);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const remove = async () => {
    if (!deleting) return;
    try {
      await api("DELETE", `/api/v1/alerts/rules/${deleting.id}`);
      setDone(t("admin.deleted", { name: deleting.name }));
      setDeleting(null);
      list.reload();
    } catch (e) {
      setDeleteError(errorText(e, t));
    }
  };
  return (
    <section aria-labelledby="sy-rules-h">
      <SectionHead
        id="sy-rules-h"
        title={t("admin.nav.alerts")}
        intro={t("admin.rule.intro")}
        actions={
          <Link to={adminPath("alerts", "new")} className="sy-button sy-primary">
            {t("admin.rule.new")}
          </Link>
        }
      />
      {done && <Notice kind="success">{done}</Notice>}
      <Loaded state={list}>
        {(rules) => (
          <DataTable
            caption={t("admin.rule.list")}
            rows={rules}
            rowKey={(r) => r.id}
            empty={t("admin.empty")}
            columns={[
              { key: "name", header: t("admin.field.name"), render: (r) => <Link to={adminPath("alerts", r.id)}>{r.name}</Link> },
              { key: "metric", header: t("admin.rule.metric"), render: (r) => t(`admin.metric.${r.metric}`) },
              {
                key: "scope",
                header: t("admin.rule.scope"),
                render: (r) =>
                  r.scope.customer_group !== undefined
                    ? t("admin.rule.scope_group_value", { name: r.scope.customer_group })
                    : t("admin.rule.scope_queue_value", { name: r.scope.name ?? String(r.scope.queue) }),
              },
              { key: "window", header: t("admin.rule.window"), render: (r) => t(`admin.window.${r.window}`) },
              {
                key: "thresholds",
                header: t("admin.rule.thresholds"),
                render: (r) =>
                  t(raisedBelow(r.metric) ? "admin.rule.below_value" : "admin.rule.above_value", {
                    raise: formatThreshold(lang, r.metric, r.raise_at),
                    clear: formatThreshold(lang, r.metric, r.clear_at),
                  }),
              },
              {
                key: "state",
                header: t("admin.field.status"),
                render: (r) =>
                  !r.enabled ? (
                    <Badge kind="off">{t("admin.rule.disabled")}</Badge>
                  ) : r.active ? (
                    <Badge kind="alert">{t("admin.rule.active_since", { time: formatDateTime(lang, timeZone, r.active_since_ms) })}</Badge>
                  ) : (
                    <Badge kind="ok">{t("admin.rule.quiet")}</Badge>
                  ),
              },
              {
                key: "actions",
                header: t("admin.field.actions"),
                render: (r) => (
                  <button
                    type="button"
                    className="sy-danger"
                    aria-label={t("admin.delete_named", { name: r.name })}
                    onClick={() => {
                      setDeleteError(null);
                      setDeleting(r);
                    }}
                  >
                    {t("admin.action.delete")}
                  </button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {deleting && (
        <ConfirmDialog
          title={t("admin.rule.delete_title")}
          message={t("admin.rule.delete_confirm", { name: deleting.name })}
          confirmLabel={t("admin.action.delete")}
          error={deleteError}
          onClose={() => setDeleting(null)}
          onConfirm={remove}
        />
      )}
    </section>
  );
}

interface RuleRefs {
  rule: AlertRule | null;
  queues: Queue[];
  webhooks: Webhook[];
}

function RuleEditor(props: { item: string }) {
  const { t } = useI18n();
  const creating = props.item === "new";
  const data = useLoad<RuleRefs>(
    () =>
      loadAll({
        // There is no GET of one rule: it comes from the list.
        rule: async () => {
          if (creating) return null;
          const rule = (await loadRules()).find((r) => String(r.id) === props.item);
          if (!rule) throw new Error(t("admin.rule.not_found", { id: props.item }));
          return rule;
        },
        queues: loadQueues,
        webhooks: () => loadWebhooks().catch(() => [] as Webhook[]),
      }),
    [props.item],
  );
  return (
    <section aria-labelledby="sy-rule-h">
      <BackLink to={adminPath("alerts")} label={t("admin.nav.alerts")} />
      <Loaded state={data}>
        {(d) => (
          <>
            <h2 id="sy-rule-h">{d.rule ? t("admin.rule.edit", { name: d.rule.name }) : t("admin.rule.new")}</h2>
            <RuleFormView refs={d} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function RuleFormView(props: { refs: RuleRefs }) {
  const { t } = useI18n();
  const go = useGo();
  const { refs } = props;
  const creating = refs.rule === null;
  const [f, setF] = useState<RuleForm>(() => (refs.rule ? ruleToForm(refs.rule) : emptyRuleForm()));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const up = (patch: Partial<RuleForm>) => {
    setSaved(null);
    setF((x) => ({ ...x, ...patch }));
  };
  const save = async () => {
    const m = ruleFromForm(f);
    if (!m.ok) return form.invalid(m.errors);
    const r = await form.run(() =>
      creating ? api<AlertRule>("POST", "/api/v1/alerts/rules", m.body) : api<AlertRule>("PUT", `/api/v1/alerts/rules/${refs.rule!.id}`, m.body),
    );
    if (!r) return;
    if (creating) go(adminPath("alerts", r.value.id));
    else {
      setF(ruleToForm(r.value));
      setSaved(t("admin.saved"));
    }
  };
  const unit = metricUnit(f.metric);
  const unitLabel = unit === "percent" ? "%" : unit === "seconds" ? t("admin.unit.s") : undefined;
  const below = raisedBelow(f.metric);
  const groupsAllowed = f.metric !== "available_agents";
  return (
    <EditorForm
      formRef={form.ref}
      errors={form.errors}
      busy={form.busy}
      saved={saved}
      onSubmit={save}
      label={t("admin.rule.form")}
      submitLabel={creating ? t("admin.action.create") : t("admin.action.save")}
    >
      <div className="sy-grid">
        <TextField name="name" label={t("admin.field.name")} value={f.name} required onChange={(v) => up({ name: v })} />
        <SelectField
          name="metric"
          label={t("admin.rule.metric")}
          hint={t(`admin.metric_hint.${f.metric}`)}
          value={f.metric}
          options={METRICS.map((m) => ({ value: m, label: t(`admin.metric.${m}`) }))}
          onChange={(v) => {
            const m = v as Metric;
            // Thresholds change unit with the metric: start them over.
            const sameUnit = metricUnit(m) === metricUnit(f.metric);
            up({
              metric: m,
              raise_at: sameUnit ? f.raise_at : "",
              clear_at: sameUnit ? f.clear_at : "",
              scope_kind: m === "available_agents" ? "queue" : f.scope_kind,
            });
          }}
        />
      </div>
      <Fieldset name="scope" legend={t("admin.rule.scope")}>
        <div className="sy-grid">
          <SelectField
            name="scope_kind"
            label={t("admin.rule.scope_kind")}
            value={f.scope_kind}
            options={[
              { value: "queue", label: t("admin.rule.scope_queue") },
              ...(groupsAllowed ? [{ value: "customer_group", label: t("admin.rule.scope_group") }] : []),
            ]}
            onChange={(v) => up({ scope_kind: v as RuleForm["scope_kind"] })}
          />
          {f.scope_kind === "queue" ? (
            <SelectField
              name="scope.queue"
              label={t("admin.rule.queue")}
              value={f.queue}
              options={nameOptions(
                refs.queues.map((q) => q.config.name),
                f.queue,
                t("admin.choose"),
              )}
              onChange={(v) => up({ queue: v })}
            />
          ) : (
            <TextField
              name="scope.customer_group"
              label={t("admin.rule.group")}
              hint={t("admin.rule.group_hint")}
              value={f.customer_group}
              onChange={(v) => up({ customer_group: v })}
            />
          )}
        </div>
      </Fieldset>
      <Fieldset legend={t("admin.rule.thresholds")} hint={t(below ? "admin.rule.below_hint" : "admin.rule.above_hint")}>
        <div className="sy-grid">
          {isRatio(f.metric) && (
            <SelectField
              name="window"
              label={t("admin.rule.window")}
              value={f.window}
              options={WINDOWS.map((w) => ({ value: w, label: t(`admin.window.${w}`) }))}
              onChange={(v) => up({ window: v })}
            />
          )}
          <NumberField name="raise_at" label={t("admin.rule.raise_at")} unit={unitLabel} value={f.raise_at} required min={0} onChange={(v) => up({ raise_at: v })} />
          <NumberField name="clear_at" label={t("admin.rule.clear_at")} unit={unitLabel} hint={t("admin.rule.clear_hint")} value={f.clear_at} min={0} onChange={(v) => up({ clear_at: v })} />
          <NumberField name="for_s" label={t("admin.rule.for")} unit={t("admin.unit.s")} hint={t("admin.rule.for_hint")} value={f.for_s} min={0} onChange={(v) => up({ for_s: v })} />
          {isRatio(f.metric) && (
            <NumberField
              name="min_contacts"
              label={t("admin.rule.min_contacts")}
              hint={t("admin.rule.min_contacts_hint")}
              value={f.min_contacts}
              min={0}
              step="1"
              onChange={(v) => up({ min_contacts: v })}
            />
          )}
        </div>
      </Fieldset>
      <CheckboxGroup
        name="webhooks"
        legend={t("admin.rule.webhooks")}
        hint={t("admin.rule.webhooks_hint")}
        empty={t("admin.rule.no_webhooks")}
        options={refs.webhooks.map((w) => ({ value: String(w.id), label: w.name }))}
        values={f.webhooks}
        onChange={(v) => up({ webhooks: v })}
      />
      <CheckboxField name="enabled" label={t("admin.rule.enabled")} checked={f.enabled} onChange={(v) => up({ enabled: v })} />
    </EditorForm>
  );
}
