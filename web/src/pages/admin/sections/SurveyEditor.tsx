// A queue's post-contact survey form (docs/api.md, "Surveys"): on or
// off, the rating question, up to ten free-text questions, the lifetime
// of a survey link.
import { useI18n } from "../../../i18n";
import { rowKey } from "../forms/common";
import { MAX_SURVEY_QUESTIONS, surveyFromForm, surveyToForm } from "../forms/chat";
import { CheckboxField, Fieldset, NumberField, TextField } from "../ui/form";
import { AddButton, RemoveButton, removeAt, replaceAt } from "../ui/parts";
import { QueuePartEditor } from "./QueuePartEditor";

export function SurveyEditor(props: { queueId: number }) {
  const { t } = useI18n();
  return (
    <QueuePartEditor queueId={props.queueId} part="survey" toForm={surveyToForm} fromForm={surveyFromForm}>
      {(f, up) => (
        <>
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
        </>
      )}
    </QueuePartEditor>
  );
}
