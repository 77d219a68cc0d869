// Queues: the list, and an editor for the routing configuration, the
// desk configuration (script, disposition codes), the survey form and,
// for voice queues, the uploaded greeting and hold music.
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { emptyQueueForm, newReqRow, newStepRow, queueFromForm, queueToForm, type QueueForm, type ReqRow } from "../forms/queue";
import { rowKey } from "../forms/common";
import { loadNamed, nameOptions } from "../refs";
import { QUEUES } from "../resources";
import { CHANNELS, EXIT_ACTIONS, STRATEGIES, type Queue } from "../types";
import { nameColumn, ResourceEditor, ResourceList, useResourceForm, type RefsOf } from "../ui/crud";
import { CheckboxField, CheckboxGroup, Fieldset, NumberField, SelectField, TextField } from "../ui/form";
import { formatNumber, formatSeconds } from "../ui/format";
import { AddButton, Badge, EditorForm, NameField, RemoveButton, removeAt, replaceAt } from "../ui/parts";
import { DeskEditor } from "./DeskEditor";
import { PromptsEditor } from "./PromptsEditor";
import { SurveyEditor } from "./SurveyEditor";

export function QueuesSection(props: { item: string | null }) {
  return props.item ? <QueueEditor key={props.item} item={props.item} /> : <QueueList />;
}

function QueueList() {
  const { t, lang } = useI18n();
  return (
    <ResourceList
      res={QUEUES}
      columns={() => [
        nameColumn(QUEUES, t),
        { key: "channel", header: t("admin.queue.channel"), render: (q) => t(`admin.channel.${q.config.channel}`) },
        {
          key: "open",
          header: t("admin.queue.status"),
          render: (q) => (q.config.open ? <Badge kind="ok">{t("admin.queue.open")}</Badge> : <Badge kind="off">{t("admin.queue.closed")}</Badge>),
        },
        { key: "strategy", header: t("admin.queue.strategy"), render: (q) => t(`admin.strategy.${q.config.strategy}`) },
        {
          key: "skills",
          header: t("admin.queue.skills"),
          render: (q) =>
            q.config.skills.length === 0 ? t("admin.queue.any_agent") : q.config.skills.map((s) => `${s.skill} ≥ ${s.min_proficiency ?? 1}`).join(", "),
        },
        {
          key: "sl",
          header: t("admin.queue.sl"),
          render: (q) =>
            t("admin.queue.sl_value", {
              pct: formatNumber(lang, q.config.sl_target_pct, 1),
              time: formatSeconds(lang, q.config.sl_target_ms / 1000),
            }),
        },
        { key: "exit", header: t("admin.queue.exit_action"), render: (q) => t(`admin.exit.${q.config.exit_action}`) },
      ]}
    />
  );
}

const queueRefs = {
  skills: () => loadNamed("skills"),
  teams: () => loadNamed("teams"),
  sites: () => loadNamed("sites"),
  queues: QUEUES.list,
  defaultAcwMs: () =>
    api<{ default_acw_ms?: number }>("GET", "/api/v1/settings").then(
      (s) => s.default_acw_ms ?? null,
      () => null,
    ),
};

function QueueEditor(props: { item: string }) {
  return (
    <ResourceEditor res={QUEUES} item={props.item} refs={queueRefs}>
      {(queue, refs) => (
        <>
          <QueueFormView queue={queue} refs={refs} />
          {queue && queue.config.channel === "voice" && <PromptsEditor queueId={queue.id} />}
          {queue && <DeskEditor queueId={queue.id} />}
          {queue && <SurveyEditor queueId={queue.id} />}
        </>
      )}
    </ResourceEditor>
  );
}

function QueueFormView(props: { queue: Queue | null; refs: RefsOf<typeof queueRefs> }) {
  const { t, lang } = useI18n();
  const { refs } = props;
  const { f, up, creating, formProps } = useResourceForm(QUEUES, props.queue, {
    empty: emptyQueueForm,
    toForm: (q) => queueToForm(q.config),
    fromForm: queueFromForm,
    label: "admin.queue.routing",
  });
  const upOverflow = (patch: Partial<QueueForm["overflow"]>) => up({ overflow: { ...f.overflow, ...patch } });

  const skillNames = refs.skills.map((s) => s.name);
  const siteNames = refs.sites.map((s) => s.name);
  const teamNames = refs.teams.map((s) => s.name);
  const otherQueues = refs.queues.map((q) => q.config.name).filter((n) => n !== f.name);

  const reqRows = (base: string, rows: ReqRow[], set: (rows: ReqRow[]) => void, what: string) => (
    <>
      {rows.map((r, i) => (
        <div className="sy-row" key={r.key}>
          <SelectField
            name={`${base}[${i}].skill`}
            label={t("admin.queue.skill_n", { n: i + 1 })}
            value={r.skill}
            options={nameOptions(skillNames, r.skill, t("admin.choose"))}
            onChange={(v) => set(replaceAt(rows, i, { ...r, skill: v }))}
          />
          <NumberField
            name={`${base}[${i}].min_proficiency`}
            label={t("admin.queue.min_proficiency")}
            value={r.min_proficiency}
            min={1}
            max={5}
            step="1"
            onChange={(v) => set(replaceAt(rows, i, { ...r, min_proficiency: v }))}
          />
          <RemoveButton label={t("admin.remove_n", { what, n: i + 1 })} onClick={() => set(removeAt(rows, i))} />
        </div>
      ))}
    </>
  );

  return (
    <EditorForm {...formProps}>
      <Fieldset legend={t("admin.queue.general")}>
        <div className="sy-grid">
          <NameField value={f.name} fixed={creating ? undefined : t("admin.queue.no_rename")} onChange={(v) => up({ name: v })} />
          <SelectField
            name="channel"
            label={t("admin.queue.channel")}
            value={f.channel}
            options={CHANNELS.map((c) => ({ value: c, label: t(`admin.channel.${c}`) }))}
            onChange={(v) => up({ channel: v as QueueForm["channel"] })}
          />
          <SelectField
            name="strategy"
            label={t("admin.queue.strategy")}
            value={f.strategy}
            options={STRATEGIES.map((s) => ({ value: s, label: t(`admin.strategy.${s}`) }))}
            onChange={(v) => up({ strategy: v })}
          />
          <NumberField name="priority" label={t("admin.queue.priority")} hint={t("admin.queue.priority_hint")} value={f.priority} step="1" onChange={(v) => up({ priority: v })} />
          <NumberField name="weight" label={t("admin.queue.weight")} hint={t("admin.queue.weight_hint")} value={f.weight} min={0} onChange={(v) => up({ weight: v })} />
        </div>
        <CheckboxField name="open" label={t("admin.queue.is_open")} hint={t("admin.queue.open_hint")} checked={f.open} onChange={(v) => up({ open: v })} />
      </Fieldset>

      <Fieldset name="skills" legend={t("admin.queue.skills")} hint={t("admin.queue.skills_hint")}>
        {reqRows("skills", f.skills, (rows) => up({ skills: rows }), t("admin.queue.skill"))}
        <AddButton label={t("admin.queue.add_skill")} onClick={() => up({ skills: [...f.skills, newReqRow()] })} />
      </Fieldset>

      <Fieldset legend={t("admin.queue.sl")}>
        <div className="sy-grid">
          <NumberField name="sl_target_pct" label={t("admin.queue.sl_pct")} unit="%" value={f.sl_target_pct} min={0} max={100} onChange={(v) => up({ sl_target_pct: v })} />
          <NumberField name="sl_target_ms" label={t("admin.queue.sl_time")} unit={t("admin.unit.s")} value={f.sl_target_s} min={0} onChange={(v) => up({ sl_target_s: v })} />
        </div>
      </Fieldset>

      <Fieldset legend={t("admin.queue.limits")}>
        <div className="sy-grid">
          <NumberField name="max_length" label={t("admin.queue.max_length")} hint={t("admin.queue.zero_unlimited")} value={f.max_length} min={0} step="1" onChange={(v) => up({ max_length: v })} />
          <NumberField name="max_wait_ms" label={t("admin.queue.max_wait")} unit={t("admin.unit.s")} hint={t("admin.queue.zero_unlimited")} value={f.max_wait_s} min={0} onChange={(v) => up({ max_wait_s: v })} />
          <SelectField
            name="exit_action"
            label={t("admin.queue.exit_action")}
            hint={t("admin.queue.exit_hint")}
            value={f.exit_action}
            options={EXIT_ACTIONS.map((a) => ({ value: a, label: t(`admin.exit.${a}`) }))}
            onChange={(v) => up({ exit_action: v as QueueForm["exit_action"] })}
          />
          {f.exit_action === "overflow" && (
            <SelectField
              name="exit_target"
              label={t("admin.queue.exit_target")}
              value={f.exit_target}
              options={nameOptions(otherQueues, f.exit_target, t("admin.choose"))}
              onChange={(v) => up({ exit_target: v })}
            />
          )}
          <NumberField
            name="acw_ms"
            label={t("admin.queue.acw")}
            unit={t("admin.unit.s")}
            hint={
              refs.defaultAcwMs !== null
                ? t("admin.queue.acw_hint_default", { value: formatSeconds(lang, refs.defaultAcwMs / 1000) })
                : t("admin.queue.acw_hint")
            }
            value={f.acw_s}
            min={0}
            onChange={(v) => up({ acw_s: v })}
          />
        </div>
      </Fieldset>

      <CheckboxGroup
        name="sites"
        legend={t("admin.queue.sites")}
        hint={t("admin.queue.sites_hint")}
        options={nameOptions(siteNames, f.sites)}
        values={f.sites}
        onChange={(v) => up({ sites: v })}
      />

      <Fieldset name="bullseye" legend={t("admin.queue.bullseye")} hint={t("admin.queue.bullseye_hint")}>
        {f.bullseye.map((s, i) => {
          const setStep = (patch: Partial<typeof s>) => up({ bullseye: replaceAt(f.bullseye, i, { ...s, ...patch }) });
          const b = `bullseye[${i}]`;
          return (
            <Fieldset key={s.key} name={b} legend={t("admin.queue.step_n", { n: i + 1 })} className="sy-nested">
              <div className="sy-grid">
                <NumberField name={`${b}.after_ms`} label={t("admin.queue.step_after")} unit={t("admin.unit.s")} value={s.after_s} min={0} required onChange={(v) => setStep({ after_s: v })} />
                <NumberField
                  name={`${b}.min_proficiency`}
                  label={t("admin.queue.min_proficiency")}
                  hint={t("admin.queue.step_min_hint")}
                  value={s.min_proficiency}
                  min={1}
                  max={5}
                  step="1"
                  onChange={(v) => setStep({ min_proficiency: v })}
                />
              </div>
              <Fieldset name={`${b}.alternative_skills`} legend={t("admin.queue.alternatives")} hint={t("admin.queue.alternatives_hint")}>
                {s.alternative_skills.map((set, j) => (
                  <Fieldset key={set.key} name={`${b}.alternative_skills[${j}]`} legend={t("admin.queue.alternative_n", { n: j + 1 })} className="sy-nested">
                    {reqRows(
                      `${b}.alternative_skills[${j}]`,
                      set.reqs,
                      (rows) => setStep({ alternative_skills: replaceAt(s.alternative_skills, j, { ...set, reqs: rows }) }),
                      t("admin.queue.skill"),
                    )}
                    <div className="sy-row-actions">
                      <AddButton
                        label={t("admin.queue.add_skill")}
                        onClick={() => setStep({ alternative_skills: replaceAt(s.alternative_skills, j, { ...set, reqs: [...set.reqs, newReqRow()] }) })}
                      />
                      <RemoveButton
                        visible
                        label={t("admin.remove_n", { what: t("admin.queue.alternative"), n: j + 1 })}
                        onClick={() => setStep({ alternative_skills: removeAt(s.alternative_skills, j) })}
                      />
                    </div>
                  </Fieldset>
                ))}
                <AddButton
                  label={t("admin.queue.add_alternative")}
                  onClick={() => setStep({ alternative_skills: [...s.alternative_skills, { key: rowKey(), reqs: [newReqRow()] }] })}
                />
              </Fieldset>
              <CheckboxGroup
                name={`${b}.add_queues`}
                legend={t("admin.queue.add_queues")}
                options={nameOptions(otherQueues, s.add_queues)}
                values={s.add_queues}
                onChange={(v) => setStep({ add_queues: v })}
              />
              {f.sites.length > 0 && (
                <CheckboxGroup
                  name={`${b}.add_sites`}
                  legend={t("admin.queue.add_sites")}
                  options={nameOptions(siteNames.filter((n) => !f.sites.includes(n)), s.add_sites)}
                  values={s.add_sites}
                  onChange={(v) => setStep({ add_sites: v })}
                />
              )}
              <RemoveButton visible label={t("admin.remove_n", { what: t("admin.queue.step"), n: i + 1 })} onClick={() => up({ bullseye: removeAt(f.bullseye, i) })} />
            </Fieldset>
          );
        })}
        <AddButton label={t("admin.queue.add_step")} onClick={() => up({ bullseye: [...f.bullseye, newStepRow()] })} />
      </Fieldset>

      <Fieldset name="overflow" legend={t("admin.queue.overflow")} hint={t("admin.queue.overflow_hint")}>
        <div className="sy-grid">
          <NumberField
            name="overflow.threshold_ms"
            label={t("admin.queue.overflow_threshold")}
            unit={t("admin.unit.s")}
            hint={t("admin.queue.zero_off")}
            value={f.overflow.threshold_s}
            min={0}
            onChange={(v) => upOverflow({ threshold_s: v })}
          />
        </div>
        <CheckboxField name="overflow.use_ewt" label={t("admin.queue.use_ewt")} checked={f.overflow.use_ewt} onChange={(v) => upOverflow({ use_ewt: v })} />
        <Fieldset name="overflow.group_thresholds" legend={t("admin.queue.group_thresholds")} hint={t("admin.queue.group_thresholds_hint")}>
          {f.overflow.group_thresholds.map((g, i) => (
            <div className="sy-row" key={g.key}>
              <TextField
                name={`overflow.group_thresholds[${i}].group`}
                label={t("admin.queue.group_n", { n: i + 1 })}
                value={g.group}
                onChange={(v) => upOverflow({ group_thresholds: replaceAt(f.overflow.group_thresholds, i, { ...g, group: v }) })}
              />
              <NumberField
                name={`overflow.group_thresholds[${i}].threshold_ms`}
                label={t("admin.queue.overflow_threshold")}
                unit={t("admin.unit.s")}
                value={g.threshold_s}
                min={0}
                onChange={(v) => upOverflow({ group_thresholds: replaceAt(f.overflow.group_thresholds, i, { ...g, threshold_s: v }) })}
              />
              <RemoveButton
                label={t("admin.remove_n", { what: t("admin.queue.group"), n: i + 1 })}
                onClick={() => upOverflow({ group_thresholds: removeAt(f.overflow.group_thresholds, i) })}
              />
            </div>
          ))}
          <AddButton
            label={t("admin.queue.add_group")}
            onClick={() => upOverflow({ group_thresholds: [...f.overflow.group_thresholds, { key: rowKey(), group: "", threshold_s: "" }] })}
          />
        </Fieldset>
        <CheckboxGroup
          name="overflow.backup_queues"
          legend={t("admin.queue.backup_queues")}
          options={nameOptions(otherQueues, f.overflow.backup_queues)}
          values={f.overflow.backup_queues}
          onChange={(v) => upOverflow({ backup_queues: v })}
        />
        <CheckboxGroup
          name="overflow.backup_teams"
          legend={t("admin.queue.backup_teams")}
          options={nameOptions(teamNames, f.overflow.backup_teams)}
          values={f.overflow.backup_teams}
          onChange={(v) => upOverflow({ backup_teams: v })}
        />
      </Fieldset>
    </EditorForm>
  );
}
