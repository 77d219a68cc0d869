// The user editor's model <-> the users API. `team` and `agent` are ids or
// null (the users routes take no names). A PUT replaces the user: every
// field is sent (a missing display_name would be cleared), the password
// only when one is typed (left out, it stays).
import type { User } from "../types";
import { done, Problems, requireText, type Mapped } from "./common";

export interface UserForm {
  username: string;
  display_name: string;
  role: string;
  team: string;
  agent: string;
  password: string;
}

export interface UserBody {
  username: string;
  display_name: string;
  role: string;
  team: number | null;
  agent: number | null;
  password?: string;
}

export function emptyUserForm(): UserForm {
  return { username: "", display_name: "", role: "agent", team: "", agent: "", password: "" };
}

export function userToForm(u: User): UserForm {
  return {
    username: u.username,
    display_name: u.display_name ?? "",
    role: u.role,
    team: u.team === null ? "" : String(u.team),
    agent: u.agent === null ? "" : String(u.agent),
    password: "",
  };
}

/** `creating`: the password is required (8..1024 characters, as the server checks). */
export function userFromForm(f: UserForm, creating: boolean): Mapped<UserBody> {
  const p = new Problems();
  const body: UserBody = {
    username: requireText(p, "username", f.username),
    display_name: f.display_name.trim(),
    role: f.role,
    team: f.team === "" ? null : Number(f.team),
    agent: f.agent === "" ? null : Number(f.agent),
  };
  if (f.password !== "") {
    if ([...f.password].length < 8) p.add("password", "admin.invalid.password_short");
    body.password = f.password;
  } else if (creating) p.add("password", "admin.invalid.required");
  return done(p, body);
}

/** The body that sets only a new password (a PUT needs the rest as it is). */
export function passwordResetBody(u: User, password: string): UserBody {
  return {
    username: u.username,
    display_name: u.display_name ?? "",
    role: u.role,
    team: u.team,
    agent: u.agent,
    password,
  };
}
