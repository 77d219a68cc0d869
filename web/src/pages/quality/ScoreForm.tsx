// The scorecard form: each section's items by answer kind (yes / no, a 1-5
// scale, points; N/A where allowed) as radio groups, a comment per item,
// critical items marked, and a live score preview computed with the formula
// of docs/quality.md (qualityData.score). Its buttons (save draft, submit,
// resolve, close a calibration...) each run a request with the answers; a
// refusal naming `answers[i].answer` is shown at that item, others above
// the buttons. Read-only, it shows given answers and comments.
import { useId, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Notice } from "../admin/ui/feedback";
import { answerFieldOf, answersFor, choicesOf, pct, score, type Answer, type AnswerValue, type Scorecard } from "./qualityData";

export interface ScoreAction {
  key: string;
  label: string;
  primary?: boolean;
  /** every item must have an answer first (submit; not a draft) */
  requireAll?: boolean;
  /** the request; a rejection shows its message at the item it names */
  run: (answers: Answer[]) => Promise<unknown>;
  /** the notice after success */
  done?: string;
}

function answerLabel(t: (k: string) => string, a: AnswerValue): string {
  if (a === "yes" || a === "no" || a === "na") return t(`quality.answer.${a}`);
  return String(a);
}

export function ScoreForm(props: {
  card: Scorecard;
  initial?: Answer[];
  readOnly?: boolean;
  actions?: ScoreAction[];
  /** fields shown above the buttons (a reason, a comment) */
  extra?: ReactNode;
  label: string;
}) {
  const { t } = useI18n();
  const uid = useId();
  const [values, setValues] = useState<Record<string, AnswerValue | undefined>>(() => Object.fromEntries((props.initial ?? []).map((a) => [a.item, a.answer])));
  const [comments, setComments] = useState<Record<string, string>>(() => Object.fromEntries((props.initial ?? []).map((a) => [a.item, a.comment ?? ""])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const result = score(props.card, values);
  const ro = !!props.readOnly;

  const focusItem = (item: string | undefined) => {
    if (!item) return;
    setTimeout(() => {
      const holder = Array.from(formRef.current?.querySelectorAll<HTMLElement>("[data-item]") ?? []).find((el) => el.dataset.item === item);
      holder?.querySelector<HTMLElement>("input")?.focus();
    }, 0);
  };

  const act = async (a: ScoreAction) => {
    setNotice(null);
    setBanner(null);
    if (a.requireAll && result.missing.length) {
      setErrors(Object.fromEntries(result.missing.map((m) => [m, t("quality.form.answer_required")])));
      focusItem(result.missing[0]);
      return;
    }
    setErrors({});
    const sent = answersFor(props.card, values, comments);
    setBusy(true);
    try {
      await a.run(sent);
      if (a.done) setNotice(a.done);
    } catch (e) {
      const item = e instanceof ApiError ? answerFieldOf(sent, e.field) : null;
      if (item && e instanceof ApiError) {
        setErrors({ [item]: e.message });
        focusItem(item);
      } else setBanner(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="sy-q-form" aria-label={props.label} noValidate onSubmit={(e) => e.preventDefault()}>
      <ScorePreview result={result} />
      <p className="sy-hint sy-q-formula">{t("quality.score.formula")}</p>
      {props.card.sections.map((s, si) => {
        const sec = result.sections[si];
        return (
          <section key={si} className="sy-q-section" aria-labelledby={`${uid}-s${si}`}>
            <h4 id={`${uid}-s${si}`}>
              {s.title} <span className="sy-q-muted">{t("quality.form.section_score", { score: pct(sec?.percent) })}</span>
            </h4>
            {s.items.map((it) => {
              const err = errors[it.id];
              const v = values[it.id];
              const name = `${uid}-${it.id}`;
              return (
                <fieldset key={it.id} className={`sy-q-item${it.critical ? " sy-q-critical" : ""}`} data-item={it.id} aria-describedby={err ? `${name}-err` : undefined}>
                  <legend>
                    {it.text}
                    {it.critical && <span className="sy-q-tag sy-q-tag-bad">{t("quality.form.critical")}</span>}
                    <span className="sy-q-muted sy-q-weight">{t("quality.form.weight", { w: it.weight ?? 1 })}</span>
                  </legend>
                  {it.guidance && <p className="sy-hint">{it.guidance}</p>}
                  <div className="sy-q-choices" role="radiogroup" aria-label={it.text}>
                    {choicesOf(it).map((c) => (
                      <label key={String(c)} className={`sy-q-choice${v === c ? " sy-q-chosen" : ""}`}>
                        <input
                          type="radio"
                          name={name}
                          value={String(c)}
                          checked={v === c}
                          disabled={ro}
                          onChange={() => {
                            setValues((x) => ({ ...x, [it.id]: c }));
                            setErrors((x) => ({ ...x, [it.id]: "" }));
                          }}
                        />
                        {answerLabel(t, c)}
                      </label>
                    ))}
                    {it.kind === "points" && <span className="sy-q-muted">{t("quality.form.of_points", { max: it.max_points ?? 0 })}</span>}
                  </div>
                  {ro ? (
                    comments[it.id] ? (
                      <p className="sy-q-comment">
                        <span className="sy-q-muted">{t("quality.form.comment")}: </span>
                        {comments[it.id]}
                      </p>
                    ) : null
                  ) : (
                    <div className="sy-field sy-q-comment-field">
                      <label htmlFor={`${name}-c`}>{t("quality.form.comment_on", { item: it.text })}</label>
                      <input id={`${name}-c`} type="text" value={comments[it.id] ?? ""} onChange={(e) => setComments((x) => ({ ...x, [it.id]: e.target.value }))} />
                    </div>
                  )}
                  {err && (
                    <p id={`${name}-err`} className="sy-field-error">
                      {err}
                    </p>
                  )}
                </fieldset>
              );
            })}
          </section>
        );
      })}
      {props.extra}
      {banner && <ErrorBanner message={banner} />}
      {notice && <Notice kind="success">{notice}</Notice>}
      {props.actions && props.actions.length > 0 && (
        <div className="sy-form-actions">
          {props.actions.map((a) => (
            <button key={a.key} type="button" className={a.primary ? "sy-primary" : undefined} disabled={busy} onClick={() => void act(a)}>
              {a.label}
            </button>
          ))}
        </div>
      )}
    </form>
  );
}

/** The score as it stands: percent, earned / possible, failed critical items, unanswered items. */
export function ScorePreview(props: { result: ReturnType<typeof score> }) {
  const { t } = useI18n();
  const r = props.result;
  return (
    <div className="sy-q-preview" role="status" aria-live="polite">
      <span className="sy-q-big">{r.percent === null ? t("quality.score.none") : `${pct(r.percent)}%`}</span>
      <span className="sy-q-muted">{t("quality.score.earned", { earned: pct(r.earned), possible: pct(r.possible) })}</span>
      {r.failed && <span className="sy-q-tag sy-q-tag-bad">{t("quality.score.failed", { raw: pct(r.raw_percent) })}</span>}
      {r.missing.length > 0 && <span className="sy-q-muted">{t("quality.score.missing", { n: r.missing.length })}</span>}
    </div>
  );
}
