// Special days (a part of /wfm/forecast, planners): days whose contacts
// differ from the usual pattern (a holiday, a sale), each with a factor, an
// optional reference date whose values stand in (then times the factor) and
// a queue (or every queue). GET /api/v1/wfm/special-days; Save replaces the
// whole list (PUT); a refusal names `days[i].<field>`, shown beside it.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading } from "../admin/ui/feedback";
import { useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { CellInput, CellSelect, CellTable, FieldMessage } from "./CellField";
import { SaveForm } from "./SaveForm";
import { newSpecialDay, SPECIAL_DAYS_PATH, specialDayDraft, specialDaysBody, type SpecialDay, type SpecialDayDraft } from "./rulesData";
import { formatDay, isDate } from "./wfmData";

export function SpecialDays(props: { queues: string[]; today: string; onSaved: () => void }) {
  const { t } = useI18n();
  const state = useLoad(() => api<{ days: SpecialDay[] }>("GET", SPECIAL_DAYS_PATH).then((r) => r.days), []);
  if (state.error !== undefined && isMissingRoute(state.error)) return null;
  return (
    <section aria-labelledby="sy-wfm-special-h" className="sy-subsection">
      <h3 id="sy-wfm-special-h">{t("wfm.special.title")}</h3>
      <p className="sy-intro">{t("wfm.special.intro")}</p>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {state.data && <SpecialDaysForm initial={state.data} queues={props.queues} today={props.today} onSaved={props.onSaved} />}
    </section>
  );
}

function SpecialDaysForm(props: { initial: SpecialDay[]; queues: string[]; today: string; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const form = useFormState();
  const [rows, setRows] = useState<SpecialDayDraft[]>(() => props.initial.map(specialDayDraft));
  const [saved, setSaved] = useState(false);
  const upRow = (i: number, patch: Partial<SpecialDayDraft>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setSaved(false);
  };
  const queues = [...new Set([...props.queues, ...rows.map((r) => r.queue).filter(Boolean)])];

  const save = async () => {
    setSaved(false);
    const b = specialDaysBody(rows);
    if ("bad" in b) return form.invalid(b.bad);
    const r = await form.run(() => api<{ days: SpecialDay[] }>("PUT", SPECIAL_DAYS_PATH, b.body));
    if (!r) return;
    setRows((r.value?.days ?? b.body.days).map(specialDayDraft));
    setSaved(true);
    props.onSaved();
  };

  return (
    <SaveForm
      form={form}
      label={t("wfm.special.form")}
      onSave={() => void save()}
      save={t("wfm.special.save")}
      saved={saved ? t("wfm.special.saved") : null}
      before={
        <button
          type="button"
          onClick={() => {
            setRows((rs) => [...rs, newSpecialDay(props.today)]);
            setSaved(false);
          }}
        >
          {t("wfm.special.add")}
        </button>
      }
    >
      <CellTable
        className="sy-wfm-special"
        caption={t("wfm.special.caption")}
        headers={[t("wfm.special.date"), t("wfm.special.name"), t("wfm.special.factor"), t("wfm.special.reference"), t("wfm.queue"), t("wfm.actions")]}
        empty={rows.length === 0 ? t("wfm.special.none") : undefined}
      >
        {rows.map((r, i) => {
          const at = `days[${i}]`;
          const day = isDate(r.date) ? formatDay(lang, r.date, false) : String(i + 1);
          const cell = (col: string) => t("wfm.special.cell", { column: t(`wfm.special.${col}`), day });
          return (
            <tr key={r.key}>
              <td>
                <CellInput name={`${at}.date`} type="date" label={cell("date")} value={r.date} onChange={(v) => upRow(i, { date: v })} />
              </td>
              <td>
                <CellInput name={`${at}.name`} label={cell("name")} value={r.name} size={14} onChange={(v) => upRow(i, { name: v })} />
              </td>
              <td>
                <CellInput name={`${at}.factor`} type="number" step="0.05" inputMode="decimal" label={cell("factor")} value={r.factor} size={5} onChange={(v) => upRow(i, { factor: v })} />
              </td>
              <td>
                <CellInput name={`${at}.reference`} type="date" label={cell("reference")} value={r.reference} onChange={(v) => upRow(i, { reference: v })} />
              </td>
              <td>
                <CellSelect
                  name={`${at}.queue`}
                  label={t("wfm.special.cell", { column: t("wfm.queue"), day })}
                  value={r.queue}
                  options={[{ value: "", label: t("wfm.special.every_queue") }, ...queues.map((q) => ({ value: q, label: q }))]}
                  onChange={(v) => upRow(i, { queue: v })}
                />
              </td>
              <td>
                <FieldMessage name={at} />
                <button
                  type="button"
                  className="sy-danger"
                  aria-label={t("wfm.special.remove_label", { day })}
                  onClick={() => {
                    setRows((rs) => rs.filter((_, j) => j !== i));
                    setSaved(false);
                  }}
                >
                  {t("wfm.special.remove")}
                </button>
              </td>
            </tr>
          );
        })}
      </CellTable>
      <FieldMessage name="days" />
      <p className="sy-hint">{t("wfm.special.hint")}</p>
    </SaveForm>
  );
}
