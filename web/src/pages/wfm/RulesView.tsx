// The planners' shift rules (/wfm/rules; planners and admins): shift
// templates as cards (start window, step, lengths, weekdays, breaks), the
// work rules and the default contract (GET/PUT /api/v1/wfm/rules), then the
// per-agent overrides (AgentRules.tsx). People read hours and times of day;
// the server gets minutes. A refusal names the field (e.g.
// `templates[0].breaks[1].earliest_offset_min`), shown beside its input.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { CheckboxGroup, Fieldset, NumberField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { AgentRulesPanel } from "./AgentRules";
import { CellCheckbox, CellInput, CellTable, FieldMessage } from "./CellField";
import { SaveForm } from "./SaveForm";
import {
  newBreak, newTemplate, RULES_PATH, rulesBody, rulesDraft, WEEKDAYS, weekdayName,
  type BreakDraft, type ContractDraft, type RulesDraft, type ShiftRules, type TemplateDraft,
} from "./rulesData";

export function RulesView() {
  const { t } = useI18n();
  const state = useLoad(() => api<ShiftRules>("GET", RULES_PATH), []);
  if (state.error !== undefined && isMissingRoute(state.error)) return <Notice kind="warning">{t("wfm.rules.unavailable")}</Notice>;
  return (
    <section aria-labelledby="sy-wfm-rules-h">
      <h2 id="sy-wfm-rules-h">{t("wfm.rules.title")}</h2>
      <p className="sy-intro">{t("wfm.rules.intro")}</p>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {state.data && <RulesForm initial={state.data} onSaved={state.set} />}
      {state.data && <AgentRulesPanel rules={state.data} />}
    </section>
  );
}

/** Contract fields (weekly hours min / max, leave credit) under `at` ("contract"). */
export function ContractFields(props: { at: string; value: ContractDraft; onChange: (patch: Partial<ContractDraft>) => void; disabled?: boolean }) {
  const { t } = useI18n();
  const { at, value: c } = props;
  return (
    <div className="sy-filters">
      <NumberField name={`${at}.min_weekly_min`} label={t("wfm.rules.min_weekly")} unit={t("wfm.rules.hours_unit")} value={c.min_h} min={0} step="0.5" disabled={props.disabled} onChange={(v) => props.onChange({ min_h: v })} />
      <NumberField name={`${at}.max_weekly_min`} label={t("wfm.rules.max_weekly")} unit={t("wfm.rules.hours_unit")} value={c.max_h} min={0} step="0.5" disabled={props.disabled} onChange={(v) => props.onChange({ max_h: v })} />
      <NumberField name={`${at}.leave_credit_min`} label={t("wfm.rules.leave_credit")} unit={t("wfm.rules.hours_unit")} hint={t("wfm.rules.leave_credit_hint")} value={c.leave_h} min={0} step="0.5" disabled={props.disabled} onChange={(v) => props.onChange({ leave_h: v })} />
    </div>
  );
}

function RulesForm(props: { initial: ShiftRules; onSaved: (r: ShiftRules) => void }) {
  const { t } = useI18n();
  const form = useFormState();
  const [d, setD] = useState<RulesDraft>(() => rulesDraft(props.initial));
  const [defaults, setDefaults] = useState(!!props.initial.defaults);
  const [saved, setSaved] = useState(false);
  const up = (patch: Partial<RulesDraft>) => {
    setD((x) => ({ ...x, ...patch }));
    setSaved(false);
  };
  const upTemplate = (i: number, patch: Partial<TemplateDraft>) => up({ templates: d.templates.map((x, j) => (j === i ? { ...x, ...patch } : x)) });

  const submit = async () => {
    setSaved(false);
    const b = rulesBody(d);
    if ("bad" in b) return form.invalid(b.bad);
    const r = await form.run(() => api<ShiftRules>("PUT", RULES_PATH, b.body));
    if (!r) return;
    // the server's copy is the truth
    setD(rulesDraft(r.value));
    setDefaults(!!r.value.defaults);
    props.onSaved(r.value);
    setSaved(true);
  };

  return (
    <SaveForm form={form} label={t("wfm.rules.form")} className="sy-wfm-rules" onSave={() => void submit()} save={t("wfm.rules.save")} saved={saved ? t("wfm.rules.saved") : null}>
      {defaults && <Notice kind="info">{t("wfm.rules.defaults")}</Notice>}
      <Fieldset name="templates" legend={t("wfm.rules.templates")} hint={t("wfm.rules.templates_hint")}>
        <div className="sy-wfm-cards">
          {d.templates.map((x, i) => (
            <TemplateCard
              key={x.key}
              index={i}
              value={x}
              canRemove={d.templates.length > 1}
              onChange={(patch) => upTemplate(i, patch)}
              onRemove={() => up({ templates: d.templates.filter((_, j) => j !== i) })}
            />
          ))}
        </div>
        <button type="button" onClick={() => up({ templates: [...d.templates, newTemplate(d.templates.map((x) => x.id))] })}>
          {t("wfm.rules.add_template")}
        </button>
      </Fieldset>

      <Fieldset name="work" legend={t("wfm.rules.work")}>
        <div className="sy-filters">
          <NumberField name="work.min_rest_min" label={t("wfm.rules.min_rest")} unit={t("wfm.rules.hours_unit")} hint={t("wfm.rules.min_rest_hint")} value={d.rest_h} min={0} step="0.5" onChange={(v) => up({ rest_h: v })} />
          <NumberField name="work.min_days_off_per_week" label={t("wfm.rules.days_off")} value={d.days_off} min={0} max={7} step="1" onChange={(v) => up({ days_off: v })} />
          <NumberField name="work.max_consecutive_days" label={t("wfm.rules.max_days")} value={d.max_days} min={1} max={14} step="1" onChange={(v) => up({ max_days: v })} />
        </div>
      </Fieldset>

      <Fieldset name="contract" legend={t("wfm.rules.contract")} hint={t("wfm.rules.contract_hint")}>
        <ContractFields at="contract" value={d.contract} onChange={(patch) => up({ contract: { ...d.contract, ...patch } })} />
      </Fieldset>
    </SaveForm>
  );
}

function TemplateCard(props: { index: number; value: TemplateDraft; canRemove: boolean; onChange: (patch: Partial<TemplateDraft>) => void; onRemove: () => void }) {
  const { t, lang } = useI18n();
  const { index: i, value: x } = props;
  const at = `templates[${i}]`;
  const name = x.id.trim() || String(i + 1);
  const upBreak = (j: number, patch: Partial<BreakDraft>) => props.onChange({ breaks: x.breaks.map((b, k) => (k === j ? { ...b, ...patch } : b)) });
  return (
    <Fieldset name={at} legend={t("wfm.rules.template_legend", { name })} className="sy-wfm-card">
      <div className="sy-filters">
        <TextField name={`${at}.id`} label={t("wfm.rules.template_id")} value={x.id} onChange={(v) => props.onChange({ id: v })} />
        <TextField name={`${at}.earliest_start_min`} type="time" step="900" label={t("wfm.rules.earliest_start")} value={x.earliest} onChange={(v) => props.onChange({ earliest: v })} />
        <TextField name={`${at}.latest_start_min`} type="time" step="900" label={t("wfm.rules.latest_start")} value={x.latest} onChange={(v) => props.onChange({ latest: v })} />
        <NumberField name={`${at}.start_step_min`} label={t("wfm.rules.step")} unit={t("wfm.rules.minutes_unit")} value={x.step} min={5} step="5" onChange={(v) => props.onChange({ step: v })} />
        <TextField name={`${at}.lengths_min`} label={t("wfm.rules.lengths")} hint={t("wfm.rules.lengths_hint")} value={x.lengths} inputMode="decimal" onChange={(v) => props.onChange({ lengths: v })} />
      </div>
      <CheckboxGroup
        name={`${at}.weekdays`}
        legend={t("wfm.rules.weekdays")}
        options={WEEKDAYS.map((w) => ({ value: String(w), label: weekdayName(lang, w, true) }))}
        values={x.weekdays.map(String)}
        onChange={(v) => props.onChange({ weekdays: v.map(Number).sort((a, b) => a - b) })}
      />
      <CellTable
        className="sy-wfm-breaks"
        caption={t("wfm.rules.breaks_caption", { name })}
        headers={[
          t("wfm.rules.break_name"), t("wfm.rules.break_min_shift"), t("wfm.rules.break_earliest"), t("wfm.rules.break_latest"),
          t("wfm.rules.break_min_len"), t("wfm.rules.break_max_len"), t("wfm.rules.break_paid"), t("wfm.actions"),
        ]}
        empty={x.breaks.length === 0 ? t("wfm.rules.no_breaks") : undefined}
      >
        {x.breaks.map((b, j) => {
          const bat = `${at}.breaks[${j}]`;
          const row = { n: j + 1, name };
          const cell = (col: string) => t("wfm.rules.break_cell", { ...row, column: t(`wfm.rules.${col}`) });
          return (
            <tr key={b.key}>
              <td>
                <CellInput name={`${bat}.name`} label={cell("break_name")} value={b.name} size={10} onChange={(v) => upBreak(j, { name: v })} />
              </td>
              <td>
                <CellInput name={`${bat}.min_shift_length_min`} label={cell("break_min_shift")} value={b.min_shift_h} size={4} inputMode="decimal" onChange={(v) => upBreak(j, { min_shift_h: v })} />
              </td>
              <td>
                <CellInput name={`${bat}.earliest_offset_min`} label={cell("break_earliest")} value={b.earliest} size={5} onChange={(v) => upBreak(j, { earliest: v })} />
              </td>
              <td>
                <CellInput name={`${bat}.latest_offset_min`} label={cell("break_latest")} value={b.latest} size={5} onChange={(v) => upBreak(j, { latest: v })} />
              </td>
              <td>
                <CellInput name={`${bat}.min_length_min`} label={cell("break_min_len")} value={b.min_len} size={4} inputMode="numeric" onChange={(v) => upBreak(j, { min_len: v })} />
              </td>
              <td>
                <CellInput name={`${bat}.max_length_min`} label={cell("break_max_len")} value={b.max_len} size={4} inputMode="numeric" onChange={(v) => upBreak(j, { max_len: v })} />
              </td>
              <td>
                <CellCheckbox name={`${bat}.paid`} label={cell("break_paid")} checked={b.paid} onChange={(v) => upBreak(j, { paid: v })} />
              </td>
              <td>
                <FieldMessage name={bat} />
                <button type="button" className="sy-danger" aria-label={t("wfm.rules.remove_break_label", row)} onClick={() => props.onChange({ breaks: x.breaks.filter((_, k) => k !== j) })}>
                  {t("wfm.rules.remove_break")}
                </button>
              </td>
            </tr>
          );
        })}
      </CellTable>
      <FieldMessage name={`${at}.breaks`} />
      <p className="sy-hint">{t("wfm.rules.breaks_hint")}</p>
      <div className="sy-row-actions">
        <button type="button" aria-label={t("wfm.rules.add_break_label", { name })} onClick={() => props.onChange({ breaks: [...x.breaks, newBreak()] })}>
          {t("wfm.rules.add_break")}
        </button>
        <button type="button" className="sy-danger" disabled={!props.canRemove} aria-label={t("wfm.rules.remove_template_label", { name })} onClick={props.onRemove}>
          {t("wfm.rules.remove_template")}
        </button>
      </div>
    </Fieldset>
  );
}
