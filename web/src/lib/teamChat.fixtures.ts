// Messages and rooms for the team chat tests.
import type { ChatMessage, ChatRoom } from "./teamChat";

export const T0 = Date.UTC(2026, 11, 2, 9, 0);
export const msg = (id: number, room: number, author: string, body = `message ${id}`, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  room,
  author,
  body,
  mentions: [],
  broadcast: false,
  created_ms: T0 + id * 1000,
  edited_ms: null,
  ...over,
});
export const room = (id: number, kind: ChatRoom["kind"], name: string, over: Partial<ChatRoom> = {}): ChatRoom => ({
  id,
  kind,
  name,
  unread: 0,
  last_message: null,
  huddle: null,
  ...over,
});
