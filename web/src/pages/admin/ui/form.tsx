// Labelled form controls that show the message of their field path
// (data-field, see errors.ts) and a hook that runs a form's request.
import { createContext, useContext, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../../../i18n";
import { localErrors, mapApiError, NO_ERRORS, shownFields, type FormErrors } from "./errors";

export const FieldErrors = createContext<Record<string, string>>({});

function useFieldError(name: string): string | undefined {
  return useContext(FieldErrors)[name];
}

interface Common {
  name: string;
  label: string;
  hint?: string;
  disabled?: boolean;
  required?: boolean;
  className?: string;
}

function Described(props: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {props.hint && (
        <span id={`${props.id}-hint`} className="sy-hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={`${props.id}-err`} className="sy-field-error">
          {props.error}
        </span>
      )}
    </>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-err` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

export function TextField(
  props: Common & {
    value: string;
    onChange: (v: string) => void;
    type?: "text" | "password" | "url" | "number" | "email" | "date" | "datetime-local" | "time";
    autoComplete?: string;
    step?: string;
    min?: number;
    max?: number;
    inputMode?: "text" | "numeric" | "decimal" | "url";
    list?: string;
    size?: number;
  },
) {
  const id = useId();
  const error = useFieldError(props.name);
  return (
    <div className={`sy-field ${props.className ?? ""}`} data-field={props.name}>
      <label htmlFor={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        disabled={props.disabled}
        required={props.required}
        autoComplete={props.autoComplete ?? "off"}
        step={props.step}
        min={props.min}
        max={props.max}
        inputMode={props.inputMode}
        list={props.list}
        size={props.size}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <Described id={id} hint={props.hint} error={error} />
    </div>
  );
}

/** A number typed as text (blank allowed); `unit` is shown in the label. */
export function NumberField(
  props: Common & { value: string; onChange: (v: string) => void; unit?: string; step?: string; min?: number; max?: number },
) {
  return (
    <TextField
      {...props}
      label={props.unit ? `${props.label} (${props.unit})` : props.label}
      type="number"
      inputMode="decimal"
      step={props.step ?? "any"}
      className={`sy-field-number ${props.className ?? ""}`}
    />
  );
}

export function TextAreaField(props: Common & { value: string; onChange: (v: string) => void; rows?: number; lang?: string }) {
  const id = useId();
  const error = useFieldError(props.name);
  return (
    <div className={`sy-field ${props.className ?? ""}`} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        value={props.value}
        rows={props.rows ?? 4}
        lang={props.lang}
        disabled={props.disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <Described id={id} hint={props.hint} error={error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: Common & { value: string; onChange: (v: string) => void; options: Option[] }) {
  const id = useId();
  const error = useFieldError(props.name);
  return (
    <div className={`sy-field ${props.className ?? ""}`} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Described id={id} hint={props.hint} error={error} />
    </div>
  );
}

/** A checkbox; `role="switch"` for an on/off setting (read as "on" / "off"). */
export function CheckboxField(props: Common & { checked: boolean; onChange: (v: boolean) => void; role?: "switch" }) {
  const id = useId();
  const error = useFieldError(props.name);
  return (
    <div className={`sy-field sy-field-check ${props.className ?? ""}`} data-field={props.name}>
      <input
        id={id}
        type="checkbox"
        role={props.role}
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      <Described id={id} hint={props.hint} error={error} />
    </div>
  );
}

/** A group of controls; shows the message of `name` (e.g. `skills[0]`). */
export function Fieldset(props: { name?: string; legend: string; hint?: string; children: ReactNode; className?: string }) {
  const id = useId();
  const error = useFieldError(props.name ?? "\u0000");
  return (
    <fieldset
      className={`sy-fieldset ${props.className ?? ""}`}
      data-field={props.name}
      aria-describedby={describedBy(id, props.hint, error)}
    >
      <legend>{props.legend}</legend>
      <Described id={id} hint={props.hint} error={error} />
      {props.children}
    </fieldset>
  );
}

/** Checkboxes for a set of names (e.g. the sites of a queue). */
export function CheckboxGroup(props: {
  name: string;
  legend: string;
  hint?: string;
  options: Option[];
  values: string[];
  onChange: (v: string[]) => void;
  empty?: string;
}) {
  const id = useId();
  const error = useFieldError(props.name);
  const toggle = (v: string, on: boolean) =>
    props.onChange(on ? [...props.values.filter((x) => x !== v), v] : props.values.filter((x) => x !== v));
  return (
    <fieldset className="sy-fieldset sy-checkgroup" data-field={props.name} aria-describedby={describedBy(id, props.hint, error)}>
      <legend>{props.legend}</legend>
      <Described id={id} hint={props.hint} error={error} />
      {props.options.length === 0 && props.empty && <p className="sy-hint">{props.empty}</p>}
      <div className="sy-checkgroup-items">
        {props.options.map((o) => (
          <label key={o.value} className="sy-check">
            <input
              type="checkbox"
              checked={props.values.includes(o.value)}
              onChange={(e) => toggle(o.value, e.target.checked)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A form's request state: field messages, banner, busy; `run` maps a
 *  failed request's error to fields (those shown in `ref`'s form). */
export function useFormState() {
  const { t } = useI18n();
  const ref = useRef<HTMLFormElement>(null);
  const [errors, setErrorsState] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const focusPending = useRef(false);

  const setErrors = (e: FormErrors) => {
    focusPending.current = e.banner !== null || Object.keys(e.fields).length > 0;
    setErrorsState(e);
  };

  // A layout effect: the field is focused in the same commit that shows its message, so nobody
  // (a person typing, a screen reader, a test that waits for the message) sees the message with
  // the focus still elsewhere. A passive effect ran later under load: a page test caught it.
  useLayoutEffect(() => {
    if (!focusPending.current || !ref.current) return;
    focusPending.current = false;
    const root = ref.current;
    const first = Object.keys(errors.fields)[0];
    let target: HTMLElement | null = null;
    if (first) {
      const holder = Array.from(root.querySelectorAll<HTMLElement>("[data-field]")).find((el) => el.dataset.field === first);
      target = holder?.querySelector<HTMLElement>("input, select, textarea, button") ?? null;
    }
    if (!target) target = root.querySelector<HTMLElement>(".sy-banner");
    target?.focus();
  }, [errors]);

  /** Runs a request: `{value}` when it succeeded (value may be undefined
   *  for a 204), undefined when it failed (the messages are then shown). */
  async function run<R>(fn: () => Promise<R>): Promise<{ value: R } | undefined> {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      return { value: await fn() };
    } catch (e) {
      setErrors(mapApiError(e, shownFields(ref.current), t));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  /** Shows client-side messages (i18n keys by field path). */
  const invalid = (keys: Record<string, string>) => setErrors(localErrors(keys, t));
  const clear = () => setErrors(NO_ERRORS);

  /** For <EditorForm>: its ref, messages and busy state. */
  const formProps = { formRef: ref, errors, busy };
  return { ref, errors, busy, run, invalid, clear, formProps };
}
