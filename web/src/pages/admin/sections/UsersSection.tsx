// Users and roles: create, change role, team and agent link, reset the
// password, delete. The API has no "disabled" state: deleting a user also
// ends their sessions.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { emptyUserForm, passwordResetBody, userFromForm, userToForm, type UserForm } from "../forms/user";
import { adminPath } from "../nav";
import { idOptions, loadAgents, loadAll, loadNamed } from "../refs";
import { ROLES, type Agent, type Named, type User } from "../types";
import { DataTable } from "../ui/DataTable";
import { ConfirmDialog, Dialog } from "../ui/Dialog";
import { errorText } from "../ui/errors";
import { Loaded, Notice } from "../ui/feedback";
import { FieldErrors, SelectField, TextField, useFormState } from "../ui/form";
import { formatDateTime } from "../ui/format";
import { Link, useGo } from "../ui/Link";
import { BackLink, Badge, EditorForm, SectionHead } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

interface UserRefs {
  users: User[];
  teams: Named[];
  agents: Agent[];
  me: { user_id?: number } | null;
}

const loadRefs = () =>
  loadAll({
    users: () => api<User[]>("GET", "/api/v1/users"),
    teams: () => loadNamed("teams"),
    agents: () => loadAgents(),
    me: () => api<{ user_id?: number }>("GET", "/api/v1/auth/me").catch(() => null),
  });

export function UsersSection(props: { item: string | null }) {
  return props.item ? <UserEditor key={props.item} item={props.item} /> : <UserList />;
}

function UserList() {
  const { t, lang, timeZone } = useI18n();
  const data = useLoad<UserRefs>(loadRefs, []);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="sy-users-h">
      <SectionHead
        id="sy-users-h"
        title={t("admin.nav.users")}
        intro={t("admin.user.intro")}
        actions={
          <Link to={adminPath("users", "new")} className="sy-button sy-primary">
            {t("admin.user.new")}
          </Link>
        }
      />
      {done && <Notice kind="success">{done}</Notice>}
      <Loaded state={data}>
        {(d) => {
          const teamName = (id: number | null) => (id === null ? "—" : (d.teams.find((x) => x.id === id)?.name ?? `#${id}`));
          const agentName = (id: number | null) => (id === null ? "—" : (d.agents.find((x) => x.id === id)?.config.name ?? `#${id}`));
          return (
            <DataTable
              caption={t("admin.user.list")}
              rows={d.users}
              rowKey={(u) => u.id}
              empty={t("admin.empty")}
              columns={[
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
                      <button
                        type="button"
                        className="sy-danger"
                        disabled={d.me?.user_id === u.id}
                        onClick={() => setDeleting(u)}
                        aria-label={t("admin.delete_named", { name: u.username })}
                      >
                        {t("admin.action.delete")}
                      </button>
                    </div>
                  ),
                },
              ]}
            />
          );
        }}
      </Loaded>
      {deleting && (
        <DeleteUser
          user={deleting}
          onClose={() => setDeleting(null)}
          onDone={() => {
            setDone(t("admin.user.deleted", { name: deleting.username }));
            setDeleting(null);
            data.reload();
          }}
        />
      )}
      {resetting && (
        <ResetPassword
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setDone(t("admin.user.reset_done", { name: resetting.username }));
            setResetting(null);
          }}
        />
      )}
    </section>
  );
}

function DeleteUser(props: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <ConfirmDialog
      title={t("admin.user.delete_title")}
      message={t("admin.user.delete_confirm", { name: props.user.username })}
      confirmLabel={t("admin.action.delete")}
      error={error}
      busy={busy}
      onClose={props.onClose}
      onConfirm={async () => {
        setBusy(true);
        try {
          await api("DELETE", `/api/v1/users/${props.user.id}`);
          props.onDone();
        } catch (e) {
          setError(errorText(e, t));
        } finally {
          setBusy(false);
        }
      }}
    />
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

function UserEditor(props: { item: string }) {
  const { t } = useI18n();
  const creating = props.item === "new";
  const data = useLoad(
    () =>
      loadAll({
        user: () => (creating ? Promise.resolve(null) : api<User>("GET", `/api/v1/users/${encodeURIComponent(props.item)}`)),
        teams: () => loadNamed("teams"),
        agents: () => loadAgents(),
      }),
    [props.item],
  );
  return (
    <section aria-labelledby="sy-user-h">
      <BackLink to={adminPath("users")} label={t("admin.nav.users")} />
      <Loaded state={data}>
        {(d) => (
          <>
            <h2 id="sy-user-h">{d.user ? t("admin.user.edit", { name: d.user.username }) : t("admin.user.new")}</h2>
            <UserFormView user={d.user} teams={d.teams} agents={d.agents} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function UserFormView(props: { user: User | null; teams: Named[]; agents: Agent[] }) {
  const { t } = useI18n();
  const go = useGo();
  const creating = props.user === null;
  const [f, setF] = useState<UserForm>(() => (props.user ? userToForm(props.user) : emptyUserForm()));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const up = (patch: Partial<UserForm>) => {
    setSaved(null);
    setF((x) => ({ ...x, ...patch }));
  };
  const save = async () => {
    const m = userFromForm(f, creating);
    if (!m.ok) return form.invalid(m.errors);
    const r = await form.run(() =>
      creating ? api<User>("POST", "/api/v1/users", m.body) : api<User>("PUT", `/api/v1/users/${props.user!.id}`, m.body),
    );
    if (!r) return;
    if (creating) go(adminPath("users", r.value.id));
    else {
      setF(userToForm(r.value));
      setSaved(t("admin.saved"));
    }
  };
  const agentOptions = idOptions(
    props.agents.map((a) => ({ id: a.id, name: a.config.name })),
    t("admin.none"),
  );
  // A link to an agent that no longer exists still shows (as its id).
  if (f.agent && !agentOptions.some((o) => o.value === f.agent)) agentOptions.push({ value: f.agent, label: `#${f.agent}` });
  const teamOptions = idOptions(props.teams, t("admin.none"));
  if (f.team && !teamOptions.some((o) => o.value === f.team)) teamOptions.push({ value: f.team, label: `#${f.team}` });
  return (
    <EditorForm
      formRef={form.ref}
      errors={form.errors}
      busy={form.busy}
      saved={saved}
      onSubmit={save}
      label={t("admin.user.form")}
      submitLabel={creating ? t("admin.action.create") : t("admin.action.save")}
    >
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
