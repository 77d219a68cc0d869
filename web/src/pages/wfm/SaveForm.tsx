// The wfm settings forms' frame (the shift rules, an agent's own rules, the
// special days, the WFM settings): a form run by useFormState whose fields
// show the server's messages beside them, then the banner, the saved
// notice and Save. Unlike the admin's EditorForm, Save is disabled while
// busy and the banner stands below the fields.
import type { ReactNode } from "react";
import { ErrorBanner, Notice } from "../admin/ui/feedback";
import { FieldErrors, type useFormState } from "../admin/ui/form";

export function SaveForm(props: {
  form: ReturnType<typeof useFormState>;
  /** the form's accessible name, or the id of what names it */
  label?: string;
  labelledBy?: string;
  className?: string;
  onSave: () => void;
  /** Save's text */
  save: string;
  /** the success notice, while there is one */
  saved?: string | null;
  /** more buttons before / after Save */
  before?: ReactNode;
  after?: ReactNode;
  /** the fields (and what goes with them) */
  children: ReactNode;
}) {
  const { form } = props;
  return (
    <form
      ref={form.ref}
      noValidate
      aria-label={props.label}
      aria-labelledby={props.labelledBy}
      className={props.className}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave();
      }}
    >
      <FieldErrors.Provider value={form.errors.fields}>{props.children}</FieldErrors.Provider>
      {form.errors.banner && <ErrorBanner message={form.errors.banner} />}
      {props.saved && <Notice kind="success">{props.saved}</Notice>}
      <div className="sy-form-actions">
        {props.before}
        <button type="submit" className="sy-primary" disabled={form.busy}>
          {props.save}
        </button>
        {props.after}
      </div>
    </form>
  );
}
