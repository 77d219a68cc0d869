// Coaching (/quality/coaching; quality, admins, team leads for their team):
// sessions with goals and a follow-up date, created for an agent (after an
// evaluation or not) and completed with notes. Agents see their own under
// "My quality" (CoachingTable).
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { localDay } from "../../lib/notifications";
import { searchParam, useLocation } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { Loaded, Notice } from "../admin/ui/feedback";
import { TextAreaField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "../wfm/SaveForm";
import { InlineInput } from "./Parts";
import { paths, type Coaching } from "./qualityData";

export function CoachingTable(props: { rows: Coaching[]; onComplete?: (c: Coaching) => void; highlight?: number | null }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  return (
    <DataTable
      caption={t("quality.coaching.title")}
      captionHidden
      rows={props.rows}
      rowKey={(r) => r.id}
      empty={t("quality.coaching.empty")}
      columns={[
        { key: "agent", header: t("quality.field.agent"), render: (r) => (r.id === props.highlight ? <strong>{r.agent}</strong> : r.agent) },
        { key: "goals", header: t("quality.coaching.goals"), render: (r) => r.goals },
        { key: "follow", header: t("quality.coaching.follow_up"), nowrap: true, render: (r) => (r.follow_up_date ? localDay(lang, r.follow_up_date) : "—") },
        { key: "coach", header: t("quality.coaching.coach"), render: (r) => r.coach },
        { key: "eval", header: t("quality.field.evaluation"), render: (r) => r.evaluation_id ?? "—" },
        {
          key: "status",
          header: t("quality.field.status"),
          render: (r) =>
            r.status === "done" ? (
              `${t("quality.coaching.done")} · ${fmt.date(r.done_ms)}${r.notes ? ` · ${r.notes}` : ""}`
            ) : props.onComplete ? (
              <button type="button" onClick={() => props.onComplete?.(r)}>
                {t("quality.coaching.complete_for", { agent: r.agent })}
              </button>
            ) : (
              t("quality.coaching.open")
            ),
        },
      ]}
    />
  );
}

export function CoachingView() {
  const { t } = useI18n();
  const loc = useLocation();
  const [agent, setAgent] = useState("");
  const [filter, setFilter] = useState("");
  const state = useLoad(() => api<{ sessions: Coaching[] }>("GET", paths.coaching(filter || undefined)), [filter]);
  const missing = state.error !== undefined && isMissingRoute(state.error);
  const [completing, setCompleting] = useState<Coaching | null>(null);
  const highlight = Number(searchParam(loc.search, "id")) || null;
  return (
    <section aria-labelledby="sy-q-coach-h">
      <h2 id="sy-q-coach-h">{t("quality.coaching.title")}</h2>
      <p className="sy-intro">{t("quality.coaching.intro")}</p>
      {missing ? (
        <Notice kind="warning">{t("quality.unavailable")}</Notice>
      ) : (
        <>
          <form
            className="sy-q-inline"
            role="search"
            aria-label={t("quality.coaching.filter")}
            onSubmit={(e) => {
              e.preventDefault();
              setFilter(agent.trim());
            }}
          >
            <InlineInput id="sy-q-coach-agent" label={t("quality.field.agent")} value={agent} onChange={setAgent} />
            <button type="submit">{t("quality.coaching.filter")}</button>
          </form>
          <Loaded state={state}>{(d) => <CoachingTable rows={d.sessions} onComplete={setCompleting} highlight={highlight} />}</Loaded>
          {completing && <Complete c={completing} onDone={() => (setCompleting(null), state.reload())} />}
          <NewCoaching onCreated={state.reload} evaluation={searchParam(loc.search, "evaluation")} agent={searchParam(loc.search, "agent")} />
        </>
      )}
    </section>
  );
}

function Complete(props: { c: Coaching; onDone: () => void }) {
  const { t } = useI18n();
  const form = useFormState();
  const [notes, setNotes] = useState("");
  return (
    <section aria-labelledby="sy-q-coachdone-h">
      <h3 id="sy-q-coachdone-h">{t("quality.coaching.complete_title", { agent: props.c.agent })}</h3>
      <SaveForm
        form={form}
        labelledBy="sy-q-coachdone-h"
        save={t("quality.coaching.complete")}
        onSave={() => void form.run(() => api<Coaching>("POST", `${paths.coaching()}/${props.c.id}/complete`, { notes: notes.trim() })).then((r) => r && props.onDone())}
      >
        <TextAreaField name="notes" label={t("quality.coaching.notes")} rows={3} value={notes} onChange={setNotes} />
      </SaveForm>
    </section>
  );
}

function NewCoaching(props: { onCreated: () => void; evaluation: string | null; agent: string | null }) {
  const { t } = useI18n();
  const form = useFormState();
  const [agent, setAgent] = useState(props.agent ?? "");
  const [evaluation, setEvaluation] = useState(props.evaluation ?? "");
  const [goals, setGoals] = useState("");
  const [follow, setFollow] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const save = async () => {
    setSaved(null);
    const e: Record<string, string> = {};
    if (!agent.trim()) e.agent = "quality.invalid.required";
    if (!goals.trim()) e.goals = "quality.invalid.required";
    if (evaluation.trim() && !/^\d+$/.test(evaluation.trim())) e.evaluation_id = "quality.invalid.number";
    if (Object.keys(e).length) return form.invalid(e);
    const body: Record<string, unknown> = { agent: agent.trim(), goals: goals.trim(), follow_up_date: follow };
    if (evaluation.trim()) body.evaluation_id = Number(evaluation.trim());
    const r = await form.run(() => api<Coaching>("POST", paths.coaching(), body));
    if (!r) return;
    setSaved(t("quality.coaching.created", { agent: r.value.agent }));
    setGoals("");
    props.onCreated();
  };
  return (
    <section aria-labelledby="sy-q-coachnew-h">
      <h3 id="sy-q-coachnew-h">{t("quality.coaching.new")}</h3>
      <SaveForm form={form} labelledBy="sy-q-coachnew-h" onSave={() => void save().catch((e) => setSaved(errorText(e, t)))} save={t("quality.coaching.create")} saved={saved}>
        <div className="sy-grid">
          <TextField name="agent" label={t("quality.field.agent")} value={agent} onChange={setAgent} />
          <TextField name="evaluation_id" label={t("quality.lib.evaluation")} hint={t("quality.lib.evaluation_hint")} value={evaluation} onChange={setEvaluation} inputMode="numeric" />
          <TextField name="follow_up_date" label={t("quality.coaching.follow_up")} type="date" value={follow} onChange={setFollow} />
        </div>
        <TextAreaField name="goals" label={t("quality.coaching.goals")} rows={3} value={goals} onChange={setGoals} />
      </SaveForm>
    </section>
  );
}
