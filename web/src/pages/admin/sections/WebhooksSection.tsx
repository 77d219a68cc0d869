// Alert webhooks: create (the signing secret is shown once), edit, delete;
// and the delivery log with a retry for failed or pending deliveries.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { emptyWebhookForm, webhookFromForm, webhookToForm } from "../forms/alerts";
import { adminPath } from "../nav";
import { WEBHOOKS } from "../resources";
import type { Delivery, Webhook } from "../types";
import { nameColumn, removeColumn, ResourceEditor, ResourceList, useResourceForm } from "../ui/crud";
import { DataTable } from "../ui/DataTable";
import { SecretDialog } from "../ui/Dialog";
import { errorText } from "../ui/errors";
import { ErrorBanner, Loaded } from "../ui/feedback";
import { CheckboxField, SelectField, TextField } from "../ui/form";
import { formatDateTime } from "../ui/format";
import { useGo } from "../ui/Link";
import { Badge, EditorForm, NameField } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

export function WebhooksSection(props: { item: string | null }) {
  return props.item ? <WebhookEditor key={props.item} item={props.item} /> : <WebhookList />;
}

function WebhookList() {
  const { t, lang, timeZone } = useI18n();
  return (
    <ResourceList
      res={WEBHOOKS}
      columns={(_, list) => [
        nameColumn(WEBHOOKS, t),
        { key: "url", header: t("admin.hook.url"), render: (h) => <code className="sy-break">{h.url}</code> },
        {
          key: "enabled",
          header: t("admin.field.status"),
          render: (h) => (h.enabled ? <Badge kind="ok">{t("admin.enabled")}</Badge> : <Badge kind="off">{t("admin.disabled")}</Badge>),
        },
        { key: "created", header: t("admin.field.created"), render: (h) => formatDateTime(lang, timeZone, h.created_ms) },
        removeColumn(t, list),
      ]}
      after={(hooks) => <Deliveries hooks={hooks} />}
    />
  );
}

export const DELIVERY_PAGE = 50;

/** The query of a page of the delivery log. */
export function deliveriesQuery(filter: { webhook: string; status: string }, before?: number): string {
  const q = new URLSearchParams();
  if (filter.webhook) q.set("webhook", filter.webhook);
  if (filter.status) q.set("status", filter.status);
  if (before !== undefined) q.set("before", String(before));
  q.set("limit", String(DELIVERY_PAGE));
  return `/api/v1/alerts/deliveries?${q}`;
}

/** A delivery error without the server's source location (kept in the title). */
export function shortError(e: string): string {
  const s = e.replace(/\s*\[system:[\s\S]*$/, "").trim() || e;
  return s.length > 120 ? s.slice(0, 120) + "…" : s;
}

function Deliveries(props: { hooks: Webhook[] }) {
  const { t, lang, timeZone } = useI18n();
  const [filter, setFilter] = useState({ webhook: "", status: "" });
  const [older, setOlder] = useState<Delivery[]>([]);
  const [more, setMore] = useState<{ busy: boolean; error: string | null; end: boolean }>({ busy: false, error: null, end: false });
  const [retried, setRetried] = useState<Record<number, string>>({});
  const first = useLoad(() => api<{ deliveries: Delivery[] }>("GET", deliveriesQuery(filter)).then((r) => r.deliveries), [filter.webhook, filter.status]);
  const rows = [...(first.data ?? []), ...older];
  const hookName = (id: number) => props.hooks.find((h) => h.id === id)?.name ?? `#${id}`;

  const setF = (patch: Partial<typeof filter>) => {
    setOlder([]);
    setMore({ busy: false, error: null, end: false });
    setFilter((f) => ({ ...f, ...patch }));
  };
  const loadMore = async () => {
    const last = rows[rows.length - 1];
    if (!last) return;
    setMore({ busy: true, error: null, end: false });
    try {
      const r = await api<{ deliveries: Delivery[] }>("GET", deliveriesQuery(filter, last.id));
      setOlder((o) => [...o, ...r.deliveries]);
      setMore({ busy: false, error: null, end: r.deliveries.length < DELIVERY_PAGE });
    } catch (e) {
      setMore({ busy: false, error: errorText(e, t), end: false });
    }
  };
  const retry = async (d: Delivery) => {
    try {
      await api("POST", `/api/v1/alerts/deliveries/${d.id}/retry`);
      setRetried((r) => ({ ...r, [d.id]: t("admin.delivery.retry_queued") }));
    } catch (e) {
      setRetried((r) => ({ ...r, [d.id]: errorText(e, t) }));
    }
  };
  const end = more.end || (first.data !== undefined && first.data.length < DELIVERY_PAGE && older.length === 0);

  return (
    <section aria-labelledby="sy-deliveries-h" className="sy-subsection">
      <div className="sy-section-head">
        <h3 id="sy-deliveries-h">{t("admin.delivery.title")}</h3>
        <div className="sy-actions">
          <button
            type="button"
            onClick={() => {
              setOlder([]);
              setMore({ busy: false, error: null, end: false });
              setRetried({});
              first.reload();
            }}
          >
            {t("admin.action.refresh")}
          </button>
        </div>
      </div>
      <div className="sy-filters" role="group" aria-label={t("admin.delivery.filters")}>
        <SelectField
          name="webhook"
          label={t("admin.delivery.webhook")}
          value={filter.webhook}
          options={[{ value: "", label: t("admin.all") }, ...props.hooks.map((h) => ({ value: String(h.id), label: h.name }))]}
          onChange={(v) => setF({ webhook: v })}
        />
        <SelectField
          name="status"
          label={t("admin.field.status")}
          value={filter.status}
          options={[
            { value: "", label: t("admin.all") },
            ...["pending", "delivered", "failed"].map((s) => ({ value: s, label: t(`admin.delivery.${s}`) })),
          ]}
          onChange={(v) => setF({ status: v })}
        />
      </div>
      <Loaded state={first}>
        {() => (
          <>
            <DataTable
              caption={t("admin.delivery.list")}
              captionHidden
              rows={rows}
              rowKey={(d) => d.id}
              empty={t("admin.delivery.none")}
              columns={[
                { key: "id", header: t("admin.delivery.id"), render: (d) => d.id, numeric: true },
                { key: "webhook", header: t("admin.delivery.webhook"), render: (d) => hookName(d.webhook) },
                { key: "event", header: t("admin.delivery.event"), render: (d) => d.event, numeric: true },
                {
                  key: "status",
                  header: t("admin.field.status"),
                  render: (d) => (
                    <Badge kind={d.status === "delivered" ? "ok" : d.status === "failed" ? "alert" : "info"}>{t(`admin.delivery.${d.status}`)}</Badge>
                  ),
                },
                { key: "attempts", header: t("admin.delivery.attempts"), render: (d) => d.attempts, numeric: true },
                { key: "created", header: t("admin.field.created"), nowrap: true, render: (d) => formatDateTime(lang, timeZone, d.created_ms) },
                {
                  key: "last",
                  header: t("admin.delivery.last"),
                  render: (d) =>
                    d.last_attempt_ms ? (
                      <>
                        {formatDateTime(lang, timeZone, d.last_attempt_ms)}
                        {d.last_status ? ` · HTTP ${d.last_status}` : ""}
                        {d.last_error && (
                          <span className="sy-hint sy-delivery-error" title={d.last_error}>
                            {shortError(d.last_error)}
                          </span>
                        )}
                      </>
                    ) : (
                      "—"
                    ),
                },
                {
                  key: "next",
                  header: t("admin.delivery.next"),
                  render: (d) =>
                    d.status === "delivered"
                      ? formatDateTime(lang, timeZone, d.delivered_ms)
                      : d.status === "pending"
                        ? formatDateTime(lang, timeZone, d.next_attempt_ms)
                        : "—",
                },
                {
                  key: "actions",
                  header: t("admin.field.actions"),
                  render: (d) =>
                    d.status === "delivered" ? null : retried[d.id] ? (
                      <span role="status">{retried[d.id]}</span>
                    ) : (
                      <button type="button" onClick={() => retry(d)} aria-label={t("admin.delivery.retry_n", { id: d.id })}>
                        {t("admin.delivery.retry")}
                      </button>
                    ),
                },
              ]}
            />
            {more.error && <ErrorBanner message={more.error} onRetry={loadMore} />}
            {!end && rows.length > 0 && (
              <button type="button" onClick={loadMore} disabled={more.busy}>
                {t("admin.delivery.older")}
              </button>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

function WebhookEditor(props: { item: string }) {
  return (
    <ResourceEditor res={WEBHOOKS} item={props.item}>
      {(hook) => <WebhookFormView hook={hook} />}
    </ResourceEditor>
  );
}

function WebhookFormView(props: { hook: Webhook | null }) {
  const { t } = useI18n();
  const go = useGo();
  const [secret, setSecret] = useState<{ id: number; name: string; secret: string } | null>(null);
  // A new webhook's signing secret is shown once, before its editor.
  const created = (h: Webhook) => {
    if (h.secret) setSecret({ id: h.id, name: h.name, secret: h.secret });
    return !!h.secret;
  };
  const { f, up, creating, formProps } = useResourceForm(WEBHOOKS, props.hook, {
    empty: emptyWebhookForm,
    toForm: webhookToForm,
    fromForm: webhookFromForm,
    created,
  });
  return (
    <>
      <EditorForm {...formProps}>
        <div className="sy-grid sy-grid-wide">
          <NameField value={f.name} onChange={(v) => up({ name: v })} />
          <TextField name="url" type="url" inputMode="url" label={t("admin.hook.url")} hint={t("admin.hook.url_hint")} value={f.url} required onChange={(v) => up({ url: v })} />
          <TextField
            name="secret"
            type="password"
            autoComplete="new-password"
            label={creating ? t("admin.hook.secret") : t("admin.hook.new_secret")}
            hint={creating ? t("admin.hook.secret_hint") : t("admin.hook.secret_keep")}
            value={f.secret}
            onChange={(v) => up({ secret: v })}
          />
        </div>
        <CheckboxField name="enabled" label={t("admin.enabled")} checked={f.enabled} onChange={(v) => up({ enabled: v })} />
      </EditorForm>
      {secret && (
        <SecretDialog
          title={t("admin.hook.created", { name: secret.name })}
          label={t("admin.hook.secret")}
          secret={secret.secret}
          onClose={() => go(adminPath("webhooks", secret.id))}
        />
      )}
    </>
  );
}
