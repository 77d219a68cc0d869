// People (/comms/people, issue 13 part 2): celebrations (today's and the next
// 14 days' birthdays and work anniversaries of people who opted in), my
// profile card (birthday without a year, work start, the two opt-ins), kudos,
// the agent of the week and shared customer feedback. Notification links
// (comms.kudos, comms.agent_of_week) lead here.
import { useEffect, useState } from "react";
import { useI18n } from "../../../i18n";
import { api } from "../../../lib/api";
import { localDay } from "../../../lib/notifications";
import { Loaded } from "../../admin/ui/feedback";
import { CheckboxField, Fieldset, SelectField, TextField, useFormState } from "../../admin/ui/form";
import { useLoad } from "../../admin/ui/useLoad";
import { SaveForm } from "../../wfm/SaveForm";
import { localNow } from "../commsData";
import { AgentOfWeekPanel } from "./AgentOfWeekPanel";
import { FeedbackPanel } from "./FeedbackPanel";
import { KudosPanel } from "./KudosPanel";
import {
  celebrationText, loadCelebrations, MONTH_DAYS, peoplePaths, profileBody, profileErrors, splitBirthday, splitCelebrations,
  type Profile, type ProfileForm,
} from "./peopleData";
import "./people.css";

export function PeopleView(props: { role: string | undefined; me: string; team: string | null }) {
  const { t } = useI18n();
  const [celebrationsTick, setCelebrationsTick] = useState(0);
  return (
    <section aria-labelledby="sy-people-h" className="sy-people">
      <h2 id="sy-people-h">{t("people.title")}</h2>
      <div className="sy-p-top">
        <CelebrationsPanel tick={celebrationsTick} />
        <ProfileCard onSaved={() => setCelebrationsTick((n) => n + 1)} />
      </div>
      <AgentOfWeekPanel role={props.role} me={props.me} team={props.team} />
      <KudosPanel me={props.me} />
      <FeedbackPanel role={props.role} />
    </section>
  );
}

function CelebrationsPanel(props: { tick: number }) {
  const { t, lang } = useI18n();
  const state = useLoad(() => loadCelebrations(14), [props.tick]);
  return (
    <section aria-labelledby="sy-p-cel-h" className="sy-c-box sy-p-cel">
      <h3 id="sy-p-cel-h">{t("people.cel.title")}</h3>
      <Loaded state={state}>
        {(c) => {
          const { today, later } = splitCelebrations(c.items);
          return (
            <>
              <h4>{t("people.cel.today")}</h4>
              {today.length === 0 ? (
                <p className="sy-q-muted">{t("people.cel.none_today")}</p>
              ) : (
                <ul className="sy-p-cel-list sy-p-cel-today" aria-label={t("people.cel.today")}>
                  {today.map((x) => (
                    <li key={`${x.kind}-${x.user}`}>
                      <strong>{celebrationText(t, x)}</strong>{" "}
                      <span className="sy-badge sy-badge-ok">{t("people.cel.today_badge")}</span>
                    </li>
                  ))}
                </ul>
              )}
              <h4>{t("people.cel.next_days", { n: 14 })}</h4>
              {later.length === 0 ? (
                <p className="sy-q-muted">{t("people.cel.none_later")}</p>
              ) : (
                <ul className="sy-p-cel-list" aria-label={t("people.cel.next_days", { n: 14 })}>
                  {later.map((x) => (
                    <li key={`${x.kind}-${x.user}-${x.date}`}>
                      <span className="sy-p-date">{localDay(lang, x.date)}</span> {celebrationText(t, x)}
                    </li>
                  ))}
                </ul>
              )}
              <p className="sy-hint">{t("people.cel.opt_in_hint")}</p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

const pad2 = (n: number) => String(n).padStart(2, "0");

function ProfileCard(props: { onSaved: () => void }) {
  const { t, lang, timeZone } = useI18n();
  const state = useLoad(() => api<Profile>("GET", peoplePaths.profile()), []);
  const form = useFormState();
  const [f, setF] = useState<ProfileForm | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    const p = state.data;
    if (!p || f) return;
    const b = splitBirthday(p.birthday);
    setF({ month: b.month, day: b.day, show_birthday: p.show_birthday, work_start: p.work_start ?? "", show_anniversary: p.show_anniversary });
  }, [state.data, f]);
  const set = (patch: Partial<ProfileForm>) => {
    setSaved(null);
    setF((x) => (x ? { ...x, ...patch } : x));
  };
  const monthName = (m: number) => new Intl.DateTimeFormat(lang, { month: "long", timeZone: "UTC" }).format(Date.UTC(2000, m - 1, 1));
  const save = async () => {
    if (!f) return;
    const e = profileErrors(f, localNow(Date.now(), timeZone).date);
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<Profile>("PUT", peoplePaths.profile(), profileBody(f)));
    if (r) {
      state.set(r.value);
      setSaved(t("people.profile.saved"));
      props.onSaved();
    }
  };
  return (
    <section aria-labelledby="sy-p-prof-h" className="sy-c-box sy-p-profile">
      <h3 id="sy-p-prof-h">{t("people.profile.title")}</h3>
      {!f ? (
        <Loaded state={state}>{() => null}</Loaded>
      ) : (
        <SaveForm form={form} labelledBy="sy-p-prof-h" onSave={() => void save()} save={t("people.profile.save")} saved={saved}>
          <Fieldset name="birthday" legend={t("people.profile.birthday")} hint={t("people.profile.birthday_hint")}>
            <div className="sy-grid">
              <SelectField name="birthday_month" label={t("people.profile.month")} value={f.month} onChange={(v) => set({ month: v })}
                options={[{ value: "", label: t("people.profile.not_set") }, ...MONTH_DAYS.map((_, i) => ({ value: pad2(i + 1), label: monthName(i + 1) }))]} />
              <SelectField name="birthday_day" label={t("people.profile.day")} value={f.day} onChange={(v) => set({ day: v })}
                options={[{ value: "", label: t("people.profile.not_set") }, ...Array.from({ length: 31 }, (_, i) => ({ value: pad2(i + 1), label: String(i + 1) }))]} />
            </div>
          </Fieldset>
          <CheckboxField name="show_birthday" role="switch" label={t("people.profile.show_birthday")} checked={f.show_birthday} onChange={(v) => set({ show_birthday: v })} />
          <TextField name="work_start" type="date" label={t("people.profile.work_start")} value={f.work_start} onChange={(v) => set({ work_start: v })} />
          <CheckboxField name="show_anniversary" role="switch" label={t("people.profile.show_anniversary")} checked={f.show_anniversary} onChange={(v) => set({ show_anniversary: v })} />
        </SaveForm>
      )}
    </section>
  );
}
