// Who has read a briefing or an announcement and who has not, side by side.
import { useI18n } from "../../i18n";
import { useFormat } from "../../components/useFormat";

export function ReceiptLists(props: { read: { name: string; read_ms: number }[]; unread: string[] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <div className="sy-c-receipts">
      <section>
        <h4>{t("comms.receipts_read", { n: props.read.length })}</h4>
        <ul>
          {props.read.map((x) => (
            <li key={x.name}>
              {x.name} <span className="sy-q-muted">{fmt.dateTime(x.read_ms)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h4>{t("comms.receipts_unread", { n: props.unread.length })}</h4>
        <ul>
          {props.unread.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
