import { useI18n } from "../../i18n";
import { useFormat } from "../../components";
import type { SurveyAnswer } from "./deskState";

/** The survey answers the agent's customers give, as they come. */
export function SurveyTicker({ answers, queueName }: { answers: SurveyAnswer[]; queueName: (id: number | null) => string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <section className="card" aria-labelledby="surveys-h">
      <h2 id="surveys-h">{t("agent.surveys.title")}</h2>
      {answers.length === 0 ? (
        <p className="empty">{t("agent.surveys.none")}</p>
      ) : (
        <ol className="ticker" aria-live="polite">
          {answers.map((a) => (
            <li key={a.seq} className={"ticker-item rating-" + (a.rating >= 4 ? "good" : a.rating <= 2 ? "bad" : "mid")}>
              <span className="stars" aria-hidden="true">
                {"★".repeat(a.rating)}
                <span className="stars-off">{"★".repeat(Math.max(0, 5 - a.rating))}</span>
              </span>
              <span className="sr-only">{t("agent.surveys.rating", { n: a.rating })}</span>
              <span>{queueName(a.queue)}</span>
              <span className="muted">#{a.contact}</span>
              <span className="muted">{fmt.time(a.time_ms)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
