import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";

export interface FieldProps {
  label: ReactNode;
  /** The error to show under the control (e.g. fieldError(err, "name")). */
  error?: string;
  hint?: ReactNode;
  /** One control: <input>, <select> or <textarea>. It gets id,
   *  aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
  className?: string;
}

/** A labelled form control with its hint and error, linked for screen readers. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  const auto = useId();
  const id = (isValidElement(children) && (children.props.id as string)) || auto;
  const hintId = hint ? id + "-hint" : undefined;
  const errId = error ? id + "-err" : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={"field " + (error ? "field-invalid " : "") + (className ?? "")}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errId} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}
