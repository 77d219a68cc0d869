// The agent desk's "What's new" panel (../DeskComms.tsx) gets one compact
// line from People when there is something to say: who celebrates today, and
// how many kudos came to me in the last 7 days. Nothing shows when there is
// nothing (or the server has no such routes): the desk stays uncluttered.
import { useCallback, useContext, useEffect, useState } from "react";
import { useI18n } from "../../../i18n";
import { onNotification } from "../../../lib/notifications";
import { Link } from "../../../lib/router";
import { SessionContext } from "../../../lib/sessionContext";
import { celebrationText, kudosTo, loadCelebrations, loadKudos, type Celebration } from "./peopleData";

const WEEK_MS = 7 * 86400000;

export function DeskPeople() {
  const { t } = useI18n();
  const me = useContext(SessionContext)?.me.name ?? "";
  const [today, setToday] = useState<Celebration[]>([]);
  const [kudos, setKudos] = useState(0);
  const load = useCallback(() => {
    loadCelebrations(1).then((c) => setToday(c.items.filter((x) => x.today)), () => setToday([]));
    if (me) loadKudos(me, 50).then((list) => setKudos(kudosTo(list, me, Date.now() - WEEK_MS).length), () => setKudos(0));
  }, [me]);
  useEffect(load, [load]);
  useEffect(() => onNotification((n) => (n.kind === "comms.kudos" ? load() : undefined)), [load]);
  if (today.length === 0 && kudos === 0) return null;
  return (
    <p className="desk-people">
      {today.length > 0 && (
        <span>
          {t("people.desk.celebrations", { names: today.map((c) => celebrationText(t, c)).join(", ") })}
        </span>
      )}
      {today.length > 0 && kudos > 0 && " · "}
      {kudos > 0 && <span>{t("people.desk.kudos", { n: kudos })}</span>}{" "}
      <Link to="/comms/people">{t("people.desk.people")}</Link>
    </p>
  );
}
