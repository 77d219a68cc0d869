// Skills, teams and sites: a name each. The API lists and creates them
// only (no rename, no delete).
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { loadNamed } from "../refs";
import type { Named } from "../types";
import { DataTable } from "../ui/DataTable";
import { Loaded } from "../ui/feedback";
import { useFormState } from "../ui/form";
import { EditorForm, NameField, SectionHead } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

export function NamedSection(props: { what: "skills" | "teams" | "sites" }) {
  const { t } = useI18n();
  const { what } = props;
  const list = useLoad(() => loadNamed(what), [what]);
  const [name, setName] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const create = async () => {
    if (!name.trim()) return form.invalid({ name: "admin.invalid.required" });
    const r = await form.run(() => api<Named>("POST", `/api/v1/${what}`, { name: name.trim() }));
    if (!r) return;
    setName("");
    setSaved(t("admin.named.created", { name: r.value.name }));
    list.reload();
  };
  return (
    <section aria-labelledby={`sy-${what}-h`}>
      <SectionHead id={`sy-${what}-h`} title={t(`admin.nav.${what}`)} intro={t(`admin.named.intro_${what}`)} />
      <Loaded state={list}>
        {(rows) => (
          <DataTable
            caption={t(`admin.named.list_${what}`)}
            rows={rows}
            rowKey={(r) => r.id}
            empty={t("admin.empty")}
            columns={[
              { key: "name", header: t("admin.field.name"), render: (r) => r.name },
              { key: "id", header: t("admin.field.id"), render: (r) => r.id, numeric: true },
            ]}
          />
        )}
      </Loaded>
      <h3>{t(`admin.named.new_${what}`)}</h3>
      <EditorForm {...form.formProps} saved={saved} onSubmit={create} label={t(`admin.named.new_${what}`)} submitLabel={t("admin.action.create")}>
        <NameField
          value={name}
          onChange={(v) => {
            setSaved(null);
            setName(v);
          }}
        />
      </EditorForm>
      <p className="sy-hint">{t("admin.named.no_delete")}</p>
    </section>
  );
}
