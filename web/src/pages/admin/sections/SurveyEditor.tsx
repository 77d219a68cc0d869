// A queue's post-contact survey form (docs/api.md, "Surveys"): on or
// off, the rating question, up to ten free-text questions, the lifetime
// of a survey link.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { rowKey } from "../forms/common";
import { MAX_SURVEY_QUESTIONS, surveyFromForm, surveyToForm, type SurveyFormModel } from "../forms/chat";
import type { SurveyForm } from "../types";
import { Loaded } from "../ui/feedback";
import { CheckboxField, Fieldset, NumberField, TextField, useFormState } from "../ui/form";
import { AddButton, EditorForm, RemoveButton, removeAt, replaceAt } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

export function SurveyEditor(props: { queueId: number }) {
  const { t } = useI18n();
  const data = useLoad(() => api<SurveyForm>("GET", `/api/v1/queues/${props.queueId}/survey`), [props.queueId]);
  return (
    <section aria-labelledby="sy-survey-h" className="sy-subsection">
      <h3 id="sy-survey-h">{t("admin.survey.title")}</h3>
      <p className="sy-intro">{t("admin.survey.intro")}</p>
      <Loaded state={data}>{(d) => <SurveyFormView queueId={props.queueId} initial={d} />}</Loaded>
    </section>
  );
}

function SurveyFormView(props: { queueId: number; initial: SurveyForm }) {
  const { t } = useI18n();
  const [f, setF] = useState<SurveyFormModel>(() => surveyToForm(props.initial));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const up = (patch: Partial<SurveyFormModel>) => {
    setSaved(null);
    setF((x) => ({ ...x, ...patch }));
  };
  const save = async () => {
    const m = surveyFromForm(f);
    if (!m.ok) return form.invalid(m.errors);
    const r = await form.run(() => api<SurveyForm>("PUT", `/api/v1/queues/${props.queueId}/survey`, m.body));
    if (!r) return;
    setF(surveyToForm(r.value ?? m.body));
    setSaved(t("admin.saved"));
  };
  return (
    <EditorForm
      formRef={form.ref}
      errors={form.errors}
      busy={form.busy}
      saved={saved}
      onSubmit={save}
      label={t("admin.survey.title")}
      submitLabel={t("admin.survey.save")}
    >
      <CheckboxField name="enabled" label={t("admin.survey.enabled")} checked={f.enabled} onChange={(v) => up({ enabled: v })} />
      <TextField name="question" label={t("admin.survey.question")} hint={t("admin.survey.question_hint")} value={f.question} required onChange={(v) => up({ question: v })} />
      <Fieldset name="questions" legend={t("admin.survey.questions")} hint={t("admin.survey.questions_hint", { n: MAX_SURVEY_QUESTIONS })}>
        {f.questions.map((q, i) => (
          <div className="sy-row" key={q.key}>
            <TextField
              name={`questions[${i}]`}
              className="sy-grow"
              label={t("admin.survey.question_n", { n: i + 1 })}
              value={q.text}
              onChange={(v) => up({ questions: replaceAt(f.questions, i, { ...q, text: v }) })}
            />
            <RemoveButton label={t("admin.remove_n", { what: t("admin.survey.question_word"), n: i + 1 })} onClick={() => up({ questions: removeAt(f.questions, i) })} />
          </div>
        ))}
        <AddButton
          label={t("admin.survey.add_question")}
          disabled={f.questions.length >= MAX_SURVEY_QUESTIONS}
          onClick={() => up({ questions: [...f.questions, { key: rowKey(), text: "" }] })}
        />
      </Fieldset>
      <NumberField
        name="ttl_s"
        label={t("admin.survey.ttl")}
        unit={t("admin.unit.h")}
        hint={t("admin.survey.ttl_hint")}
        value={f.ttl_hours}
        min={0}
        max={720}
        onChange={(v) => up({ ttl_hours: v })}
      />
    </EditorForm>
  );
}
