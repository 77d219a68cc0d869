// Kudos: the wall (newest first, tag chips, from -> to), "give kudos"
// (colleague, tag, message; not to oneself) and the "mine" filter (kudos to
// me). Reloads when a comms.kudos notification arrives.
import { ColleagueList } from "../../../components/ColleagueList";
import { useEffect, useId, useState } from "react";
import { tCode, useI18n } from "../../../i18n";
import { api } from "../../../lib/api";
import { onNotification } from "../../../lib/notifications";
import { useFormat } from "../../../components/useFormat";
import { Loaded } from "../../admin/ui/feedback";
import { SelectField, TextAreaField, TextField, useFormState } from "../../admin/ui/form";
import { useLoad } from "../../admin/ui/useLoad";
import { SaveForm } from "../../wfm/SaveForm";
import { KUDOS_TAGS, kudosErrors, kudosTo, loadKudos, newestFirst, peoplePaths, type Kudos } from "./peopleData";

export function TagChip({ tag }: { tag: string }) {
  const { t } = useI18n();
  const known = (KUDOS_TAGS as readonly string[]).includes(tag);
  return <span className={`sy-badge sy-p-tag sy-p-tag-${known ? tag : "other"}`}>{tCode(t, "people.kudos.tag.", tag)}</span>;
}

export function KudosPanel(props: { me: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [mine, setMine] = useState(false);
  const state = useLoad(() => loadKudos(mine ? props.me : undefined, 50), [mine, props.me]);
  useEffect(() => onNotification((n) => (n.kind === "comms.kudos" ? state.reload() : undefined)), [state.reload]);
  // the server's `user` may match either side: "mine" keeps kudos to me
  const list = newestFirst(mine ? kudosTo(state.data ?? [], props.me) : (state.data ?? []));
  return (
    <section aria-labelledby="sy-p-kudos-h" className="sy-p-kudos">
      <h3 id="sy-p-kudos-h">{t("people.kudos.title")}</h3>
      <GiveKudos me={props.me} known={(state.data ?? []).flatMap((k) => [k.from, k.to])} onGiven={(k) => state.set(newestFirst([k, ...(state.data ?? [])]))} />
      <div className="sy-c-actions" role="group" aria-label={t("people.kudos.filter")}>
        <button type="button" aria-pressed={!mine} onClick={() => setMine(false)}>
          {t("people.kudos.all")}
        </button>
        <button type="button" aria-pressed={mine} onClick={() => setMine(true)}>
          {t("people.kudos.mine")}
        </button>
      </div>
      <Loaded state={state}>
        {() =>
          list.length === 0 ? (
            <p className="sy-q-muted">{mine ? t("people.kudos.none_mine") : t("people.kudos.none")}</p>
          ) : (
            <ul className="sy-p-wall" aria-label={mine ? t("people.kudos.mine") : t("people.kudos.wall")}>
              {list.map((k) => (
                <li key={k.id} className={k.to === props.me ? "sy-p-to-me" : undefined}>
                  <p className="sy-p-kudos-head">
                    <strong>{t("people.kudos.from_to", { from: k.from, to: k.to_display || k.to })}</strong> <TagChip tag={k.tag} />
                  </p>
                  <p className="sy-c-pre">{k.message}</p>
                  <p className="sy-q-muted">{fmt.dateTime(k.created_ms)}</p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function GiveKudos(props: { me: string; known: string[]; onGiven: (k: Kudos) => void }) {
  const { t } = useI18n();
  const form = useFormState();
  const listId = useId();
  const [to, setTo] = useState("");
  const [tag, setTag] = useState<string>(KUDOS_TAGS[0]);
  const [message, setMessage] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const give = async () => {
    setSaved(null);
    const e = kudosErrors({ to, message }, props.me);
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<Kudos>("POST", peoplePaths.kudos(), { to: to.trim(), message: message.trim(), tag }));
    if (r) {
      props.onGiven(r.value);
      setSaved(t("people.kudos.given", { to: r.value.to_display || r.value.to }));
      setTo("");
      setMessage("");
    }
  };
  return (
    <details className="sy-c-box sy-p-give">
      <summary>{t("people.kudos.give")}</summary>
      <SaveForm form={form} label={t("people.kudos.give")} onSave={() => void give()} save={t("people.kudos.send")} saved={saved}>
        <div className="sy-grid">
          <TextField name="to" label={t("people.kudos.to")} hint={t("people.kudos.to_hint")} value={to} onChange={setTo} list={listId} required />
          <ColleagueList id={listId} query={to} exclude={props.me} extra={props.known} />
          <SelectField name="tag" label={t("people.kudos.tag_label")} value={tag} onChange={setTag} options={KUDOS_TAGS.map((x) => ({ value: x, label: t(`people.kudos.tag.${x}`) }))} />
        </div>
        <TextAreaField name="message" label={t("people.kudos.message")} rows={3} value={message} onChange={setMessage} />
      </SaveForm>
    </details>
  );
}
