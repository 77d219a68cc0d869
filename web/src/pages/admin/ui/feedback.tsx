// Banners (errors with a retry, notices), the loading line, and a state
// wrapper so that a failed load never leaves a section blank.
import type { ReactNode } from "react";
import { useI18n } from "../../../i18n";
import { errorText, isMissingRoute } from "./errors";

export function ErrorBanner(props: { message: string; onRetry?: () => void; onDismiss?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="sy-banner sy-banner-error" role="alert" tabIndex={-1}>
      <span>{props.message}</span>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          {t("admin.action.retry")}
        </button>
      )}
      {props.onDismiss && (
        <button type="button" onClick={props.onDismiss} aria-label={t("admin.action.dismiss")}>
          ×
        </button>
      )}
    </div>
  );
}

export function Notice(props: { children: ReactNode; kind?: "info" | "success" | "warning" }) {
  return (
    <div className={`sy-banner sy-banner-${props.kind ?? "info"}`} role="status">
      {props.children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="sy-loading" role="status">
      {t("admin.loading")}
    </p>
  );
}

/** Renders `children(data)` once loaded; a spinner line before, and on
 *  failure a banner with a retry (or a note when the route does not exist
 *  on this server yet). */
export function Loaded<T>(props: {
  state: { data: T | undefined; error: unknown; loading: boolean; reload: () => void };
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  const { data, error, loading, reload } = props.state;
  if (error !== undefined && error !== null) {
    if (isMissingRoute(error))
      return (
        <Notice kind="warning">
          {t("admin.error.missing_route")}{" "}
          <button type="button" onClick={reload}>
            {t("admin.action.retry")}
          </button>
        </Notice>
      );
    return <ErrorBanner message={errorText(error, t)} onRetry={reload} />;
  }
  if (data === undefined) return loading ? <Loading /> : null;
  return <>{props.children(data)}</>;
}
