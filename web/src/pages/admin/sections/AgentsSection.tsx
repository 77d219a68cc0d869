// Agents: skills with proficiency, team, site and per-channel capacity.
// The API creates and replaces agents; it does not delete them.
import { useI18n } from "../../../i18n";
import { agentFromForm, agentToForm, emptyAgentForm, newAgentSkill } from "../forms/agent";
import { loadNamed, nameOptions } from "../refs";
import { AGENTS } from "../resources";
import { AGENT_STATES, CHANNELS, type Agent, type Named } from "../types";
import { nameColumn, ResourceEditor, ResourceList, useResourceForm } from "../ui/crud";
import { Fieldset, NumberField, SelectField } from "../ui/form";
import { AddButton, EditorForm, NameField, RemoveButton, removeAt, replaceAt } from "../ui/parts";

export function AgentsSection(props: { item: string | null }) {
  return props.item ? <AgentEditor key={props.item} item={props.item} /> : <AgentList />;
}

function AgentList() {
  const { t } = useI18n();
  return (
    <ResourceList
      res={AGENTS}
      columns={() => [
        nameColumn(AGENTS, t),
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
  );
}

const agentRefs = { skills: () => loadNamed("skills"), teams: () => loadNamed("teams"), sites: () => loadNamed("sites") };

function AgentEditor(props: { item: string }) {
  return (
    <ResourceEditor res={AGENTS} item={props.item} refs={agentRefs}>
      {(agent, refs) => <AgentFormView agent={agent} refs={refs} />}
    </ResourceEditor>
  );
}

function AgentFormView(props: { agent: Agent | null; refs: { skills: Named[]; teams: Named[]; sites: Named[] } }) {
  const { t } = useI18n();
  const { refs } = props;
  const { f, up, creating, formProps } = useResourceForm(AGENTS, props.agent, {
    empty: emptyAgentForm,
    toForm: (a) => agentToForm(a.config),
    fromForm: agentFromForm,
  });
  const skillNames = refs.skills.map((s) => s.name);
  return (
    <EditorForm {...formProps}>
      <div className="sy-grid">
        <NameField value={f.name} fixed={creating ? undefined : t("admin.agent.no_rename")} onChange={(v) => up({ name: v })} />
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
