// Ended contacts (GET /quality/contacts, newest end first): the Contacts
// section of evaluators (quality, admins, team leads: every contact in their
// scope, filtered, a row opening /quality/contacts/<id> to score it as the
// work list does), the agents' Peer review (their teammates' contacts,
// scope=team, scored with kind "peer") and, under My quality, their own
// (scope=mine) for a self-assessment. "More" asks the next page by `next`.
import { useContext, useEffect, useState, type ReactNode } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { Link } from "../../lib/router";
import { SessionContext } from "../../lib/sessionContext";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { EvaluateContact } from "./EvaluateView";
import { channelName } from "./EvaluationDetail";
import {
  appendPage, checkFilter, CONTACT_CHANNELS, filterOfField, NO_FILTER, paths, pct, scoreState,
  type ContactFilter, type ContactFilterKey, type ContactsPage, type EndedContact,
} from "./qualityData";

export function ContactsView(props: { item: string | null }) {
  const { t } = useI18n();
  if (props.item) return <EvaluateContact contact={Number(props.item)} kind="evaluation" back="/quality/contacts" />;
  return (
    <section aria-labelledby="sy-q-contacts-h">
      <h2 id="sy-q-contacts-h">{t("quality.contacts.title")}</h2>
      <p className="sy-intro">{t("quality.contacts.intro")}</p>
      <ContactsList id="sy-q-contacts" base="/quality/contacts" filters={["from", "to", "agent", "team", "queue", "channel", "evaluated"]} caption={t("quality.contacts.list")} />
    </section>
  );
}

export function PeerView(props: { item: string | null }) {
  const { t } = useI18n();
  if (props.item) return <EvaluateContact contact={Number(props.item)} kind="peer" back="/quality/peer" />;
  return (
    <section aria-labelledby="sy-q-peer-h">
      <h2 id="sy-q-peer-h">{t("quality.peer.title")}</h2>
      <p className="sy-intro">{t("quality.peer.intro")}</p>
      <ContactsList id="sy-q-peer" scope="team" base="/quality/peer" filters={["from", "to", "agent", "channel"]} caption={t("quality.peer.list")} />
    </section>
  );
}

/** The filters last shown per list, so that coming back from a contact finds the list as it was. */
const lastFilter = new Map<string, ContactFilter>();

/** A filter form, the table and "More". `base`/<contact> opens a row. */
export function ContactsList(props: { id: string; base: string; scope?: "mine" | "team"; filters: ContactFilterKey[]; caption: string; hideAgent?: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  // the filters that last gave a list, per user and list
  const memo = `${useContext(SessionContext)?.me.name ?? ""}:${props.id}`;
  const [draft, setDraft] = useState<ContactFilter>(() => lastFilter.get(memo) ?? NO_FILTER);
  const [applied, setApplied] = useState<ContactFilter>(() => lastFilter.get(memo) ?? NO_FILTER);
  const [rows, setRows] = useState<EndedContact[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ContactFilterKey, string>>>({});
  const [banner, setBanner] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  const load = async (f: ContactFilter, cursor: string | null) => {
    setBusy(true);
    setBanner(null);
    try {
      const page = await api<ContactsPage>("GET", paths.endedContacts({ ...f, scope: props.scope, cursor }));
      setRows((old) => (cursor && old ? appendPage(old, page.items) : page.items));
      if (!cursor) lastFilter.set(memo, f);
      setNext(page.next ?? null);
      setFieldErrors({});
      return true;
    } catch (e) {
      const field = e instanceof ApiError ? filterOfField(e.field) : null;
      if (field && props.filters.includes(field)) setFieldErrors({ [field]: (e as ApiError).message });
      else setBanner(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  // the first page, and again after "Show" (the filters typed stay in the form whatever the answer)
  useEffect(() => {
    void load(applied, null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [applied, tick, props.scope]);

  const set = (k: ContactFilterKey, v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setFieldErrors((x) => ({ ...x, [k]: undefined }));
  };
  const show = () => {
    const local = checkFilter(draft);
    const mine = Object.fromEntries(Object.entries(local).filter(([k]) => props.filters.includes(k as ContactFilterKey)));
    if (Object.keys(mine).length) return setFieldErrors(Object.fromEntries(Object.entries(mine).map(([k, v]) => [k, t(v!)])));
    setApplied({ ...draft });
    setTick((n) => n + 1);
  };

  const fid = (k: string) => `${props.id}-${k}`;
  const field = (k: ContactFilterKey, control: ReactNode) => (
    <div className="sy-field" data-field={k} key={k}>
      <label htmlFor={fid(k)}>{t(`quality.contacts.filter.${k}`)}</label>
      {control}
      {fieldErrors[k] && (
        <span id={`${fid(k)}-err`} className="sy-field-error">
          {fieldErrors[k]}
        </span>
      )}
    </div>
  );
  const aria = (k: ContactFilterKey) => ({ id: fid(k), "aria-invalid": fieldErrors[k] ? true : undefined, "aria-describedby": fieldErrors[k] ? `${fid(k)}-err` : undefined });
  const controls: Record<ContactFilterKey, () => ReactNode> = {
    from: () => <input type="date" {...aria("from")} value={draft.from} onChange={(e) => set("from", e.target.value)} />,
    to: () => <input type="date" {...aria("to")} value={draft.to} onChange={(e) => set("to", e.target.value)} />,
    agent: () => <input type="text" {...aria("agent")} value={draft.agent} onChange={(e) => set("agent", e.target.value)} />,
    team: () => <input type="text" {...aria("team")} value={draft.team} onChange={(e) => set("team", e.target.value)} />,
    queue: () => <input type="text" {...aria("queue")} value={draft.queue} onChange={(e) => set("queue", e.target.value)} />,
    channel: () => (
      <select {...aria("channel")} value={draft.channel} onChange={(e) => set("channel", e.target.value)}>
        <option value="">{t("quality.contacts.any")}</option>
        {CONTACT_CHANNELS.map((c) => (
          <option key={c} value={c}>
            {channelName(t, c)}
          </option>
        ))}
      </select>
    ),
    evaluated: () => (
      <select {...aria("evaluated")} value={draft.evaluated} onChange={(e) => set("evaluated", e.target.value)}>
        <option value="">{t("quality.contacts.any")}</option>
        <option value="yes">{t("quality.contacts.evaluated_yes")}</option>
        <option value="no">{t("quality.contacts.evaluated_no")}</option>
      </select>
    ),
  };

  const missing = banner !== null && isMissingRoute(banner);
  return (
    <>
      <form
        className="sy-q-inline sy-q-filters"
        aria-label={t("quality.contacts.filters")}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          show();
        }}
      >
        {props.filters.map((k) => field(k, controls[k]()))}
        <button type="submit" disabled={busy}>
          {t("quality.contacts.show")}
        </button>
      </form>
      {missing && <Notice kind="warning">{t("quality.unavailable")}</Notice>}
      {banner !== null && !missing && <ErrorBanner message={errorText(banner, t)} onRetry={() => setTick((n) => n + 1)} />}
      {rows === null && busy && <Loading />}
      {rows !== null && (
        <DataTable
          caption={props.caption}
          captionHidden
          className="sy-q-contacts"
          rows={rows}
          rowKey={(r) => r.contact}
          empty={t("quality.contacts.empty")}
          columns={[
            {
              key: "ended",
              header: t("quality.field.ended"),
              nowrap: true,
              render: (r) => (
                <Link to={`${props.base}/${r.contact}`} aria-label={t("quality.contacts.open", { contact: r.contact, when: fmt.dateTime(r.ended_ms) })}>
                  {fmt.dateTime(r.ended_ms)}
                </Link>
              ),
            },
            { key: "contact", header: t("quality.field.contact"), numeric: true, render: (r) => r.contact },
            { key: "channel", header: t("quality.contacts.channel"), render: (r) => channelName(t, r.channel) },
            { key: "queue", header: t("quality.field.queue"), render: (r) => r.queue },
            ...(props.hideAgent ? [] : [{ key: "agent", header: t("quality.field.agent"), render: (r: EndedContact) => (r.team ? `${r.agent} (${r.team})` : r.agent) }]),
            { key: "talk", header: t("quality.contacts.talk_hold"), numeric: true, nowrap: true, render: (r) => `${fmt.seconds(r.talk_s)} / ${fmt.seconds(r.hold_s)}` },
            { key: "transfers", header: t("quality.contacts.transfers"), numeric: true, render: (r) => r.transfers },
            { key: "hits", header: t("quality.contacts.hits"), numeric: true, render: (r) => r.keyword_hits },
            { key: "score", header: t("quality.field.score"), render: (r) => <ContactScore c={r} /> },
            { key: "marks", header: t("quality.contacts.marks"), render: (r) => <Marks c={r} /> },
          ]}
        />
      )}
      {rows !== null && next && (
        <p>
          <button type="button" disabled={busy} onClick={() => void load(applied, next)}>
            {t("quality.contacts.more")}
          </button>
        </p>
      )}
    </>
  );
}

function ContactScore(props: { c: EndedContact }) {
  const { t } = useI18n();
  const s = scoreState(props.c);
  if (s.kind === "none") return <span className="sy-q-muted">{t("quality.contacts.not_evaluated")}</span>;
  if (s.kind === "hidden") return <>{t("quality.contacts.evaluated")}</>;
  return (
    <>
      {pct(s.score)}%{s.failed && <span className="sy-q-tag sy-q-tag-bad">{t("quality.score.critical_failed")}</span>}
    </>
  );
}

/** Self / peer markers: words, not colours only. */
function Marks(props: { c: EndedContact }) {
  const { t } = useI18n();
  if (!props.c.self && !props.c.peer) return <span className="sy-q-muted">—</span>;
  return (
    <>
      {props.c.self && <span className="sy-q-tag sy-q-tag-muted">{t("quality.contacts.mark_self")}</span>}
      {props.c.peer && <span className="sy-q-tag sy-q-tag-muted">{t("quality.contacts.mark_peer")}</span>}
    </>
  );
}
