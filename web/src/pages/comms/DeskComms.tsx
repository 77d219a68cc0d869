// The agent desk's comms panels (web/src/pages/agent/AgentDesk.tsx), small
// so the agent never leaves the contact at hand:
//   WhatsNew            the latest briefing when unread and unread announcements, with a count; each
//                       opens in place and is marked read there; live on comms.* notifications; one line
//                       from People (people/DeskPeople.tsx) when someone celebrates today or kudos came to me
//   UrgentAnnouncement  an urgent announcement (comms.announcement with urgent=true, or one unread
//                       when the desk opens) in a modal the agent acknowledges (POST read)
//   SuggestedArticles   GET /kb/suggestions?contact=ID: the queue's linked articles, then matches of the
//                       customer's words; one opens in a side panel; read again SUGGEST_AGAIN_MS after
//                       the customer writes (the chat panel's announceCustomerMessage)
import { useCallback, useEffect, useRef, useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { onCustomerMessage } from "../../lib/chat";
import { localDay, onNotification } from "../../lib/notifications";
import { Link } from "../../lib/router";
import { Modal } from "../../components/Modal";
import { useFormat } from "../../components/useFormat";
import { ArticleBody } from "./ArticleBody";
import { DeskPeople } from "./people/DeskPeople";
import {
  byDepartment, kbPaths, loadAnnouncements, loadBriefings, orderAnnouncements, readAnnouncement, readBriefing, unreadCount, urgentUnread,
  type Announcement, type Article, type Briefing, type Suggestion,
} from "./commsData";
import "./deskComms.css";

/** What's new (briefing and announcements) and the urgent pop-up, over one load. */
export function DeskComms() {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const [briefing, setBriefing] = useState<Briefing | null>(null);
  const [anns, setAnns] = useState<Announcement[]>([]);
  const [failed, setFailed] = useState(false);
  const [urgent, setUrgent] = useState<Announcement | null>(null);
  const [acked, setAcked] = useState<Set<number>>(() => new Set());
  const ackButton = useRef<HTMLButtonElement>(null);

  const load = useCallback(() => {
    Promise.all([loadBriefings(1), loadAnnouncements()]).then(
      ([b, a]) => {
        setFailed(false);
        setBriefing(b[0] ?? null);
        setAnns(a);
      },
      () => setFailed(true),
    );
  }, []);
  useEffect(load, [load]);
  useEffect(
    () =>
      onNotification((n) => {
        if (n.kind === "comms.briefing" || n.kind === "comms.announcement") load();
      }),
    [load],
  );
  // the urgent one: the first unread, unexpired, not acknowledged here
  useEffect(() => {
    if (urgent) return;
    const u = urgentUnread(anns.filter((a) => !acked.has(a.id)), Date.now());
    if (u) setUrgent(u);
  }, [anns, acked, urgent]);

  // the dialog's one action gets the focus (the dialog itself would give it to ×)
  useEffect(() => {
    if (urgent) ackButton.current?.focus();
  }, [urgent]);

  const acknowledge = (a: Announcement) => {
    setAcked((s) => new Set(s).add(a.id));
    setUrgent(null);
    readAnnouncement(a.id).then(
      (r) => setAnns((list) => list.map((x) => (x.id === a.id ? { ...x, ...r } : x))),
      () => {},
    );
  };
  const markAnn = (a: Announcement) => readAnnouncement(a.id).then((r) => setAnns((list) => list.map((x) => (x.id === a.id ? { ...x, ...r } : x))), () => {});
  const markBriefing = (b: Briefing) => readBriefing(b.id).then((r) => setBriefing({ ...b, ...r }), () => {});

  const now = Date.now();
  const count = unreadCount(briefing, anns, now);
  const unreadAnns = orderAnnouncements(anns, now).filter((a) => a.read_ms === null);
  return (
    <section className="card desk-comms" aria-labelledby="desk-new-h">
      <h2 id="desk-new-h">
        {t("comms.desk.whats_new")}
        {count > 0 && (
          <span className="badge st-wrap_up" aria-label={t("comms.desk.unread_count", { n: count })}>
            {count}
          </span>
        )}
      </h2>
      {failed && <p className="muted">{t("comms.desk.unavailable")}</p>}
      {!failed && count === 0 && <p className="muted">{t("comms.desk.nothing_new")}</p>}
      <ul>
        {briefing && briefing.read_ms === null && (
          <li>
            <details>
              <summary>{t("comms.desk.briefing", { date: localDay(lang, briefing.date) })}</summary>
              {byDepartment(briefing.items).map((g) => (
                <div key={g.department}>
                  <h3 className="desk-comms-dept">{tCode(t, "comms.dept.", g.department)}</h3>
                  {g.items.map((it) => (
                    <p key={it.id} className="sy-c-pre">
                      <strong>{it.title}</strong>
                      {": "}
                      {it.body}
                    </p>
                  ))}
                </div>
              ))}
              <button type="button" className="btn btn-small btn-primary" onClick={() => void markBriefing(briefing)}>
                {t("comms.mark_read")}
              </button>
            </details>
          </li>
        )}
        {unreadAnns.map((a) => (
          <li key={a.id}>
            <details>
              <summary>
                {a.urgent && <span className="badge st-not_ready">{t("comms.ann.urgent")}</span>} {a.title}
              </summary>
              <p className="muted">{t("comms.ann.meta_short", { author: a.author, when: fmt.dateTime(a.created_ms) })}</p>
              <p className="sy-c-pre">{a.body}</p>
              <button type="button" className="btn btn-small" onClick={() => void markAnn(a)}>
                {t("comms.mark_read")}
              </button>
            </details>
          </li>
        ))}
      </ul>
      <DeskPeople />
      <p>
        <Link to="/comms/briefings">{t("comms.desk.all")}</Link>
      </p>
      {urgent && (
        <Modal
          title={t("comms.desk.urgent_title", { title: urgent.title })}
          onClose={() => acknowledge(urgent)}
          footer={
            <button type="button" className="btn btn-primary" onClick={() => acknowledge(urgent)} ref={ackButton}>
              {t("comms.desk.acknowledge")}
            </button>
          }
        >
          <p className="muted">{t("comms.ann.meta_short", { author: urgent.author, when: fmt.dateTime(urgent.created_ms) })}</p>
          <p className="sy-c-pre">{urgent.body}</p>
        </Modal>
      )}
    </section>
  );
}

/** After a customer's message, the suggestions are read again this much later (a burst reads once). */
export const SUGGEST_AGAIN_MS = 1500;

/** Articles for the contact at hand; one opens in a panel below the list. */
export function SuggestedArticles(props: { contacts: { id: number; label: string }[] }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<number | null>(null);
  const contact = props.contacts.find((c) => c.id === chosen)?.id ?? props.contacts[0]?.id ?? null;
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<Article | null>(null);
  const [tick, setTick] = useState(0);
  const shownFor = useRef<number | null>(null);
  // a new customer message of this contact: read again, once after a burst
  useEffect(() => {
    if (contact === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onCustomerMessage((c) => {
      if (c !== contact) return;
      clearTimeout(timer);
      timer = setTimeout(() => setTick((n) => n + 1), SUGGEST_AGAIN_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [contact]);
  useEffect(() => {
    if (shownFor.current !== contact) {
      // another contact: its own list (a refresh of the same keeps what is shown until the answer)
      setItems(null);
      setOpen(null);
      shownFor.current = contact;
    }
    if (contact === null) return;
    let live = true;
    api<{ items: Suggestion[] }>("GET", kbPaths.suggestions(contact, 6)).then(
      (r) => {
        if (!live) return;
        setFailed(false);
        setItems(r.items ?? []);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [contact, tick]);
  const show = (id: number) => api<Article>("GET", kbPaths.article(id)).then(setOpen, () => setFailed(true));
  if (contact === null) return null;
  return (
    <section className="card desk-comms" aria-labelledby="desk-kb-h">
      <h2 id="desk-kb-h">{t("comms.desk.suggested")}</h2>
      {props.contacts.length > 1 && (
        <p>
          <label htmlFor="desk-kb-contact">{t("comms.desk.for_contact")}</label>{" "}
          <select id="desk-kb-contact" value={contact} onChange={(e) => setChosen(Number(e.target.value))}>
            {props.contacts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </p>
      )}
      {failed && <p className="muted">{t("comms.desk.unavailable")}</p>}
      {items && items.length === 0 && <p className="muted">{t("comms.desk.no_suggestions")}</p>}
      {items && items.length > 0 && (
        <ul>
          {items.map((a) => (
            <li key={a.id}>
              <button type="button" className="link-button" aria-expanded={open?.id === a.id} onClick={() => (open?.id === a.id ? setOpen(null) : void show(a.id))}>
                {a.title}
              </button>{" "}
              <span className="muted">
                {a.reason === "queue" ? t("comms.desk.reason_queue") : t("comms.desk.reason_keywords", { words: (a.matched ?? []).join(", ") })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-small btn-ghost" onClick={() => setTick((n) => n + 1)}>
        {t("comms.refresh")}
      </button>
      {open && (
        <div className="desk-kb-panel" role="region" aria-label={t("comms.desk.article_panel", { title: open.title })}>
          <ArticleBody article={open} onChange={setOpen} headingLevel={3} titleId="desk-kb-article-h" />
          <button type="button" className="btn btn-small" onClick={() => setOpen(null)}>
            {t("comms.close")}
          </button>
        </div>
      )}
    </section>
  );
}
