import { useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { api, ApiError, qs } from "../../lib/api";
import { ErrorBanner, Loading, useApi, useFormat } from "../../components";
import type { ContactRecord } from "../../lib/types";

/** The customer's earlier contacts (newest first) with their notes. */
export function CustomerHistory({ customerId, current }: { customerId: string | undefined; current: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const path = customerId ? `/api/v1/customers/${encodeURIComponent(customerId)}/contacts${qs({ limit: 20 })}` : null;
  const { data, error, loading, reload } = useApi<ContactRecord[]>(path);
  if (!customerId) return <p className="empty">{t("agent.history.noCustomer")}</p>;
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  const earlier = (data ?? []).filter((r) => r.id !== current);
  if (earlier.length === 0) return <p className="empty">{t("agent.history.none")}</p>;
  return (
    <ol className="history">
      {earlier.map((r) => (
        <li key={r.id} className="history-item">
          <div className="history-line">
            <strong>{fmt.dateTime(r.created_ms)}</strong>
            <span>{t("common.channel." + r.channel)}</span>
            <span>{r.queue}</span>
            <span className={"badge cst-" + r.state}>{tCode(t, "common.contactState.", r.state)}</span>
          </div>
          <div className="history-line muted">
            {r.agent && <span>{t("agent.history.agent", { agent: r.agent })}</span>}
            {r.talk_ms > 0 && <span>{t("agent.history.talk", { time: fmt.clock(r.talk_ms) })}</span>}
            {r.disposition && <span>{t("agent.history.disposition", { code: r.disposition })}</span>}
          </div>
          {r.channel === "voice" && r.talk_ms > 0 && <Recording contact={r.id} />}
          {r.notes && r.notes.length > 0 && (
            <ul className="history-notes">
              {r.notes.map((n) => (
                <li key={n.id} className={n.kind === "verified" ? "note-verified" : ""}>
                  {n.kind === "verified" && <span className="badge verified-badge">{t("agent.notes.verifiedBadge")}</span>} {n.text}{" "}
                  <span className="muted">
                    — {n.author}, {fmt.dateTime(n.time_ms)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

/** A call's recording: a signed link (POST .../recording/link) that the
 *  browser's player streams and seeks with range requests. */
function Recording({ contact }: { contact: number }) {
  const { t } = useI18n();
  const [state, setState] = useState<{ url?: string; missing?: boolean; loading?: boolean }>({});
  if (state.url) return <audio className="recording" controls autoPlay src={state.url} aria-label={t("agent.history.recording")} />;
  if (state.missing) return <p className="muted">{t("agent.history.noRecording")}</p>;
  return (
    <button
      type="button"
      className="btn btn-small"
      disabled={state.loading}
      onClick={() => {
        setState({ loading: true });
        api<{ url: string }>("POST", `/api/v1/contacts/${contact}/recording/link`).then(
          (l) => setState({ url: l.url }),
          (e) => setState(e instanceof ApiError && (e.status === 404 || e.status === 403) ? { missing: true } : {}),
        );
      }}
    >
      {t("agent.history.listen")}
    </button>
  );
}
