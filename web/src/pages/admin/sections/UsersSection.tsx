// Users and roles: create, change role, team and agent link, reset the
// password, delete. The API has no "disabled" state: deleting a user also
// ends their sessions.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { emptyUserForm, passwordResetBody, userFromForm, userToForm } from "../forms/user";
import { adminPath } from "../nav";
import { idOptions, loadAll, loadNamed } from "../refs";
import { AGENTS, USERS } from "../resources";
import { ROLES, type Agent, type Named, type User } from "../types";
import { ResourceEditor, ResourceList, useResourceForm } from "../ui/crud";
import { Dialog } from "../ui/Dialog";
import { FieldErrors, SelectField, TextField, useFormState } from "../ui/form";
import { formatDateTime } from "../ui/format";
import { Link } from "../ui/Link";
import { Badge, EditorForm } from "../ui/parts";

const loadRefs = () =>
  loadAll({
    users: USERS.list,
    teams: () => loadNamed("teams"),
    agents: AGENTS.list,
    me: () => api<{ user_id?: number }>("GET", "/api/v1/auth/me").catch(() => null),
  });

export function UsersSection(props: { item: string | null }) {
  return props.item ? <UserEditor key={props.item} item={props.item} /> : <UserList />;
}

function UserList() {
  const { t, lang, timeZone } = useI18n();
  const [resetting, setResetting] = useState<User | null>(null);
  return (
    <ResourceList
      res={USERS}
      load={loadRefs}
      rows={(d) => d.users}
      removal={{ done: "admin.user.deleted", disableWhileBusy: true }}
      columns={(d, list) => {
        const teamName = (id: number | null) => (id === null ? "—" : (d.teams.find((x) => x.id === id)?.name ?? `#${id}`));
        const agentName = (id: number | null) => (id === null ? "—" : (d.agents.find((x) => x.id === id)?.config.name ?? `#${id}`));
        return [
          {
            key: "username",
            header: t("admin.user.username"),
            render: (u) => (
              <>
                <Link to={adminPath("users", u.id)}>{u.username}</Link>
                {d.me?.user_id === u.id && <Badge kind="info">{t("admin.user.you")}</Badge>}
              </>
            ),
          },
          { key: "display", header: t("admin.user.display_name"), render: (u) => u.display_name || "—" },
          { key: "role", header: t("admin.user.role"), render: (u) => t(`admin.role.${u.role}`) },
          { key: "team", header: t("admin.field.team"), render: (u) => teamName(u.team) },
          { key: "agent", header: t("admin.user.agent"), render: (u) => agentName(u.agent) },
          { key: "created", header: t("admin.field.created"), render: (u) => formatDateTime(lang, timeZone, u.created_ms) },
          {
            key: "actions",
            header: t("admin.field.actions"),
            render: (u) => (
              <div className="sy-row-actions">
                <button type="button" onClick={() => setResetting(u)} aria-label={t("admin.user.reset_for", { name: u.username })}>
                  {t("admin.user.reset")}
                </button>
                {list.removeButton(u, { disabled: d.me?.user_id === u.id })}
              </div>
            ),
          },
        ];
      }}
    >
      {(list) =>
        resetting && (
          <ResetPassword
            user={resetting}
            onClose={() => setResetting(null)}
            onDone={() => {
              list.notify(t("admin.user.reset_done", { name: resetting.username }));
              setResetting(null);
            }}
          />
        )
      }
    </ResourceList>
  );
}

function ResetPassword(props: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState("");
  const form = useFormState();
  const submit = async () => {
    if ([...password].length < 8) return form.invalid({ password: "admin.invalid.password_short" });
    const r = await form.run(() => api<User>("PUT", `/api/v1/users/${props.user.id}`, passwordResetBody(props.user, password)));
    if (r) props.onDone();
  };
  return (
    <Dialog
      title={t("admin.user.reset_title", { name: props.user.username })}
      onClose={props.onClose}
      actions={
        <button type="submit" form="sy-reset-form" className="sy-primary" disabled={form.busy}>
          {t("admin.user.reset")}
        </button>
      }
    >
      <form
        id="sy-reset-form"
        ref={form.ref}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {form.errors.banner && (
          <p className="sy-field-error" role="alert">
            {form.errors.banner}
          </p>
        )}
        <FieldErrors.Provider value={form.errors.fields}>
          <TextField
            name="password"
            type="password"
            autoComplete="new-password"
            label={t("admin.user.new_password")}
            hint={t("admin.user.password_hint")}
            value={password}
            onChange={setPassword}
          />
        </FieldErrors.Provider>
      </form>
    </Dialog>
  );
}

const userRefs = { teams: () => loadNamed("teams"), agents: AGENTS.list };

function UserEditor(props: { item: string }) {
  return (
    <ResourceEditor res={USERS} item={props.item} refs={userRefs}>
      {(user, refs) => <UserFormView user={user} teams={refs.teams} agents={refs.agents} />}
    </ResourceEditor>
  );
}

function UserFormView(props: { user: User | null; teams: Named[]; agents: Agent[] }) {
  const { t } = useI18n();
  const { f, up, creating, formProps } = useResourceForm(USERS, props.user, { empty: emptyUserForm, toForm: userToForm, fromForm: userFromForm });
  const agentOptions = idOptions(
    props.agents.map((a) => ({ id: a.id, name: a.config.name })),
    t("admin.none"),
  );
  // A link to an agent that no longer exists still shows (as its id).
  if (f.agent && !agentOptions.some((o) => o.value === f.agent)) agentOptions.push({ value: f.agent, label: `#${f.agent}` });
  const teamOptions = idOptions(props.teams, t("admin.none"));
  if (f.team && !teamOptions.some((o) => o.value === f.team)) teamOptions.push({ value: f.team, label: `#${f.team}` });
  return (
    <EditorForm {...formProps}>
      <div className="sy-grid">
        <TextField name="username" label={t("admin.user.username")} value={f.username} required autoComplete="off" onChange={(v) => up({ username: v })} />
        <TextField name="display_name" label={t("admin.user.display_name")} value={f.display_name} onChange={(v) => up({ display_name: v })} />
        <SelectField
          name="role"
          label={t("admin.user.role")}
          hint={t(`admin.role_hint.${f.role}`)}
          value={f.role}
          options={ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))}
          onChange={(v) => up({ role: v })}
        />
        <SelectField
          name="team"
          label={t("admin.field.team")}
          hint={f.role === "team_lead" ? t("admin.user.team_hint_lead") : undefined}
          value={f.team}
          options={teamOptions}
          onChange={(v) => up({ team: v })}
        />
        <SelectField
          name="agent"
          label={t("admin.user.agent")}
          hint={f.role === "agent" ? t("admin.user.agent_hint") : undefined}
          value={f.agent}
          options={agentOptions}
          onChange={(v) => up({ agent: v })}
        />
        <TextField
          name="password"
          type="password"
          autoComplete="new-password"
          label={creating ? t("admin.user.password") : t("admin.user.new_password")}
          hint={creating ? t("admin.user.password_hint") : t("admin.user.password_keep")}
          required={creating}
          value={f.password}
          onChange={(v) => up({ password: v })}
        />
      </div>
    </EditorForm>
  );
}
