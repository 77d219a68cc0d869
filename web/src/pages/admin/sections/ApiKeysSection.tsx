// API keys for integrations: create (the key is shown once), revoke.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { API_KEYS } from "../resources";
import { KEY_ROLES, type ApiKey } from "../types";
import { nameColumn, ResourceList } from "../ui/crud";
import { SecretDialog } from "../ui/Dialog";
import { SelectField, useFormState } from "../ui/form";
import { formatDateTime } from "../ui/format";
import { Badge, EditorForm, NameField } from "../ui/parts";

const REVOKE = {
  button: "admin.key.revoke",
  named: "admin.key.revoke_named",
  title: "admin.key.revoke_title",
  confirm: "admin.key.revoke_confirm",
  done: "admin.key.revoked_done",
};

export function ApiKeysSection() {
  const { t, lang, timeZone } = useI18n();
  return (
    <ResourceList
      res={API_KEYS}
      creatable={false}
      removal={REVOKE}
      columns={(_, list) => [
        nameColumn(API_KEYS, t, false),
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
        { key: "actions", header: t("admin.field.actions"), render: (k) => (k.revoked_ms ? null : list.removeButton(k)) },
      ]}
    >
      {(list) => <NewKey onCreated={list.reload} />}
    </ResourceList>
  );
}

function NewKey(props: { onCreated: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [role, setRole] = useState("integration");
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const form = useFormState();
  const create = async () => {
    if (!name.trim()) return form.invalid({ name: "admin.invalid.required" });
    const r = await form.run(() => api<ApiKey & { key: string }>("POST", API_KEYS.path, { name: name.trim(), role }));
    if (!r) return;
    setName("");
    setSecret({ name: r.value.name, key: r.value.key });
    props.onCreated();
  };
  return (
    <>
      <h3>{t("admin.key.new")}</h3>
      <EditorForm {...form.formProps} onSubmit={create} label={t("admin.key.new")} submitLabel={t("admin.action.create")}>
        <div className="sy-grid">
          <NameField value={name} onChange={setName} />
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
    </>
  );
}
