// Team chat on the desk: a button with the unread count opens a panel at
// the side with the room list and one room inline, so an agent answers a
// colleague without leaving the contact at hand (the desk stays as it is,
// nothing navigates). Escape or Close shuts it and focus returns to the
// button. The same state and socket as the chat page (lib/teamChat.ts).
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { Link } from "../../lib/router";
import { totalUnread, useTeamChat, type ChatAction } from "../../lib/teamChat";
import { RoomList } from "../chat/RoomList";
import { RoomView } from "../chat/RoomView";
import "../chat/chat.css";

export function ChatDrawer(props: { me: string }) {
  const { t } = useI18n();
  const { state, hub } = useTeamChat(props.me);
  const [open, setOpen] = useState(false);
  const [roomId, setRoomId] = useState<number | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const headId = useId();
  const panelId = useId();
  const dispatch = useCallback((a: ChatAction) => hub.dispatch(a), [hub]);
  const unread = totalUnread(state);
  const room = roomId !== null ? state.rooms.find((r) => r.id === roomId) ?? null : null;

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  // focus moves into the panel when it opens and to the room's name when one opens
  useEffect(() => {
    if (!open) return;
    const h = room ? panel.current?.querySelector<HTMLElement>(".tc-room-title") : document.getElementById(headId);
    h?.focus();
  }, [open, room?.id, headId]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="btn btn-small tc-drawer-toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {t("chat.drawer.button")}
        {unread > 0 && (
          <>
            <span className="tc-unread" aria-hidden="true">
              {unread > 99 ? "99+" : unread}
            </span>{" "}
            <span className="sr-only">{t("chat.unread", { n: unread })}</span>
          </>
        )}
      </button>
      {open && (
        <aside
          ref={panel}
          id={panelId}
          className="tc-drawer"
          aria-labelledby={headId}
          onKeyDown={(e) => {
            if (e.key === "Escape" && !e.defaultPrevented) {
              e.stopPropagation();
              close();
            }
          }}
        >
          <div className="tc-drawer-head">
            <h2 id={headId} tabIndex={-1}>
              {t("chat.title")}
            </h2>
            {room && (
              <button type="button" className="btn btn-small" onClick={() => setRoomId(null)}>
                {t("chat.drawer.back")}
              </button>
            )}
            <Link to={room ? `/chat/${room.id}` : "/chat"} className="tc-drawer-full">
              {t("chat.drawer.full")}
            </Link>
            <button type="button" className="btn btn-small btn-ghost" onClick={close} aria-label={t("chat.drawer.close")}>
              ×
            </button>
          </div>
          {room ? (
            <RoomView key={room.id} room={room} state={state} me={props.me} dispatch={dispatch} compact level={3} />
          ) : (
            <RoomList state={state} me={props.me} selected={null} onSelect={setRoomId} />
          )}
        </aside>
      )}
    </>
  );
}
