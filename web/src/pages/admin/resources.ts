// The kinds of configuration object the admin area lists and edits, one
// description each: where the API keeps them (GET/POST on the collection,
// GET/PUT/DELETE on `<path>/<id>`), the admin section that shows them and
// the name of one. The shared list and editor (ui/crud.tsx) work from it.
import { api } from "../../lib/api";
import type { Section } from "./nav";
import type { Agent, AlertRule, ApiKey, ChatWidget, Queue, User, Webhook } from "./types";

export interface Resource<O extends { id: number }> {
  section: Section;
  /** The prefix of its texts (`admin.<key>.new`, `.edit`, `.list`, …)
   *  and of its headings' ids (`sy-<key>s-h` for the list, `sy-<key>-h`). */
  key: string;
  path: string;
  name: (o: O) => string;
  list: () => Promise<O[]>;
  /** One by id (a queue also by name); null where the API has no GET of
   *  one (the editor then finds it in the list). */
  get: ((item: string) => Promise<O>) | null;
  /** Creates (`current` null) or replaces; the server's answer is the object. */
  save: (current: O | null, body: unknown) => Promise<O>;
  remove: (o: O) => Promise<unknown>;
}

export function resource<O extends { id: number }>(d: {
  section: Section;
  key: string;
  path: string;
  name: (o: O) => string;
  /** The list comes as `{<wrapped>: [...]}` (a bare array is taken too). */
  wrapped?: string;
  noGet?: boolean;
}): Resource<O> {
  return {
    section: d.section,
    key: d.key,
    path: d.path,
    name: d.name,
    list: () => api<O[] | Record<string, O[]>>("GET", d.path).then((r) => (Array.isArray(r) ? r : r[d.wrapped ?? ""])),
    get: d.noGet ? null : (item) => api<O>("GET", `${d.path}/${encodeURIComponent(item)}`),
    save: (current, body) => (current ? api<O>("PUT", `${d.path}/${current.id}`, body) : api<O>("POST", d.path, body)),
    remove: (o) => api("DELETE", `${d.path}/${o.id}`),
  };
}

export const QUEUES = resource<Queue>({ section: "queues", key: "queue", path: "/api/v1/queues", name: (q) => q.config.name });
export const AGENTS = resource<Agent>({ section: "agents", key: "agent", path: "/api/v1/agents", name: (a) => a.config.name });
export const USERS = resource<User>({ section: "users", key: "user", path: "/api/v1/users", name: (u) => u.username });
export const API_KEYS = resource<ApiKey>({ section: "api-keys", key: "key", path: "/api/v1/api-keys", name: (k) => k.name, noGet: true });
export const RULES = resource<AlertRule>({ section: "alerts", key: "rule", path: "/api/v1/alerts/rules", name: (r) => r.name, wrapped: "rules", noGet: true });
export const WEBHOOKS = resource<Webhook>({ section: "webhooks", key: "hook", path: "/api/v1/alerts/webhooks", name: (h) => h.name, wrapped: "webhooks", noGet: true });
export const WIDGETS = resource<ChatWidget>({ section: "widgets", key: "widget", path: "/api/v1/chat/widgets", name: (w) => w.name, wrapped: "widgets" });
