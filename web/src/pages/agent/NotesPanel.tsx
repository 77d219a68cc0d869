import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { ErrorBanner, Field, fieldError, Loading, useApi, useFormat } from "../../components";
import type { Note, Notes } from "../../lib/types";

/** The contact's notes and whether the customer's identity was verified on
 *  it (also by an agent before a transfer). */
export function NotesPanel({ contact }: { contact: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { data, error, loading, reload, setData } = useApi<Notes>(`/api/v1/contacts/${contact}/notes`);
  const [text, setText] = useState("");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);

  async function add(kind: Note["kind"], e?: FormEvent) {
    e?.preventDefault();
    const body = kind === "verified" ? text.trim() || t("agent.notes.verifiedDefault") : text.trim();
    if (!body) return;
    setSaving(true);
    setSaveError(null);
    try {
      const n = await api<Note>("POST", `/api/v1/contacts/${contact}/notes`, { text: body, kind });
      setText("");
      setData({
        notes: [...(data?.notes ?? []), n],
        verified: kind === "verified" ? { by: n.author, time_ms: n.time_ms } : (data?.verified ?? null),
      });
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  if (error && !(error instanceof ApiError && error.status === 404 && data)) {
    return <ErrorBanner error={error} onRetry={reload} />;
  }
  if (loading && !data) return <Loading />;
  const notes = data?.notes ?? [];
  return (
    <div className="notes">
      <p className={"verified-line " + (data?.verified ? "is-verified" : "")} role="status">
        {data?.verified
          ? t("agent.notes.verifiedBy", { name: data.verified.by, time: fmt.time(data.verified.time_ms) })
          : t("agent.notes.notVerified")}
      </p>
      {notes.length === 0 ? (
        <p className="empty">{t("agent.notes.none")}</p>
      ) : (
        <ul className="note-list">
          {notes.map((n) => (
            <li key={n.id} className={n.kind === "verified" ? "note-verified" : ""}>
              {n.kind === "verified" && <span className="badge verified-badge">{t("agent.notes.verifiedBadge")}</span>} {n.text}
              <span className="muted">
                {" "}
                — {n.author}, {fmt.time(n.time_ms)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => add("note", e)}>
        <ErrorBanner error={fieldError(saveError, "text") ? null : saveError} onDismiss={() => setSaveError(null)} />
        <Field label={t("agent.notes.add")} error={fieldError(saveError, "text")}>
          <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} rows={2} />
        </Field>
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={saving || !text.trim()}>
            {t("agent.notes.save")}
          </button>
          {!data?.verified && (
            <button type="button" className="btn btn-ok" disabled={saving} onClick={() => add("verified")}>
              {t("agent.notes.markVerified")}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
