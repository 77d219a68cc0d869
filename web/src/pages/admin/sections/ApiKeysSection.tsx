// API keys for integrations: create (the key is shown once), revoke.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { KEY_ROLES, type ApiKey } from "../types";
import { DataTable } from "../ui/DataTable";
import { ConfirmDialog, SecretDialog } from "../ui/Dialog";
import { errorText } from "../ui/errors";
import { Loaded, Notice } from "../ui/feedback";
import { SelectField, TextField, useFormState } from "../ui/form";
import { formatDateTime } from "../ui/format";
import { Badge, EditorForm, SectionHead } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

export function ApiKeysSection() {
  const { t, lang, timeZone } = useI18n();
  const list = useLoad(() => api<ApiKey[]>("GET", "/api/v1/api-keys"), []);
  const [name, setName] = useState("");
  const [role, setRole] = useState("integration");
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormState();

  const create = async () => {
    if (!name.trim()) return form.invalid({ name: "admin.invalid.required" });
    const r = await form.run(() => api<ApiKey & { key: string }>("POST", "/api/v1/api-keys", { name: name.trim(), role }));
    if (!r) return;
    setName("");
    setSecret({ name: r.value.name, key: r.value.key });
    list.reload();
  };
  const revoke = async () => {
    if (!revoking) return;
    try {
      await api("DELETE", `/api/v1/api-keys/${revoking.id}`);
      setDone(t("admin.key.revoked_done", { name: revoking.name }));
      setRevoking(null);
      list.reload();
    } catch (e) {
      setRevokeError(errorText(e, t));
    }
  };

  return (
    <section aria-labelledby="sy-keys-h">
      <SectionHead id="sy-keys-h" title={t("admin.nav.api-keys")} intro={t("admin.key.intro")} />
      {done && <Notice kind="success">{done}</Notice>}
      <Loaded state={list}>
        {(keys) => (
          <DataTable
            caption={t("admin.key.list")}
            rows={keys}
            rowKey={(k) => k.id}
            empty={t("admin.empty")}
            columns={[
              { key: "name", header: t("admin.field.name"), render: (k) => k.name },
              { key: "role", header: t("admin.user.role"), render: (k) => t(`admin.role.${k.role}`) },
              { key: "created", header: t("admin.field.created"), render: (k) => formatDateTime(lang, timeZone, k.created_ms) },
              {
                key: "status",
                header: t("admin.field.status"),
                render: (k) =>
                  k.revoked_ms ? (
                    <Badge kind="off">{t("admin.key.revoked_at", { time: formatDateTime(lang, timeZone, k.revoked_ms) })}</Badge>
                  ) : (
                    <Badge kind="ok">{t("admin.key.active")}</Badge>
                  ),
              },
              {
                key: "actions",
                header: t("admin.field.actions"),
                render: (k) =>
                  k.revoked_ms ? null : (
                    <button
                      type="button"
                      className="sy-danger"
                      aria-label={t("admin.key.revoke_named", { name: k.name })}
                      onClick={() => {
                        setRevokeError(null);
                        setRevoking(k);
                      }}
                    >
                      {t("admin.key.revoke")}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      <h3>{t("admin.key.new")}</h3>
      <EditorForm
        formRef={form.ref}
        errors={form.errors}
        busy={form.busy}
        onSubmit={create}
        label={t("admin.key.new")}
        submitLabel={t("admin.action.create")}
      >
        <div className="sy-grid">
          <TextField name="name" label={t("admin.field.name")} value={name} required onChange={setName} />
          <SelectField
            name="role"
            label={t("admin.user.role")}
            hint={t("admin.key.role_hint")}
            value={role}
            options={KEY_ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
            onChange={setRole}
          />
        </div>
      </EditorForm>
      {secret && <SecretDialog title={t("admin.key.created", { name: secret.name })} label={t("admin.key.key")} secret={secret.key} onClose={() => setSecret(null)} />}
      {revoking && (
        <ConfirmDialog
          title={t("admin.key.revoke_title")}
          message={t("admin.key.revoke_confirm", { name: revoking.name })}
          confirmLabel={t("admin.key.revoke")}
          error={revokeError}
          onClose={() => setRevoking(null)}
          onConfirm={revoke}
        />
      )}
    </section>
  );
}
