// Scorecards (/quality/scorecards; quality and admins): the list (current
// version of each, retired ones on request), a new one, an edit (stored as
// the next version; evaluations keep theirs), retire. Sections of items with
// weight, answer kind, points, critical + fail threshold, N/A allowed; where
// it applies (channel, queue, direction). Each control carries the JSON path
// the server names in a refusal (`sections[1].items[0].weight`).
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { Link, navigate } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { ConfirmDialog } from "../admin/ui/Dialog";
import { errorText } from "../admin/ui/errors";
import { Loaded, Notice } from "../admin/ui/feedback";
import { CheckboxField, SelectField, TextAreaField, TextField, useFormState } from "../admin/ui/form";
import { AddButton, RemoveButton, removeAt, replaceAt } from "../admin/ui/parts";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "../wfm/SaveForm";
import { allItems, bodyOf, CHANNELS, checkDraft, DIRECTIONS, draftOf, emptyCard, emptyItem, KINDS, paths, type CardDraft, type ItemDraft, type Scorecard } from "./qualityData";

export function ScorecardsView(props: { item: string | null }) {
  if (props.item === "new") return <CardEditor />;
  if (props.item) return <EditExisting id={Number(props.item)} />;
  return <CardList />;
}

function CardList() {
  const { t } = useI18n();
  const fmt = useFormat();
  const [retired, setRetired] = useState(false);
  const state = useLoad(() => api<{ scorecards: Scorecard[] }>("GET", paths.scorecards(retired)), [retired]);
  const [retiring, setRetiring] = useState<Scorecard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const applies = (c: Scorecard) =>
    [c.applies_to?.channel ?? "any", c.applies_to?.queue ?? null, c.applies_to?.direction ?? "any"]
      .map((v, i) => (v === null || v === "any" ? null : i === 0 ? t(`quality.channel.${v}`) : i === 2 ? t(`quality.direction.${v}`) : v))
      .filter(Boolean)
      .join(" · ") || t("quality.cards.any");
  return (
    <section aria-labelledby="sy-q-cards-h">
      <div className="sy-section-head">
        <h2 id="sy-q-cards-h">{t("quality.cards.title")}</h2>
        <div className="sy-actions">
          <Link to="/quality/scorecards/new" className="sy-button sy-primary">
            {t("quality.cards.new")}
          </Link>
        </div>
      </div>
      <p className="sy-intro">{t("quality.cards.intro")}</p>
      <label className="sy-check">
        <input type="checkbox" checked={retired} onChange={(e) => setRetired(e.target.checked)} />
        {t("quality.cards.show_retired")}
      </label>
      <Loaded state={state}>
        {(d) => (
          <DataTable
            caption={t("quality.cards.title")}
            captionHidden
            rows={d.scorecards}
            rowKey={(r) => r.id}
            empty={t("quality.cards.empty")}
            columns={[
              { key: "name", header: t("quality.cards.name"), render: (r) => <Link to={`/quality/scorecards/${r.id}`}>{r.name}</Link> },
              { key: "version", header: t("quality.cards.version"), numeric: true, render: (r) => r.version },
              { key: "applies", header: t("quality.cards.applies"), render: applies },
              { key: "items", header: t("quality.cards.items"), numeric: true, render: (r) => allItems(r).length },
              { key: "critical", header: t("quality.cards.critical"), numeric: true, render: (r) => allItems(r).filter((i) => i.critical).length },
              { key: "state", header: t("quality.field.status"), render: (r) => (r.retired_ms ? t("quality.cards.retired", { date: fmt.date(r.retired_ms) }) : t("quality.cards.active")) },
              {
                key: "retire",
                header: t("quality.cards.actions"),
                render: (r) =>
                  r.retired_ms ? null : (
                    <button type="button" className="sy-danger" onClick={() => setRetiring(r)}>
                      {t("quality.cards.retire_named", { name: r.name })}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      {retiring && (
        <ConfirmDialog
          title={t("quality.cards.retire_title", { name: retiring.name })}
          message={t("quality.cards.retire_text")}
          confirmLabel={t("quality.cards.retire")}
          error={error}
          onClose={() => {
            setRetiring(null);
            setError(null);
          }}
          onConfirm={() => {
            api("DELETE", paths.scorecard(retiring.id)).then(
              () => {
                setRetiring(null);
                state.reload();
              },
              (e) => setError(errorText(e, t)),
            );
          }}
        />
      )}
    </section>
  );
}

function EditExisting(props: { id: number }) {
  const state = useLoad(() => api<Scorecard>("GET", paths.scorecard(props.id)), [props.id]);
  return <Loaded state={state}>{(c) => <CardEditor card={c} />}</Loaded>;
}

function CardEditor(props: { card?: Scorecard }) {
  const { t } = useI18n();
  const form = useFormState();
  const [d, setD] = useState<CardDraft>(() => (props.card ? draftOf(props.card) : emptyCard()));
  const [saved, setSaved] = useState<string | null>(null);
  const c = props.card;
  const set = (patch: Partial<CardDraft>) => {
    setSaved(null);
    setD((x) => ({ ...x, ...patch }));
  };
  const setItem = (si: number, ii: number, patch: Partial<ItemDraft>) =>
    set({ sections: replaceAt(d.sections, si, { ...d.sections[si], items: replaceAt(d.sections[si].items, ii, { ...d.sections[si].items[ii], ...patch }) }) });
  const count = d.sections.reduce((n, s) => n + s.items.length, 0);

  const save = async () => {
    const local = checkDraft(d);
    if (Object.keys(local).length) return form.invalid(local);
    const r = await form.run(() => (c ? api<Scorecard>("PUT", paths.scorecard(c.id), bodyOf(d)) : api<Scorecard>("POST", paths.scorecards(), bodyOf(d))));
    if (!r) return;
    if (!c) navigate(`/quality/scorecards/${r.value.id}`, { replace: true });
    setSaved(t("quality.cards.saved", { version: r.value.version }));
  };

  return (
    <section aria-labelledby="sy-q-card-h">
      <p className="sy-back">
        <Link to="/quality/scorecards">← {t("quality.cards.back")}</Link>
      </p>
      <h2 id="sy-q-card-h">{c ? t("quality.cards.edit", { name: c.name, version: c.version }) : t("quality.cards.new")}</h2>
      {c && <p className="sy-intro">{t("quality.cards.new_version")}</p>}
      {c?.retired_ms && <Notice kind="warning">{t("quality.cards.is_retired")}</Notice>}
      <SaveForm form={form} labelledBy="sy-q-card-h" className="sy-q-editor" onSave={() => void save()} save={c ? t("quality.cards.save_version") : t("quality.cards.create")} saved={saved}>
        <div className="sy-grid">
          <TextField name="name" label={t("quality.cards.name")} value={d.name} required onChange={(v) => set({ name: v })} />
          <TextAreaField name="description" label={t("quality.cards.description")} rows={2} value={d.description} onChange={(v) => set({ description: v })} />
        </div>
        <fieldset className="sy-fieldset" data-field="applies_to">
          <legend>{t("quality.cards.applies")}</legend>
          <div className="sy-grid">
            <SelectField
              name="applies_to.channel"
              label={t("quality.cards.channel")}
              value={d.channel}
              onChange={(v) => set({ channel: v })}
              options={[{ value: "any", label: t("quality.cards.any") }, ...CHANNELS.map((x) => ({ value: x, label: t(`quality.channel.${x}`) }))]}
            />
            <TextField name="applies_to.queue" label={t("quality.cards.queue")} hint={t("quality.cards.queue_hint")} value={d.queue} onChange={(v) => set({ queue: v })} />
            <SelectField
              name="applies_to.direction"
              label={t("quality.cards.direction")}
              value={d.direction}
              onChange={(v) => set({ direction: v })}
              options={[{ value: "any", label: t("quality.cards.any") }, ...DIRECTIONS.map((x) => ({ value: x, label: t(`quality.direction.${x}`) }))]}
            />
          </div>
        </fieldset>
        {d.sections.map((s, si) => (
          <fieldset key={si} className="sy-fieldset sy-q-edit-section" data-field={`sections[${si}]`}>
            <legend>{t("quality.cards.section_n", { n: si + 1 })}</legend>
            <div className="sy-row">
              <TextField name={`sections[${si}].title`} label={t("quality.cards.section_title")} value={s.title} onChange={(v) => set({ sections: replaceAt(d.sections, si, { ...s, title: v }) })} />
              {d.sections.length > 1 && <RemoveButton visible label={t("quality.cards.remove_section", { n: si + 1 })} onClick={() => set({ sections: removeAt(d.sections, si) })} />}
            </div>
            {s.items.map((it, ii) => {
              const p = `sections[${si}].items[${ii}]`;
              return (
                <fieldset key={ii} className="sy-fieldset sy-nested sy-q-edit-item" data-field={p}>
                  <legend>{t("quality.cards.item_n", { n: ii + 1, text: it.text || it.id })}</legend>
                  <div className="sy-grid">
                    <TextField name={`${p}.id`} label={t("quality.cards.item_id")} value={it.id} onChange={(v) => setItem(si, ii, { id: v })} />
                    <TextField name={`${p}.text`} label={t("quality.cards.item_text")} value={it.text} onChange={(v) => setItem(si, ii, { text: v })} />
                    <TextField name={`${p}.guidance`} label={t("quality.cards.guidance")} value={it.guidance} onChange={(v) => setItem(si, ii, { guidance: v })} />
                    <TextField name={`${p}.weight`} label={t("quality.cards.weight")} type="number" step="any" min={0} value={it.weight} onChange={(v) => setItem(si, ii, { weight: v })} />
                    <SelectField name={`${p}.kind`} label={t("quality.cards.kind")} value={it.kind} onChange={(v) => setItem(si, ii, { kind: v as ItemDraft["kind"] })} options={KINDS.map((k) => ({ value: k, label: t(`quality.kind_item.${k}`) }))} />
                    {it.kind === "points" && (
                      <TextField name={`${p}.max_points`} label={t("quality.cards.max_points")} type="number" step="1" min={1} max={1000} value={it.max_points} onChange={(v) => setItem(si, ii, { max_points: v })} />
                    )}
                  </div>
                  <div className="sy-q-flags">
                    <CheckboxField name={`${p}.critical`} label={t("quality.cards.is_critical")} hint={t("quality.cards.critical_hint")} checked={it.critical} onChange={(v) => setItem(si, ii, { critical: v })} />
                    {it.critical && it.kind !== "yes_no" && (
                      <TextField
                        name={`${p}.fail_threshold`}
                        label={t("quality.cards.fail_threshold")}
                        hint={it.kind === "scale" ? t("quality.cards.fail_scale") : t("quality.cards.fail_points")}
                        type="number"
                        step="1"
                        value={it.fail_threshold}
                        onChange={(v) => setItem(si, ii, { fail_threshold: v })}
                      />
                    )}
                    <CheckboxField name={`${p}.na_allowed`} label={t("quality.cards.na_allowed")} checked={it.na_allowed} onChange={(v) => setItem(si, ii, { na_allowed: v })} />
                    {s.items.length > 1 && (
                      <RemoveButton visible label={t("quality.cards.remove_item", { n: ii + 1 })} onClick={() => set({ sections: replaceAt(d.sections, si, { ...s, items: removeAt(s.items, ii) }) })} />
                    )}
                  </div>
                </fieldset>
              );
            })}
            <AddButton label={t("quality.cards.add_item")} onClick={() => set({ sections: replaceAt(d.sections, si, { ...s, items: [...s.items, emptyItem(count + 1)] }) })} />
          </fieldset>
        ))}
        <AddButton label={t("quality.cards.add_section")} onClick={() => set({ sections: [...d.sections, { title: "", items: [emptyItem(count + 1)] }] })} />
      </SaveForm>
    </section>
  );
}
