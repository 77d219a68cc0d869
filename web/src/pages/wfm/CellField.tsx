// Controls for a table cell (the breaks of a template, the availability
// grid, the special days): no visible label (the column header says it), an
// accessible name that says column and row, and the message of their field
// path (data-field, as the admin forms' fields) beside them.
import { useContext, useId, type ReactNode } from "react";
import { FieldErrors, type Option } from "../admin/ui/form";

/** What every cell control shares: its id, its field's message and the
 *  attributes that tie the two; `render` draws the control with them, the
 *  message follows it. */
function Cell(props: {
  name: string;
  render: (a: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => ReactNode;
}) {
  const id = useId();
  const error = useContext(FieldErrors)[props.name];
  return (
    <div className="sy-cell-field" data-field={props.name}>
      {props.render({ id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-err` : undefined })}
      {error && (
        <span id={`${id}-err`} className="sy-field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function CellInput(props: {
  name: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: "text" | "number" | "date" | "time";
  inputMode?: "text" | "numeric" | "decimal";
  size?: number;
  disabled?: boolean;
  step?: string;
}) {
  return (
    <Cell
      name={props.name}
      render={(a) => (
        <input
          {...a}
          name={props.name}
          type={props.type ?? "text"}
          aria-label={props.label}
          value={props.value}
          size={props.size}
          step={props.step}
          inputMode={props.inputMode}
          disabled={props.disabled}
          autoComplete="off"
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    />
  );
}

export function CellCheckbox(props: { name: string; label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  return (
    <Cell
      name={props.name}
      render={(a) => (
        <input
          {...a}
          type="checkbox"
          name={props.name}
          aria-label={props.label}
          checked={props.checked}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.checked)}
        />
      )}
    />
  );
}

export function CellSelect(props: { name: string; label: string; value: string; options: Option[]; onChange: (v: string) => void }) {
  return (
    <Cell
      name={props.name}
      render={(a) => (
        <select {...a} name={props.name} aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}
/** The message of a field path that has no control of its own (a whole
 *  row, a list), where the path's things are; nothing while there is none. */
export function FieldMessage(props: { name: string }) {
  const error = useContext(FieldErrors)[props.name];
  return (
    <div className="sy-cell-field" data-field={props.name}>
      {error && <span className="sy-field-error">{error}</span>}
    </div>
  );
}

/** A table of cell controls: its caption, the column headers, the rows
 *  (`children`) and, while there are none, `empty` across all columns. */
export function CellTable(props: { className: string; caption: string; headers: string[]; empty?: string; children: ReactNode }) {
  return (
    <div className="sy-table-wrap">
      <table className={`sy-table ${props.className}`}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.headers.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.empty !== undefined && (
            <tr>
              <td colSpan={props.headers.length} className="sy-empty">
                {props.empty}
              </td>
            </tr>
          )}
          {props.children}
        </tbody>
      </table>
    </div>
  );
}
