// The targeted-sampling plan (GET/PUT /quality/sampling; quality and admins):
// the rules that choose the work list (docs/quality.md, "Targeted
// sampling"), each a kind, a threshold and a weight; the quota per agent and
// week, the center's UTC offset and the seed. The server names a refused
// field (`rules[2].threshold`), shown beside it.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { isMissingRoute } from "../admin/ui/errors";
import { Loaded } from "../admin/ui/feedback";
import { NumberField, SelectField, useFormState } from "../admin/ui/form";
import { AddButton, RemoveButton, removeAt, replaceAt } from "../admin/ui/parts";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "../wfm/SaveForm";
import { Q, SAMPLING_KINDS, type SamplingPlan } from "./qualityData";

const PATH = `${Q}/sampling`;

export function SamplingPlanView() {
  const { t } = useI18n();
  const state = useLoad(() => api<SamplingPlan>("GET", PATH), []);
  if (state.error !== undefined && isMissingRoute(state.error)) return null;
  return (
    <details className="sy-q-sampling">
      <summary>{t("quality.sampling.title")}</summary>
      <Loaded state={state}>{(p) => <PlanForm initial={p} />}</Loaded>
    </details>
  );
}

interface RuleDraft {
  kind: string;
  threshold: string;
  weight: string;
}

function PlanForm(props: { initial: SamplingPlan }) {
  const { t } = useI18n();
  const form = useFormState();
  const [rules, setRules] = useState<RuleDraft[]>(() => props.initial.rules.map((r) => ({ kind: r.kind, threshold: String(r.threshold), weight: String(r.weight) })));
  const [quota, setQuota] = useState(String(props.initial.quota_per_agent_week));
  const [offset, setOffset] = useState(String(props.initial.utc_offset_min));
  const [seed, setSeed] = useState(String(props.initial.seed));
  const [saved, setSaved] = useState<string | null>(null);
  const num = (s: string) => (s.trim() === "" ? NaN : Number(s));
  const save = async () => {
    setSaved(null);
    const body: SamplingPlan = {
      rules: rules.map((r) => ({ kind: r.kind, threshold: num(r.threshold), weight: num(r.weight) })),
      quota_per_agent_week: num(quota),
      utc_offset_min: num(offset),
      seed: num(seed),
    };
    const r = await form.run(() => api<SamplingPlan>("PUT", PATH, body));
    if (r) setSaved(t("quality.sampling.saved"));
  };
  const set = (i: number, patch: Partial<RuleDraft>) => setRules(replaceAt(rules, i, { ...rules[i], ...patch }));
  return (
    <SaveForm form={form} label={t("quality.sampling.title")} onSave={() => void save()} save={t("quality.sampling.save")} saved={saved}>
      <p className="sy-hint">{t("quality.sampling.intro")}</p>
      {rules.map((r, i) => (
        <div key={i} className="sy-row" data-field={`rules[${i}]`}>
          <SelectField
            name={`rules[${i}].kind`}
            label={t("quality.sampling.rule_n", { n: i + 1 })}
            value={r.kind}
            onChange={(v) => set(i, { kind: v })}
            options={SAMPLING_KINDS.map((k) => ({ value: k, label: t(`quality.reason.${k}`) }))}
          />
          <NumberField name={`rules[${i}].threshold`} label={t("quality.sampling.threshold")} hint={t(`quality.sampling.unit.${r.kind}`)} value={r.threshold} onChange={(v) => set(i, { threshold: v })} />
          <NumberField name={`rules[${i}].weight`} label={t("quality.worklist.weight")} value={r.weight} onChange={(v) => set(i, { weight: v })} />
          <RemoveButton label={t("quality.sampling.remove", { n: i + 1 })} onClick={() => setRules(removeAt(rules, i))} />
        </div>
      ))}
      <AddButton label={t("quality.sampling.add")} onClick={() => setRules([...rules, { kind: "random", threshold: "0", weight: "0.1" }])} />
      <div className="sy-grid">
        <NumberField name="quota_per_agent_week" label={t("quality.sampling.quota")} step="1" value={quota} onChange={setQuota} />
        <NumberField name="utc_offset_min" label={t("quality.sampling.offset")} step="1" value={offset} onChange={setOffset} />
        <NumberField name="seed" label={t("quality.sampling.seed")} hint={t("quality.sampling.seed_hint")} step="1" value={seed} onChange={setSeed} />
      </div>
    </SaveForm>
  );
}
