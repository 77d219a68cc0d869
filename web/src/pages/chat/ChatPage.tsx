// Team chat (/chat/*, issue 13): the user's rooms (team, site, direct,
// groups, huddles) with unread counts and presence, one room open at
// /chat/<room> (a search result's message at /chat/<room>?message=<id>),
// search across rooms, a new direct message, a new group or huddle, and a
// team lead's broadcast. Live over the chat socket (lib/teamChat.ts); the
// notification link /comms/chat/<room> leads here.
import { useCallback, useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { LiveStatus } from "../../components";
import { navigate, searchParam, useLocation } from "../../lib/router";
import { useSession } from "../../lib/sessionContext";
import { roomTitle, totalUnread, useTeamChat, type ChatAction, type ChatRoom } from "../../lib/teamChat";
import { BroadcastDialog, NewDirectDialog, NewRoomDialog } from "./Dialogs";
import { RoomList } from "./RoomList";
import { RoomView } from "./RoomView";
import { SearchPanel } from "./SearchPanel";
import "./chat.css";

/** "/chat/12" and the notification's "/comms/chat/12" -> 12; "/chat" -> null. */
export function roomOfPath(path: string): number | null {
  const m = /^\/(?:comms\/)?chat\/(\d+)\/?$/.exec(path);
  return m ? Number(m[1]) : null;
}

type DialogKind = "direct" | "group" | "huddle" | "broadcast" | null;

export default function ChatPage() {
  const { t, timeZone } = useI18n();
  const { me } = useSession();
  const { state, status, available, hub } = useTeamChat(me.name);
  const loc = useLocation();
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [searching, setSearching] = useState(false);
  const [notice, setNotice] = useState("");
  const dispatch = useCallback((a: ChatAction) => hub.dispatch(a), [hub]);

  const roomId = roomOfPath(loc.path);
  const focus = Number(searchParam(loc.search, "message")) || null;
  // the notification's link: the same room under this page's own path
  useEffect(() => {
    if (loc.path.startsWith("/comms/chat")) navigate(roomId ? `/chat/${roomId}${loc.search}` : "/chat", { replace: true });
  }, [loc.path, loc.search, roomId]);
  const room = roomId !== null ? state.rooms.find((r) => r.id === roomId) ?? null : null;

  const open = (id: number, message?: number) => navigate(`/chat/${id}` + (message ? `?message=${message}` : ""));
  const opened = (r: ChatRoom) => {
    dispatch({ type: "room", room: r });
    setDialog(null);
    open(r.id);
  };

  // a direct room is named by the other person (the server's name may be empty)
  const roomName = (id: number) => {
    const r = state.rooms.find((x) => x.id === id);
    return r ? roomTitle(r, me.name) : null;
  };
  const unread = totalUnread(state);
  return (
    <section className="tc-page" aria-labelledby="tc-title">
      <div className="page-head">
        <h1 id="tc-title">{t("chat.title")}</h1>
        <span className="muted tc-total">{unread > 0 ? t("chat.unread", { n: unread }) : t("chat.all_read")}</span>
        <LiveStatus status={status} />
      </div>
      {!available && (
        <div className="banner banner-warn" role="status">
          <span className="banner-text">{t("chat.unavailable")}</span>
        </div>
      )}
      <div className="tc-toolbar btn-row">
        <button type="button" className="btn btn-small" onClick={() => setDialog("direct")}>
          {t("chat.direct.new")}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setDialog("group")}>
          {t("chat.room.new_group")}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setDialog("huddle")}>
          {t("chat.room.new_huddle")}
        </button>
        {me.role === "team_lead" && (
          <button type="button" className="btn btn-small btn-primary" onClick={() => setDialog("broadcast")}>
            {t("chat.broadcast.open")}
          </button>
        )}
        <span role="status" className="muted">
          {notice}
        </span>
      </div>
      <div className="tc-layout">
        <div className="tc-side">
          <SearchPanel me={me.name} roomName={roomName} onOpen={open} onActive={setSearching} />
          {!searching && <RoomList state={state} me={me.name} selected={roomId} onSelect={(id) => open(id)} />}
        </div>
        <div className="tc-main">
          {room ? (
            <RoomView key={room.id} room={room} state={state} me={me.name} dispatch={dispatch} focusMessage={focus} />
          ) : (
            <div className="tc-empty card">
              <p>{roomId !== null && state.loaded ? t("chat.room_missing") : t("chat.pick_room")}</p>
            </div>
          )}
        </div>
      </div>
      {dialog === "direct" && <NewDirectDialog presence={state.presence} me={me.name} onClose={() => setDialog(null)} onOpened={opened} />}
      {(dialog === "group" || dialog === "huddle") && (
        <NewRoomDialog key={dialog} kind={dialog} presence={state.presence} me={me.name} timeZone={timeZone} onClose={() => setDialog(null)} onCreated={opened} />
      )}
      {dialog === "broadcast" && (
        <BroadcastDialog
          team={me.team}
          onClose={() => setDialog(null)}
          onSent={(m) => {
            dispatch({ type: "sent", message: m, me: me.name });
            setDialog(null);
            setNotice(t("chat.broadcast.sent"));
            open(m.room);
          }}
        />
      )}
    </section>
  );
}
