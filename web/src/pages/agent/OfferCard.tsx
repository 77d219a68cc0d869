import { useState } from "react";
import { useI18n } from "../../i18n";
import { Countdown } from "../../components";
import type { Contact } from "../../lib/types";
import type { DeskContact } from "./deskState";

export interface OfferCardProps {
  offer: DeskContact;
  detail: Contact | undefined;
  queueName: string;
  /** Server time the offer lapses. */
  until: number;
  timeoutMs: number;
  busy: boolean;
  onAccept: () => void;
  onReject: () => void;
}

/** An incoming contact: what it is, how long is left, accept or reject. */
export function OfferCard({ offer, detail, queueName, until, timeoutMs, busy, onAccept, onReject }: OfferCardProps) {
  const { t } = useI18n();
  const [left, setLeft] = useState(1);
  const channel = detail?.channel;
  return (
    <section className="offer" role="alertdialog" aria-labelledby={`offer-${offer.id}-h`} aria-describedby={`offer-${offer.id}-d`}>
      <div className="offer-main">
        <h2 id={`offer-${offer.id}-h`}>
          {channel && <span className={"channel-tag ch-" + channel}>{t("common.channel." + channel)}</span>} {t("agent.offer.title")}
        </h2>
        <p id={`offer-${offer.id}-d`} className="offer-desc">
          {t("agent.offer.queue", { queue: queueName })}
          {detail?.customer_id && <> · {t("agent.offer.customer", { id: detail.customer_id })}</>}
          {detail?.customer_group && detail.customer_group !== "standard" && (
            <>
              {" "}
              · <span className="badge group-badge">{detail.customer_group}</span>
            </>
          )}
        </p>
      </div>
      <div className="offer-timer" aria-label={t("agent.offer.timeLeft")}>
        <Countdown until={until} onSecond={(ms) => setLeft(timeoutMs > 0 ? ms / timeoutMs : 0)} className="offer-count" />
        <div className="offer-bar" aria-hidden="true">
          <div style={{ width: `${Math.max(0, Math.min(1, left)) * 100}%` }} />
        </div>
      </div>
      <div className="btn-row">
        <button type="button" className="btn btn-ok btn-lg" disabled={busy} onClick={onAccept} autoFocus>
          {t("agent.offer.accept")}
        </button>
        <button type="button" className="btn btn-lg" disabled={busy} onClick={onReject}>
          {t("agent.offer.reject")}
        </button>
      </div>
    </section>
  );
}
