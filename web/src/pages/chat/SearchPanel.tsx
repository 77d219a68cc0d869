// Search across the user's rooms (English and Chinese, the server's
// search): results best first, each opens its room at the message.
import { useId, useState } from "react";
import { useI18n } from "../../i18n";
import { ErrorBanner, useFormat } from "../../components";
import { searchChat, type ChatMessage } from "../../lib/teamChat";
import { MessageBody } from "./Parts";

export function SearchPanel(props: { me: string; roomName: (room: number) => string | null; onOpen: (room: number, message: number) => void; onActive: (active: boolean) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<ChatMessage[] | null>(null);
  const [asked, setAsked] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const search = async () => {
    const query = q.trim();
    if (!query) return clear();
    setBusy(true);
    setError(null);
    try {
      const r = await searchChat(query);
      setResults(r.items ?? []);
      setAsked(query);
      props.onActive(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const clear = () => {
    setQ("");
    setResults(null);
    setError(null);
    props.onActive(false);
  };
  return (
    <div className="tc-search">
      <form
        role="search"
        aria-label={t("chat.search.label")}
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label htmlFor={id} className="sr-only">
          {t("chat.search.label")}
        </label>
        <input id={id} type="search" value={q} placeholder={t("chat.search.placeholder")} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={busy}>
          {t("chat.search.go")}
        </button>
      </form>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {results !== null && (
        <section className="tc-results" aria-labelledby={id + "-h"}>
          <div className="tc-results-head">
            <div role="status">
              <h3 id={id + "-h"}>{t("chat.search.results", { n: results.length, q: asked })}</h3>
            </div>
            <button type="button" className="btn btn-small btn-ghost" onClick={clear}>
              {t("chat.search.clear")}
            </button>
          </div>
          <ul>
            {results.map((m) => (
              <li key={m.id}>
                <button type="button" className="tc-result" onClick={() => props.onOpen(m.room, m.id)}>
                  <span className="tc-result-meta">
                    <span className="tc-result-room">{props.roomName(m.room) ?? m.room_name ?? ""}</span>
                    <span>{m.author}</span>
                    <span className="muted">{fmt.dateTime(m.created_ms)}</span>
                  </span>
                  <span className="tc-result-body">
                    <MessageBody message={{ body: m.body, mentions: m.mentions ?? [] }} me={props.me} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
