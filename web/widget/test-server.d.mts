// Types of test-server.mjs for the TypeScript tests.
export interface FakeContact {
  id: number;
  token: string;
  state: string;
  connects: number;
  messages: { seq: number; from: string; text: string; client_id: string | null }[];
  [k: string]: unknown;
}
export interface FakeServer {
  url: string;
  port: number;
  contacts: Map<number, FakeContact>;
  frames: { contact: number; frame: Record<string, unknown>; via: string }[];
  surveys: Map<string, { contact: number; state: string; answer: unknown }>;
  requests: { method: string; path: string; origin: string | null }[];
  config: { refuse: number | null; survey: boolean; holdFrames: boolean };
  control(path: string, body?: object): Promise<any>;
  close(): Promise<void>;
}
export function startFakeServer(opts?: {
  port?: number;
  host?: string;
  staticDir?: string | null;
  ewtPerPositionMs?: number;
  log?: (s: string) => void;
}): Promise<FakeServer>;
export class NodeWebSocket {
  constructor(url: string);
  readonly url: string;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
