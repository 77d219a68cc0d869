// One contact in the agent's hands: what it is, its timers, the actions
// (hold / resume, transfer, end, wrap-up), and beside it the chat, the
// customer's earlier contacts, the notes and the queue's script.
import { useEffect, useId, useState, type FormEvent } from "react";
import { pickLocalised, useI18n, type Lang } from "../../i18n";
import { Countdown, Elapsed, ErrorBanner, Field, Tabs } from "../../components";
import { ChatPanel } from "../../components/chat/ChatPanel";
import type { Contact, DeskConfig, Settings } from "../../lib/types";
import { CustomerHistory } from "./CustomerHistory";
import { NotesPanel } from "./NotesPanel";
import { api } from "../../lib/api";
import { deskConfig, type QueueIndex } from "./deskData";
import type { DeskContact } from "./deskState";

export type ContactAction = "accept" | "reject" | "hold" | "resume" | "end" | "wrapup" | "transfer";

export interface ContactWorkspaceProps {
  contact: DeskContact;
  detail: Contact | undefined;
  queues: QueueIndex;
  settings: Settings | null;
  me: string;
  busy: boolean;
  onAction: (action: ContactAction, body?: Record<string, unknown>) => Promise<boolean>;
}

export function ContactWorkspace({ contact, detail, queues, settings, me, busy, onAction }: ContactWorkspaceProps) {
  const { t, lang } = useI18n();
  const headId = useId();
  const queue = contact.queue !== null ? queues.byId.get(contact.queue) : undefined;
  const queueName = queue?.config.name ?? detail?.queue ?? "…";
  const channel = detail?.channel ?? queue?.config.channel;
  const isChat = channel === "chat";
  const [tab, setTab] = useState<string>(isChat ? "chat" : "customer");
  const [desk, setDesk] = useState<DeskConfig | null | undefined>(undefined);
  const [deskError, setDeskError] = useState<unknown>(null);

  useEffect(() => {
    if (isChat) setTab((x) => (x === "customer" ? "chat" : x));
  }, [isChat]);
  useEffect(() => {
    if (contact.queue === null) return;
    let live = true;
    deskConfig(contact.queue).then(
      (d) => live && setDesk(d),
      (e) => live && setDeskError(e),
    );
    return () => {
      live = false;
    };
  }, [contact.queue]);

  const acwMs = queue?.config.acw_ms ?? settings?.default_acw_ms ?? 0;
  const tabs = [
    ...(isChat ? [{ id: "chat", label: t("agent.tab.chat") }] : []),
    { id: "customer", label: t("agent.tab.customer") },
    { id: "notes", label: t("agent.tab.notes") },
    { id: "script", label: t("agent.tab.script") },
  ];

  return (
    <article className={"card workspace ws-" + contact.state} aria-labelledby={headId}>
      <header className="ws-head">
        <h2 id={headId}>
          <span className={"channel-tag ch-" + (channel ?? "voice")}>{channel ? t("common.channel." + channel) : "…"}</span>
          {queueName}
        </h2>
        <span className={"badge cst-" + contact.state}>{t("common.contactState." + contact.state)}</span>
        <span className="ws-timer">
          {contact.state === "accepted" && (
            <>
              {t("agent.ws.talking")} <Elapsed since={contact.acceptedAt} />
            </>
          )}
          {contact.state === "held" && (
            <>
              {t("agent.ws.onHold")} <Elapsed since={contact.heldAt} />
            </>
          )}
          {contact.state === "wrap_up" &&
            (contact.wrapUpAt && acwMs > 0 ? (
              <>
                {t("agent.ws.acwLeft")} <Countdown until={contact.wrapUpAt + acwMs} />
              </>
            ) : (
              <>
                {t("agent.ws.acw")} <Elapsed since={contact.wrapUpAt} />
              </>
            ))}
        </span>
      </header>
      <dl className="ws-facts">
        <div>
          <dt>{t("agent.ws.contact")}</dt>
          <dd>#{contact.id}</dd>
        </div>
        <div>
          <dt>{t("agent.ws.customer")}</dt>
          <dd>{detail?.customer_id || t("agent.ws.anonymous")}</dd>
        </div>
        {detail?.customer_group && (
          <div>
            <dt>{t("agent.ws.group")}</dt>
            <dd>{detail.customer_group}</dd>
          </div>
        )}
        {detail?.attributes &&
          Object.entries(detail.attributes)
            .slice(0, 4)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
      </dl>

      {contact.state === "wrap_up" ? (
        <WrapUp desk={desk} busy={busy} lang={lang} onDone={(disposition) => onAction("wrapup", disposition ? { disposition } : {})} />
      ) : (
        <Actions contact={contact} queues={queues} busy={busy} me={me} onAction={onAction} />
      )}

      <Tabs tabs={tabs} selected={tab} onSelect={setTab} label={t("agent.tab.label", { id: contact.id })} className="ws-tabs">
        {tab === "chat" && isChat && <ChatPanel contact={contact.id} mode="agent" me={me} compact />}
        {tab === "customer" && <CustomerHistory customerId={detail?.customer_id} current={contact.id} />}
        {tab === "notes" && <NotesPanel contact={contact.id} />}
        {tab === "script" && (
          <div className="script">
            <ErrorBanner error={deskError} />
            {desk === undefined && !deskError && <p className="muted">{t("common.loading")}</p>}
            {desk !== undefined && (pickLocalised(desk?.script, lang) ? <div className="script-text">{pickLocalised(desk?.script, lang)}</div> : <p className="empty">{t("agent.script.none")}</p>)}
          </div>
        )}
      </Tabs>
    </article>
  );
}

/** Agents another agent may hand a contact to: logged in, not oneself. */
export function transferTargets(agents: { config: { name: string }; state: string }[], me: string): string[] {
  return agents
    .filter((a) => a.config.name !== me && a.state !== "logged_out")
    .map((a) => a.config.name)
    .sort();
}

function Actions({ contact, queues, busy, me, onAction }: { contact: DeskContact; queues: QueueIndex; busy: boolean; me: string; onAction: ContactWorkspaceProps["onAction"] }) {
  const { t } = useI18n();
  const id = useId();
  const [kind, setKind] = useState<"queue" | "agent">("queue");
  const [target, setTarget] = useState("");
  const [keep, setKeep] = useState(false);
  const [open, setOpen] = useState(false);
  const [agents, setAgents] = useState<string[] | null>(null);
  const [agentsError, setAgentsError] = useState<unknown>(null);
  const others = queues.list.filter((q) => q.id !== contact.queue);
  useEffect(() => {
    if (!open || kind !== "agent") return;
    let live = true;
    api<{ config: { name: string }; state: string }[]>("GET", "/api/v1/agents")
      .then((list) => live && setAgents(transferTargets(list, me)))
      .catch((e) => live && setAgentsError(e));
    return () => {
      live = false;
    };
  }, [open, kind, me]);
  async function transfer(e: FormEvent) {
    e.preventDefault();
    if (!target) return;
    const body = kind === "queue" ? { queue: target, keep_place: keep } : { to_agent: target, keep_place: keep };
    if (await onAction("transfer", body)) setOpen(false);
  }
  return (
    <div className="ws-actions">
      <div className="btn-row">
        {contact.state === "held" ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onAction("resume")}>
            {t("agent.ws.resume")}
          </button>
        ) : (
          <button type="button" className="btn" disabled={busy} onClick={() => onAction("hold")}>
            {t("agent.ws.hold")}
          </button>
        )}
        <button type="button" className="btn" aria-expanded={open} aria-controls={id + "-tr"} disabled={busy} onClick={() => setOpen((o) => !o)}>
          {t("agent.ws.transfer")}
        </button>
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => onAction("end")}>
          {t("agent.ws.end")}
        </button>
      </div>
      {open && (
        <form id={id + "-tr"} className="transfer" onSubmit={transfer}>
          <fieldset className="radio-row">
            <legend>{t("agent.ws.transferKind")}</legend>
            {(["queue", "agent"] as const).map((k) => (
              <label key={k} className="check">
                <input
                  type="radio"
                  name={id + "-kind"}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    setTarget("");
                  }}
                />
                {t(k === "queue" ? "agent.ws.toQueue" : "agent.ws.toAgent")}
              </label>
            ))}
          </fieldset>
          {kind === "queue" ? (
            <Field label={t("agent.ws.transferTo")}>
              <select value={target} onChange={(e) => setTarget(e.target.value)} required>
                <option value="">{t("agent.ws.chooseQueue")}</option>
                {others.map((q) => (
                  <option key={q.id} value={q.config.name}>
                    {q.config.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <>
              <ErrorBanner error={agentsError} />
              <Field label={t("agent.ws.transferToAgent")} hint={t("agent.ws.agentWaits")}>
                <select value={target} onChange={(e) => setTarget(e.target.value)} required disabled={agents === null}>
                  <option value="">{agents === null ? t("common.loading") : t("agent.ws.chooseAgent")}</option>
                  {(agents ?? []).map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </Field>
            </>
          )}
          <label className="check">
            <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} />
            {t("agent.ws.keepPlace")}
          </label>
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={busy || !target}>
              {t("agent.ws.transferDo")}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function WrapUp({ desk, busy, lang, onDone }: { desk: DeskConfig | null | undefined; busy: boolean; lang: Lang; onDone: (disposition: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const codes = desk?.dispositions ?? [];
  return (
    <form
      className="wrapup"
      onSubmit={(e) => {
        e.preventDefault();
        void onDone(code);
      }}
    >
      <Field label={t("agent.wrap.disposition")} hint={codes.length ? undefined : t("agent.wrap.freeHint")}>
        {codes.length ? (
          <select value={code} onChange={(e) => setCode(e.target.value)} required>
            <option value="">{t("agent.wrap.choose")}</option>
            {codes.map((d) => (
              <option key={d.code} value={d.code}>
                {pickLocalised(d.label, lang) || d.code}
              </option>
            ))}
          </select>
        ) : (
          <input value={code} onChange={(e) => setCode(e.target.value)} maxLength={64} />
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={busy || (codes.length > 0 && !code)}>
        {t("agent.wrap.done")}
      </button>
    </form>
  );
}
