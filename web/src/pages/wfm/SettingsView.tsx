// The center's WFM settings (/wfm/settings; planners and admins): whether a
// taken swap waits for the team lead's approval, and after how many minutes
// out of adherence the team lead is told (0 = never). GET/PUT
// /api/v1/wfm/settings; the server checks the range (0..480) and names the
// field of a refusal, shown beside it.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { CheckboxField, NumberField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "./SaveForm";
import { checkSettings, SETTINGS, type WfmSettings } from "./wfmData";

export function SettingsView() {
  const { t } = useI18n();
  const state = useLoad(() => api<WfmSettings>("GET", SETTINGS), []);
  if (state.error !== undefined && isMissingRoute(state.error)) return <Notice kind="warning">{t("wfm.settings.unavailable")}</Notice>;
  return (
    <section aria-labelledby="sy-wfm-settings-h">
      <h2 id="sy-wfm-settings-h">{t("wfm.settings.title")}</h2>
      <p className="sy-intro">{t("wfm.settings.intro")}</p>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {state.data && <SettingsForm initial={state.data} />}
    </section>
  );
}

/** The form, filled from the loaded settings (from its first render: no blank frame). */
function SettingsForm(props: { initial: WfmSettings }) {
  const { t } = useI18n();
  const form = useFormState();
  const [approval, setApproval] = useState(props.initial.swap_approval);
  const [alertMin, setAlertMin] = useState(String(props.initial.adherence_alert_min));
  const [saved, setSaved] = useState(false);

  const submit = async () => {
    setSaved(false);
    const local = checkSettings({ adherence_alert_min: alertMin });
    if (Object.keys(local).length) return form.invalid(local);
    const r = await form.run(() => api<WfmSettings>("PUT", SETTINGS, { swap_approval: approval, adherence_alert_min: Number(alertMin.trim()) }));
    if (!r) return;
    // the server's copy is the truth
    setApproval(r.value.swap_approval);
    setAlertMin(String(r.value.adherence_alert_min));
    setSaved(true);
  };

  return (
    <SaveForm form={form} labelledBy="sy-wfm-settings-h" onSave={() => void submit()} save={t("wfm.settings.save")} saved={saved ? t("wfm.settings.saved") : null}>
      <CheckboxField
        role="switch"
        name="swap_approval"
        label={t("wfm.settings.swap_approval")}
        hint={t("wfm.settings.swap_approval_hint")}
        checked={approval}
        onChange={(v) => {
          setApproval(v);
          setSaved(false);
        }}
      />
      <NumberField
        name="adherence_alert_min"
        label={t("wfm.settings.adherence_alert_min")}
        hint={t("wfm.settings.adherence_alert_hint")}
        value={alertMin}
        step="1"
        min={0}
        max={480}
        onChange={(v) => {
          setAlertMin(v);
          setSaved(false);
        }}
      />
    </SaveForm>
  );
}
