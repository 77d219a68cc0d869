// A request that waits for a lead (a leave request on /wfm/leave, a taken
// swap on /wfm/swaps), as an item of the pending list: its title and what it
// asks, an optional reason, Approve / Decline; a refusal shows above the
// reason until dismissed or tried again.
import { useState, type ReactNode } from "react";
import { useI18n } from "../../i18n";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner } from "../admin/ui/feedback";
import { TextField } from "../admin/ui/form";
import type { SwapDecision } from "./wfmData";

export function DecisionCard(props: {
  /** the id of the heading, which names the item */
  headId: string;
  title: string;
  /** the reason field's name (unique on the page) */
  reasonName: string;
  /** sends the decision with the trimmed reason */
  decide: (decision: SwapDecision, reason: string) => Promise<unknown>;
  onDecided: () => void;
  /** what the request asks (the summary paragraph) */
  children: ReactNode;
  /** more between the message and the reason (e.g. the leave's impact); `report` shows a message, or clears it */
  more?: (report: (message: string | null) => void) => ReactNode;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: SwapDecision) => {
    setBusy(true);
    setError(null);
    try {
      await props.decide(decision, reason.trim());
      props.onDecided();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="sy-wfm-leave-item" aria-labelledby={props.headId}>
      <h4 id={props.headId}>{props.title}</h4>
      {props.children}
      {error && <ErrorBanner message={error} onDismiss={() => setError(null)} />}
      {props.more?.(setError)}
      <div className="sy-filters">
        <TextField name={props.reasonName} label={t("wfm.leave.reason_optional")} value={reason} onChange={setReason} />
      </div>
      <div className="sy-form-actions">
        <button type="button" className="sy-primary" disabled={busy} onClick={() => void decide("approve")}>
          {t("wfm.leave.approve")}
        </button>
        <button type="button" className="sy-danger" disabled={busy} onClick={() => void decide("decline")}>
          {t("wfm.leave.decline")}
        </button>
      </div>
    </li>
  );
}
