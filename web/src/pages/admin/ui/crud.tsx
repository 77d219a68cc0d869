// What the admin sections have in common, so that each keeps only what is
// its own (columns, fields, the mapping between form and API body):
//  - ResourceList: the list page (a table, a link to a new one, delete
//    with a confirmation, a message once done);
//  - ResourceEditor: the editor page (back link, load, heading);
//  - useEditorForm / useResourceForm: an editor's form (validate, send,
//    the server's errors beside the fields, then "Saved" or the new
//    object's editor).
import { useState, type ReactNode } from "react";
import { useI18n } from "../../../i18n";
import type { Mapped } from "../forms/common";
import { adminPath } from "../nav";
import { loadAll } from "../refs";
import type { Resource } from "../resources";
import { DataTable, type Column } from "./DataTable";
import { ConfirmDialog } from "./Dialog";
import { errorText } from "./errors";
import { Loaded, Notice } from "./feedback";
import { useFormState } from "./form";
import { Link, useGo } from "./Link";
import { BackLink, SectionHead } from "./parts";
import { useLoad } from "./useLoad";

type T = ReturnType<typeof useI18n>["t"];

// ---- forms

/** An editor's form: `f` the values, `up` changes some, `formProps` go to
 *  <EditorForm> (with a label and a submit label). On submit the values
 *  are checked (`fromForm`), sent, and `saved` says what to show next: the
 *  form of the server's answer (then "Saved"), or nothing (moved on). */
export function useEditorForm<F, B, R>(opts: {
  initial: () => F;
  fromForm: (f: F) => Mapped<B>;
  send: (body: B) => Promise<R>;
  saved: (answer: R, body: B) => F | undefined;
}) {
  const { t } = useI18n();
  const [f, setF] = useState<F>(opts.initial);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const up = (patch: Partial<F>) => {
    setSaved(null);
    setF((x) => ({ ...x, ...patch }));
  };
  const onSubmit = async () => {
    const m = opts.fromForm(f);
    if (!m.ok) return form.invalid(m.errors);
    const r = await form.run(() => opts.send(m.body));
    if (!r) return;
    const next = opts.saved(r.value, m.body);
    if (next === undefined) return;
    setF(next);
    setSaved(t("admin.saved"));
  };
  return { f, up, formProps: { ...form.formProps, saved, onSubmit } };
}

/** The form of an object of `res`: a new one (`current` null) is created
 *  and its editor opened (unless `created` shows something first and says
 *  so), an existing one replaced and shown as the server has it. The form
 *  is labelled `admin.<key>.form` unless `label` (a key) says otherwise. */
export function useResourceForm<O extends { id: number }, F, B>(
  res: Resource<O>,
  current: O | null,
  m: {
    empty: () => F;
    toForm: (o: O) => F;
    fromForm: (f: F, creating: boolean) => Mapped<B>;
    created?: (o: O) => boolean;
    label?: string;
  },
) {
  const { t } = useI18n();
  const go = useGo();
  const creating = current === null;
  const form = useEditorForm<F, B, O>({
    initial: () => (current ? m.toForm(current) : m.empty()),
    fromForm: (f) => m.fromForm(f, creating),
    send: (body) => res.save(current, body),
    saved: (o) => {
      if (!creating) return m.toForm(o);
      if (!m.created?.(o)) go(adminPath(res.section, o.id));
      return undefined;
    },
  });
  const labels = { label: t(m.label ?? `admin.${res.key}.form`), submitLabel: creating ? t("admin.action.create") : t("admin.action.save") };
  return { ...form, creating, formProps: { ...form.formProps, ...labels } };
}

// ---- the editor page

type Refs = Record<string, () => Promise<unknown>>;
export type RefsOf<R extends Refs> = { [K in keyof R]: Awaited<ReturnType<R[K]>> };

async function loadOne<O extends { id: number }>(res: Resource<O>, item: string, t: T): Promise<O | null> {
  if (item === "new") return null;
  if (res.get) return res.get(item);
  // No GET of one: it comes from the list.
  const found = (await res.list()).find((o) => String(o.id) === item);
  if (!found) throw new Error(t(`admin.${res.key}.not_found`, { id: item }));
  return found;
}

/** /admin/<section>/<item>: the object (none for "new") and the lists its
 *  form chooses from (`refs`), loaded together; then `children`. */
export function ResourceEditor<O extends { id: number }, R extends Refs = Record<string, never>>(props: {
  res: Resource<O>;
  item: string;
  refs?: R;
  children: (current: O | null, refs: RefsOf<R>) => ReactNode;
}) {
  const { t } = useI18n();
  const { res, item } = props;
  const data = useLoad(() => loadAll({ current: () => loadOne(res, item, t), ...(props.refs as R) }), [item]);
  const id = `sy-${res.key}-h`;
  return (
    <section aria-labelledby={id}>
      <BackLink to={adminPath(res.section)} label={t(`admin.nav.${res.section}`)} />
      <Loaded state={data}>
        {(d) => {
          const current = d.current as O | null;
          return (
            <>
              <h2 id={id}>{current ? t(`admin.${res.key}.edit`, { name: res.name(current) }) : t(`admin.${res.key}.new`)}</h2>
              {props.children(current, d as RefsOf<R>)}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

// ---- the list page

export interface ListActions<O> {
  /** A button that asks to delete `o` (with the confirmation dialog). */
  removeButton: (o: O, opts?: { disabled?: boolean }) => ReactNode;
  /** Shows a message above the list (the last one stays). */
  notify: (message: string) => void;
  /** Loads the list again. */
  reload: () => void;
}

/** The texts (i18n keys) of deleting: the default is "Delete" with the
 *  resource's own title and question (`admin.<key>.delete_title`, …). */
export interface RemovalTexts {
  button: string;
  named: string;
  title: string;
  confirm: string;
  done: string;
}

/** The first column: the object's name, a link to its editor. */
export function nameColumn<O extends { id: number }>(res: Resource<O>, t: T, link = true): Column<O> {
  return {
    key: "name",
    header: t("admin.field.name"),
    render: (o) => (link ? <Link to={adminPath(res.section, o.id)}>{res.name(o)}</Link> : res.name(o)),
  };
}

/** The last column: the delete button. */
export function removeColumn<O>(t: T, list: ListActions<O>): Column<O> {
  return { key: "actions", header: t("admin.field.actions"), render: (o) => list.removeButton(o) };
}

/** /admin/<section>: a table of what `load` gives (default: the list;
 *  `rows` picks the objects), with a link to a new one's editor unless
 *  `creatable` is false. A column with `list.removeButton` makes them
 *  deletable; `removal` has the texts where they differ, and
 *  `disableWhileBusy` disables the confirm button while the request runs.
 *  `after` is shown below the table, `children` below the list. */
export function ResourceList<O extends { id: number }, D = O[]>(props: {
  res: Resource<O>;
  columns: (data: D, list: ListActions<O>) => Column<O>[];
  load?: () => Promise<D>;
  rows?: (data: D) => O[];
  creatable?: boolean;
  removal?: Partial<RemovalTexts> & { disableWhileBusy?: boolean };
  after?: (data: D) => ReactNode;
  children?: (list: ListActions<O>) => ReactNode;
}) {
  const { t } = useI18n();
  const { res } = props;
  const data = useLoad<D>(props.load ?? (res.list as () => Promise<D>), []);
  const [removing, setRemoving] = useState<O | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { disableWhileBusy, ...own } = props.removal ?? {};
  const texts: RemovalTexts = {
    button: "admin.action.delete",
    named: "admin.delete_named",
    title: `admin.${res.key}.delete_title`,
    confirm: `admin.${res.key}.delete_confirm`,
    done: "admin.deleted",
    ...own,
  };
  const list: ListActions<O> = {
    removeButton: (o, opts) => (
      <button
        type="button"
        className="sy-danger"
        disabled={opts?.disabled}
        aria-label={t(texts.named, { name: res.name(o) })}
        onClick={() => {
          setRemoveError(null);
          setRemoving(o);
        }}
      >
        {t(texts.button)}
      </button>
    ),
    notify: setDone,
    reload: data.reload,
  };
  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await res.remove(removing);
      setDone(t(texts.done, { name: res.name(removing) }));
      setRemoving(null);
      data.reload();
    } catch (e) {
      setRemoveError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const id = `sy-${res.key}s-h`;
  return (
    <section aria-labelledby={id}>
      <SectionHead
        id={id}
        title={t(`admin.nav.${res.section}`)}
        intro={t(`admin.${res.key}.intro`)}
        actions={
          props.creatable === false ? undefined : (
            <Link to={adminPath(res.section, "new")} className="sy-button sy-primary">
              {t(`admin.${res.key}.new`)}
            </Link>
          )
        }
      />
      {done && <Notice kind="success">{done}</Notice>}
      <Loaded state={data}>
        {(d) => (
          <>
            <DataTable
              caption={t(`admin.${res.key}.list`)}
              rows={props.rows ? props.rows(d) : (d as O[])}
              rowKey={(o) => o.id}
              empty={t("admin.empty")}
              columns={props.columns(d, list)}
            />
            {props.after?.(d)}
          </>
        )}
      </Loaded>
      {props.children?.(list)}
      {removing && (
        <ConfirmDialog
          title={t(texts.title)}
          message={t(texts.confirm, { name: res.name(removing) })}
          confirmLabel={t(texts.button)}
          error={removeError}
          busy={disableWhileBusy ? busy : undefined}
          onClose={() => setRemoving(null)}
          onConfirm={remove}
        />
      )}
    </section>
  );
}
