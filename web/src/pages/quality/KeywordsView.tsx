// Keyword lists per queue (/quality/keywords; quality and admins, permission
// "manage scorecards"): GET /quality/keywords, PUT /quality/keywords/{queue}
// {keywords, alert}. Each keyword has an "alerts" switch: a contact of the
// queue that hits it tells the team lead and quality users at once (the
// quality.keyword_alert notification). Saving sends the list whole; a
// refusal naming keywords[i] or alert[i] is shown at that keyword, what was
// typed stays.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { keywordBody, keywordOfField, normKeyword, parseKeywords, paths, type KeywordList } from "./qualityData";

export function KeywordsView() {
  const { t } = useI18n();
  const state = useLoad(() => api<{ lists: KeywordList[] }>("GET", paths.keywords()), []);
  const [added, setAdded] = useState<string[]>([]);
  const missing = state.error !== undefined && isMissingRoute(state.error);
  const queues = [...(state.data?.lists ?? []).map((l) => l.queue), ...added.filter((q) => !(state.data?.lists ?? []).some((l) => l.queue === q))];
  return (
    <section aria-labelledby="sy-q-kw-h">
      <h2 id="sy-q-kw-h">{t("quality.kw.title")}</h2>
      <p className="sy-intro">{t("quality.kw.intro")}</p>
      {missing ? (
        <Notice kind="warning">{t("quality.unavailable")}</Notice>
      ) : (
        <Loaded state={state}>
          {(d) => (
            <>
              {queues.length === 0 && <p className="sy-hint">{t("quality.kw.none")}</p>}
              {queues.map((q) => (
                <KeywordListEditor key={q} list={d.lists.find((l) => l.queue === q) ?? { queue: q, keywords: [], alert: [] }} />
              ))}
              <NewList known={queues} onAdd={(q) => setAdded((a) => [...a, q])} />
            </>
          )}
        </Loaded>
      )}
    </section>
  );
}

function KeywordListEditor(props: { list: KeywordList }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [list, setList] = useState(props.list);
  const [keywords, setKeywords] = useState<string[]>(props.list.keywords);
  const [alerts, setAlerts] = useState<Set<string>>(() => new Set((props.list.alert ?? []).map(normKeyword)));
  const [adding, setAdding] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const q = list.queue;
  const id = `sy-q-kw-${q.replace(/[^A-Za-z0-9_-]/g, "_")}`;

  const changed = () => {
    setSaved(false);
    setBanner(null);
  };
  const add = () => {
    const more = parseKeywords(adding).filter((k) => !keywords.map(normKeyword).includes(k));
    if (more.length) setKeywords((k) => [...k, ...more]);
    setAdding("");
    changed();
  };
  const save = async () => {
    // what is typed in "add" and not added yet goes too
    const all = [...keywords, ...parseKeywords(adding).filter((k) => !keywords.map(normKeyword).includes(k))];
    const body = keywordBody(all, alerts);
    setBusy(true);
    setErrors({});
    setBanner(null);
    try {
      const got = await api<KeywordList>("PUT", paths.keywordList(q), body);
      setList(got && Array.isArray(got.keywords) ? got : { ...list, ...body });
      setKeywords(got && Array.isArray(got.keywords) ? got.keywords : body.keywords);
      setAlerts(new Set((got?.alert ?? body.alert).map(normKeyword)));
      setAdding("");
      setSaved(true);
    } catch (e) {
      // what was typed to add joins the list shown (nothing typed is lost), the error at its keyword
      if (all.length !== keywords.length) {
        setKeywords(all);
        setAdding("");
      }
      const k = e instanceof ApiError ? keywordOfField(body, e.field) : null;
      if (k !== null && e instanceof ApiError) setErrors({ [k]: e.message });
      else setBanner(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="sy-q-kwlist"
      aria-labelledby={`${id}-h`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-h`}>{t("quality.kw.queue", { queue: q })}</h3>
      {list.updated_ms ? <p className="sy-hint">{t("quality.kw.updated", { by: list.updated_by ?? "—", when: fmt.dateTime(list.updated_ms) })}</p> : null}
      {keywords.length === 0 ? (
        <p className="sy-hint">{t("quality.kw.empty")}</p>
      ) : (
        <ul className="sy-q-kws" aria-label={t("quality.kw.list_of", { queue: q })}>
          {keywords.map((k, i) => {
            const n = normKeyword(k);
            const err = errors[n];
            return (
              <li key={k} data-keyword={n}>
                <span className="sy-q-kw">{k}</span>
                <label className="sy-check">
                  <input
                    type="checkbox"
                    checked={alerts.has(n)}
                    aria-describedby={err ? `${id}-${i}-err` : undefined}
                    aria-invalid={err ? true : undefined}
                    onChange={(e) => {
                      const on = e.target.checked;
                      setAlerts((a) => {
                        const x = new Set(a);
                        if (on) x.add(n);
                        else x.delete(n);
                        return x;
                      });
                      setErrors((x) => ({ ...x, [n]: "" }));
                      changed();
                    }}
                  />
                  <span className="sy-visually-hidden">{t("quality.kw.alert_for", { keyword: k })}</span>
                  <span aria-hidden="true">{t("quality.kw.alert")}</span>
                </label>
                <button
                  type="button"
                  className="sy-q-linkish"
                  onClick={() => {
                    setKeywords((x) => x.filter((y) => y !== k));
                    changed();
                  }}
                >
                  {t("quality.kw.remove", { keyword: k })}
                </button>
                {err && (
                  <span id={`${id}-${i}-err`} className="sy-field-error">
                    {err}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="sy-q-inline">
        <div className="sy-field">
          <label htmlFor={`${id}-add`}>{t("quality.kw.add_label")}</label>
          <input
            id={`${id}-add`}
            type="text"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
          />
        </div>
        <button type="button" onClick={add}>
          {t("quality.kw.add")}
        </button>
      </div>
      <p className="sy-hint">{t("quality.kw.alert_hint")}</p>
      {banner && <ErrorBanner message={banner} />}
      {saved && <Notice kind="success">{t("quality.kw.saved", { queue: q })}</Notice>}
      <div className="sy-form-actions">
        <button type="submit" className="sy-primary" disabled={busy}>
          {t("quality.kw.save", { queue: q })}
        </button>
      </div>
    </form>
  );
}

/** Starts a list for a queue that has none (saved with its first keywords). */
function NewList(props: { known: string[]; onAdd: (queue: string) => void }) {
  const { t } = useI18n();
  const [queue, setQueue] = useState("");
  const [err, setErr] = useState<string | null>(null);
  return (
    <form
      className="sy-q-kwnew"
      aria-labelledby="sy-q-kw-new-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const q = queue.trim();
        if (!q) return setErr(t("quality.invalid.required"));
        if (props.known.includes(q)) return setErr(t("quality.kw.exists"));
        setErr(null);
        setQueue("");
        props.onAdd(q);
      }}
    >
      <h3 id="sy-q-kw-new-h">{t("quality.kw.new")}</h3>
      <div className="sy-q-inline">
        <div className="sy-field">
          <label htmlFor="sy-q-kw-new">{t("quality.kw.new_queue")}</label>
          <input id="sy-q-kw-new" type="text" value={queue} aria-invalid={err ? true : undefined} aria-describedby={err ? "sy-q-kw-new-err" : undefined} onChange={(e) => setQueue(e.target.value)} />
          {err && (
            <span id="sy-q-kw-new-err" className="sy-field-error">
              {err}
            </span>
          )}
        </div>
        <button type="submit">{t("quality.kw.start")}</button>
      </div>
    </form>
  );
}
