import { useEffect, useId, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n";

export interface ModalProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom. */
  footer?: ReactNode;
}

/** A modal dialog on the native <dialog> (focus kept inside, Escape closes,
 *  focus returns to where it was). Render it to open it. */
export function Modal({ title, onClose, children, footer }: ModalProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const d = ref.current;
    const before = document.activeElement as HTMLElement | null;
    if (d && !d.open) {
      if (typeof d.showModal === "function") d.showModal();
      else d.setAttribute("open", "");
    }
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    d?.addEventListener("cancel", onCancel);
    return () => {
      d?.removeEventListener("cancel", onCancel);
      if (d?.open && typeof d.close === "function") d.close();
      before?.focus?.();
    };
  }, []);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId}>
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={t("common.close")}>
          ×
        </button>
      </div>
      <div className="modal-body">{children}</div>
      {footer && <div className="modal-foot">{footer}</div>}
    </dialog>
  );
}
