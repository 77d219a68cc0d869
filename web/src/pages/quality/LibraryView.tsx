// The library (/quality/library): contacts kept as examples, exemplary or a
// mistake, with tags and a note. Search by text, tag and kind (everyone who
// reads evaluations); add one, from an evaluation or a contact, and remove
// (quality, admins, team leads).
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { searchParam, useLocation } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../admin/ui/feedback";
import { SelectField, TextAreaField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "../wfm/SaveForm";
import { InlineInput } from "./Parts";
import { LIBRARY_KINDS, parseTags, paths, type LibraryEntry } from "./qualityData";

export function LibraryView(props: { manager: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const loc = useLocation();
  const [q, setQ] = useState("");
  const [kind, setKind] = useState("");
  const [tag, setTag] = useState("");
  const [query, setQuery] = useState({ q: "", kind: "", tag: "" });
  const state = useLoad(() => api<{ entries: LibraryEntry[] }>("GET", paths.library({ ...query, limit: 200 })), [query.q, query.kind, query.tag]);
  const missing = state.error !== undefined && isMissingRoute(state.error);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const fromEval = searchParam(loc.search, "evaluation");
  const fromContact = searchParam(loc.search, "contact");

  return (
    <section aria-labelledby="sy-q-lib-h">
      <h2 id="sy-q-lib-h">{t("quality.lib.title")}</h2>
      <p className="sy-intro">{t("quality.lib.intro")}</p>
      {missing ? (
        <Notice kind="warning">{t("quality.unavailable")}</Notice>
      ) : (
        <>
          <form
            className="sy-q-inline"
            role="search"
            aria-label={t("quality.lib.search")}
            onSubmit={(e) => {
              e.preventDefault();
              setQuery({ q: q.trim(), kind, tag: tag.trim() });
            }}
          >
            <InlineInput id="sy-q-lib-q" type="search" label={t("quality.lib.text")} value={q} onChange={setQ} />
            <InlineInput id="sy-q-lib-tag" label={t("quality.lib.tag")} value={tag} onChange={setTag} />
            <div className="sy-field">
              <label htmlFor="sy-q-lib-kind">{t("quality.lib.kind")}</label>
              <select id="sy-q-lib-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="">{t("quality.lib.any_kind")}</option>
                {LIBRARY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`quality.lib.kind_${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t("quality.lib.search")}</button>
          </form>
          {removeError && <ErrorBanner message={removeError} onDismiss={() => setRemoveError(null)} />}
          <Loaded state={state}>
            {(d) => (
              <DataTable
                caption={t("quality.lib.results", { n: d.entries.length })}
                rows={d.entries}
                rowKey={(r) => r.id}
                empty={t("quality.lib.empty")}
                columns={[
                  { key: "contact", header: t("quality.field.contact"), render: (r) => r.contact },
                  { key: "kind", header: t("quality.lib.kind"), render: (r) => <span className={`sy-q-tag sy-q-tag-${r.kind === "exemplary" ? "ok" : "bad"}`}>{t(`quality.lib.kind_${r.kind}`)}</span> },
                  { key: "tags", header: t("quality.lib.tags"), render: (r) => r.tags.join(", ") },
                  { key: "note", header: t("quality.lib.note"), render: (r) => r.note },
                  { key: "by", header: t("quality.lib.added_by"), render: (r) => `${r.added_by} · ${fmt.date(r.added_ms)}` },
                  ...(props.manager
                    ? [
                        {
                          key: "rm",
                          header: t("quality.cards.actions"),
                          render: (r: LibraryEntry) => (
                            <button
                              type="button"
                              className="sy-danger"
                              onClick={() => api("DELETE", `${paths.library()}/${r.id}`).then(state.reload, (e) => setRemoveError(errorText(e, t)))}
                            >
                              {t("quality.lib.remove", { contact: r.contact })}
                            </button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </Loaded>
          {props.manager && <AddEntry evaluation={fromEval} contact={fromContact} onAdded={state.reload} />}
        </>
      )}
    </section>
  );
}

function AddEntry(props: { evaluation: string | null; contact: string | null; onAdded: () => void }) {
  const { t } = useI18n();
  const form = useFormState();
  const [contact, setContact] = useState(props.contact ?? "");
  const [evaluation, setEvaluation] = useState(props.evaluation ?? "");
  const [kind, setKind] = useState<string>("exemplary");
  const [tags, setTags] = useState("");
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const save = async () => {
    setSaved(null);
    const e: Record<string, string> = {};
    if (!/^\d+$/.test(contact.trim())) e.contact = "quality.invalid.contact";
    if (evaluation.trim() && !/^\d+$/.test(evaluation.trim())) e.evaluation_id = "quality.invalid.number";
    if (Object.keys(e).length) return form.invalid(e);
    const body: Record<string, unknown> = { contact: Number(contact.trim()), kind, tags: parseTags(tags), note: note.trim() };
    if (evaluation.trim()) body.evaluation_id = Number(evaluation.trim());
    const r = await form.run(() => api<LibraryEntry>("POST", paths.library(), body));
    if (!r) return;
    setSaved(t("quality.lib.added", { contact: r.value.contact }));
    setTags("");
    setNote("");
    props.onAdded();
  };
  return (
    <section aria-labelledby="sy-q-libadd-h">
      <h3 id="sy-q-libadd-h">{t("quality.lib.add")}</h3>
      <SaveForm form={form} labelledBy="sy-q-libadd-h" onSave={() => void save()} save={t("quality.lib.add")} saved={saved}>
        <div className="sy-grid">
          <TextField name="contact" label={t("quality.worklist.contact_number")} value={contact} onChange={setContact} inputMode="numeric" />
          <TextField name="evaluation_id" label={t("quality.lib.evaluation")} hint={t("quality.lib.evaluation_hint")} value={evaluation} onChange={setEvaluation} inputMode="numeric" />
          <SelectField name="kind" label={t("quality.lib.kind")} value={kind} onChange={setKind} options={LIBRARY_KINDS.map((k) => ({ value: k, label: t(`quality.lib.kind_${k}`) }))} />
          <TextField name="tags" label={t("quality.lib.tags")} hint={t("quality.lib.tags_hint")} value={tags} onChange={setTags} />
        </div>
        <TextAreaField name="note" label={t("quality.lib.note")} rows={2} value={note} onChange={setNote} />
      </SaveForm>
    </section>
  );
}
