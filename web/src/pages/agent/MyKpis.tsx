import { useI18n } from "../../i18n";
import { Stat, useFormat } from "../../components";
import type { KpiFigures } from "../../lib/types";

/** The agent's own figures today, from the live KPI stream. */
export function MyKpis({ today }: { today: KpiFigures | undefined }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const f = today;
  return (
    <section className="card" aria-labelledby="mykpis-h">
      <h2 id="mykpis-h">{t("agent.kpis.title")}</h2>
      {!f ? (
        <p className="empty">{t("agent.kpis.waiting")}</p>
      ) : (
        <div className="stats">
          <Stat label={t("agent.kpis.handled")} value={fmt.number(f.handled)} />
          <Stat label={t("agent.kpis.answered")} value={fmt.number(f.answered)} />
          <Stat label={t("agent.kpis.aht")} value={fmt.seconds(f.handled ? f.aht_s : null)} />
          <Stat label={t("agent.kpis.occupancy")} value={fmt.percent(f.occupancy)} />
          <Stat label={t("agent.kpis.missed")} value={fmt.number(f.missed_offers ?? 0)} hint={t("agent.kpis.ofOffers", { n: fmt.number(f.offers ?? 0) })} />
          <Stat
            label={t("agent.kpis.csat")}
            value={f.survey_answers ? fmt.percent(f.csat) : "—"}
            hint={f.survey_answers ? t("agent.kpis.csatHint", { mean: fmt.number(f.csat_mean, 2), n: fmt.number(f.survey_answers) }) : t("agent.kpis.noSurveys")}
          />
          <Stat label={t("agent.kpis.fcr")} value={f.fcr_eligible ? fmt.percent(f.fcr) : "—"} />
        </div>
      )}
    </section>
  );
}
