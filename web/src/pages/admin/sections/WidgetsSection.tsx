import { useState } from "react";
import { useI18n } from "../../../i18n";
import { CONTENT_LANGS, embedSnippet, emptyWidgetForm, widgetFromForm, widgetToForm } from "../forms/chat";
import { nameOptions } from "../refs";
import { QUEUES, WIDGETS } from "../resources";
import type { ChatWidget, Queue } from "../types";
import { nameColumn, removeColumn, ResourceEditor, ResourceList, useResourceForm } from "../ui/crud";
import { CheckboxField, Fieldset, SelectField, TextAreaField, TextField } from "../ui/form";
import { Badge, EditorForm, NameField } from "../ui/parts";

export function WidgetsSection(props: { item: string | null }) {
  return props.item ? <WidgetEditor key={props.item} item={props.item} /> : <WidgetList />;
}

function WidgetList() {
  const { t } = useI18n();
  return (
    <ResourceList
      res={WIDGETS}
      columns={(_, list) => [
        nameColumn(WIDGETS, t),
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
        removeColumn(t, list),
      ]}
    />
  );
}

function WidgetEditor(props: { item: string }) {
  return (
    <ResourceEditor res={WIDGETS} item={props.item} refs={{ queues: QUEUES.list }}>
      {(widget, refs) => (
        <>
          <WidgetFormView widget={widget} queues={refs.queues} />
          {widget && <EmbedSnippet widget={widget} />}
        </>
      )}
    </ResourceEditor>
  );
}

function WidgetFormView(props: { widget: ChatWidget | null; queues: Queue[] }) {
  const { t } = useI18n();
  const { f, up, formProps } = useResourceForm(WIDGETS, props.widget, { empty: emptyWidgetForm, toForm: widgetToForm, fromForm: widgetFromForm });
  const chatQueues = props.queues.filter((q) => q.config.channel === "chat").map((q) => q.config.name);
  return (
    <EditorForm {...formProps}>
      <div className="sy-grid">
        <NameField value={f.name} onChange={(v) => up({ name: v })} />
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
