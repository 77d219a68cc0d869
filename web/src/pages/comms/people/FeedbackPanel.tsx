// Shared customer feedback: the wall of comments agents chose to share
// (rating, quote, agent), and for agents "my feedback" with a share / stop
// sharing switch per comment. Only the comment and the rating are ever shown,
// never the customer.
import { useState } from "react";
import { useI18n } from "../../../i18n";
import { api } from "../../../lib/api";
import { useFormat } from "../../../components/useFormat";
import { errorText } from "../../admin/ui/errors";
import { ErrorBanner, Loaded } from "../../admin/ui/feedback";
import { useLoad } from "../../admin/ui/useLoad";
import { isAgent, loadMyFeedback, loadSharedFeedback, peoplePaths, stars, type MyFeedback } from "./peopleData";

export function Stars({ rating }: { rating: number }) {
  const { t } = useI18n();
  return (
    <span className="sy-p-stars" role="img" aria-label={t("people.fb.rating", { n: rating })}>
      {stars(rating)}
    </span>
  );
}

export function FeedbackPanel(props: { role: string | undefined }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const wall = useLoad(() => loadSharedFeedback(50), []);
  return (
    <section aria-labelledby="sy-p-fb-h" className="sy-p-fb">
      <h3 id="sy-p-fb-h">{t("people.fb.title")}</h3>
      <Loaded state={wall}>
        {(list) =>
          list.length === 0 ? (
            <p className="sy-q-muted">{t("people.fb.none")}</p>
          ) : (
            <ul className="sy-p-quotes" aria-label={t("people.fb.wall")}>
              {list.map((f) => (
                <li key={f.contact}>
                  <Stars rating={f.rating} />
                  <blockquote className="sy-c-pre">{f.comment}</blockquote>
                  <p className="sy-q-muted">{t("people.fb.about", { agent: f.display_name || f.agent, queue: f.queue, when: fmt.date(f.shared_ms) })}</p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {isAgent(props.role) && <MyFeedbackList onChange={wall.reload} />}
    </section>
  );
}

function MyFeedbackList(props: { onChange: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const state = useLoad(loadMyFeedback, []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const toggle = (f: MyFeedback, shared: boolean) => {
    setBusy(f.contact);
    setError(null);
    api<MyFeedback>("PUT", peoplePaths.feedbackShare(f.contact), { shared }).then(
      (r) => {
        state.set((state.data ?? []).map((x) => (x.contact === f.contact ? { ...x, ...r } : x)));
        setBusy(null);
        props.onChange();
      },
      (e) => {
        setError(e);
        setBusy(null);
      },
    );
  };
  return (
    <div className="sy-c-box sy-p-myfb">
      <h4 id="sy-p-myfb-h">{t("people.fb.mine")}</h4>
      <p className="sy-hint">{t("people.fb.privacy")}</p>
      {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
      <Loaded state={state}>
        {(list) =>
          list.length === 0 ? (
            <p className="sy-q-muted">{t("people.fb.none_mine")}</p>
          ) : (
            <ul className="sy-p-quotes" aria-labelledby="sy-p-myfb-h">
              {list.map((f) => (
                <li key={f.contact}>
                  <Stars rating={f.rating} />
                  <blockquote className="sy-c-pre" id={`sy-p-myfb-${f.contact}`}>{f.comment}</blockquote>
                  <p className="sy-q-muted">{t("people.fb.my_meta", { queue: f.queue, when: fmt.date(f.answered_ms) })}</p>
                  <label className="sy-check">
                    <input type="checkbox" role="switch" checked={f.shared} disabled={busy === f.contact} aria-describedby={`sy-p-myfb-${f.contact}`} onChange={(e) => toggle(f, e.target.checked)} />{" "}
                    {t("people.fb.share")}
                  </label>{" "}
                  {f.shared && <span className="sy-badge sy-badge-ok">{t("people.fb.shared")}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </div>
  );
}
