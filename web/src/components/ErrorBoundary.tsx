import { Component, type ErrorInfo, type ReactNode } from "react";
import { I18nContext } from "../i18n";
import { errorDetail } from "./errors";

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the route) clears a caught error. */
  resetKey?: unknown;
}
interface State {
  error: unknown;
  key: unknown;
}

/** Catches a render error below it and shows what happened with a way out,
 *  so that a bug or an unexpected answer never leaves the page blank. */
export class ErrorBoundary extends Component<Props, State> {
  static contextType = I18nContext;
  declare context: React.ContextType<typeof I18nContext>;
  state: State = { error: null, key: undefined };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error ?? new Error("unknown") };
  }
  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.key) return { key: props.resetKey, error: null };
    return null;
  }
  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("page error", error, info.componentStack);
  }

  render() {
    if (this.state.error === null) return this.props.children;
    const { t } = this.context;
    return (
      <div role="alert" className="banner banner-error boundary">
        <div className="banner-text">
          <strong>{t("common.error.page")}</strong>
          <span className="banner-detail">{errorDetail(this.state.error)}</span>
        </div>
        <div className="banner-actions">
          <button type="button" className="btn btn-small" onClick={() => this.setState({ error: null })}>
            {t("common.retry")}
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => window.location.reload()}>
            {t("common.reload")}
          </button>
        </div>
      </div>
    );
  }
}
