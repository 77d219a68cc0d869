import { useI18n } from "../i18n";
import { errorDetail, errorKey } from "./errors";

export interface ErrorBannerProps {
  /** An ApiError (or any error); nothing is shown while it is null. */
  error: unknown;
  /** A headline of the page's own instead of the one by error code. */
  title?: string;
  /** Show the server's message under the headline (default). Off where the
   *  page's own title says all there is to say (and the server's English
   *  message would only repeat it). */
  detail?: boolean;
  onRetry?: () => void;
  onDismiss?: () => void;
  className?: string;
}

/** A failed request, said in the user's language, with the server's message
 *  as detail. Announced to screen readers (role="alert"). */
export function ErrorBanner({ error, title, detail: withDetail = true, onRetry, onDismiss, className }: ErrorBannerProps) {
  const { t } = useI18n();
  if (error === null || error === undefined) return null;
  const detail = withDetail ? errorDetail(error) : "";
  return (
    <div role="alert" className={"banner banner-error " + (className ?? "")}>
      <div className="banner-text">
        <strong>{title ?? t(errorKey(error))}</strong>
        {detail && <span className="banner-detail">{detail}</span>}
      </div>
      <div className="banner-actions">
        {onRetry && (
          <button type="button" className="btn btn-small" onClick={onRetry}>
            {t("common.retry")}
          </button>
        )}
        {onDismiss && (
          <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label={t("common.dismiss")}>
            ×
          </button>
        )}
      </div>
    </div>
  );
}
