// The evaluator's work: the week's work list (GET /quality/worklist, the
// targeted sample), or, on a server without it, the ended chats in scope and
// a contact number to open any ended contact (calls have no list on the
// contacts API); the evaluator's own drafts. Opening a contact shows its
// recording or chat beside the scorecard form: save a draft, submit.
// The same view scores one's own contact as a self-assessment (kind "self")
// and a teammate's as a peer review (kind "peer"): both are submitted at once
// (no draft) and compared with the evaluator's score below.
import { useContext, useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { Link } from "../../lib/router";
import { SessionContext } from "../../lib/sessionContext";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Loading, Notice } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import type { ChatSession } from "../../lib/chat";
import { ContactMedia } from "./ContactMedia";
import { channelName, ComparisonPanel, EvaluationFacts, FollowUps, ScoreText, StatusTag } from "./EvaluationDetail";
import { applies, contactOfRow, paths, pickScorecard, type Answer, type Contact, type EndedContact, type Evaluation, type Scorecard, type Worklist } from "./qualityData";
import { OpenContactForm } from "./Parts";
import { SamplingPlanView } from "./SamplingPlan";
import { ScoreForm } from "./ScoreForm";

export function WorklistView(props: { item: string | null; manager: boolean }) {
  if (props.item) return <EvaluateContact contact={Number(props.item)} kind="evaluation" back="/quality/worklist" />;
  return <WorklistHome manager={props.manager} />;
}

function WorklistHome(props: { manager: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const me = useContext(SessionContext)?.me.name;
  const list = useLoad(() => api<Worklist>("GET", paths.worklist()), []);
  const missing = list.error !== undefined && isMissingRoute(list.error);
  const chats = useLoad(() => (missing ? api<ChatSession[] | { sessions: ChatSession[] }>("GET", paths.endedChats(50)) : Promise.resolve([])), [missing]);
  const drafts = useLoad(() => api<{ evaluations: Evaluation[] }>("GET", paths.evaluations({ evaluator: me, status: "draft", limit: 50 })), [me]);
  const chatRows = Array.isArray(chats.data) ? chats.data : (chats.data?.sessions ?? []);

  return (
    <section aria-labelledby="sy-q-worklist-h">
      <h2 id="sy-q-worklist-h">{t("quality.worklist.title")}</h2>
      <p className="sy-intro">{t("quality.worklist.intro")}</p>
      <OpenContactForm id="sy-q-open-contact" base="/quality/worklist" label={t("quality.worklist.open")} />
      {props.manager && <SamplingPlanView />}
      {list.data && (
        <DataTable
          caption={t("quality.worklist.week", { week: fmt.date(list.data.week_start_ms) })}
          rows={list.data.items}
          rowKey={(r) => r.contact}
          empty={t("quality.worklist.empty")}
          columns={[
            { key: "contact", header: t("quality.field.contact"), render: (r) => <Link to={`/quality/worklist/${r.contact}`}>{r.contact}</Link> },
            { key: "agent", header: t("quality.field.agent"), render: (r) => `${r.agent} (${r.team})` },
            { key: "queue", header: t("quality.field.queue"), render: (r) => `${r.queue} · ${channelName(t, r.channel)}` },
            { key: "started", header: t("quality.field.started"), nowrap: true, render: (r) => fmt.dateTime(r.started_ms) },
            { key: "reasons", header: t("quality.worklist.reasons"), render: (r) => r.reasons.map((x) => tCode(t, "quality.reason.", x)).join(", ") },
            { key: "weight", header: t("quality.worklist.weight"), numeric: true, render: (r) => r.weight },
            { key: "assigned", header: t("quality.worklist.assigned"), render: (r) => r.assigned_to ?? "—" },
            { key: "done", header: t("quality.worklist.evaluated"), render: (r) => (r.evaluated ? t("quality.answer.yes") : t("quality.answer.no")) },
          ]}
        />
      )}
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && !missing && <ErrorBanner message={errorText(list.error, t)} onRetry={list.reload} />}
      {missing && (
        <>
          <Notice kind="info">{t("quality.worklist.fallback")}</Notice>
          <Loaded state={chats}>
            {() => (
              <DataTable
                caption={t("quality.worklist.ended_chats")}
                rows={chatRows}
                rowKey={(r) => r.contact}
                empty={t("quality.worklist.no_chats")}
                columns={[
                  { key: "contact", header: t("quality.field.contact"), render: (r) => <Link to={`/quality/worklist/${r.contact}`}>{r.contact}</Link> },
                  { key: "agent", header: t("quality.field.agent"), render: (r) => r.agent ?? "—" },
                  { key: "queue", header: t("quality.field.queue"), render: (r) => r.queue },
                  { key: "ended", header: t("quality.field.ended"), nowrap: true, render: (r) => fmt.dateTime(r.ended_ms ?? r.started_ms) },
                ]}
              />
            )}
          </Loaded>
        </>
      )}
      <h3>{t("quality.worklist.drafts")}</h3>
      <Loaded state={drafts}>
        {(d) => (
          <DataTable
            caption={t("quality.worklist.drafts")}
            captionHidden
            rows={d.evaluations}
            rowKey={(r) => r.id}
            empty={t("quality.worklist.no_drafts")}
            columns={[
              { key: "contact", header: t("quality.field.contact"), render: (r) => <Link to={`/quality/worklist/${r.contact}`}>{r.contact}</Link> },
              { key: "agent", header: t("quality.field.agent"), render: (r) => r.agent },
              { key: "created", header: t("quality.field.created"), nowrap: true, render: (r) => fmt.dateTime(r.created_ms) },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

interface EvalPayload {
  contact: number;
  scorecard_id: number;
  answers: Answer[];
  submit: boolean;
  kind?: string;
}

/** Scores one ended contact: the media beside the form; a draft of the
 *  user's continues (PUT), else the first save creates it (POST). */
export function EvaluateContact(props: { contact: number; kind: "evaluation" | "self" | "peer"; back: string }) {
  const { t } = useI18n();
  const me = useContext(SessionContext)?.me.name;
  // a teammate's contact (peer review) is read as the quality module lists it: the contacts API is the agent's own
  const contact = useLoad(
    () => (props.kind === "peer" ? api<EndedContact>("GET", paths.endedContact(props.contact)).then(contactOfRow) : api<Contact>("GET", paths.contact(props.contact))),
    [props.contact, props.kind],
  );
  const cards = useLoad(() => api<{ scorecards: Scorecard[] }>("GET", paths.scorecards()), []);
  const existing = useLoad(() => api<{ evaluations: Evaluation[] }>("GET", paths.evaluations({ contact: props.contact })), [props.contact]);
  const [cardId, setCardId] = useState<number | null>(null);
  const [draftId, setDraftId] = useState<number | null>(null);
  const [done, setDone] = useState<Evaluation | null>(null);

  const title = t(props.kind === "self" ? "quality.evaluate.self_title" : props.kind === "peer" ? "quality.evaluate.peer_title" : "quality.evaluate.title", { contact: props.contact });
  const contactData = contact.data;
  // the contact's evaluations may be closed to the reader: none shown, scoring goes on
  const existingData = existing.data ?? (existing.error !== undefined && existing.error !== null ? { evaluations: [] as Evaluation[] } : undefined);
  const head = (
    <>
      <p className="sy-back">
        <Link to={props.back}>← {t("quality.evaluate.back")}</Link>
      </p>
      <h2 id="sy-q-eval-h">{title}</h2>
    </>
  );
  if (contact.error !== undefined && contact.error !== null && !contactData)
    return (
      <section aria-labelledby="sy-q-eval-h">
        {head}
        <ErrorBanner message={errorText(contact.error, t)} onRetry={contact.reload} />
      </section>
    );
  if (!contactData || !cards.data || !existingData)
    return (
      <section aria-labelledby="sy-q-eval-h">
        {head}
        {cards.error !== undefined && cards.error !== null ? <ErrorBanner message={errorText(cards.error, t)} onRetry={cards.reload} /> : <Loading />}
      </section>
    );
  const c = contactData;
  const usable = cards.data.scorecards.filter((s) => !s.retired_ms && applies(s, { channel: c.channel, queue: c.queue }));
  const mine = existingData.evaluations.find((e) => e.evaluator === me && e.status === "draft" && (e.kind ?? "evaluation") === props.kind);
  const card = usable.find((s) => s.id === (cardId ?? mine?.scorecard_id)) ?? pickScorecard(usable, { channel: c.channel, queue: c.queue });
  const draft = draftId ?? mine?.id ?? null;
  const others = existingData.evaluations.filter((e) => e.status !== "draft");
  const live = c.state !== "completed" && c.state !== "ended" && !c.ended_ms;

  const save = async (answers: Answer[], submit: boolean) => {
    if (!card) return;
    const body: EvalPayload = { contact: props.contact, scorecard_id: card.id, answers, submit };
    if (props.kind !== "evaluation") body.kind = props.kind;
    const e = draft
      ? await api<Evaluation>("PUT", paths.evaluation(draft), { answers, submit })
      : await api<Evaluation>("POST", paths.evaluations(), body);
    setDraftId(e.id);
    if (submit) setDone(e);
    return e;
  };

  return (
    <section aria-labelledby="sy-q-eval-h">
      {head}
      <p className="sy-intro">{t("quality.evaluate.contact_line", { channel: channelName(t, c.channel), queue: c.queue, agent: c.agent ?? "—" })}</p>
      {live && <Notice kind="warning">{t("quality.evaluate.live")}</Notice>}
      {others.length > 0 && (
        <p className="sy-hint">
          {t("quality.evaluate.others")}{" "}
          {others.map((e, i) => (
            <span key={e.id}>
              {i > 0 && ", "}
              {e.evaluator} · {t(`quality.kind.${e.kind ?? "evaluation"}`)} · <ScoreText e={e} /> <StatusTag status={e.status} />
            </span>
          ))}
        </p>
      )}
      {/* the evaluator's, self and peer scores side by side (again after a submit) */}
      <ComparisonPanel key={done?.id ?? 0} contact={props.contact} />
      <div className="sy-q-split">
        <ContactMedia contact={c} peer={props.kind === "peer"} />
        <div className="sy-q-formcol">
          {done ? (
            <>
              <Notice kind="success">{t(props.kind === "self" ? "quality.evaluate.self_submitted" : props.kind === "peer" ? "quality.evaluate.peer_submitted" : "quality.evaluate.submitted")}</Notice>
              <EvaluationFacts e={done} />
              {props.kind === "evaluation" && <FollowUps e={done} />}
            </>
          ) : !card ? (
            <Notice kind="warning">{t("quality.evaluate.no_card", { channel: channelName(t, c.channel), queue: c.queue })}</Notice>
          ) : (
            <>
              {usable.length > 1 && !draft && (
                <div className="sy-field">
                  <label htmlFor="sy-q-card">{t("quality.evaluate.scorecard")}</label>
                  <select id="sy-q-card" value={card.id} onChange={(e) => setCardId(Number(e.target.value))}>
                    {usable.map((s) => (
                      <option key={s.id} value={s.id}>
                        {t("quality.cards.edit", { name: s.name, version: s.version })}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <h3>{t("quality.cards.edit", { name: card.name, version: card.version })}</h3>
              <ScoreForm
                key={`${card.id}-${mine?.id ?? 0}`}
                card={card}
                initial={mine?.answers}
                label={t("quality.evaluate.form", { card: card.name })}
                actions={[
                  // self-assessments are submitted at once (docs/api.md "Quality"): no draft
                  ...(props.kind === "evaluation" ? [{ key: "draft", label: t("quality.evaluate.save_draft"), run: (a: Answer[]) => save(a, false), done: t("quality.evaluate.draft_saved") }] : []),
                  { key: "submit", label: t("quality.evaluate.submit"), primary: true, requireAll: true, run: (a: Answer[]) => save(a, true) },
                ]}
              />
            </>
          )}
        </div>
      </div>
    </section>
  );
}

