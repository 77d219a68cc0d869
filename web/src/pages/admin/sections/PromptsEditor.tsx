// A queue's own audio (docs/api.md, "Queue prompts"): the greeting a caller
// hears first and the hold music, each uploaded as a file, played back from
// what the server stored (converted to 8 kHz mono), and removable. Shown
// below the queue's routing form. The preview is fetched with the session's
// credentials and played from a blob URL (an <audio> element cannot send
// the Authorization header).
import { useEffect, useId, useRef, useState } from "react";
import { api, apiBlob, ApiError, apiUpload } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import { ConfirmDialog } from "../ui/Dialog";
import { errorText } from "../ui/errors";
import { ErrorBanner, Loaded, Notice } from "../ui/feedback";
import { formatDateTime, formatDuration } from "../ui/format";
import { useLoad } from "../ui/useLoad";

export const PROMPT_KINDS = ["greeting", "music"] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/** One entry of GET /api/v1/queues/{id}/prompts. */
export interface QueuePrompt {
  kind: PromptKind;
  present: boolean;
  duration_ms: number | null;
  updated_ms: number | null;
}

/** What the server takes (QueuePromptService::kMaxUploadBytes): larger
 *  files are refused here before they are sent. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function PromptsEditor(props: { queueId: number }) {
  const { t } = useI18n();
  const { queueId } = props;
  const data = useLoad(() => api<QueuePrompt[]>("GET", `/api/v1/queues/${queueId}/prompts`), [queueId]);
  return (
    <section aria-labelledby="sy-prompts-h" className="sy-subsection">
      <h3 id="sy-prompts-h">{t("admin.prompts.title")}</h3>
      <p className="sy-intro">{t("admin.prompts.intro")}</p>
      <Loaded state={data}>
        {(list) => (
          <div className="sy-prompts">
            {PROMPT_KINDS.map((kind) => (
              <PromptRow
                key={kind}
                queueId={queueId}
                kind={kind}
                entry={list.find((p) => p.kind === kind) ?? { kind, present: false, duration_ms: null, updated_ms: null }}
                onChange={(p) => data.set([...list.filter((x) => x.kind !== kind), p])}
              />
            ))}
          </div>
        )}
      </Loaded>
    </section>
  );
}

function PromptRow(props: { queueId: number; kind: PromptKind; entry: QueuePrompt; onChange: (p: QueuePrompt) => void }) {
  const { t, lang, timeZone } = useI18n();
  const { queueId, kind, entry } = props;
  const path = `/api/v1/queues/${queueId}/prompts/${kind}`;
  const inputId = useId();
  const hintId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<"upload" | "preview" | "remove" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const audioRef = useRef<HTMLAudioElement>(null);

  // The blob URL lives as long as it is shown.
  useEffect(() => {
    return () => {
      if (preview) URL.revokeObjectURL(preview);
    };
  }, [preview]);

  const upload = async (file: File) => {
    setError(null);
    setDone(null);
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(t("admin.prompts.too_large"));
      return;
    }
    setBusy("upload");
    try {
      const p = await apiUpload<QueuePrompt>("PUT", path, file);
      setPreview(null);
      props.onChange(p);
      setDone(t("admin.prompts.uploaded", { name: file.name }));
    } catch (e) {
      // The server says why the file was refused (its field is "audio").
      setError(e instanceof ApiError && e.field === "audio" ? t("admin.prompts.refused", { reason: e.message.replace(/\.$/, "") }) : errorText(e, t));
    } finally {
      setBusy(null);
      if (fileRef.current) fileRef.current.value = "";
    }
  };

  const listen = async () => {
    setError(null);
    setBusy("preview");
    try {
      const blob = await apiBlob(path);
      setPreview(URL.createObjectURL(blob));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  // Play once the element has its source (a click started it, so autoplay rules allow it).
  useEffect(() => {
    if (preview) void audioRef.current?.play?.()?.catch(() => {});
  }, [preview]);

  const remove = async () => {
    setRemoveError(null);
    setBusy("remove");
    try {
      await api<void>("DELETE", path);
      setConfirming(false);
      setPreview(null);
      setDone(t("admin.prompts.removed"));
      props.onChange({ kind, present: false, duration_ms: null, updated_ms: null });
    } catch (e) {
      setRemoveError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  const title = t(`admin.prompts.kind.${kind}`);
  return (
    <div className="sy-prompt" role="group" aria-labelledby={`${inputId}-h`} data-kind={kind}>
      <h4 id={`${inputId}-h`}>{title}</h4>
      <p className="sy-hint">{t(`admin.prompts.kind_hint.${kind}`)}</p>
      <p className="sy-prompt-status">
        {entry.present
          ? t("admin.prompts.present", {
              duration: formatDuration(lang, (entry.duration_ms ?? 0) / 1000),
              time: formatDateTime(lang, timeZone, entry.updated_ms),
            })
          : t(`admin.prompts.absent.${kind}`)}
      </p>
      {error && <ErrorBanner message={error} onDismiss={() => setError(null)} />}
      {done && !error && <Notice kind="success">{done}</Notice>}
      <div className="sy-row-actions">
        <div className="sy-field sy-file">
          <label htmlFor={inputId}>{entry.present ? t("admin.prompts.replace") : t("admin.prompts.upload")}</label>
          <input
            ref={fileRef}
            id={inputId}
            type="file"
            name={`prompt-${kind}`}
            accept="audio/*,.wav,.flac,.ogg,.oga"
            aria-describedby={hintId}
            disabled={busy !== null}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void upload(f);
            }}
          />
          <span id={hintId} className="sy-hint">
            {t(`admin.prompts.limits.${kind}`)}
          </span>
        </div>
        {entry.present && (
          <>
            <button type="button" onClick={() => busy === null && void listen()} aria-disabled={busy !== null || undefined}>
              {busy === "preview" ? t("admin.loading") : t("admin.prompts.listen")}
            </button>
            <button type="button" className="sy-danger" onClick={() => busy === null && setConfirming(true)} aria-disabled={busy !== null || undefined}>
              {t("admin.prompts.remove")}
            </button>
          </>
        )}
        {busy === "upload" && (
          <span className="sy-loading" role="status">
            {t("admin.prompts.uploading")}
          </span>
        )}
      </div>
      {preview && entry.present && (
        <audio ref={audioRef} controls src={preview} aria-label={t("admin.prompts.preview", { what: title })} className="sy-prompt-audio" />
      )}
      {confirming && (
        <ConfirmDialog
          title={t("admin.prompts.remove_title", { what: title })}
          message={t(`admin.prompts.remove_confirm.${kind}`)}
          confirmLabel={t("admin.prompts.remove")}
          busy={busy === "remove"}
          error={removeError}
          onConfirm={() => void remove()}
          onClose={() => {
            setConfirming(false);
            setRemoveError(null);
          }}
        />
      )}
    </div>
  );
}
