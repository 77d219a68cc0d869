// Reference data the desk reads once or per queue, cached for the page's
// life: queue configurations (names <-> ids), each queue's desk
// configuration (script, disposition codes; docs/chat.md "Desk").
import { api, ApiError } from "../../lib/api";
import type { DeskConfig, QueueInfo } from "../../lib/types";

const deskConfigs = new Map<number, Promise<DeskConfig | null>>();

/** The queue's script and disposition codes; null when it has none (or the
 *  server has no desk routes yet: 404). */
export function deskConfig(queue: number): Promise<DeskConfig | null> {
  let p = deskConfigs.get(queue);
  if (!p) {
    p = api<DeskConfig>("GET", `/api/v1/queues/${queue}/desk`).catch((e) => {
      deskConfigs.delete(queue);
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    });
    deskConfigs.set(queue, p);
  }
  return p;
}

export interface QueueIndex {
  byId: ReadonlyMap<number, QueueInfo>;
  idByName: ReadonlyMap<string, number>;
  list: QueueInfo[];
}
export function indexQueues(list: QueueInfo[]): QueueIndex {
  return {
    list,
    byId: new Map(list.map((q) => [q.id, q])),
    idByName: new Map(list.map((q) => [q.config.name, q.id])),
  };
}
