// The chat page's form rules (pure): a new group or huddle checked before
// sending, with the field each problem belongs to.
import { zonedMs } from "../wfm/wfmData";

export interface RoomForm {
  kind: "group" | "huddle";
  name: string;
  members: string[];
  /** huddles: the day "YYYY-MM-DD", the start "HH:MM" in the center's zone, minutes */
  date: string;
  start: string;
  minutes: string;
  agenda: string;
}

export type RoomBody = { kind: "group" | "huddle"; name: string; members: string[]; huddle?: { starts_ms: number; ends_ms: number; agenda: string } };

/** The body of POST /comms/chat/rooms, or the catalogue key of each field's problem. */
export function roomBody(f: RoomForm, timeZone: string): { body: RoomBody } | { errors: Partial<Record<"name" | "members" | "date" | "start" | "minutes", string>> } {
  const errors: Partial<Record<"name" | "members" | "date" | "start" | "minutes", string>> = {};
  const name = f.name.trim();
  if (!name) errors.name = "chat.invalid.name";
  if (f.members.length === 0) errors.members = "chat.invalid.members";
  if (f.kind === "group") return Object.keys(errors).length ? { errors } : { body: { kind: "group", name, members: f.members } };
  const d = /^\d{4}-\d{2}-\d{2}$/.test(f.date);
  const m = /^(\d{2}):(\d{2})$/.exec(f.start);
  const minutes = Number(f.minutes);
  if (!d) errors.date = "chat.invalid.date";
  if (!m || +m[1] > 23 || +m[2] > 59) errors.start = "chat.invalid.time";
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 480) errors.minutes = "chat.invalid.minutes";
  if (Object.keys(errors).length) return { errors };
  const starts_ms = zonedMs(f.date, +m![1] * 60 + +m![2], timeZone);
  return { body: { kind: "huddle", name, members: f.members, huddle: { starts_ms, ends_ms: starts_ms + minutes * 60_000, agenda: f.agenda.trim() } } };
}

/** "YYYY-MM-DD" and "HH:MM" of `ms` in `timeZone` (a form's defaults). */
export function wallParts(ms: number, timeZone: string): { date: string; time: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The next quarter hour after `now`. */
export function nextQuarter(now: number): number {
  const q = 15 * 60_000;
  return Math.ceil((now + 1) / q) * q;
}
