// The chat API's shapes as the visitor sees them (docs/chat.md).

export type SessionState = "queued" | "offered" | "active" | "held" | "wrap_up" | "ended";
export type From = "visitor" | "agent" | "supervisor" | "system";

export interface Message {
  seq: number;
  from: From;
  kind: "message" | "whisper";
  author: string | null;
  text: string;
  time_ms: number;
  client_id: string | null;
}

export interface Watermarks {
  delivered: number;
  read: number;
}

export interface Receipts {
  visitor: Watermarks;
  agent: Watermarks;
}

export interface Survey {
  token: string;
  url: string;
}

/** GET /api/v1/chat/visitor (with messages) and the `hello` frame (without). */
export interface Session {
  contact: number;
  queue: string;
  state: SessionState;
  agent: string | null;
  visitor?: { name?: string | null; email?: string | null; customer_id?: string | null; language?: string | null };
  started_ms?: number;
  answered_ms?: number | null;
  ended_ms?: number | null;
  position: number | null;
  ewt_ms: number | null;
  barged_by?: string | null;
  receipts?: Receipts;
  last_seq: number;
  messages?: Message[];
  /** not in docs/chat.md's session; read when a server sends them with an ended session */
  end_reason?: EndReason | null;
  survey?: Survey | null;
}

/** POST /api/v1/chat/visitor/start -> 201 */
export interface StartAnswer {
  contact: number;
  token: string;
  expires_ms: number;
  state: SessionState;
  position: number | null;
  ewt_ms: number | null;
  queue: string;
}

export type EndReason = "visitor" | "agent" | "abandoned" | "expired";

export type ServerFrame =
  | ({ type: "hello" } & Session)
  | ({ type: "message" } & Message)
  | { type: "state"; state: SessionState; position: number | null; ewt_ms: number | null; agent: string | null }
  | { type: "typing"; from: From; on: boolean }
  | { type: "receipt"; side: "visitor" | "agent"; delivered: number; read: number }
  | { type: "ended"; reason: EndReason; survey?: Survey | null }
  | { type: "error"; error: unknown };

export type ClientFrame =
  | { type: "message"; text: string; client_id: string }
  | { type: "typing"; on: boolean }
  | { type: "delivered"; up_to: number }
  | { type: "read"; up_to: number };
