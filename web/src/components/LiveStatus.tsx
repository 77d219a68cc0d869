import { useI18n } from "../i18n";
import type { LiveStatus as Status } from "../lib/live";

/** The state of a live connection: "Live", "Connecting…", "Reconnecting…".
 *  Announced politely when it changes. */
export function LiveStatus({ status }: { status: Status }) {
  const { t } = useI18n();
  const cls = status === "open" ? "live-ok" : status === "stopped" ? "live-off" : "live-wait";
  return (
    <span className={"live-status " + cls} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {t("common.live." + status)}
    </span>
  );
}
