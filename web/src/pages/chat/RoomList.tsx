// The rooms of the user, grouped by kind (team, site, direct, groups,
// huddles), each with its unread count and, for a direct room, the other
// person's presence in words.
import { useI18n } from "../../i18n";
import { directPeer, ROOM_KINDS, roomTitle, type ChatRoom, type ChatState } from "../../lib/teamChat";
import { useFormat } from "../../components";
import { MessageBody, PresenceTag, UnreadBadge } from "./Parts";

export function RoomList(props: { state: ChatState; me: string; selected: number | null; onSelect: (room: number) => void; labelledBy?: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { state, me } = props;
  if (!state.loaded) return <p className="muted">{t("chat.loading_rooms")}</p>;
  if (state.rooms.length === 0) return <p className="muted">{t("chat.no_rooms")}</p>;
  return (
    <nav className="tc-rooms" aria-label={t("chat.rooms")}>
      {ROOM_KINDS.map((kind) => {
        const rooms = state.rooms.filter((r) => r.kind === kind);
        if (rooms.length === 0) return null;
        return (
          <div key={kind} className="tc-room-group">
            <h3 className="tc-group-title">{t("chat.kinds." + kind)}</h3>
            <ul>
              {rooms.map((r) => (
                <li key={r.id}>
                  <RoomButton room={r} state={state} me={me} current={r.id === props.selected} onSelect={props.onSelect} time={r.last_message ? fmt.time(r.last_message.created_ms) : ""} when={r.huddle ? fmt.dateTime(r.huddle.starts_ms) : ""} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

function RoomButton(props: { room: ChatRoom; state: ChatState; me: string; current: boolean; onSelect: (room: number) => void; time: string; when: string }) {
  const { room, me } = props;
  const peer = directPeer(room, me);
  const last = room.last_message;
  return (
    <button
      type="button"
      className={"tc-room" + (props.current ? " tc-room-current" : "") + (room.unread > 0 ? " tc-room-unread" : "")}
      aria-current={props.current ? "true" : undefined}
      data-room={room.id}
      onClick={() => props.onSelect(room.id)}
    >
      <span className="tc-room-name">{roomTitle(room, me)}</span>
      <UnreadBadge n={room.unread} />
      {peer && <PresenceTag presence={props.state.presence[peer]} />}
      {!last && room.huddle && (
        <span className="tc-room-last">
          <span className="tc-room-last-text">{props.when}</span>
        </span>
      )}
      {last && (
        <span className="tc-room-last">
          <span className="tc-room-last-text">
            {last.author}: <MessageBody message={last} me={me} />
          </span>
          <span className="tc-room-time">{props.time}</span>
        </span>
      )}
    </button>
  );
}
