import { memo } from "react";
import { tCode, useI18n } from "../../i18n";
import { useFormat } from "../../components";
import type { AlertEvent } from "../../lib/types";

/** The alerts raised now (docs/api.md, "Alerts"), newest first. Renders
 *  again only when they change, not with every batch of events. */
export const AlertsPanel = memo(function AlertsPanel({ active }: { active: AlertEvent[] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const value = (a: AlertEvent, v: number | null) => {
    if (v === null) return "—";
    if (a.metric === "service_level" || a.metric === "abandon_rate") return fmt.percent(v, 1);
    if (a.metric === "longest_wait" || a.metric === "ewt") return fmt.seconds(v);
    return fmt.number(v, 1);
  };
  return (
    <section className={"card alerts " + (active.length ? "alerts-on" : "")} aria-labelledby="alerts-h">
      <h2 id="alerts-h">
        {t("wallboard.alerts.title")} <span className="count-badge">{active.length}</span>
      </h2>
      <div aria-live="assertive" aria-relevant="additions">
        {active.length === 0 ? (
          <p className="empty">{t("wallboard.alerts.none")}</p>
        ) : (
          <ul className="alert-list">
            {active.map((a) => (
              <li key={a.rule.id} className="alert-item">
                <span className="alert-icon" aria-hidden="true">
                  ⚠
                </span>
                <strong>{a.rule.name}</strong>
                <span>
                  {t("wallboard.alerts.line", {
                    metric: tCode(t, "wallboard.metric.", a.metric),
                    scope: a.scope.name ?? a.scope.customer_group ?? String(a.scope.queue ?? ""),
                    value: value(a, a.value),
                    threshold: value(a, a.threshold),
                  })}
                </span>
                <span className="muted">{t("wallboard.alerts.since", { time: fmt.time(a.at_ms) })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
});
