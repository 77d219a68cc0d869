// Calibration (/quality/calibration): sessions where several evaluators
// score the same contact blind. The list and a new session (contact,
// scorecard, participants; quality and admins); a session: the contact's
// media, my blind scoring while open, the spread per item and overall (a
// table and bars) once the server shows it, closing with the agreed
// reference (quality, admins), and the evaluators' deviation report.
import { useContext, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { Link, navigate } from "../../lib/router";
import { SessionContext } from "../../lib/sessionContext";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { isMissingRoute } from "../admin/ui/errors";
import { Loaded, Notice } from "../admin/ui/feedback";
import { SelectField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "../wfm/SaveForm";
import { ContactMedia } from "./ContactMedia";
import { useCard } from "./EvaluationDetail";
import { allItems, paths, pct, type Calibration, type Contact, type DeviationReport, type Scorecard } from "./qualityData";
import { ScoreForm } from "./ScoreForm";

export function CalibrationView(props: { item: string | null; manager: boolean }) {
  if (props.item === "new" && props.manager) return <NewSession />;
  if (props.item) return <SessionView id={Number(props.item)} manager={props.manager} />;
  return <SessionList manager={props.manager} />;
}

function SessionList(props: { manager: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const state = useLoad(() => api<{ calibrations: Calibration[] }>("GET", paths.calibrations()), []);
  const missing = state.error !== undefined && isMissingRoute(state.error);
  return (
    <>
      <section aria-labelledby="sy-q-cal-h">
        <div className="sy-section-head">
          <h2 id="sy-q-cal-h">{t("quality.cal.title")}</h2>
          <div className="sy-actions">
            {props.manager && !missing && (
              <Link to="/quality/calibration/new" className="sy-button sy-primary">
                {t("quality.cal.new")}
              </Link>
            )}
          </div>
        </div>
        <p className="sy-intro">{t("quality.cal.intro")}</p>
        {missing ? (
          <Notice kind="warning">{t("quality.unavailable")}</Notice>
        ) : (
          <Loaded state={state}>
            {(d) => (
              <DataTable
                caption={t("quality.cal.title")}
                captionHidden
                rows={d.calibrations}
                rowKey={(r) => r.id}
                empty={t("quality.cal.empty")}
                columns={[
                  { key: "title", header: t("quality.cal.session"), render: (r) => <Link to={`/quality/calibration/${r.id}`}>{r.title || t("quality.cal.untitled", { id: r.id })}</Link> },
                  { key: "contact", header: t("quality.field.contact"), render: (r) => r.contact },
                  { key: "status", header: t("quality.field.status"), render: (r) => t(`quality.cal.status.${r.status}`) },
                  { key: "scored", header: t("quality.cal.scored"), render: (r) => t("quality.cal.scored_of", { n: r.scored.length, of: r.participants.length }) },
                  { key: "spread", header: t("quality.cal.spread"), numeric: true, render: (r) => (r.spread ? t("quality.pp", { v: pct(r.spread.spread_pp) }) : "—") },
                  { key: "created", header: t("quality.field.created"), nowrap: true, render: (r) => fmt.dateTime(r.created_ms) },
                ]}
              />
            )}
          </Loaded>
        )}
      </section>
      {props.manager && !missing && <DeviationTable />}
    </>
  );
}

function NewSession() {
  const { t } = useI18n();
  const form = useFormState();
  const cards = useLoad(() => api<{ scorecards: Scorecard[] }>("GET", paths.scorecards()), []);
  const [contact, setContact] = useState("");
  const [cardId, setCardId] = useState("");
  const [title, setTitle] = useState("");
  const [people, setPeople] = useState("");
  const save = async () => {
    const e: Record<string, string> = {};
    if (!/^\d+$/.test(contact.trim())) e.contact = "quality.invalid.contact";
    if (!cardId) e.scorecard_id = "quality.invalid.required";
    const participants = people.split(/[\s,，]+/).filter(Boolean);
    if (!participants.length) e.participants = "quality.invalid.required";
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<Calibration>("POST", paths.calibrations(), { contact: Number(contact.trim()), scorecard_id: Number(cardId), title: title.trim(), participants }));
    if (r) navigate(`/quality/calibration/${r.value.id}`);
  };
  return (
    <section aria-labelledby="sy-q-calnew-h">
      <p className="sy-back">
        <Link to="/quality/calibration">← {t("quality.cal.back")}</Link>
      </p>
      <h2 id="sy-q-calnew-h">{t("quality.cal.new")}</h2>
      <Loaded state={cards}>
        {(d) => (
          <SaveForm form={form} labelledBy="sy-q-calnew-h" onSave={() => void save()} save={t("quality.cal.create")}>
            <div className="sy-grid">
              <TextField name="title" label={t("quality.cal.session_title")} value={title} onChange={setTitle} />
              <TextField name="contact" label={t("quality.worklist.contact_number")} value={contact} onChange={setContact} inputMode="numeric" />
              <SelectField
                name="scorecard_id"
                label={t("quality.evaluate.scorecard")}
                value={cardId}
                onChange={setCardId}
                options={[{ value: "", label: t("quality.cal.choose") }, ...d.scorecards.map((s) => ({ value: String(s.id), label: t("quality.cards.edit", { name: s.name, version: s.version }) }))]}
              />
              <TextField name="participants" label={t("quality.cal.participants")} hint={t("quality.cal.participants_hint")} value={people} onChange={setPeople} />
            </div>
          </SaveForm>
        )}
      </Loaded>
    </section>
  );
}

function SessionView(props: { id: number; manager: boolean }) {
  const { t } = useI18n();
  const state = useLoad(() => api<Calibration>("GET", paths.calibration(props.id)), [props.id]);
  return (
    <section aria-labelledby="sy-q-calone-h">
      <p className="sy-back">
        <Link to="/quality/calibration">← {t("quality.cal.back")}</Link>
      </p>
      <Loaded state={state}>{(s) => <Session s={s} manager={props.manager} onChange={state.set} />}</Loaded>
    </section>
  );
}

function Session(props: { s: Calibration; manager: boolean; onChange: (s: Calibration) => void }) {
  const { t } = useI18n();
  const me = useContext(SessionContext)?.me.name ?? "";
  const s = props.s;
  const card = useCard(s.scorecard_id, s.scorecard_version);
  const contact = useLoad(() => api<Contact>("GET", paths.contact(s.contact)), [s.contact]);
  const participant = s.participants.includes(me);
  const mineScored = s.scored.includes(me);
  return (
    <>
      <h2 id="sy-q-calone-h">{s.title || t("quality.cal.untitled", { id: s.id })}</h2>
      <p className="sy-intro">
        {t("quality.cal.line", { contact: s.contact, status: t(`quality.cal.status.${s.status}`), n: s.scored.length, of: s.participants.length, people: s.participants.join(", ") })}
      </p>
      {s.status === "open" && <Notice kind="info">{t("quality.cal.blind")}</Notice>}
      <div className="sy-q-split">
        {contact.data ? <ContactMedia contact={contact.data} /> : <div />}
        <div className="sy-q-formcol">
          <Loaded state={card}>
            {(c) => (
              <>
                {s.status === "open" && participant && !mineScored && (
                  <>
                    <h3>{t("quality.cal.my_scoring")}</h3>
                    <ScoreForm
                      card={c}
                      label={t("quality.cal.my_scoring")}
                      actions={[{ key: "score", label: t("quality.cal.send_scoring"), primary: true, requireAll: true, run: async (answers) => props.onChange(await api<Calibration>("POST", `${paths.calibration(s.id)}/score`, { answers })) }]}
                    />
                  </>
                )}
                {s.status === "open" && mineScored && <Notice kind="success">{t("quality.cal.you_scored")}</Notice>}
                {s.status === "open" && props.manager && (
                  <>
                    <h3>{t("quality.cal.close")}</h3>
                    <p className="sy-hint">{t("quality.cal.close_hint")}</p>
                    <ScoreForm
                      card={c}
                      label={t("quality.cal.close")}
                      actions={[{ key: "close", label: t("quality.cal.close_send"), primary: true, requireAll: true, run: async (answers) => props.onChange(await api<Calibration>("POST", `${paths.calibration(s.id)}/close`, { answers })) }]}
                    />
                  </>
                )}
                {s.status === "closed" && s.reference_answers && (
                  <>
                    <h3>{t("quality.cal.reference", { score: pct(s.reference_score) })}</h3>
                    <ScoreForm card={c} initial={s.reference_answers} readOnly label={t("quality.cal.reference", { score: pct(s.reference_score) })} />
                  </>
                )}
              </>
            )}
          </Loaded>
        </div>
      </div>
      {s.spread && card.data && <SpreadView s={s} card={card.data} />}
    </>
  );
}

/** The spread: per item (min, max, mean, stddev, agreement) and per evaluator (score, deviation), with bars. */
function SpreadView(props: { s: Calibration; card: Scorecard }) {
  const { t } = useI18n();
  const sp = props.s.spread!;
  const text = new Map(allItems(props.card).map((i) => [i.id, i.text]));
  const v = (x: number | null) => (x === null ? "—" : pct(x * 100));
  return (
    <section aria-labelledby="sy-q-spread-h">
      <h3 id="sy-q-spread-h">{t("quality.cal.spread_title", { spread: pct(sp.spread_pp), sd: pct(sp.stddev_pp) })}</h3>
      <p className="sy-hint">{t("quality.cal.spread_formula")}</p>
      <DataTable
        caption={t("quality.cal.by_evaluator")}
        rows={sp.evaluators}
        rowKey={(r) => r.evaluator}
        columns={[
          { key: "who", header: t("quality.field.evaluator"), render: (r) => r.evaluator },
          {
            key: "score",
            header: t("quality.field.score"),
            render: (r) => (
              <span className="sy-q-hbar-cell">
                <span className="sy-q-track" aria-hidden="true">
                  <span className="sy-q-hbar" style={{ width: `${r.score ?? 0}%` }} />
                </span>
                {r.score === null ? "—" : `${pct(r.score)}%`}
                {r.failed ? ` · ${t("quality.score.critical_failed")}` : ""}
              </span>
            ),
          },
          { key: "dev", header: t("quality.cal.deviation"), numeric: true, render: (r) => (r.deviation_pp === null ? "—" : t("quality.pp", { v: pct(r.deviation_pp) })) },
          { key: "diff", header: t("quality.cal.items_differing"), numeric: true, render: (r) => r.items_differing },
        ]}
      />
      <DataTable
        caption={t("quality.cal.by_item")}
        rows={sp.items}
        rowKey={(r) => r.item}
        columns={[
          { key: "item", header: t("quality.cal.item"), render: (r) => text.get(r.item) ?? r.item },
          { key: "values", header: t("quality.cal.values"), render: (r) => r.values.map((x) => v(x)).join(" / ") },
          { key: "min", header: t("quality.cal.min"), numeric: true, render: (r) => v(r.min) },
          { key: "max", header: t("quality.cal.max"), numeric: true, render: (r) => v(r.max) },
          { key: "mean", header: t("quality.cal.mean"), numeric: true, render: (r) => v(r.mean) },
          { key: "sd", header: t("quality.cal.stddev"), numeric: true, render: (r) => v(r.stddev) },
          {
            key: "agree",
            header: t("quality.cal.agreement"),
            render: (r) => (
              <span className="sy-q-hbar-cell">
                <span className="sy-q-track" aria-hidden="true">
                  <span className={`sy-q-hbar${r.agreement < 0.67 ? " sy-q-hbar-bad" : ""}`} style={{ width: `${r.agreement * 100}%` }} />
                </span>
                {pct(r.agreement * 100)}%
              </span>
            ),
          },
        ]}
      />
    </section>
  );
}

function DeviationTable() {
  const { t } = useI18n();
  const state = useLoad(() => api<DeviationReport>("GET", paths.deviations()), []);
  return (
    <section aria-labelledby="sy-q-dev-h">
      <h2 id="sy-q-dev-h">{t("quality.cal.report")}</h2>
      <p className="sy-hint">{t("quality.cal.report_formula")}</p>
      <Loaded state={state}>
        {(d) => (
          <DataTable
            caption={t("quality.cal.report")}
            captionHidden
            rows={d.evaluators}
            rowKey={(r) => r.evaluator}
            empty={t("quality.cal.report_empty")}
            columns={[
              { key: "who", header: t("quality.field.evaluator"), render: (r) => r.evaluator },
              { key: "n", header: t("quality.cal.sessions"), numeric: true, render: (r) => r.sessions },
              { key: "mad", header: t("quality.cal.mean_dev"), numeric: true, render: (r) => (r.mean_abs_deviation_pp === null ? "—" : t("quality.pp", { v: pct(r.mean_abs_deviation_pp) })) },
              { key: "rate", header: t("quality.cal.disagreement"), numeric: true, render: (r) => `${pct(r.item_disagreement_rate * 100)}% (${r.items_differing}/${r.items_compared})` },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}
