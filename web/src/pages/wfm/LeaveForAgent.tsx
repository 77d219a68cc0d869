// Leave for an agent (a part of /wfm/leave): pick an agent in scope (GET
// /api/v1/agents answers only those) and a year, see its annual leave
// balance, file a request for it (POST /api/v1/wfm/leave with "agent"), and,
// for planners and admins, set its yearly allowance (PUT .../leave/balance).
// The server's refusals show beside the field they name.
import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { api, qs } from "../../lib/api";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading } from "../admin/ui/feedback";
import { FieldErrors, NumberField, SelectField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { BalanceList, LeaveRequestForm } from "./LeaveRequestForm";
import { todayIn, WFM, type LeaveBalance, type LeaveRequest } from "./wfmData";

export function LeaveForAgent(props: { canPlan: boolean; onFiled: () => void }) {
  const { t, timeZone } = useI18n();
  const today = todayIn(timeZone);
  const agents = useLoad(
    () => api<{ config: { name: string } }[]>("GET", "/api/v1/agents").then((as) => as.map((a) => a.config.name).sort((a, b) => a.localeCompare(b))),
    [],
  );
  const [agent, setAgent] = useState("");
  const [year, setYear] = useState(today.slice(0, 4));
  const names = agents.data ?? [];
  useEffect(() => {
    if (!agent && names.length > 0) setAgent(names[0]);
  }, [agent, names]);
  const validYear = /^\d{4}$/.test(year) && Number(year) >= 2000 && Number(year) <= 2100;
  const balance = useLoad<LeaveBalance | null>(
    () => (agent && validYear ? api<LeaveBalance>("GET", `${WFM}/leave/balance${qs({ agent, year })}`) : Promise.resolve(null)),
    [agent, year],
  );

  const [filed, setFiled] = useState<string | null>(null);

  const [days, setDays] = useState("");
  const allowance = useFormState();
  const [saved, setSaved] = useState(false);
  const setAllowance = async () => {
    setSaved(false);
    const n = Number(days);
    if (days.trim() === "" || !Number.isInteger(n) || n < 0 || n > 366) return allowance.invalid({ days: "wfm.leave.agent.invalid_days" });
    const r = await allowance.run(() => api<LeaveBalance>("PUT", `${WFM}/leave/balance`, { agent, year: Number(year), days: n }));
    if (r) {
      balance.set(r.value);
      setSaved(true);
    }
  };

  // An older server, or no agent list: nothing to pick from.
  if (agents.error !== undefined && isMissingRoute(agents.error)) return null;
  const b = balance.data;
  return (
    <section aria-labelledby="sy-wfm-leave-agent-h" className="sy-subsection">
      <h3 id="sy-wfm-leave-agent-h">{t("wfm.leave.agent.title")}</h3>
      {agents.error !== undefined && agents.error !== null && <ErrorBanner message={errorText(agents.error, t)} onRetry={agents.reload} />}
      <div className="sy-filters">
        <SelectField
          name="pick-agent"
          label={t("wfm.agent")}
          value={agent}
          disabled={names.length === 0}
          options={names.map((n) => ({ value: n, label: n }))}
          onChange={(v) => {
            setAgent(v);
            setFiled(null);
            setSaved(false);
          }}
        />
        <TextField name="pick-year" type="number" label={t("wfm.leave.agent.year")} value={year} min={2000} max={2100} onChange={(v) => { setYear(v); setSaved(false); }} />
      </div>
      {agents.data && names.length === 0 && <p className="sy-hint">{t("wfm.leave.agent.none")}</p>}
      {balance.error !== undefined && balance.error !== null && <ErrorBanner message={errorText(balance.error, t)} onRetry={balance.reload} />}
      {balance.loading && !b && agent && <Loading />}
      {b && <BalanceList balance={b} label={t("wfm.leave.agent.balance", { agent: b.agent, year: b.year })} />}

      {agent && (
        <LeaveRequestForm
          title={t("wfm.leave.agent.form", { agent })}
          heading="h4"
          submit={t("wfm.leave.agent.submit")}
          status={filed}
          onStart={() => setFiled(null)}
          send={(f) => api<LeaveRequest>("POST", `${WFM}/leave`, { agent, ...f })}
          onSent={(r) => {
            setFiled(t("wfm.leave.agent.filed", { agent: r.agent || agent }));
            balance.reload();
            props.onFiled();
          }}
        />
      )}

      {agent && props.canPlan && (
        <form
          ref={allowance.ref}
          aria-label={t("wfm.leave.agent.allowance_form", { agent, year })}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void setAllowance();
          }}
        >
          <h4>{t("wfm.leave.agent.allowance_form", { agent, year })}</h4>
          <FieldErrors.Provider value={allowance.errors.fields}>
            <div className="sy-filters">
              <NumberField name="days" label={t("wfm.leave.agent.days")} value={days} step="1" min={0} max={366} onChange={(v) => { setDays(v); setSaved(false); }} />
            </div>
          </FieldErrors.Provider>
          <div className="sy-form-actions">
            <button type="submit" className="sy-primary" disabled={allowance.busy || !validYear}>
              {t("wfm.leave.agent.allowance_submit")}
            </button>
            {saved && <span role="status">{t("wfm.leave.agent.allowance_saved")}</span>}
          </div>
          {allowance.errors.banner && <ErrorBanner message={allowance.errors.banner} />}
        </form>
      )}
    </section>
  );
}
