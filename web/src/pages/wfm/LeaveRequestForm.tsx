// What the agent's own leave (MyLeave, on /schedule) and a lead's leave for
// an agent (LeaveForAgent, on /wfm/leave) share: the balance as a list and
// the request form (dates, kind, note), checked first here (checkLeave), the
// server's 400 / 409 then shown beside the field it names ("first" for an
// overlap, "last" for an exceeded balance).
import { useState } from "react";
import { useI18n } from "../../i18n";
import { ErrorBanner } from "../admin/ui/feedback";
import { FieldErrors, SelectField, TextField, useFormState } from "../admin/ui/form";
import { checkLeave, LEAVE_KINDS, todayIn, type LeaveBalance, type LeaveKind, type LeaveRequest } from "./wfmData";

/** A year's balance: allowance, taken, pending, left (in days). */
export function BalanceList(props: { balance: LeaveBalance; label: string }) {
  const { t } = useI18n();
  const b = props.balance;
  return (
    <dl className="sy-wfm-balance" aria-label={props.label}>
      {(
        [
          ["wfm.leave.balance.allowance", b.allowance],
          ["wfm.leave.balance.taken", b.taken],
          ["wfm.leave.balance.pending", b.pending],
          ["wfm.leave.balance.left", b.left],
        ] as const
      ).map(([key, n]) => (
        <div key={key}>
          <dt>{t(key)}</dt>
          <dd>{t("wfm.leave.n_days", { n })}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What a request sends (the note trimmed). */
export interface LeaveFields {
  first: string;
  last: string;
  kind: LeaveKind;
  note: string;
}

/** The request form: `title` names it and heads it (`heading`); `onStart`
 *  runs on each submit before anything else, `send` files the request, and
 *  `onSent` follows one that went through (the note is then cleared);
 *  `status` is said beside the button. */
export function LeaveRequestForm(props: {
  title: string;
  heading: "h3" | "h4";
  submit: string;
  status: string | null;
  onStart: () => void;
  send: (f: LeaveFields) => Promise<LeaveRequest>;
  onSent: (r: LeaveRequest) => void;
}) {
  const { t, timeZone } = useI18n();
  const [f, setF] = useState(() => {
    const today = todayIn(timeZone);
    return { first: today, last: today, kind: "annual" as LeaveKind, note: "" };
  });
  const up = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const form = useFormState();
  const file = async () => {
    props.onStart();
    const bad = checkLeave(f);
    if (Object.keys(bad).length) return form.invalid(bad);
    const r = await form.run(() => props.send({ first: f.first, last: f.last, kind: f.kind, note: f.note.trim() }));
    if (r) {
      up({ note: "" });
      props.onSent(r.value);
    }
  };
  const Heading = props.heading;
  return (
    <form
      ref={form.ref}
      aria-label={props.title}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void file();
      }}
    >
      <Heading>{props.title}</Heading>
      <FieldErrors.Provider value={form.errors.fields}>
        <div className="sy-filters">
          <TextField name="first" type="date" label={t("wfm.leave.first")} value={f.first} onChange={(v) => up({ first: v })} />
          <TextField name="last" type="date" label={t("wfm.leave.last")} value={f.last} onChange={(v) => up({ last: v })} />
          <SelectField name="kind" label={t("wfm.leave.kind")} value={f.kind} options={LEAVE_KINDS.map((k) => ({ value: k, label: t(`wfm.leave.kind.${k}`) }))} onChange={(v) => up({ kind: v as LeaveKind })} />
          <TextField name="note" label={t("wfm.leave.note")} value={f.note} onChange={(v) => up({ note: v })} />
        </div>
      </FieldErrors.Provider>
      <div className="sy-form-actions">
        <button type="submit" className="sy-primary" disabled={form.busy}>
          {props.submit}
        </button>
        {props.status && <span role="status">{props.status}</span>}
      </div>
      {form.errors.banner && <ErrorBanner message={form.errors.banner} />}
    </form>
  );
}
