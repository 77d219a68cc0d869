// The logged-in session for any component: useSession().me.role etc.
import { createContext, useContext } from "react";
import type { Session } from "./session";

export interface SessionValue extends Session {
  logout: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The session; throws outside the app shell (every page is inside it). */
export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside the app shell");
  return s;
}
