// Agent of the week: the ISO week in the center's time zone (prev / next),
// the published formula in full, the winner once confirmed; agents nominate a
// teammate (their current nomination shown); the team's lead and admins see
// the candidates and confirm one (with an optional note); quality, wfm and
// reporting see the candidates read-only. The recent winners below.
import { ColleagueList } from "../../../components/ColleagueList";
import { useEffect, useId, useState } from "react";
import { useI18n } from "../../../i18n";
import { api } from "../../../lib/api";
import { localDay, onNotification } from "../../../lib/notifications";
import { useFormat } from "../../../components/useFormat";
import { loadNamed } from "../../admin/refs";
import { Loaded } from "../../admin/ui/feedback";
import { SelectField, TextAreaField, TextField, useFormState } from "../../admin/ui/form";
import { useLoad } from "../../admin/ui/useLoad";
import { SaveForm } from "../../wfm/SaveForm";
import {
  canConfirm, canSeeCandidates, isAgent, isoWeekOf, loadWinners, parseWeek, peoplePaths, picksTeam, shiftWeek, weekDays,
  type AgentOfWeek, type Candidate,
} from "./peopleData";

type T = (k: string, v?: Record<string, string | number>) => string;

/** "Week 49, 2026 (Mon, Nov 30 – Sun, Dec 6)". */
export function weekLabel(t: T, lang: string, week: string): string {
  const p = parseWeek(week);
  const d = weekDays(week);
  if (!p || !d) return week;
  return t("people.aow.week_label", { week: p.week, year: p.year, from: localDay(lang, d.monday), to: localDay(lang, d.sunday) });
}

export function AgentOfWeekPanel(props: { role: string | undefined; me: string; team: string | null }) {
  const { t, lang, timeZone } = useI18n();
  const current = isoWeekOf(Date.now(), timeZone);
  const [week, setWeek] = useState(current);
  const choose = picksTeam(props.role);
  const teams = useLoad(() => (choose ? loadNamed("teams") : Promise.resolve([])), [choose]);
  const [team, setTeam] = useState<string>(props.team ?? "");
  // a role without a team of its own looks at the first team until it picks one
  // (the teams not loaded: the server's default, whose error then shows)
  const teamParam = choose ? team || teams.data?.[0]?.name || undefined : undefined;
  const ready = !choose || teams.data !== undefined || (teams.error !== undefined && teams.error !== null);
  const state = useLoad(() => (ready ? api<AgentOfWeek>("GET", peoplePaths.aow({ team: teamParam, week })) : new Promise<AgentOfWeek>(() => {})), [week, teamParam, ready]);
  const winners = useLoad(() => loadWinners(20), []);
  useEffect(
    () =>
      onNotification((n) => {
        if (n.kind !== "comms.agent_of_week") return;
        state.reload();
        winners.reload();
      }),
    [state.reload, winners.reload],
  );
  const confirmed = (s: AgentOfWeek) => {
    state.set(s);
    winners.reload();
  };
  return (
    <section aria-labelledby="sy-p-aow-h" className="sy-p-aow">
      <h3 id="sy-p-aow-h">{t("people.aow.title")}</h3>
      <div className="sy-c-actions sy-p-week">
        <button type="button" onClick={() => setWeek(shiftWeek(week, -1))} aria-label={t("people.aow.prev")}>
          <span aria-hidden="true">←</span>
        </button>
        <strong aria-live="polite">{weekLabel(t, lang, week)}</strong>
        <button type="button" onClick={() => setWeek(shiftWeek(week, 1))} aria-label={t("people.aow.next")}>
          <span aria-hidden="true">→</span>
        </button>
        {week !== current && (
          <button type="button" onClick={() => setWeek(current)}>
            {t("people.aow.this_week")}
          </button>
        )}
        {choose && teams.data && (
          <SelectField name="team" label={t("people.aow.team")} value={teamParam ?? ""} onChange={setTeam} options={teams.data.map((x) => ({ value: x.name, label: x.name }))} />
        )}
      </div>
      <Loaded state={state}>
        {(s) => (
          <>
            {s.winner ? (
              <div className="sy-p-winner" role="region" aria-label={t("people.aow.winner_region")}>
                <span className="sy-p-trophy" aria-hidden="true">★</span>
                <div>
                  <p className="sy-p-winner-name">{t("people.aow.winner", { agent: s.winner.agent, team: s.team })}</p>
                  {s.winner.note && <p className="sy-c-pre">“{s.winner.note}”</p>}
                  <p className="sy-q-muted">{t("people.aow.confirmed_by", { by: s.winner.by, when: fmtDate(lang, s.winner.confirmed_ms, timeZone) })}</p>
                </div>
              </div>
            ) : (
              <p className="sy-q-muted">{t("people.aow.no_winner")}</p>
            )}
            <details className="sy-p-formula" open>
              <summary>{t("people.aow.formula")}</summary>
              {/* the server's text is the published formula; other languages read its translation */}
              <p className="sy-c-pre">{lang === "en" ? s.formula : t("people.aow.formula_text")}</p>
            </details>
            {isAgent(props.role) && <Nominate s={s} me={props.me} current={week === current} onNominated={(n) => state.set({ ...s, my_nomination: n })} />}
            {canSeeCandidates(props.role) && <Candidates s={s} confirm={canConfirm(props.role, props.team, s.team)} onConfirmed={confirmed} />}
          </>
        )}
      </Loaded>
      <h4 id="sy-p-winners-h">{t("people.aow.recent")}</h4>
      <Loaded state={winners}>
        {(list) =>
          list.length === 0 ? (
            <p className="sy-q-muted">{t("people.aow.no_recent")}</p>
          ) : (
            <ul className="sy-p-winners" aria-labelledby="sy-p-winners-h">
              {list.map((w) => (
                <li key={`${w.team}-${w.week}`}>
                  {t("people.aow.recent_item", { week: w.week, team: w.team, agent: w.agent })}
                  {w.note && <span className="sy-q-muted"> — {w.note}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function fmtDate(lang: string, ms: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { timeZone, dateStyle: "medium" }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

function Nominate(props: { s: AgentOfWeek; me: string; current: boolean; onNominated: (n: { nominee: string; reason: string }) => void }) {
  const { t } = useI18n();
  const form = useFormState();
  const listId = useId();
  const mine = props.s.my_nomination;
  const [nominee, setNominee] = useState(mine?.nominee ?? "");
  const [reason, setReason] = useState(mine?.reason ?? "");
  const [saved, setSaved] = useState<string | null>(null);
  const send = async () => {
    setSaved(null);
    const e: Record<string, string> = {};
    if (!nominee.trim()) e.nominee = "people.aow.invalid.nominee";
    else if (nominee.trim() === props.me) e.nominee = "people.aow.invalid.self";
    if (!reason.trim()) e.reason = "people.aow.invalid.reason";
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<{ week: string; nominee: string; reason: string }>("POST", peoplePaths.nominations(), { nominee: nominee.trim(), reason: reason.trim(), week: props.s.week }));
    if (r) {
      props.onNominated({ nominee: r.value.nominee, reason: r.value.reason });
      setSaved(t("people.aow.nominated", { nominee: r.value.nominee }));
    }
  };
  return (
    <div className="sy-c-box sy-p-nominate">
      <h4 id="sy-p-nom-h">{t("people.aow.nominate")}</h4>
      {mine ? (
        <p>
          {t("people.aow.my_nomination", { nominee: mine.nominee })} <span className="sy-q-muted">“{mine.reason}”</span>
        </p>
      ) : (
        <p className="sy-q-muted">{t("people.aow.no_nomination")}</p>
      )}
      {props.current ? (
        <SaveForm form={form} labelledBy="sy-p-nom-h" onSave={() => void send()} save={mine ? t("people.aow.replace_nomination") : t("people.aow.send_nomination")} saved={saved}>
          <TextField name="nominee" label={t("people.aow.nominee")} hint={t("people.aow.nominee_hint")} value={nominee} onChange={setNominee} list={listId} required />
          <ColleagueList id={listId} query={nominee} exclude={props.me} team={props.s.team} />
          <TextAreaField name="reason" label={t("people.aow.reason")} rows={2} value={reason} onChange={setReason} />
        </SaveForm>
      ) : (
        <p className="sy-hint">{t("people.aow.nominate_current_only")}</p>
      )}
    </div>
  );
}

function Candidates(props: { s: AgentOfWeek; confirm: boolean; onConfirmed: (s: AgentOfWeek) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [picked, setPicked] = useState<Candidate | null>(null);
  const num = (v: number | null) => fmt.number(v, 1);
  const { s } = props;
  return (
    <div className="sy-p-candidates">
      <h4 id="sy-p-cand-h">{t("people.aow.candidates")}</h4>
      {s.candidates.length === 0 ? (
        <p className="sy-q-muted">{t("people.aow.no_candidates")}</p>
      ) : (
        <div className="sy-table-wrap">
          <table className="sy-table" aria-labelledby="sy-p-cand-h">
            <thead>
              <tr>
                <th scope="col">{t("people.aow.col.rank")}</th>
                <th scope="col">{t("people.aow.col.agent")}</th>
                <th scope="col">{t("people.aow.col.proposal")}</th>
                <th scope="col">{t("people.aow.col.points")}</th>
                <th scope="col">{t("people.aow.col.quality")}</th>
                <th scope="col">{t("people.aow.col.fcr")}</th>
                <th scope="col">{t("people.aow.col.csat")}</th>
                <th scope="col">{t("people.aow.col.aht")}</th>
                <th scope="col">{t("people.aow.col.nominations")}</th>
                {props.confirm && <th scope="col">{t("people.aow.col.action")}</th>}
              </tr>
            </thead>
            <tbody>
              {s.candidates.map((c) => (
                <tr key={c.agent} className={s.winner?.agent === c.agent ? "sy-p-won" : undefined}>
                  <td>{c.rank > 0 ? c.rank : "—"}</td>
                  <th scope="row">
                    {c.agent}
                    {s.winner?.agent === c.agent && <span className="sy-badge sy-badge-ok">{t("people.aow.winner_badge")}</span>}
                  </th>
                  <td>{num(c.proposal)}</td>
                  <td>{num(c.points)}</td>
                  <td>{num(c.quality)}</td>
                  <td>{num(c.fcr)}</td>
                  <td>{num(c.csat)}</td>
                  <td>{fmt.seconds(c.aht_s)}</td>
                  <td>
                    {c.nominations}
                    {c.reasons.length > 0 && (
                      <ul className="sy-p-reasons" aria-label={t("people.aow.reasons_for", { agent: c.agent })}>
                        {c.reasons.map((r, i) => (
                          <li key={i}>“{r}”</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  {props.confirm && (
                    <td>
                      <button type="button" aria-expanded={picked?.agent === c.agent} onClick={() => setPicked(picked?.agent === c.agent ? null : c)}
                        aria-label={t("people.aow.confirm_named", { agent: c.agent })}>
                        {t("people.aow.confirm")}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {s.candidates.some((c) => c.rank <= 0) && <p className="sy-hint">{t("people.aow.unranked_hint")}</p>}
      {props.confirm && picked && <ConfirmWinner s={s} c={picked} onDone={(r) => { setPicked(null); props.onConfirmed(r); }} onCancel={() => setPicked(null)} />}
    </div>
  );
}

function ConfirmWinner(props: { s: AgentOfWeek; c: Candidate; onDone: (s: AgentOfWeek) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const form = useFormState();
  const [note, setNote] = useState("");
  const send = async () => {
    const r = await form.run(() => api<AgentOfWeek>("POST", peoplePaths.confirm(), { team: props.s.team, week: props.s.week, agent: props.c.agent, note: note.trim() }));
    if (r) props.onDone(r.value);
  };
  return (
    <div className="sy-c-box">
      <h5 id="sy-p-confirm-h">{t("people.aow.confirm_title", { agent: props.c.agent, week: props.s.week })}</h5>
      <SaveForm form={form} labelledBy="sy-p-confirm-h" onSave={() => void send()} save={t("people.aow.confirm_button", { agent: props.c.agent })}
        after={<button type="button" onClick={props.onCancel}>{t("people.aow.cancel")}</button>}>
        <TextAreaField name="note" label={t("people.aow.note")} hint={t("people.aow.note_hint")} rows={2} value={note} onChange={setNote} />
      </SaveForm>
    </div>
  );
}
