// Small controls the quality views share: a choice between a few options
// shown as radio buttons, a text area that shows its own message, and the
// form that opens a contact by its number.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { navigate } from "../../lib/router";

/** A labelled group of radio buttons (acknowledge / dispute, upheld / amended). */
export function RadioChoice<T extends string>(props: { name: string; legend: string; options: readonly T[]; label: (v: T) => string; value: T; onChange: (v: T) => void }) {
  return (
    <fieldset className="sy-fieldset sy-q-radios">
      <legend>{props.legend}</legend>
      {props.options.map((v) => (
        <label key={v} className="sy-check">
          <input type="radio" name={props.name} checked={props.value === v} onChange={() => props.onChange(v)} />
          {props.label(v)}
        </label>
      ))}
    </fieldset>
  );
}

/** A text area with its label and, when given, its error (announced with it). */
export function ReasonField(props: { id: string; field: string; label: string; value: string; onChange: (v: string) => void; error: string | null }) {
  const err = `${props.id}-err`;
  return (
    <div className="sy-field" data-field={props.field}>
      <label htmlFor={props.id}>{props.label}</label>
      <textarea id={props.id} rows={3} value={props.value} aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? err : undefined} onChange={(e) => props.onChange(e.target.value)} />
      {props.error && (
        <span id={err} className="sy-field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** A contact number, then `base/<number>` (the evaluator's scoring, the agent's self-assessment). */
export function OpenContactForm(props: { id: string; base: string; label: string; labelledBy?: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState("");
  const [err, setErr] = useState<string | null>(null);
  return (
    <form
      className="sy-q-inline"
      aria-label={props.labelledBy ? undefined : props.label}
      aria-labelledby={props.labelledBy}
      onSubmit={(e) => {
        e.preventDefault();
        if (!/^\d+$/.test(value.trim())) return setErr(t("quality.invalid.contact"));
        navigate(`${props.base}/${value.trim()}`);
      }}
    >
      <div className="sy-field" data-field="contact">
        <label htmlFor={props.id}>{t("quality.worklist.contact_number")}</label>
        <input id={props.id} inputMode="numeric" value={value} aria-invalid={err ? true : undefined} aria-describedby={err ? `${props.id}-err` : undefined} onChange={(e) => setValue(e.target.value)} />
        {err && (
          <span id={`${props.id}-err`} className="sy-field-error">
            {err}
          </span>
        )}
      </div>
      <button type="submit">{props.label}</button>
    </form>
  );
}

/** A label and a text (or date, search) input, for the short forms above lists. */
export function InlineInput(props: { id: string; label: string; value: string; onChange: (v: string) => void; type?: "text" | "search" | "date" }) {
  return (
    <div className="sy-field">
      <label htmlFor={props.id}>{props.label}</label>
      <input id={props.id} type={props.type ?? "text"} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
    </div>
  );
}
