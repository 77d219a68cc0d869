// Alert rules (docs/api.md, "Alerts"): thresholds on live figures per
// queue or customer group, raised and cleared with hysteresis.
import { useI18n } from "../../../i18n";
import { emptyRuleForm, isRatio, metricUnit, raisedBelow, ruleFromForm, ruleToForm, type RuleForm } from "../forms/alerts";
import { nameOptions } from "../refs";
import { QUEUES, RULES, WEBHOOKS } from "../resources";
import { METRICS, WINDOWS, type AlertRule, type Metric, type Queue, type Webhook } from "../types";
import { nameColumn, removeColumn, ResourceEditor, ResourceList, useResourceForm } from "../ui/crud";
import { CheckboxField, CheckboxGroup, Fieldset, NumberField, SelectField, TextField } from "../ui/form";
import { formatDateTime, formatDuration, formatNumber, formatPercent } from "../ui/format";
import { Badge, EditorForm, NameField } from "../ui/parts";

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
  return (
    <ResourceList
      res={RULES}
      columns={(_, list) => [
        nameColumn(RULES, t),
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
        removeColumn(t, list),
      ]}
    />
  );
}

function RuleEditor(props: { item: string }) {
  return (
    <ResourceEditor res={RULES} item={props.item} refs={{ queues: QUEUES.list, webhooks: () => WEBHOOKS.list().catch(() => [] as Webhook[]) }}>
      {(rule, refs) => <RuleFormView rule={rule} queues={refs.queues} webhooks={refs.webhooks} />}
    </ResourceEditor>
  );
}

function RuleFormView(props: { rule: AlertRule | null; queues: Queue[]; webhooks: Webhook[] }) {
  const { t } = useI18n();
  const { f, up, formProps } = useResourceForm(RULES, props.rule, { empty: emptyRuleForm, toForm: ruleToForm, fromForm: ruleFromForm });
  const unit = metricUnit(f.metric);
  const unitLabel = unit === "percent" ? "%" : unit === "seconds" ? t("admin.unit.s") : undefined;
  const below = raisedBelow(f.metric);
  const groupsAllowed = f.metric !== "available_agents";
  return (
    <EditorForm {...formProps}>
      <div className="sy-grid">
        <NameField value={f.name} onChange={(v) => up({ name: v })} />
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
                props.queues.map((q) => q.config.name),
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
        options={props.webhooks.map((w) => ({ value: String(w.id), label: w.name }))}
        values={f.webhooks}
        onChange={(v) => up({ webhooks: v })}
      />
      <CheckboxField name="enabled" label={t("admin.rule.enabled")} checked={f.enabled} onChange={(v) => up({ enabled: v })} />
    </EditorForm>
  );
}
