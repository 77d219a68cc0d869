// The swap board (a tab of /schedule, for agents): my coming shifts, each
// with "Offer" (and a note); the open offers of others with their shift and
// whether I may take them: as a gift (Take), in exchange for one of my own
// shifts (Trade, with the dates the server allows), or not at all (Take is
// disabled with the rules it would break); my offers and the shifts I took, with status and Cancel while they are
// open or wait for approval. docs/web.md; the API is /api/v1/wfm/swaps.
import { useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { Dialog } from "../admin/ui/Dialog";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { mapApiError, NO_ERRORS, shownFields, type FormErrors } from "../admin/ui/errors";
import { FieldErrors, SelectField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import {
  boardSwaps, formatDay, givenShift, offerableDays, span, swapBreaks, swapCancellable, swapViolations, todayIn, tradeOptions, WFM,
  type MySchedule, type Swap, type SwapStatus, type SwapViolation,
} from "./wfmData";

const TAG: Record<SwapStatus, string> = {
  open: "sy-wfm-tag-open",
  pending: "sy-wfm-tag-draft",
  approved: "sy-wfm-tag-ok",
  declined: "sy-wfm-tag-bad",
  cancelled: "sy-wfm-tag-muted",
  expired: "sy-wfm-tag-muted",
};

/** A swap's status in words, coloured (never by colour alone). */
export function SwapStatusTag(props: { status: SwapStatus }) {
  const { t } = useI18n();
  return <span className={`sy-wfm-tag ${TAG[props.status] ?? ""}`}>{t(`wfm.swap.status.${props.status}`)}</span>;
}

export const SWAPS = `${WFM}/swaps`;

/** A swap's shift ("08:00–16:00") and, for a trade, the shift given in
 *  exchange ("in exchange for Sat, Dec 5, 2026 09:00–17:00") below it. */
export function SwapShift(props: { s: Swap }) {
  const { t, lang } = useI18n();
  const given = givenShift(props.s, lang);
  return (
    <>
      {span(props.s.start_min, props.s.length_min)}
      {given && <span className="sy-wfm-given">{t("wfm.swap.given", { shift: given })}</span>}
    </>
  );
}

type Outcome = { kind: "ok"; text: string } | { kind: "error"; text: string; violations?: SwapViolation[] };

export function SwapBoard(props: { me: string | null; schedule: MySchedule | null | undefined }) {
  const { t, lang, timeZone } = useI18n();
  const fmt = useFormat();
  const today = todayIn(timeZone);
  const state = useLoad(() => api<{ swaps: Swap[] }>("GET", SWAPS).then((r) => r.swaps ?? []), []);
  const [offering, setOffering] = useState<string | null>(null);
  const [trading, setTrading] = useState<Swap | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const me = props.me ?? props.schedule?.agent ?? null;

  if (state.error !== undefined && isMissingRoute(state.error)) return <Notice kind="warning">{t("wfm.swap.unavailable")}</Notice>;

  const swaps = state.data ?? [];
  const { open, mine } = boardSwaps(swaps, me, today);
  const days = offerableDays(props.schedule, swaps, me, today);
  const day = (date: string) => formatDay(lang, date);
  const shiftOf = (s: Swap) => span(s.start_min, s.length_min);
  const trades = (s: Swap) => s.trades ?? [];
  // neither a gift nor a trade: Take stays, disabled, with the rules it would break
  const blocked = (s: Swap) => s.can_take === false && trades(s).length === 0;

  const take = async (s: Swap) => {
    setBusy(s.id);
    setOutcome(null);
    try {
      const r = await api<Swap>("POST", `${SWAPS}/${s.id}/take`, {});
      setOutcome({ kind: "ok", text: t(r.status === "pending" ? "wfm.swap.taken_pending" : "wfm.swap.taken_approved", { day: day(s.date) }) });
      state.reload();
    } catch (e) {
      const violations = e instanceof ApiError ? swapViolations(e.body) : null;
      setOutcome({ kind: "error", text: violations?.length ? t("wfm.swap.take_refused", { day: day(s.date), n: violations.length }) : errorText(e, t), violations: violations ?? undefined });
      if (e instanceof ApiError && e.status === 409) state.reload();
    } finally {
      setBusy(null);
    }
  };
  const cancel = async (s: Swap) => {
    setBusy(s.id);
    setOutcome(null);
    try {
      await api<Swap>("POST", `${SWAPS}/${s.id}/cancel`, {});
      setOutcome({ kind: "ok", text: t("wfm.swap.cancelled", { day: day(s.date) }) });
      state.reload();
    } catch (e) {
      setOutcome({ kind: "error", text: errorText(e, t) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="sy-swap-h" className="sy-swap-board">
      <h2 id="sy-swap-h">{t("wfm.swap.title")}</h2>
      <p className="sy-intro">
        {t("wfm.swap.intro")} · {t("wfm.zone", { zone: timeZone })}
      </p>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {outcome?.kind === "ok" && <Notice kind="success">{outcome.text}</Notice>}
      {outcome?.kind === "error" && (
        <div className="sy-banner sy-banner-error" role="alert">
          <span>{outcome.text}</span>
          {outcome.violations && (
            <ul className="sy-wfm-problems">
              {outcome.violations.map((v, i) => (
                <li key={i}>{v.message}</li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => setOutcome(null)} aria-label={t("admin.action.dismiss")}>
            ×
          </button>
        </div>
      )}

      {state.data && (
        <>
          <DataTable
            caption={t("wfm.swap.my_shifts")}
            rows={days}
            rowKey={(d) => d.date}
            empty={props.schedule === null ? t("wfm.my.none") : t("wfm.swap.my_shifts_none")}
            columns={[
              { key: "day", header: t("wfm.day"), nowrap: true, render: (d) => day(d.date) },
              { key: "shift", header: t("wfm.my.shift"), nowrap: true, render: (d) => span(d.shift.start_min, d.shift.length_min) },
              {
                key: "offer",
                header: t("wfm.swap.swap"),
                render: (d) =>
                  d.swap ? (
                    <SwapStatusTag status={d.swap.status} />
                  ) : (
                    <button type="button" onClick={() => setOffering(d.date)} aria-label={t("wfm.swap.offer_label", { day: day(d.date) })}>
                      {t("wfm.swap.offer")}
                    </button>
                  ),
              },
            ]}
          />

          <DataTable
            caption={t("wfm.swap.open_title")}
            rows={open}
            rowKey={(s) => s.id}
            empty={t("wfm.swap.open_none")}
            className="sy-wfm-swaps"
            columns={[
              { key: "day", header: t("wfm.day"), nowrap: true, render: (s) => day(s.date) },
              { key: "shift", header: t("wfm.my.shift"), nowrap: true, render: shiftOf },
              { key: "breaks", header: t("wfm.my.breaks"), render: (s) => swapBreaks(s) || t("wfm.my.no_breaks") },
              { key: "queue", header: t("wfm.swap.queue"), render: (s) => s.queue || "—" },
              { key: "by", header: t("wfm.swap.offered_by"), render: (s) => s.offered_by },
              { key: "note", header: t("wfm.leave.note"), render: (s) => s.note || "—" },
              {
                key: "eligible",
                header: t("wfm.swap.eligible"),
                render: (s) =>
                  trades(s).length > 0 ? (
                    <span className="sy-wfm-tag sy-wfm-tag-ok">
                      {s.can_take === true ? `✓ ${t("wfm.swap.can_take_or_trade", { n: trades(s).length })}` : `⇄ ${t("wfm.swap.trade_only", { n: trades(s).length })}`}
                    </span>
                  ) : s.can_take === false ? (
                    <div id={`sy-swap-${s.id}-problems`}>
                      <span className="sy-wfm-tag sy-wfm-tag-bad">✗ {t("wfm.swap.cannot_take")}</span>
                      <ul className="sy-wfm-problems">
                        {(s.problems ?? []).map((p, i) => (
                          <li key={i}>{p}</li>
                        ))}
                      </ul>
                    </div>
                  ) : s.can_take === true ? (
                    <span className="sy-wfm-tag sy-wfm-tag-ok">✓ {t("wfm.swap.can_take")}</span>
                  ) : (
                    "—"
                  ),
              },
              {
                key: "take",
                header: t("wfm.actions"),
                render: (s) => (
                  <div className="sy-wfm-actions">
                    {(s.can_take !== false || blocked(s)) && (
                      <button
                        type="button"
                        className="sy-primary"
                        disabled={blocked(s) || busy === s.id}
                        aria-describedby={blocked(s) ? `sy-swap-${s.id}-problems` : undefined}
                        onClick={() => void take(s)}
                        aria-label={t("wfm.swap.take_label", { agent: s.offered_by, day: day(s.date) })}
                      >
                        {t("wfm.swap.take")}
                      </button>
                    )}
                    {trades(s).length > 0 && (
                      <button
                        type="button"
                        disabled={busy === s.id}
                        onClick={() => setTrading(s)}
                        aria-label={t("wfm.swap.trade_label", { agent: s.offered_by, day: day(s.date) })}
                      >
                        {t("wfm.swap.trade")}
                      </button>
                    )}
                  </div>
                ),
              },
            ]}
          />

          <DataTable
            caption={t("wfm.swap.mine_title")}
            rows={mine}
            rowKey={(s) => s.id}
            empty={t("wfm.swap.mine_none")}
            columns={[
              { key: "day", header: t("wfm.day"), nowrap: true, render: (s) => day(s.date) },
              { key: "shift", header: t("wfm.my.shift"), render: (s) => <SwapShift s={s} /> },
              { key: "role", header: t("wfm.swap.role"), render: (s) => (s.offered_by === me ? t("wfm.swap.role_offered") : t("wfm.swap.role_taken")) },
              { key: "other", header: t("wfm.swap.with"), render: (s) => (s.offered_by === me ? s.taken_by || "—" : s.offered_by) },
              { key: "status", header: t("wfm.leave.status"), render: (s) => <SwapStatusTag status={s.status} /> },
              {
                key: "decision",
                header: t("wfm.leave.decision"),
                render: (s) => (s.decided_ms ? `${s.reason || "—"} · ${s.decided_by ?? ""} · ${fmt.dateTime(s.decided_ms)}` : "—"),
              },
              {
                key: "cancel",
                header: t("wfm.actions"),
                render: (s) =>
                  swapCancellable(s, me) ? (
                    <button type="button" className="sy-danger" disabled={busy === s.id} onClick={() => void cancel(s)} aria-label={t("wfm.swap.cancel_label", { day: day(s.date) })}>
                      {t("wfm.leave.cancel")}
                    </button>
                  ) : null,
              },
            ]}
          />
        </>
      )}
      {trading && (
        <TradeDialog
          swap={trading}
          dayText={day(trading.date)}
          options={tradeOptions(trading.trades, props.schedule).map((o) => ({
            value: o.date,
            label: o.shift ? t("wfm.swap.trade_option", { day: day(o.date), shift: span(o.shift.start_min, o.shift.length_min) }) : day(o.date),
          }))}
          onClose={() => setTrading(null)}
          onRefused={state.reload}
          onTraded={(r, given) => {
            const vars = { day: day(trading.date), given: day(given), agent: trading.offered_by };
            setOutcome({ kind: "ok", text: t(r.status === "pending" ? "wfm.swap.traded_pending" : "wfm.swap.traded_approved", vars) });
            setTrading(null);
            state.reload();
          }}
        />
      )}
      {offering && (
        <OfferDialog
          date={offering}
          dayText={day(offering)}
          onClose={() => setOffering(null)}
          onOffered={() => {
            setOutcome({ kind: "ok", text: t("wfm.swap.offered", { day: day(offering) }) });
            setOffering(null);
            state.reload();
          }}
        />
      )}
    </section>
  );
}

/** Offers my shift of `date` with an optional note; the server's refusal
 *  (no published shift that day: 404 "date"; already offered: 409) shows in it. */
function OfferDialog(props: { date: string; dayText: string; onClose: () => void; onOffered: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const form = useFormState();
  const submit = async () => {
    const r = await form.run(() => api<Swap>("POST", SWAPS, { date: props.date, note: note.trim() }));
    if (r) props.onOffered();
  };
  return (
    <Dialog title={t("wfm.swap.offer_title", { day: props.dayText })} onClose={props.onClose}>
      <form
        ref={form.ref}
        noValidate
        aria-label={t("wfm.swap.offer_title", { day: props.dayText })}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="sy-intro">{t("wfm.swap.offer_help")}</p>
        <FieldErrors.Provider value={form.errors.fields}>
          <TextField name="note" label={t("wfm.swap.note_optional")} value={note} onChange={setNote} />
        </FieldErrors.Provider>
        {form.errors.banner && <ErrorBanner message={form.errors.banner} />}
        <div className="sy-form-actions">
          <button type="submit" className="sy-primary" disabled={form.busy}>
            {t("wfm.swap.offer_submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Takes `swap` in exchange for one of my shifts (POST .../take with
 *  {give_date}); the server's refusal shows in it: the rules a trade would
 *  break (409 violations), or a message beside the field it names. */
function TradeDialog(props: {
  swap: Swap;
  dayText: string;
  options: { value: string; label: string }[];
  onClose: () => void;
  onTraded: (r: Swap, given: string) => void;
  onRefused: () => void;
}) {
  const { t } = useI18n();
  const { swap } = props;
  const [give, setGive] = useState(props.options[0]?.value ?? "");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [violations, setViolations] = useState<SwapViolation[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const title = t("wfm.swap.trade_title", { agent: swap.offered_by, day: props.dayText });
  const submit = async () => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setViolations(null);
    try {
      const r = await api<Swap>("POST", `${SWAPS}/${swap.id}/take`, { give_date: give });
      props.onTraded(r, give);
    } catch (e) {
      const vs = e instanceof ApiError ? swapViolations(e.body) : null;
      if (vs?.length) {
        setViolations(vs);
        setErrors({ fields: {}, banner: t("wfm.swap.trade_refused", { n: vs.length }) });
      } else setErrors(mapApiError(e, shownFields(formRef.current), t));
      if (e instanceof ApiError && e.status === 409) props.onRefused();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={props.onClose}>
      <form
        ref={formRef}
        noValidate
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="sy-intro">
          {t("wfm.swap.trade_help", { agent: swap.offered_by, day: props.dayText, shift: span(swap.start_min, swap.length_min) })}
        </p>
        <FieldErrors.Provider value={errors.fields}>
          <SelectField name="give_date" label={t("wfm.swap.trade_give")} value={give} onChange={setGive} options={props.options} />
        </FieldErrors.Provider>
        {errors.banner && (
          <div className="sy-banner sy-banner-error" role="alert">
            <span>{errors.banner}</span>
            {violations && (
              <ul className="sy-wfm-problems">
                {violations.map((v, i) => (
                  <li key={i}>{v.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="sy-form-actions">
          <button type="submit" className="sy-primary" disabled={busy || !give}>
            {t("wfm.swap.trade_submit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
