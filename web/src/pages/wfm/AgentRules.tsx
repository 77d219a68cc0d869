// Per-agent overrides of the rules (a part of /wfm/rules): the agents that
// have some (GET /api/v1/wfm/agent-rules) with a summary each, and an
// editor: pick an agent (GET /api/v1/agents), its own contract or the
// center's, its weekly availability (Monday..Sunday, from / to; off = always
// available), its preferred start range and days off, the templates it may
// work (none ticked = all). Save is PUT .../agent-rules/{agent}, Remove is
// DELETE (the center's rules apply again). Applies to schedules generated
// from then on.
import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { CheckboxField, CheckboxGroup, Fieldset, SelectField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { CellCheckbox, CellInput, FieldMessage } from "./CellField";
import { ContractFields } from "./RulesView";
import { SaveForm } from "./SaveForm";
import {
  AGENT_RULES_PATH, agentBody, agentDraft, agentRulesPath, availabilitySpan, hoursText, WEEKDAYS, weekdayName, weekdayRanges,
  type AgentDraft, type AgentRules, type DayDraft, type ShiftRules,
} from "./rulesData";
import { hhmm } from "./wfmData";

export function AgentRulesPanel(props: { rules: ShiftRules }) {
  const { t, lang } = useI18n();
  const list = useLoad(() => api<{ agents: AgentRules[] }>("GET", AGENT_RULES_PATH).then((r) => r.agents), []);
  const agents = useLoad(
    () => api<{ config: { name: string } }[]>("GET", "/api/v1/agents").then((as) => as.map((a) => a.config.name).sort((a, b) => a.localeCompare(b, "en", { numeric: true }))),
    [],
  );
  const [agent, setAgentState] = useState("");
  // what the last save or removal did, until another agent is picked
  const [done, setDone] = useState<string | null>(null);
  const setAgent = (a: string) => {
    setAgentState(a);
    setDone(null);
  };
  const names = agents.data ?? [];
  useEffect(() => {
    if (!agent && names.length > 0) setAgentState(names[0]);
  }, [agent, names]);

  if (list.error !== undefined && isMissingRoute(list.error))
    return (
      <section aria-labelledby="sy-wfm-agent-rules-h" className="sy-subsection">
        <h3 id="sy-wfm-agent-rules-h">{t("wfm.agent_rules.title")}</h3>
        <Notice kind="warning">{t("wfm.agent_rules.unavailable")}</Notice>
      </section>
    );
  const rows = list.data ?? [];
  const current = rows.find((r) => r.agent === agent) ?? null;
  const hours = (min: number) => t("wfm.rules.hours_n", { n: hoursText(min) });
  const summary = {
    contract: (r: AgentRules) =>
      r.contract ? t("wfm.agent_rules.contract_summary", { min: hours(r.contract.min_weekly_min), max: hours(r.contract.max_weekly_min), leave: hours(r.contract.leave_credit_min) }) : t("wfm.agent_rules.center_default"),
    availability: (r: AgentRules) => {
      if (!r.availability) return t("wfm.agent_rules.always");
      const parts = WEEKDAYS.flatMap((d) => {
        const a = r.availability?.[d];
        return a ? [`${weekdayName(lang, d)} ${availabilitySpan(a)}`] : [];
      });
      return parts.length ? parts.join(", ") : t("wfm.agent_rules.never");
    },
    preferences: (r: AgentRules) => {
      if (!r.preferences) return "—";
      const p = r.preferences;
      const start = t("wfm.agent_rules.start_summary", { from: hhmm(p.start_from_min), to: hhmm(p.start_to_min) });
      return p.days_off.length ? `${start}; ${t("wfm.agent_rules.days_off_summary", { days: weekdayRanges(p.days_off, lang) })}` : start;
    },
    templates: (r: AgentRules) => (r.templates.length ? r.templates.join(", ") : t("wfm.agent_rules.all_templates")),
  };

  return (
    <section aria-labelledby="sy-wfm-agent-rules-h" className="sy-subsection">
      <h3 id="sy-wfm-agent-rules-h">{t("wfm.agent_rules.title")}</h3>
      <p className="sy-intro">{t("wfm.agent_rules.intro")}</p>
      {list.error !== undefined && list.error !== null && <ErrorBanner message={errorText(list.error, t)} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <DataTable
          caption={t("wfm.agent_rules.list")}
          rows={rows}
          rowKey={(r) => r.agent}
          empty={t("wfm.agent_rules.none")}
          columns={[
            { key: "agent", header: t("wfm.agent"), render: (r) => r.agent },
            { key: "contract", header: t("wfm.agent_rules.contract"), render: summary.contract },
            { key: "availability", header: t("wfm.agent_rules.availability"), render: summary.availability },
            { key: "preferences", header: t("wfm.agent_rules.preferences"), render: summary.preferences },
            { key: "templates", header: t("wfm.agent_rules.templates"), render: summary.templates },
            {
              key: "edit",
              header: t("wfm.actions"),
              render: (r) => (
                <button type="button" aria-label={t("wfm.agent_rules.edit_label", { agent: r.agent })} onClick={() => setAgent(r.agent)}>
                  {t("wfm.agent_rules.edit")}
                </button>
              ),
            },
          ]}
        />
      )}

      <h4 id="sy-wfm-agent-edit-h">{t("wfm.agent_rules.editor")}</h4>
      <p className="sy-hint">{t("wfm.agent_rules.applies")}</p>
      {agents.error !== undefined && agents.error !== null && <ErrorBanner message={errorText(agents.error, t)} onRetry={agents.reload} />}
      <div className="sy-filters">
        <SelectField
          name="pick-agent"
          label={t("wfm.agent")}
          value={agent}
          disabled={names.length === 0}
          options={[...new Set([...names, ...rows.map((r) => r.agent)])].map((n) => ({ value: n, label: rows.some((r) => r.agent === n) ? t("wfm.agent_rules.has_overrides", { agent: n }) : n }))}
          onChange={setAgent}
        />
      </div>
      {agent && list.data && (
        // a fresh editor per agent (and per saved / removed row): the draft starts from the server's copy
        <AgentEditor
          key={`${agent}|${JSON.stringify(current)}`}
          agent={agent}
          current={current}
          rules={props.rules}
          onChanged={(row) => {
            list.set(row ? [...rows.filter((r) => r.agent !== agent), row].sort((a, b) => a.agent.localeCompare(b.agent, "en", { numeric: true })) : rows.filter((r) => r.agent !== agent));
            setDone(t(row ? "wfm.agent_rules.saved" : "wfm.agent_rules.removed", { agent }));
          }}
          onEdit={() => setDone(null)}
        />
      )}
      {done && <Notice kind="success">{done}</Notice>}
    </section>
  );
}

function AgentEditor(props: { agent: string; current: AgentRules | null; rules: ShiftRules; onChanged: (row: AgentRules | null) => void; onEdit: () => void }) {
  const { t, lang } = useI18n();
  const { agent } = props;
  const form = useFormState();
  const [d, setD] = useState<AgentDraft>(() => agentDraft(props.current, props.rules.contract));
  const up = (patch: Partial<AgentDraft>) => {
    setD((x) => ({ ...x, ...patch }));
    props.onEdit();
  };
  const upDay = (i: number, patch: Partial<DayDraft>) => up({ days: d.days.map((x, j) => (j === i ? { ...x, ...patch } : x)) });

  const save = async () => {
    const b = agentBody(d);
    if ("bad" in b) return form.invalid(b.bad);
    const r = await form.run(() => api<AgentRules>("PUT", agentRulesPath(agent), b.body));
    if (!r) return;
    props.onChanged(r.value ?? { agent, ...b.body });
  };
  const remove = async () => {
    const r = await form.run(() => api<void>("DELETE", agentRulesPath(agent)));
    if (r) props.onChanged(null);
  };
  const templateIds = props.rules.templates.map((x) => x.id);

  return (
    <SaveForm
      form={form}
      label={t("wfm.agent_rules.form", { agent })}
      className="sy-wfm-agent-rules"
      onSave={() => void save()}
      save={t("wfm.agent_rules.save")}
      after={
        props.current && (
          <button type="button" className="sy-danger" disabled={form.busy} aria-label={t("wfm.agent_rules.remove_label", { agent })} onClick={() => void remove()}>
            {t("wfm.agent_rules.remove")}
          </button>
        )
      }
    >
      {!props.current && <p className="sy-hint">{t("wfm.agent_rules.no_overrides", { agent })}</p>}
      <Fieldset name="contract" legend={t("wfm.agent_rules.contract")}>
        <CheckboxField role="switch" name="contract_on" label={t("wfm.agent_rules.contract_on")} hint={t("wfm.agent_rules.contract_on_hint")} checked={d.contractOn} onChange={(v) => up({ contractOn: v })} />
        {d.contractOn && <ContractFields at="contract" value={d.contract} onChange={(patch) => up({ contract: { ...d.contract, ...patch } })} />}
      </Fieldset>

      <Fieldset name="availability" legend={t("wfm.agent_rules.availability")}>
        <CheckboxField role="switch" name="availability_on" label={t("wfm.agent_rules.availability_on")} hint={t("wfm.agent_rules.availability_hint")} checked={d.availabilityOn} onChange={(v) => up({ availabilityOn: v })} />
        {d.availabilityOn && (
          <div className="sy-table-wrap">
            <table className="sy-table sy-wfm-availability">
              <caption>{t("wfm.agent_rules.week", { agent })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("wfm.day")}</th>
                  <th scope="col">{t("wfm.agent_rules.available")}</th>
                  <th scope="col">{t("wfm.agent_rules.from")}</th>
                  <th scope="col">{t("wfm.agent_rules.to")}</th>
                </tr>
              </thead>
              <tbody>
                {d.days.map((x, i) => {
                  const day = weekdayName(lang, i, true);
                  return (
                    <tr key={i}>
                      <th scope="row">
                        {day}
                        <FieldMessage name={`availability[${i}]`} />
                      </th>
                      <td>
                        <CellCheckbox name={`availability[${i}].available`} label={t("wfm.agent_rules.available_on", { day })} checked={x.available} onChange={(v) => upDay(i, { available: v })} />
                      </td>
                      <td>
                        <CellInput name={`availability[${i}].from_min`} type="time" step="900" label={t("wfm.agent_rules.from_on", { day })} value={x.from} disabled={!x.available} onChange={(v) => upDay(i, { from: v })} />
                      </td>
                      <td>
                        <CellInput name={`availability[${i}].to_min`} type="time" step="900" label={t("wfm.agent_rules.to_on", { day })} value={x.to} disabled={!x.available} onChange={(v) => upDay(i, { to: v })} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Fieldset>

      <Fieldset name="preferences" legend={t("wfm.agent_rules.preferences")} hint={t("wfm.agent_rules.preferences_hint")}>
        <CheckboxField role="switch" name="preferences_on" label={t("wfm.agent_rules.preferences_on")} checked={d.preferencesOn} onChange={(v) => up({ preferencesOn: v })} />
        {d.preferencesOn && (
          <>
            <div className="sy-filters">
              <TextField name="preferences.start_from_min" type="time" step="900" label={t("wfm.agent_rules.start_from")} value={d.startFrom} onChange={(v) => up({ startFrom: v })} />
              <TextField name="preferences.start_to_min" type="time" step="900" label={t("wfm.agent_rules.start_to")} value={d.startTo} onChange={(v) => up({ startTo: v })} />
            </div>
            <CheckboxGroup
              name="preferences.days_off"
              legend={t("wfm.agent_rules.days_off")}
              options={WEEKDAYS.map((w) => ({ value: String(w), label: weekdayName(lang, w, true) }))}
              values={d.daysOff.map(String)}
              onChange={(v) => up({ daysOff: v.map(Number).sort((a, b) => a - b) })}
            />
          </>
        )}
      </Fieldset>

      <CheckboxGroup
        name="templates"
        legend={t("wfm.agent_rules.templates")}
        hint={t("wfm.agent_rules.templates_hint")}
        options={[...new Set([...templateIds, ...d.templates])].map((id) => ({ value: id, label: id }))}
        values={d.templates}
        onChange={(v) => up({ templates: [...new Set([...templateIds, ...v])].filter((id) => v.includes(id)) })}
      />
    </SaveForm>
  );
}
