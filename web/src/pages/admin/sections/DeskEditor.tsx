// A queue's desk configuration (docs/chat.md, "Desk"): the script the
// agent reads, per language, and the disposition codes of its wrap-up.
import { useI18n } from "../../../i18n";
import { CONTENT_LANGS, deskFromForm, deskToForm, newDisposition } from "../forms/chat";
import { Fieldset, TextAreaField, TextField } from "../ui/form";
import { AddButton, RemoveButton, removeAt, replaceAt } from "../ui/parts";
import { QueuePartEditor } from "./QueuePartEditor";

export function DeskEditor(props: { queueId: number }) {
  const { t } = useI18n();
  return (
    <QueuePartEditor queueId={props.queueId} part="desk" toForm={deskToForm} fromForm={deskFromForm}>
      {(f, up) => (
        <>
          <Fieldset name="script" legend={t("admin.desk.script")}>
            <div className="sy-grid sy-grid-wide">
              {CONTENT_LANGS.map((l) => (
                <TextAreaField
                  key={l}
                  name={`script.${l}`}
                  lang={l}
                  label={t(`admin.lang.${l}`)}
                  value={f.script[l]}
                  rows={6}
                  onChange={(v) => up({ script: { ...f.script, [l]: v } })}
                />
              ))}
            </div>
          </Fieldset>
          <Fieldset name="dispositions" legend={t("admin.desk.dispositions")} hint={t("admin.desk.dispositions_hint")}>
            {f.dispositions.map((d, i) => (
              <div className="sy-row" key={d.key}>
                <TextField
                  name={`dispositions[${i}].code`}
                  label={t("admin.desk.code_n", { n: i + 1 })}
                  value={d.code}
                  required
                  onChange={(v) => up({ dispositions: replaceAt(f.dispositions, i, { ...d, code: v }) })}
                />
                {CONTENT_LANGS.map((l) => (
                  <TextField
                    key={l}
                    name={`dispositions[${i}].label.${l}`}
                    label={t("admin.desk.label_lang", { lang: t(`admin.lang.${l}`) })}
                    value={d.label[l]}
                    onChange={(v) => up({ dispositions: replaceAt(f.dispositions, i, { ...d, label: { ...d.label, [l]: v } }) })}
                  />
                ))}
                <RemoveButton label={t("admin.remove_n", { what: t("admin.desk.code"), n: i + 1 })} onClick={() => up({ dispositions: removeAt(f.dispositions, i) })} />
              </div>
            ))}
            <AddButton label={t("admin.desk.add_code")} onClick={() => up({ dispositions: [...f.dispositions, newDisposition()] })} />
          </Fieldset>
        </>
      )}
    </QueuePartEditor>
  );
}
