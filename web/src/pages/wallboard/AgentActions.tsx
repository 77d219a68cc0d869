// A supervisor's actions on one agent (team lead: their team; admin:
// everyone): force its state, and change its skills, which moves it between
// queues (PUT /api/v1/agents/{id}/skills).
import { useEffect, useId, useMemo, useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { api } from "../../lib/api";
import type { AgentConfig, AgentInfo, AgentSkill } from "../../lib/types";
import { ErrorBanner, Field, fieldError, Loading, Modal } from "../../components";
import { eligibleAtBase, type AgentLive, type QueueLive } from "./wallState";

export interface AgentActionsProps {
  agent: AgentLive;
  queues: readonly QueueLive[];
  reasons: string[];
  canEditSkills: boolean;
  onClose: () => void;
}

export function AgentActions({ agent, queues, reasons, canEditSkills, onClose }: AgentActionsProps) {
  const { t } = useI18n();
  const id = useId();
  const path = `/api/v1/agents/${agent.id}`;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reason, setReason] = useState(reasons[0] ?? "");

  async function run(label: string, f: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await f();
      setDone(label);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const loggedIn = agent.state !== "logged_out";
  return (
    <Modal title={t("wallboard.actions.title", { name: agent.name })} onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>{t("common.close")}</button>}>
      <p>
        {t("wallboard.actions.now")} <span className={"badge st-" + agent.state}>{t("common.state." + agent.state)}</span>
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {done && (
        <p className="banner banner-info" role="status">
          {done}
        </p>
      )}
      <h3>{t("wallboard.actions.state")}</h3>
      <div className="btn-row">
        {!loggedIn && (
          <button type="button" className="btn" disabled={busy} onClick={() => run(t("wallboard.actions.doneLogin"), () => api("POST", `${path}/login`, { ready: true }))}>
            {t("wallboard.actions.login")}
          </button>
        )}
        {loggedIn && (
          <button type="button" className="btn btn-ok" disabled={busy || agent.state !== "not_ready"} onClick={() => run(t("wallboard.actions.doneReady"), () => api("POST", `${path}/state`, { state: "ready" }))}>
            {t("wallboard.actions.ready")}
          </button>
        )}
        {loggedIn && (
          <>
            <label htmlFor={id + "-r"} className="sr-only">
              {t("wallboard.actions.reason")}
            </label>
            <select id={id + "-r"} value={reason} onChange={(e) => setReason(e.target.value)}>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {tCode(t, "common.reason.", r)}
                </option>
              ))}
            </select>
            <button type="button" className="btn" disabled={busy || !reason} onClick={() => run(t("wallboard.actions.doneNotReady"), () => api("POST", `${path}/state`, { state: "not_ready", reason }))}>
              {t("wallboard.actions.notReady")}
            </button>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => run(t("wallboard.actions.doneLogout"), () => api("POST", `${path}/logout`))}>
              {t("wallboard.actions.logout")}
            </button>
          </>
        )}
      </div>
      {canEditSkills && <SkillsEditor agentId={agent.id} queues={queues} onSaved={() => setDone(t("wallboard.actions.doneSkills"))} />}
    </Modal>
  );
}

function SkillsEditor({ agentId, queues, onSaved }: { agentId: number; queues: readonly QueueLive[]; onSaved: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [config, setConfig] = useState<AgentConfig | null>(null);
  const [skills, setSkills] = useState<AgentSkill[]>([]);
  const [known, setKnown] = useState<string[]>([]);
  const [add, setAdd] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([api<AgentInfo>("GET", `/api/v1/agents/${agentId}`), api<{ id: number; name: string }[]>("GET", "/api/v1/skills")]).then(
      ([a, s]) => {
        setConfig(a.config);
        setSkills(a.config.skills ?? []);
        setKnown(s.map((x) => x.name));
      },
      setError,
    );
  }, [agentId]);

  const serves = useMemo(() => (config ? queues.filter((q) => eligibleAtBase({ skills, site: config.site ?? null }, q)).map((q) => q.name) : []), [skills, queues, config]);
  if (!config) return error ? <ErrorBanner error={error} /> : <Loading />;

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await api("PUT", `/api/v1/agents/${agentId}/skills`, { skills });
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const unused = known.filter((k) => !skills.some((s) => s.skill === k));
  return (
    <div className="skills-editor">
      <h3>{t("wallboard.actions.skills")}</h3>
      <ErrorBanner error={fieldError(error, "skills") ? null : error} />
      {fieldError(error, "skills") && <p className="field-error">{fieldError(error, "skills")}</p>}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("wallboard.actions.skill")}</th>
            <th scope="col">{t("wallboard.actions.proficiency")}</th>
            <th scope="col">
              <span className="sr-only">{t("wallboard.actions.remove")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {skills.map((s, i) => (
            <tr key={s.skill}>
              <th scope="row">{s.skill}</th>
              <td>
                <label className="sr-only" htmlFor={`${id}-p${i}`}>
                  {t("wallboard.actions.proficiencyOf", { skill: s.skill })}
                </label>
                <select id={`${id}-p${i}`} value={s.proficiency} onChange={(e) => setSkills(skills.map((x, j) => (j === i ? { ...x, proficiency: Number(e.target.value) } : x)))}>
                  {[1, 2, 3, 4, 5].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setSkills(skills.filter((_, j) => j !== i))} aria-label={t("wallboard.actions.removeSkill", { skill: s.skill })}>
                  {t("wallboard.actions.remove")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {unused.length > 0 && (
        <div className="btn-row skills-add">
          <Field label={t("wallboard.actions.addSkill")}>
            <select value={add} onChange={(e) => setAdd(e.target.value)}>
              <option value="">{t("wallboard.actions.chooseSkill")}</option>
              {unused.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </Field>
          <button
            type="button"
            className="btn"
            disabled={!add}
            onClick={() => {
              setSkills([...skills, { skill: add, proficiency: 3 }]);
              setAdd("");
            }}
          >
            {t("wallboard.actions.add")}
          </button>
        </div>
      )}
      <p className="serves" aria-live="polite">
        {t("wallboard.actions.serves")} {serves.length ? serves.join(", ") : t("wallboard.actions.servesNone")}
      </p>
      <button type="button" className="btn btn-primary" disabled={busy} onClick={save}>
        {t("wallboard.actions.saveSkills")}
      </button>
    </div>
  );
}
