// A modal dialog: labelled by its title, focus moved in on open and back
// to where it was on close, Escape closes, Tab stays inside.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useI18n } from "../../../i18n";

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; actions?: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>("[data-autofocus], input, textarea, select, button");
    (first ?? box.current)?.focus();
    return () => {
      // Back to where the focus was; if that is gone, to the page's content.
      if (before && before !== document.body && before.isConnected) before.focus();
      else document.querySelector<HTMLElement>(".sy-admin-content, .sy-page")?.focus();
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onClose.current();
      return;
    }
    if (e.key !== "Tab" || !box.current) return;
    const items = Array.from(
      box.current.querySelectorAll<HTMLElement>("a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex='0']"),
    );
    if (items.length === 0) return;
    const firstEl = items[0];
    const lastEl = items[items.length - 1];
    if (e.shiftKey && document.activeElement === firstEl) {
      e.preventDefault();
      lastEl.focus();
    } else if (!e.shiftKey && document.activeElement === lastEl) {
      e.preventDefault();
      firstEl.focus();
    }
  };

  return (
    <div className="sy-dialog-backdrop">
      <div ref={box} className={props.wide ? "sy-dialog sy-dialog-wide" : "sy-dialog"} role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} tabIndex={-1} onKeyDown={onKeyDown}>
        <h2 id={`${id}-title`}>{props.title}</h2>
        <div className="sy-dialog-body">{props.children}</div>
        <div className="sy-dialog-actions">
          {props.actions}
          <button type="button" onClick={() => onClose.current()}>
            {t("admin.action.close")}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Asks before something that cannot be undone; `onConfirm` may fail (its
 *  message is then shown in the dialog). */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  error?: string | null;
  busy?: boolean;
}) {
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      actions={
        <button type="button" className="sy-danger" data-autofocus disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      }
    >
      <p>{props.message}</p>
      {props.error && (
        <p className="sy-field-error" role="alert">
          {props.error}
        </p>
      )}
    </Dialog>
  );
}

/** A secret (API key, webhook secret) that the server shows only once. */
export function SecretDialog(props: { title: string; label: string; secret: string; onClose: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const copy = () => {
    void navigator.clipboard?.writeText(props.secret).catch(() => {});
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      actions={
        <button type="button" onClick={copy}>
          {t("admin.action.copy")}
        </button>
      }
    >
      <p className="sy-warning-text">{t("admin.secret.once")}</p>
      <label htmlFor={id}>{props.label}</label>
      <input id={id} className="sy-secret" readOnly value={props.secret} data-autofocus onFocus={(e) => e.currentTarget.select()} />
    </Dialog>
  );
}
