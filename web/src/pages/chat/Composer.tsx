// The message box: Enter sends, Shift+Enter is a new line; typing "@"
// offers the room's people (a listbox: arrows move, Enter or Tab takes one,
// Escape closes it).
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { useI18n } from "../../i18n";
import { insertMention, mentionCandidates, mentionQuery } from "../../lib/teamChat";

export const MAX_BODY_BYTES = 4000;

export function Composer(props: { people: string[]; me: string; roomLabel: string; onSend: (body: string) => Promise<boolean>; autoFocus?: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [closed, setClosed] = useState(false);
  const [sending, setSending] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const listId = id + "-mentions";
  const hintId = id + "-hint";

  const q = closed ? null : mentionQuery(text, caret);
  const options = q ? mentionCandidates(props.people, q.query, props.me) : [];
  const open = options.length > 0;
  const act = Math.min(active, Math.max(0, options.length - 1));
  const tooLong = new TextEncoder().encode(text).length > MAX_BODY_BYTES;

  const take = (name: string) => {
    if (!q) return;
    const r = insertMention(text, q.start, caret, name);
    setText(r.text);
    setCaret(r.caret);
    setActive(0);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(r.caret, r.caret);
    });
  };

  const send = async () => {
    const body = text.trim();
    if (!body || tooLong || sending) return;
    setSending(true);
    const ok = await props.onSend(body);
    setSending(false);
    if (ok) {
      setText("");
      setCaret(0);
    }
    box.current?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((act + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        take(options[act]);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        setClosed(true);
        return;
      }
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form
      className="tc-composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t("chat.compose.label", { room: props.roomLabel })}
      </label>
      <div className="tc-compose-box">
        <textarea
          ref={box}
          id={id}
          rows={2}
          value={text}
          placeholder={t("chat.compose.placeholder")}
          autoFocus={props.autoFocus}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${act}` : undefined}
          aria-describedby={hintId}
          aria-invalid={tooLong || undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setClosed(false);
          }}
          onSelect={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart ?? 0)}
          onKeyDown={onKey}
        />
        {open && (
          <ul id={listId} role="listbox" className="tc-mentions" aria-label={t("chat.compose.mentions")}>
            {options.map((u, i) => (
              <li
                key={u}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === act}
                className={i === act ? "tc-mention-opt tc-mention-active" : "tc-mention-opt"}
                onMouseDown={(e) => {
                  e.preventDefault();
                  take(u);
                }}
              >
                @{u}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="tc-compose-foot">
        <span id={hintId} className={tooLong ? "field-error" : "muted tc-hint"}>
          {tooLong ? t("chat.compose.too_long") : t("chat.compose.hint")}
        </span>
        <button type="submit" className="btn btn-primary btn-small" disabled={sending || !text.trim() || tooLong}>
          {t("chat.compose.send")}
        </button>
      </div>
    </form>
  );
}
