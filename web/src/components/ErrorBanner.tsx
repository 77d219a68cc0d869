import { useI18n } from "../i18n";
import { errorDetail, errorKey } from "./errors";

export interface ErrorBannerProps {
  /** An ApiError (or any error); nothing is shown while it is null. */
  error: unknown;
  /** A headline of the page's own instead of the one by error code. */
  title?: string;
  onRetry?: () => void;
  onDismiss?: () => void;
  className?: string;
}

/** A failed request, said in the user's language, with the server's message
 *  as detail. Announced to screen readers (role="alert"). */
export function ErrorBanner({ error, title, onRetry, onDismiss, className }: ErrorBannerProps) {
  const { t } = useI18n();
  if (error === null || error === undefined) return null;
  const detail = errorDetail(error);
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
