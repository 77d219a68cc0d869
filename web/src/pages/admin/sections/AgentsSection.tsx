// Agents: skills with proficiency, team, site and per-channel capacity.
// The API creates and replaces agents; it does not delete them.
import { useState } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { agentFromForm, agentToForm, emptyAgentForm, newAgentSkill, type AgentForm } from "../forms/agent";
import { adminPath } from "../nav";
import { loadAgents, loadAll, loadNamed, nameOptions } from "../refs";
import { AGENT_STATES, CHANNELS, type Agent, type Named } from "../types";
import { DataTable } from "../ui/DataTable";
import { Loaded } from "../ui/feedback";
import { Fieldset, NumberField, SelectField, TextField, useFormState } from "../ui/form";
import { Link, useGo } from "../ui/Link";
import { AddButton, BackLink, EditorForm, RemoveButton, removeAt, replaceAt, SectionHead } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

export function AgentsSection(props: { item: string | null }) {
  return props.item ? <AgentEditor key={props.item} item={props.item} /> : <AgentList />;
}

function AgentList() {
  const { t } = useI18n();
  const list = useLoad(loadAgents, []);
  return (
    <section aria-labelledby="sy-agents-h">
      <SectionHead
        id="sy-agents-h"
        title={t("admin.nav.agents")}
        intro={t("admin.agent.intro")}
        actions={
          <Link to={adminPath("agents", "new")} className="sy-button sy-primary">
            {t("admin.agent.new")}
          </Link>
        }
      />
      <Loaded state={list}>
        {(agents) => (
          <DataTable
            caption={t("admin.agent.list")}
            rows={agents}
            rowKey={(a) => a.id}
            empty={t("admin.empty")}
            columns={[
              { key: "name", header: t("admin.field.name"), render: (a) => <Link to={adminPath("agents", a.id)}>{a.config.name}</Link> },
              { key: "team", header: t("admin.field.team"), render: (a) => a.config.team ?? "—" },
              { key: "site", header: t("admin.field.site"), render: (a) => a.config.site ?? "—" },
              {
                key: "skills",
                header: t("admin.agent.skills"),
                render: (a) => (a.config.skills.length ? a.config.skills.map((s) => `${s.skill} ${s.proficiency}`).join(", ") : "—"),
              },
              {
                key: "capacity",
                header: t("admin.agent.capacity"),
                render: (a) => CHANNELS.map((c) => `${t(`admin.channel.${c}`)} ${a.config.capacity?.[c] ?? 1}`).join(" · "),
              },
              { key: "state", header: t("admin.agent.state"), render: (a) => (!a.state ? "—" : (AGENT_STATES as readonly string[]).includes(a.state) ? t(`admin.state.${a.state}`) : a.state) },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

interface AgentRefs {
  agent: Agent | null;
  skills: Named[];
  teams: Named[];
  sites: Named[];
}

function AgentEditor(props: { item: string }) {
  const { t } = useI18n();
  const creating = props.item === "new";
  const data = useLoad<AgentRefs>(
    () =>
      loadAll({
        agent: () => (creating ? Promise.resolve(null) : api<Agent>("GET", `/api/v1/agents/${encodeURIComponent(props.item)}`)),
        skills: () => loadNamed("skills"),
        teams: () => loadNamed("teams"),
        sites: () => loadNamed("sites"),
      }),
    [props.item],
  );
  return (
    <section aria-labelledby="sy-agent-h">
      <BackLink to={adminPath("agents")} label={t("admin.nav.agents")} />
      <Loaded state={data}>
        {(d) => (
          <>
            <h2 id="sy-agent-h">{d.agent ? t("admin.agent.edit", { name: d.agent.config.name }) : t("admin.agent.new")}</h2>
            <AgentFormView refs={d} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function AgentFormView(props: { refs: AgentRefs }) {
  const { t } = useI18n();
  const go = useGo();
  const { refs } = props;
  const creating = refs.agent === null;
  const [f, setF] = useState<AgentForm>(() => (refs.agent ? agentToForm(refs.agent.config) : emptyAgentForm()));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormState();
  const up = (patch: Partial<AgentForm>) => {
    setSaved(null);
    setF((x) => ({ ...x, ...patch }));
  };
  const save = async () => {
    const m = agentFromForm(f);
    if (!m.ok) return form.invalid(m.errors);
    const r = await form.run(() =>
      creating ? api<Agent>("POST", "/api/v1/agents", m.body) : api<Agent>("PUT", `/api/v1/agents/${refs.agent!.id}`, m.body),
    );
    if (!r) return;
    if (creating) go(adminPath("agents", r.value.id));
    else {
      setF(agentToForm(r.value.config));
      setSaved(t("admin.saved"));
    }
  };
  const skillNames = refs.skills.map((s) => s.name);
  return (
    <EditorForm
      formRef={form.ref}
      errors={form.errors}
      busy={form.busy}
      saved={saved}
      onSubmit={save}
      label={t("admin.agent.form")}
      submitLabel={creating ? t("admin.action.create") : t("admin.action.save")}
    >
      <div className="sy-grid">
        <TextField
          name="name"
          label={t("admin.field.name")}
          value={f.name}
          required
          disabled={!creating}
          hint={creating ? undefined : t("admin.agent.no_rename")}
          onChange={(v) => up({ name: v })}
        />
        <SelectField
          name="team"
          label={t("admin.field.team")}
          value={f.team}
          options={nameOptions(refs.teams.map((x) => x.name), f.team, t("admin.none"))}
          onChange={(v) => up({ team: v })}
        />
        <SelectField
          name="site"
          label={t("admin.field.site")}
          value={f.site}
          options={nameOptions(refs.sites.map((x) => x.name), f.site, t("admin.none"))}
          onChange={(v) => up({ site: v })}
        />
      </div>
      <Fieldset name="skills" legend={t("admin.agent.skills")} hint={t("admin.agent.skills_hint")}>
        {f.skills.map((s, i) => (
          <div className="sy-row" key={s.key}>
            <SelectField
              name={`skills[${i}].skill`}
              label={t("admin.queue.skill_n", { n: i + 1 })}
              value={s.skill}
              options={nameOptions(skillNames, s.skill, t("admin.choose"))}
              onChange={(v) => up({ skills: replaceAt(f.skills, i, { ...s, skill: v }) })}
            />
            <NumberField
              name={`skills[${i}].proficiency`}
              label={t("admin.agent.proficiency")}
              value={s.proficiency}
              min={1}
              max={5}
              step="1"
              onChange={(v) => up({ skills: replaceAt(f.skills, i, { ...s, proficiency: v }) })}
            />
            <RemoveButton label={t("admin.remove_n", { what: t("admin.queue.skill"), n: i + 1 })} onClick={() => up({ skills: removeAt(f.skills, i) })} />
          </div>
        ))}
        <AddButton label={t("admin.queue.add_skill")} onClick={() => up({ skills: [...f.skills, newAgentSkill()] })} />
      </Fieldset>
      <Fieldset name="capacity" legend={t("admin.agent.capacity")} hint={t("admin.agent.capacity_hint")}>
        <div className="sy-grid">
          {CHANNELS.map((c) => (
            <NumberField
              key={c}
              name={`capacity.${c}`}
              label={t(`admin.channel.${c}`)}
              value={f.capacity[c]}
              min={0}
              max={c === "voice" ? 1 : undefined}
              step="1"
              onChange={(v) => up({ capacity: { ...f.capacity, [c]: v } })}
            />
          ))}
        </div>
      </Fieldset>
    </EditorForm>
  );
}
