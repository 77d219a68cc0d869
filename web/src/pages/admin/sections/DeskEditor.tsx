// A queue's desk configuration (docs/chat.md, "Desk"): the script the
// agent reads, per language, and the disposition codes of its wrap-up.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { CONTENT_LANGS, deskFromForm, deskToForm, newDisposition, type DeskForm } from "../forms/chat";
import type { DeskConfig } from "../types";
import { Loaded } from "../ui/feedback";
import { Fieldset, TextAreaField, TextField, useFormState } from "../ui/form";
import { AddButton, EditorForm, RemoveButton, removeAt, replaceAt } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

export function DeskEditor(props: { queueId: number }) {
  const { t } = useI18n();
  const data = useLoad(() => api<DeskConfig>("GET", `/api/v1/queues/${props.queueId}/desk`), [props.queueId]);
  return (
    <section aria-labelledby="sy-desk-h" className="sy-subsection">
      <h3 id="sy-desk-h">{t("admin.desk.title")}</h3>
      <p className="sy-intro">{t("admin.desk.intro")}</p>
      <Loaded state={data}>{(d) => <DeskFormView queueId={props.queueId} initial={d} />}</Loaded>
    </section>
  );
}

function DeskFormView(props: { queueId: number; initial: DeskConfig }) {
  const { t } = useI18n();
  const [f, setF] = useState<DeskForm>(() => deskToForm(props.initial));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const up = (patch: Partial<DeskForm>) => {
    setSaved(null);
    setF((x) => ({ ...x, ...patch }));
  };
  const save = async () => {
    const m = deskFromForm(f);
    if (!m.ok) return form.invalid(m.errors);
    const r = await form.run(() => api<DeskConfig>("PUT", `/api/v1/queues/${props.queueId}/desk`, m.body));
    if (!r) return;
    setF(deskToForm(r.value ?? m.body));
    setSaved(t("admin.saved"));
  };
  return (
    <EditorForm
      formRef={form.ref}
      errors={form.errors}
      busy={form.busy}
      saved={saved}
      onSubmit={save}
      label={t("admin.desk.title")}
      submitLabel={t("admin.desk.save")}
    >
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
    </EditorForm>
  );
}
