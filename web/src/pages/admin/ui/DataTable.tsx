// A table with a caption, column headers and a row header (the first
// column): for lists of configuration objects and report figures.
import type { ReactNode } from "react";

export interface Column<R> {
  key: string;
  header: string;
  render: (row: R) => ReactNode;
  numeric?: boolean;
  /** Keep on one line (dates). */
  nowrap?: boolean;
}

const cls = (c: { numeric?: boolean; nowrap?: boolean }) =>
  [c.numeric ? "sy-num" : "", c.nowrap ? "sy-nowrap" : ""].filter(Boolean).join(" ") || undefined;

export function DataTable<R>(props: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string | number;
  empty?: string;
  captionHidden?: boolean;
  className?: string;
}) {
  const [head, ...rest] = props.columns;
  return (
    // Focusable so that a wide table scrolls with the keyboard; a group, not a
    // region landmark (its section already names it).
    <div className="sy-table-wrap" tabIndex={0} role="group" aria-label={props.caption}>
      <table className={`sy-table ${props.className ?? ""}`}>
        <caption className={props.captionHidden ? "sy-visually-hidden" : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.key} scope="col" className={cls(c)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 && (
            <tr>
              <td colSpan={props.columns.length} className="sy-empty">
                {props.empty ?? "—"}
              </td>
            </tr>
          )}
          {props.rows.map((r) => (
            <tr key={props.rowKey(r)}>
              <th scope="row" className={cls(head)}>
                {head.render(r)}
              </th>
              {rest.map((c) => (
                <td key={c.key} className={cls(c)}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
