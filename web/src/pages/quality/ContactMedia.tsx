// What the evaluator reviews beside the form: a call's recording (an
// <audio> on the signed link of POST /contacts/{id}/recording/link, with its
// waveform drawn on a canvas from the WAV decoded by WebAudio, and the
// transcript's keyword hits marked on the timeline: a click seeks there), or
// a chat's transcript (GET /api/v1/chat/sessions/{contact}). A peer reviewer
// (a teammate: docs/quality.md "Peer review") reads a chat through
// GET /contacts/{id}/transcript, the route the peer rule opens (audited).
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import type { ChatMessage, ChatSession } from "../../lib/chat";
import { useFormat } from "../../components/useFormat";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { mmss, paths, peaks, xOf, type Contact, type Peak, type Transcript } from "./qualityData";

export function ContactMedia(props: { contact: Pick<Contact, "id" | "channel">; peer?: boolean }) {
  const c = props.contact;
  if (c.channel === "voice") return <Recording contact={c.id} />;
  return props.peer ? <PeerChatTranscript contact={c.id} /> : <ChatTranscript contact={c.id} />;
}

const WIDTH = 600;
const HEIGHT = 96;

/** Decodes a WAV with WebAudio into per-pixel peaks (null where WebAudio is missing). */
async function decodePeaks(url: string, width: number): Promise<{ peaks: Peak[]; durationMs: number } | null> {
  const Ctx = (window as unknown as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext }).AudioContext
    ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return null;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  const bytes = await res.arrayBuffer();
  const ctx = new Ctx();
  try {
    const buf = await ctx.decodeAudioData(bytes);
    const chans = Array.from({ length: buf.numberOfChannels }, (_, i) => buf.getChannelData(i));
    return { peaks: peaks(chans, width), durationMs: buf.duration * 1000 };
  } finally {
    void ctx.close();
  }
}

export function Recording(props: { contact: number }) {
  const { t } = useI18n();
  const link = useLoad(() => api<{ url: string; expires_ms: number }>("POST", paths.recordingLink(props.contact), {}), [props.contact]);
  const transcript = useLoad(() => api<Transcript>("GET", paths.transcript(props.contact)), [props.contact]);
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [wave, setWave] = useState<{ peaks: Peak[]; durationMs: number } | null>(null);
  const [waveError, setWaveError] = useState<string | null>(null);
  const [pos, setPos] = useState(0);
  const url = link.data?.url;

  useEffect(() => {
    if (!url) return;
    let live = true;
    setWaveError(null);
    decodePeaks(url, WIDTH).then(
      (w) => live && setWave(w),
      (e) => live && setWaveError(String(e instanceof Error ? e.message : e)),
    );
    return () => {
      live = false;
    };
  }, [url]);

  useEffect(() => {
    const cv = canvas.current;
    const g = cv?.getContext?.("2d");
    if (!cv || !g || !wave) return;
    const mid = HEIGHT / 2;
    g.clearRect(0, 0, WIDTH, HEIGHT);
    g.fillStyle = "#f3f4f6";
    g.fillRect(0, 0, WIDTH, HEIGHT);
    const played = xOf(pos, wave.durationMs, WIDTH);
    wave.peaks.forEach((p, x) => {
      g.fillStyle = x < played ? "#1d4ed8" : "#6b7280";
      const top = mid - Math.max(p.max, 0) * mid;
      const bottom = mid - Math.min(p.min, 0) * mid;
      g.fillRect(x, top, 1, Math.max(1, bottom - top));
    });
    g.fillStyle = "#111827";
    g.fillRect(Math.min(WIDTH - 1, played), 0, 1, HEIGHT);
  }, [wave, pos]);

  if (link.error !== undefined && link.error !== null) {
    return (
      <section className="sy-q-media" aria-label={t("quality.media.recording")}>
        <h3>{t("quality.media.recording")}</h3>
        <Notice kind="warning">{t("quality.media.no_recording", { reason: errorText(link.error, t) })}</Notice>
      </section>
    );
  }
  const duration = wave?.durationMs ?? (transcript.data?.duration_ms || 0);
  const hits = transcript.data?.hits ?? [];
  const seek = (ms: number) => {
    const a = audio.current;
    if (!a) return;
    a.currentTime = ms / 1000;
    setPos(ms);
    void a.play?.()?.catch?.(() => {});
  };

  return (
    <section className="sy-q-media" aria-label={t("quality.media.recording")}>
      <h3>{t("quality.media.recording")}</h3>
      {!url && <Loading />}
      {url && (
        <>
          <audio ref={audio} controls preload="metadata" src={url} aria-label={t("quality.media.player")} onTimeUpdate={(e) => setPos(e.currentTarget.currentTime * 1000)} />
          <div className="sy-q-wave" style={{ width: WIDTH }}>
            <canvas
              ref={canvas}
              width={WIDTH}
              height={HEIGHT}
              role="img"
              aria-label={wave ? t("quality.media.waveform", { duration: mmss(wave.durationMs) }) : t("quality.media.waveform_loading")}
              onClick={(e) => {
                if (!duration) return;
                const r = e.currentTarget.getBoundingClientRect();
                seek(((e.clientX - r.left) / r.width) * duration);
              }}
            />
            {duration > 0 &&
              hits.map((h, i) => (
                <button
                  key={i}
                  type="button"
                  className="sy-q-hit"
                  style={{ left: xOf(h.start_ms, duration, WIDTH) }}
                  title={h.text}
                  aria-label={t("quality.media.hit", { keyword: h.keyword, at: mmss(h.start_ms) })}
                  onClick={() => seek(h.start_ms)}
                >
                  ▲
                </button>
              ))}
          </div>
          {waveError && <p className="sy-hint">{t("quality.media.wave_failed", { reason: waveError })}</p>}
        </>
      )}
      <TranscriptPanel state={transcript} onSeek={seek} />
    </section>
  );
}

function TranscriptPanel(props: { state: { data: Transcript | undefined; error: unknown; loading: boolean }; onSeek: (ms: number) => void }) {
  const { t } = useI18n();
  const { data, error } = props.state;
  if (error !== undefined && error !== null) {
    return <p className="sy-hint">{isMissingRoute(error) ? t("quality.media.transcript_unavailable") : t("quality.media.transcript_none")}</p>;
  }
  if (!data) return null;
  if (data.status !== "done") return <p className="sy-hint">{t(`quality.media.transcript_${data.status}`, { percent: Math.round((data.progress ?? 0) * 100) })}</p>;
  return (
    <>
      <h4>{t("quality.media.hits", { n: data.hits.length })}</h4>
      {data.hits.length > 0 && (
        <ul className="sy-q-hits">
          {data.hits.map((h, i) => (
            <li key={i}>
              <button type="button" onClick={() => props.onSeek(h.start_ms)}>
                {mmss(h.start_ms)} · {h.keyword}
              </button>{" "}
              <span className="sy-q-muted">{t(`quality.side.${h.channel === "agent" ? "agent" : "customer"}`)}: </span>
              {h.text}
            </li>
          ))}
        </ul>
      )}
      <details className="sy-q-transcript">
        <summary>{t("quality.media.transcript")}</summary>
        <ol>
          {data.segments.map((s, i) => (
            <li key={i}>
              <button type="button" className="sy-q-linkish" onClick={() => props.onSeek(s.start_ms)}>
                {mmss(s.start_ms)}
              </button>{" "}
              <strong>{t(`quality.side.${s.channel === "agent" ? "agent" : "customer"}`)}:</strong> {s.text}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}

export function ChatTranscript(props: { contact: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const state = useLoad(() => api<ChatSession>("GET", paths.chat(props.contact)), [props.contact]);
  const messages: ChatMessage[] = state.data?.messages ?? [];
  return (
    <section className="sy-q-media" aria-label={t("quality.media.chat")}>
      <h3>{t("quality.media.chat")}</h3>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {state.data && (
        <ol className="sy-q-chat">
          {messages.length === 0 && <li className="sy-q-muted">{t("quality.media.chat_empty")}</li>}
          {messages.map((m) => (
            <li key={m.seq} className={`sy-q-msg sy-q-msg-${m.from}${m.kind === "whisper" ? " sy-q-whisper" : ""}`}>
              <span className="sy-q-muted">
                {fmt.time(m.time_ms, true)} · {t(`quality.side.${m.from === "visitor" ? "customer" : m.from === "system" ? "system" : "agent"}`)}
                {m.author ? ` (${m.author})` : ""}
                {m.kind === "whisper" ? ` · ${t("quality.media.whisper")}` : ""}
              </span>
              <span className="sy-q-text">{m.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A chat as its transcript has it (customer and agent messages, no whispers), timed from its start. */
export function PeerChatTranscript(props: { contact: number }) {
  const { t } = useI18n();
  const state = useLoad(() => api<Transcript>("GET", paths.transcript(props.contact)), [props.contact]);
  const segments = state.data?.segments ?? [];
  const hits = state.data?.hits ?? [];
  return (
    <section className="sy-q-media" aria-label={t("quality.media.chat")}>
      <h3>{t("quality.media.chat")}</h3>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {state.data && hits.length > 0 && (
        <p className="sy-hint">
          {t("quality.media.hits", { n: hits.length })}: {hits.map((h) => h.keyword).join(", ")}
        </p>
      )}
      {state.data && (
        <ol className="sy-q-chat">
          {segments.length === 0 && <li className="sy-q-muted">{t("quality.media.chat_empty")}</li>}
          {segments.map((m, i) => (
            <li key={i} className={`sy-q-msg sy-q-msg-${m.channel === "agent" ? "agent" : "visitor"}`}>
              <span className="sy-q-muted">
                {mmss(m.start_ms)} · {t(`quality.side.${m.channel === "agent" ? "agent" : "customer"}`)}
              </span>
              <span className="sy-q-text">{m.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
