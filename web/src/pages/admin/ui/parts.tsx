// Small building blocks shared by the admin sections.
import type { ReactNode } from "react";
import { useI18n } from "../../../i18n";
import { ErrorBanner, Notice } from "./feedback";
import type { FormErrors } from "./errors";
import { FieldErrors, TextField } from "./form";
import { Link } from "./Link";

export function SectionHead(props: { title: string; id: string; actions?: ReactNode; intro?: string }) {
  return (
    <>
      <div className="sy-section-head">
        <h2 id={props.id}>{props.title}</h2>
        <div className="sy-actions">{props.actions}</div>
      </div>
      {props.intro && <p className="sy-intro">{props.intro}</p>}
    </>
  );
}

export function BackLink(props: { to: string; label: string }) {
  return (
    <p className="sy-back">
      <Link to={props.to}>← {props.label}</Link>
    </p>
  );
}

/** A form with its field messages, banner, and a save button. */
export function EditorForm(props: {
  formRef: React.RefObject<HTMLFormElement | null>;
  errors: FormErrors;
  busy: boolean;
  saved?: string | null;
  onSubmit: () => void;
  submitLabel: string;
  children: ReactNode;
  label: string;
  extraActions?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form
      ref={props.formRef}
      className="sy-form"
      aria-label={props.label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!props.busy) props.onSubmit();
      }}
    >
      {props.errors.banner && <ErrorBanner message={props.errors.banner} />}
      {Object.keys(props.errors.fields).length > 0 && !props.errors.banner && (
        <p className="sy-visually-hidden" role="alert">
          {t("admin.error.fields")}
        </p>
      )}
      <FieldErrors.Provider value={props.errors.fields}>{props.children}</FieldErrors.Provider>
      <div className="sy-form-actions">
        {/* aria-disabled, not disabled: a disabled button loses the focus. */}
        <button type="submit" className="sy-primary" aria-disabled={props.busy || undefined}>
          {props.busy ? t("admin.saving") : props.submitLabel}
        </button>
        {props.extraActions}
      </div>
      {props.saved && <Notice kind="success">{props.saved}</Notice>}
    </form>
  );
}

/** An object's name, required; with `fixed` (the hint saying why) it
 *  cannot be changed (agents and queues are not renamed). */
export function NameField(props: { value: string; onChange: (v: string) => void; fixed?: string }) {
  const { t } = useI18n();
  return (
    <TextField
      name="name"
      label={t("admin.field.name")}
      value={props.value}
      required
      disabled={props.fixed !== undefined}
      hint={props.fixed}
      onChange={props.onChange}
    />
  );
}

/** ✕ for a row; with `visible`, the label shows too (for a whole group). */
export function RemoveButton(props: { label: string; onClick: () => void; visible?: boolean }) {
  if (props.visible)
    return (
      <button type="button" className="sy-remove sy-remove-text" onClick={props.onClick}>
        <span aria-hidden="true">✕ </span>
        {props.label}
      </button>
    );
  return (
    <button type="button" className="sy-remove" aria-label={props.label} title={props.label} onClick={props.onClick}>
      ✕
    </button>
  );
}

export function AddButton(props: { label: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" className="sy-add" onClick={props.onClick} disabled={props.disabled}>
      <span aria-hidden="true">+ </span>
      {props.label}
    </button>
  );
}

export function Badge(props: { kind: "ok" | "off" | "alert" | "info"; children: ReactNode }) {
  return <span className={`sy-badge sy-badge-${props.kind}`}>{props.children}</span>;
}

/** Replaces the element `i` of a list. */
export function replaceAt<T>(list: T[], i: number, v: T): T[] {
  return list.map((x, j) => (j === i ? v : x));
}
export function removeAt<T>(list: T[], i: number): T[] {
  return list.filter((_, j) => j !== i);
}
