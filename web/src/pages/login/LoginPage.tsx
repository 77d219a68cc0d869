import { useId, useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError, setToken } from "../../lib/api";
import { ErrorBanner, Field, LanguageSwitch } from "../../components";

interface LoginAnswer {
  token: string;
  expires_ms: number;
}

/** POST /api/v1/auth/login; the token goes to sessionStorage (this tab only). */
export default function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const titleId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<LoginAnswer>("POST", "/api/v1/auth/login", { username, password });
      setToken(r.token);
      onLoggedIn();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const title =
    error instanceof ApiError && error.status === 401
      ? t("common.login.wrong")
      : error instanceof ApiError && error.status === 429
        ? t("common.login.locked")
        : undefined;

  return (
    <div className="login">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={submit} aria-labelledby={titleId} noValidate>
        <h1 id={titleId}>
          <span className="brand">Switchyard</span>
          <span className="login-sub">{t("common.login.title")}</span>
        </h1>
        {/* a wrong password or a lock-out says all in the title; other errors keep the server's detail */}
        <ErrorBanner error={error} title={title} detail={!title} />
        <Field label={t("common.login.username")}>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </Field>
        <Field label={t("common.login.password")}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !username || !password}>
          {busy ? t("common.login.busy") : t("common.login.submit")}
        </button>
      </form>
    </div>
  );
}
