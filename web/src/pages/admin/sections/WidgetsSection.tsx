// Chat widgets (docs/chat.md, "Widgets"): the queue a web page's chat
// button goes to, the origins allowed to embed it, its title per language,
// and the snippet to paste into the page.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { CONTENT_LANGS, embedSnippet, emptyWidgetForm, widgetFromForm, widgetToForm, type WidgetForm } from "../forms/chat";
import { adminPath } from "../nav";
import { loadAll, loadQueues, nameOptions } from "../refs";
import type { ChatWidget, Queue } from "../types";
import { DataTable } from "../ui/DataTable";
import { ConfirmDialog } from "../ui/Dialog";
import { errorText } from "../ui/errors";
import { Loaded, Notice } from "../ui/feedback";
import { CheckboxField, Fieldset, SelectField, TextAreaField, TextField, useFormState } from "../ui/form";
import { Link, useGo } from "../ui/Link";
import { BackLink, Badge, EditorForm, SectionHead } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

const loadWidgets = () =>
  api<ChatWidget[] | { widgets: ChatWidget[] }>("GET", "/api/v1/chat/widgets").then((r) => (Array.isArray(r) ? r : r.widgets));

export function WidgetsSection(props: { item: string | null }) {
  return props.item ? <WidgetEditor key={props.item} item={props.item} /> : <WidgetList />;
}

function WidgetList() {
  const { t } = useI18n();
  const list = useLoad(loadWidgets, []);
  const [deleting, setDeleting] = useState<ChatWidget | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const remove = async () => {
    if (!deleting) return;
    try {
      await api("DELETE", `/api/v1/chat/widgets/${deleting.id}`);
      setDone(t("admin.deleted", { name: deleting.name }));
      setDeleting(null);
      list.reload();
    } catch (e) {
      setDeleteError(errorText(e, t));
    }
  };
  return (
    <section aria-labelledby="sy-widgets-h">
      <SectionHead
        id="sy-widgets-h"
        title={t("admin.nav.widgets")}
        intro={t("admin.widget.intro")}
        actions={
          <Link to={adminPath("widgets", "new")} className="sy-button sy-primary">
            {t("admin.widget.new")}
          </Link>
        }
      />
      {done && <Notice kind="success">{done}</Notice>}
      <Loaded state={list}>
        {(widgets) => (
          <DataTable
            caption={t("admin.widget.list")}
            rows={widgets}
            rowKey={(w) => w.id}
            empty={t("admin.empty")}
            columns={[
              { key: "name", header: t("admin.field.name"), render: (w) => <Link to={adminPath("widgets", w.id)}>{w.name}</Link> },
              { key: "key", header: t("admin.widget.key"), render: (w) => <code>{w.key}</code> },
              { key: "queue", header: t("admin.widget.queue"), render: (w) => String(w.queue) },
              {
                key: "origins",
                header: t("admin.widget.origins"),
                render: (w) => (w.allowed_origins.includes("*") ? t("admin.widget.any_origin") : w.allowed_origins.join(", ") || "—"),
              },
              {
                key: "enabled",
                header: t("admin.field.status"),
                render: (w) => (w.enabled ? <Badge kind="ok">{t("admin.enabled")}</Badge> : <Badge kind="off">{t("admin.disabled")}</Badge>),
              },
              {
                key: "actions",
                header: t("admin.field.actions"),
                render: (w) => (
                  <button
                    type="button"
                    className="sy-danger"
                    aria-label={t("admin.delete_named", { name: w.name })}
                    onClick={() => {
                      setDeleteError(null);
                      setDeleting(w);
                    }}
                  >
                    {t("admin.action.delete")}
                  </button>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {deleting && (
        <ConfirmDialog
          title={t("admin.widget.delete_title")}
          message={t("admin.widget.delete_confirm", { name: deleting.name })}
          confirmLabel={t("admin.action.delete")}
          error={deleteError}
          onClose={() => setDeleting(null)}
          onConfirm={remove}
        />
      )}
    </section>
  );
}

function WidgetEditor(props: { item: string }) {
  const { t } = useI18n();
  const creating = props.item === "new";
  const data = useLoad(
    () =>
      loadAll({
        widget: () => (creating ? Promise.resolve(null) : api<ChatWidget>("GET", `/api/v1/chat/widgets/${encodeURIComponent(props.item)}`)),
        queues: loadQueues,
      }),
    [props.item],
  );
  return (
    <section aria-labelledby="sy-widget-h">
      <BackLink to={adminPath("widgets")} label={t("admin.nav.widgets")} />
      <Loaded state={data}>
        {(d) => (
          <>
            <h2 id="sy-widget-h">{d.widget ? t("admin.widget.edit", { name: d.widget.name }) : t("admin.widget.new")}</h2>
            <WidgetFormView widget={d.widget} queues={d.queues} />
            {d.widget && <EmbedSnippet widget={d.widget} />}
          </>
        )}
      </Loaded>
    </section>
  );
}

function WidgetFormView(props: { widget: ChatWidget | null; queues: Queue[] }) {
  const { t } = useI18n();
  const go = useGo();
  const creating = props.widget === null;
  const [f, setF] = useState<WidgetForm>(() => (props.widget ? widgetToForm(props.widget) : emptyWidgetForm()));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const up = (patch: Partial<WidgetForm>) => {
    setSaved(null);
    setF((x) => ({ ...x, ...patch }));
  };
  const save = async () => {
    const m = widgetFromForm(f);
    if (!m.ok) return form.invalid(m.errors);
    const r = await form.run(() =>
      creating ? api<ChatWidget>("POST", "/api/v1/chat/widgets", m.body) : api<ChatWidget>("PUT", `/api/v1/chat/widgets/${props.widget!.id}`, m.body),
    );
    if (!r) return;
    if (creating) go(adminPath("widgets", r.value.id));
    else {
      setF(widgetToForm(r.value));
      setSaved(t("admin.saved"));
    }
  };
  const chatQueues = props.queues.filter((q) => q.config.channel === "chat").map((q) => q.config.name);
  return (
    <EditorForm
      formRef={form.ref}
      errors={form.errors}
      busy={form.busy}
      saved={saved}
      onSubmit={save}
      label={t("admin.widget.form")}
      submitLabel={creating ? t("admin.action.create") : t("admin.action.save")}
    >
      <div className="sy-grid">
        <TextField name="name" label={t("admin.field.name")} value={f.name} required onChange={(v) => up({ name: v })} />
        <SelectField
          name="queue"
          label={t("admin.widget.queue")}
          hint={t("admin.widget.queue_hint")}
          value={f.queue}
          options={nameOptions(chatQueues, f.queue, t("admin.choose"))}
          onChange={(v) => up({ queue: v })}
        />
      </div>
      <TextAreaField
        name="allowed_origins"
        label={t("admin.widget.origins")}
        hint={t("admin.widget.origins_hint")}
        value={f.allowed_origins}
        rows={3}
        onChange={(v) => up({ allowed_origins: v })}
      />
      <Fieldset name="title" legend={t("admin.widget.title")}>
        <div className="sy-grid sy-grid-wide">
          {CONTENT_LANGS.map((l) => (
            <TextField key={l} name={`title.${l}`} label={t(`admin.lang.${l}`)} value={f.title[l]} onChange={(v) => up({ title: { ...f.title, [l]: v } })} />
          ))}
        </div>
      </Fieldset>
      <CheckboxField name="enabled" label={t("admin.enabled")} checked={f.enabled} onChange={(v) => up({ enabled: v })} />
    </EditorForm>
  );
}

function EmbedSnippet(props: { widget: ChatWidget }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <section aria-labelledby="sy-embed-h" className="sy-subsection">
      <h3 id="sy-embed-h">{t("admin.widget.embed")}</h3>
      <p className="sy-intro">{t("admin.widget.embed_intro")}</p>
      {CONTENT_LANGS.map((l) => {
        const code = embedSnippet(window.location.origin, props.widget.key, l);
        const id = `sy-embed-${l}`;
        return (
          <div key={l} className="sy-snippet">
            <label htmlFor={id}>{t(`admin.lang.${l}`)}</label>
            <textarea id={id} readOnly rows={2} value={code} onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard?.writeText(code).then(
                  () => setCopied(l),
                  () => setCopied(null),
                )
              }
            >
              {t("admin.action.copy")}
            </button>
            {copied === l && <span role="status">{t("admin.copied")}</span>}
          </div>
        );
      })}
    </section>
  );
}
