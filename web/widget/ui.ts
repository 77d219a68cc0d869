// The widget's view: a launcher button and a panel, built with plain DOM
// calls inside the shadow root and updated from the chat's state. Messages
// are keyed by seq (or client id while pending) so that each is added to
// the aria-live log once, and ticks change in place.
import type { Chat } from "./chat";
import { ewtText, translate, type Key, type Lang } from "./i18n";
import { canWrite, tickOf, unreadCount, type ChatState, type Pending } from "./state";
import { CSS } from "./styles";
import type { Message } from "./types";

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs)
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === "function") el.addEventListener(k.slice(2), v as EventListener);
      else if (k === "class") el.className = String(v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const p = document.createElementNS(SVG_NS, "path");
  p.setAttribute("d", path);
  svg.append(p);
  return svg;
}
const CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z";
const CLOSE_ICON = "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z";
const DOWN_ICON = "M5.4 8 12 14.6 18.6 8 20 9.4l-8 8-8-8z";

/** Applies the widget's CSS to its shadow root: a constructed stylesheet
 *  where supported (not subject to the page's CSP style-src), else <style>. */
function adoptCss(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    /* older browsers, jsdom */
  }
  root.append(h("style", null, CSS));
}

interface MsgEl {
  li: HTMLLIElement;
  tick: Text | null;
  tickState: string;
}

interface Els {
  root: HTMLDivElement;
  launcher: HTMLButtonElement;
  launcherLabel: HTMLSpanElement;
  badge: HTMLSpanElement;
  notice: HTMLDivElement;
  panel: HTMLElement;
  langBtn: HTMLButtonElement;
  status: HTMLDivElement;
  form: HTMLFormElement;
  name: HTMLInputElement;
  first: HTMLTextAreaElement;
  startBtn: HTMLButtonElement;
  chatArea: HTMLDivElement;
  scroll: HTMLDivElement;
  log: HTMLOListElement;
  ended: HTMLElement;
  typing: HTMLDivElement;
  compose: HTMLFormElement;
  text: HTMLTextAreaElement;
  sendBtn: HTMLButtonElement;
  foot: HTMLDivElement;
  error: HTMLDivElement;
}

export interface ViewOptions {
  lang: Lang;
  open?: boolean;
  onLang?: (lang: Lang) => void;
  onOpen?: (open: boolean) => void;
}

export class WidgetView {
  lang: Lang;
  open: boolean;
  private els!: Els;
  private msgEls = new Map<string, MsgEl>();
  private confirmEnd = false;
  private surveySkipped = false;
  private rating = 0;
  private ratingError = false;
  private formError = false;
  private endedFor = "";
  private lastPhase = "";
  private timeFmt: Intl.DateTimeFormat | null = null;
  private unsubscribe: () => void;

  constructor(
    readonly shadow: ShadowRoot,
    readonly chat: Chat,
    private readonly o: ViewOptions,
  ) {
    this.lang = o.lang;
    this.open = !!o.open;
    adoptCss(shadow);
    this.build();
    this.update(chat.state);
    this.unsubscribe = chat.subscribe((s) => this.update(s));
  }

  t(key: Key, vars?: Record<string, string | number>): string {
    return translate(this.lang, key, vars);
  }

  destroy(): void {
    this.unsubscribe();
    this.els.root.remove();
  }

  // ---- building ------------------------------------------------------------

  private build(): void {
    const t = (k: Key, v?: Record<string, string | number>) => this.t(k, v);
    const other: Lang = this.lang === "en" ? "zh-CN" : "en";
    const badge = h("span", { class: "badge", "aria-hidden": "true", hidden: true });
    const launcherLabel = h("span", { class: "sr" });
    const launcher = h(
      "button",
      {
        type: "button",
        class: "launcher",
        "aria-controls": "sy-panel",
        "aria-expanded": "false",
        onclick: () => this.setOpen(!this.open, true),
      },
      icon(CHAT_ICON),
      launcherLabel,
      badge,
    );
    const langBtn = h(
      "button",
      { type: "button", class: "hbtn", lang: other, "aria-label": t("lang.otherLabel"), onclick: () => this.switchLang(other) },
      t("lang.other"),
    );
    const minBtn = h(
      "button",
      { type: "button", class: "hbtn", "aria-label": t("panel.minimize"), title: t("panel.minimize"), onclick: () => this.setOpen(false, true) },
      icon(DOWN_ICON),
    );
    const status = h("div", { class: "status", role: "status", "aria-live": "polite" });

    // The start form.
    const name = h("input", { class: "input", id: "sy-name", type: "text", autocomplete: "name", maxlength: 100 });
    const first = h("textarea", { class: "input", id: "sy-first", rows: 3, required: true, "aria-describedby": "sy-first-err" });
    const startBtn = h("button", { type: "submit", class: "primary" }, t("form.start"));
    const form = h(
      "form",
      {
        class: "scroll",
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.submitStart();
        },
      },
      h("p", { class: "intro" }, t("form.intro")),
      h("div", { class: "field" }, h("label", { for: "sy-name" }, t("form.name")), name),
      h(
        "div",
        { class: "field" },
        h("label", { for: "sy-first" }, t("form.message")),
        first,
        h("span", { id: "sy-first-err", class: "meta failed" }),
      ),
      startBtn,
    );
    first.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submitStart();
      }
    });

    // The conversation.
    const log = h("ol", { class: "log" });
    const ended = h("section", { class: "ended", hidden: true, "aria-labelledby": "sy-ended-h" });
    const scroll = h(
      "div",
      { class: "scroll" },
      h("div", { role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t("log.label") }, log),
      ended,
    );
    const typing = h("div", { class: "typing" });
    const text = h("textarea", {
      class: "input",
      id: "sy-text",
      rows: 1,
      placeholder: t("compose.placeholder"),
      "aria-label": t("compose.label"),
    });
    const sendBtn = h("button", { type: "submit", class: "primary" }, t("compose.send"));
    const compose = h(
      "form",
      {
        class: "compose",
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.submitMessage();
        },
      },
      text,
      sendBtn,
    );
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submitMessage();
      }
    });
    text.addEventListener("input", () => {
      this.chat.typing(text.value);
      this.autoGrow(text);
    });
    const foot = h("div", { class: "foot" });
    const chatArea = h("div", { class: "body", hidden: true }, scroll, typing, compose, foot);

    const error = h("div", { class: "error", role: "alert" });
    const panel = h(
      "section",
      { class: "panel", id: "sy-panel", role: "dialog", "aria-labelledby": "sy-title", hidden: true },
      h("div", { class: "head" }, h("h2", { id: "sy-title" }, t("title")), langBtn, minBtn),
      status,
      h("div", { class: "body" }, form, chatArea),
      error,
    );
    panel.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      if (this.confirmEnd) {
        this.confirmEnd = false;
        this.renderFoot(this.chat.state);
        this.q<HTMLButtonElement>(".foot button")?.focus();
      } else this.setOpen(false, true);
    });
    // says "N new" while the panel is closed (the log inside it is hidden then)
    const notice = h("div", { class: "sr", role: "status", "aria-live": "polite" });
    const root = h("div", { class: "root", lang: this.lang }, panel, launcher, notice);
    this.shadow.append(root);
    this.els = {
      root, launcher, launcherLabel, badge, notice, panel, langBtn, status, form, name, first, startBtn,
      chatArea, scroll, log, ended, typing, compose, text, sendBtn, foot, error,
    };
    this.msgEls.clear();
    this.endedFor = "";
    this.timeFmt = null;
  }

  private q<T extends Element>(sel: string): T | null {
    return this.shadow.querySelector<T>(sel);
  }

  private autoGrow(el: HTMLTextAreaElement): void {
    el.style.height = "auto";
    el.style.height = Math.min(140, el.scrollHeight + 2) + "px";
  }

  // ---- actions -------------------------------------------------------------

  setOpen(open: boolean, moveFocus: boolean): void {
    if (this.open === open) return;
    this.open = open;
    this.o.onOpen?.(open);
    this.update(this.chat.state);
    if (!moveFocus) return;
    if (open) this.focusDefault();
    else this.els.launcher.focus();
  }

  /** Focus on opening: the first thing to do in the current phase. */
  private focusDefault(): void {
    const s = this.chat.state;
    if (s.phase === "form" || s.phase === "starting") (this.els.name.value ? this.els.first : this.els.name).focus();
    else if (s.phase === "chat") this.els.text.focus();
    else this.q<HTMLElement>("#sy-ended-h")?.focus();
  }

  private switchLang(lang: Lang): void {
    const keep = {
      name: this.els.name.value,
      first: this.els.first.value,
      text: this.els.text.value,
      comment: this.q<HTMLTextAreaElement>("#sy-comment")?.value ?? "",
    };
    this.lang = lang;
    this.o.onLang?.(lang);
    this.els.root.remove();
    this.build();
    this.els.name.value = keep.name;
    this.els.first.value = keep.first;
    this.els.text.value = keep.text;
    this.update(this.chat.state);
    const c = this.q<HTMLTextAreaElement>("#sy-comment");
    if (c) c.value = keep.comment;
    this.els.langBtn.focus();
  }

  private submitStart(): void {
    const text = this.els.first.value.trim();
    if (!text) {
      this.formError = true;
      this.update(this.chat.state);
      this.els.first.focus();
      return;
    }
    this.formError = false;
    void this.chat.start(this.els.name.value, text);
  }

  private submitMessage(): void {
    if (this.chat.send(this.els.text.value)) {
      this.els.text.value = "";
      this.autoGrow(this.els.text);
      this.els.scroll.scrollTop = this.els.scroll.scrollHeight;
    }
    this.els.text.focus();
  }

  // ---- rendering -----------------------------------------------------------

  update(s: ChatState): void {
    const e = this.els;
    const t = (k: Key, v?: Record<string, string | number>) => this.t(k, v);
    const focusInside = this.shadow.activeElement !== null;

    // launcher and panel
    e.launcher.setAttribute("aria-expanded", String(this.open));
    e.launcher.classList.toggle("open", this.open);
    if (e.launcher.dataset.open !== String(this.open)) {
      e.launcher.dataset.open = String(this.open);
      e.launcher.replaceChildren(icon(this.open ? CLOSE_ICON : CHAT_ICON), e.launcherLabel, e.badge);
    }
    const unread = this.open ? 0 : unreadCount(s, this.chat.readUpTo);
    e.badge.hidden = unread === 0;
    e.badge.textContent = unread ? String(unread) : "";
    e.launcherLabel.textContent =
      (this.open ? t("launcher.close") : t("launcher.open")) + (unread ? ` (${t("launcher.unread", { n: unread })})` : "");
    e.panel.hidden = !this.open;
    const note = unread ? t("launcher.unread", { n: unread }) : "";
    if (e.notice.textContent !== note) e.notice.textContent = note;

    // phase
    const inForm = s.phase === "form" || s.phase === "starting";
    e.form.hidden = !inForm;
    e.chatArea.hidden = inForm;
    // aria-disabled, not disabled: a disabled button would drop the focus
    e.startBtn.setAttribute("aria-disabled", String(s.phase === "starting"));
    const firstErr = this.q<HTMLSpanElement>("#sy-first-err")!;
    firstErr.textContent = this.formError ? t("form.required") : "";
    if (this.formError) e.first.setAttribute("aria-invalid", "true");
    else e.first.removeAttribute("aria-invalid");

    this.renderStatus(s);
    if (!inForm) this.renderLog(s);
    else if (this.msgEls.size) {
      e.log.replaceChildren();
      this.msgEls.clear();
    }
    const writable = canWrite(s);
    e.compose.hidden = s.phase !== "chat";
    e.text.disabled = !writable;
    e.sendBtn.disabled = !writable;
    const typingOn = s.agentTypingUntil > 0 && s.phase === "chat";
    e.typing.textContent = typingOn ? (s.agent ? t("typing.agent", { agent: s.agent }) : t("typing.anon")) : "";
    this.renderFoot(s);
    this.renderEnded(s);

    // error line
    if (s.error) {
      const dismiss = h("button", { type: "button", "aria-label": t("error.dismiss"), onclick: () => this.chat.dispatch({ type: "clearError" }) }, "×");
      const msg = t(s.error.key as Key, s.error.vars);
      if (e.error.firstChild?.textContent !== msg) e.error.replaceChildren(h("p", null, msg), dismiss);
    } else e.error.replaceChildren();

    // focus across phase changes, if the visitor was in the panel
    if (this.lastPhase !== s.phase && this.open && focusInside) {
      if (s.phase === "chat" && this.lastPhase === "starting") e.text.focus();
      else if (s.phase === "ended") this.q<HTMLElement>("#sy-ended-h")?.focus();
      else if (s.phase === "form" && this.lastPhase === "ended") e.first.focus();
      else if (s.phase === "form" && this.lastPhase === "starting") e.first.focus();
    }
    this.lastPhase = s.phase;
    this.chat.setShown(this.open && (typeof document === "undefined" || document.visibilityState !== "hidden"));
  }

  private renderStatus(s: ChatState): void {
    const t = (k: Key, v?: Record<string, string | number>) => this.t(k, v);
    const lines: string[] = [];
    if (s.phase === "starting") lines.push(t("status.connecting"));
    else if (s.phase === "chat") {
      if (s.state === "queued") {
        if (s.position && s.position > 1) lines.push(t("queue.position", { n: s.position }));
        else if (s.position === 1) lines.push(t("queue.next"));
        else lines.push(t("queue.waiting"));
        const ewt = ewtText(this.lang, s.ewtMs);
        if (ewt) lines.push(ewt);
      } else if (s.state === "offered") lines.push(t("state.offered"));
      else if (s.state === "active") lines.push(s.agent ? t("state.active", { agent: s.agent }) : t("state.activeAnon"));
      else if (s.state === "held") lines.push(t("state.held"));
      else if (s.state === "wrap_up") lines.push(t("state.wrapUp"));
    }
    const conn = s.phase === "chat" && s.connection === "reconnecting";
    const key = lines.join("\n") + (conn ? "\nconn" : "");
    if (this.els.status.dataset.key === key) return;
    this.els.status.dataset.key = key;
    this.els.status.replaceChildren(
      ...lines.map((l, i) => h("p", { class: i === 0 ? "pos" : "ewt" }, l)),
      ...(conn ? [h("p", { class: "conn" }, t("status.reconnecting"))] : []),
    );
  }

  private fmtTime(ms: number): string {
    if (!this.timeFmt) {
      try {
        this.timeFmt = new Intl.DateTimeFormat(this.lang, { hour: "2-digit", minute: "2-digit" });
      } catch {
        this.timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
      }
    }
    return this.timeFmt.format(new Date(ms));
  }

  private renderLog(s: ChatState): void {
    const e = this.els;
    const sc = e.scroll;
    const atBottom = sc.scrollHeight - sc.scrollTop - sc.clientHeight < 48;
    type Item = { key: string; m: Message | Pending; mine: boolean };
    const items: Item[] = [];
    for (const m of s.messages) items.push({ key: "s" + m.seq, m, mine: m.from === "visitor" });
    for (const p of s.pending) items.push({ key: "p" + p.clientId, m: p, mine: true });
    // a pending element becomes its confirmed message's (no second announcement)
    for (const it of items) {
      if (!this.msgEls.has(it.key) && it.mine && "seq" in it.m) {
        const pk = "p" + ((it.m as Message).client_id ?? "initial");
        const el = this.msgEls.get(pk);
        if (el && !s.pending.some((p) => "p" + p.clientId === pk)) {
          this.msgEls.delete(pk);
          this.msgEls.set(it.key, el);
        }
      }
    }
    const keep = new Set(items.map((i) => i.key));
    for (const [k, el] of this.msgEls)
      if (!keep.has(k)) {
        el.li.remove();
        this.msgEls.delete(k);
      }
    let prev: Node | null = null;
    let added = false;
    for (const it of items) {
      let el = this.msgEls.get(it.key);
      if (!el) {
        el = this.messageEl(s, it.m, it.mine);
        this.msgEls.set(it.key, el);
        added = true;
      } else if (it.mine) this.updateTick(s, el, it.m);
      const want: ChildNode | null = prev ? prev.nextSibling : e.log.firstChild;
      if (want !== el.li) e.log.insertBefore(el.li, want);
      prev = el.li;
    }
    if (added && atBottom) sc.scrollTop = sc.scrollHeight;
  }

  private messageEl(s: ChatState, m: Message | Pending, mine: boolean): MsgEl {
    const t = (k: Key, v?: Record<string, string | number>) => this.t(k, v);
    const from = "seq" in m ? m.from : "visitor";
    if (from === "system") {
      // the text is a code (docs/chat.md): "barge", with the supervisor as author
      const sm = m as Message;
      const line = sm.text === "barge" ? t("msg.joined", { name: sm.author || t("msg.agent") }) : sm.text;
      return { li: h("li", { class: "msg system" }, line), tick: null, tickState: "" };
    }
    const who = mine ? t("msg.you") : (m as Message).author || t("msg.agent");
    const li = h(
      "li",
      { class: "msg " + (mine ? "mine" : "theirs") },
      mine ? h("span", { class: "sr" }, who + ": ") : h("span", { class: "who" }, who, h("span", { class: "sr" }, ": ")),
      h("div", { class: "bubble" }, m.text),
    );
    const el: MsgEl = { li, tick: null, tickState: "" };
    const meta = h("div", { class: "meta" }, h("time", { datetime: new Date(m.time_ms).toISOString() }, this.fmtTime(m.time_ms)));
    li.append(meta);
    if (mine) this.updateTick(s, el, m);
    return el;
  }

  private updateTick(s: ChatState, el: MsgEl, m: Message | Pending): void {
    const tick = tickOf(s, m);
    if (tick === el.tickState) return;
    const t = (k: Key) => this.t(k);
    const meta = el.li.querySelector(".meta")!;
    const label =
      tick === "read" ? `${t("msg.read")} ✓✓` : tick === "delivered" ? `${t("msg.delivered")} ✓✓` : tick === "sent" ? `${t("msg.sent")} ✓` : tick === "sending" ? t("msg.sending") : t("msg.failed");
    meta.querySelector(".retry")?.remove();
    if (!el.tick) {
      el.tick = document.createTextNode("");
      meta.append(" · ", h("span", { class: "tick" }, el.tick));
    }
    el.tick.data = label;
    (el.tick.parentNode as HTMLElement).className = tick === "failed" ? "tick failed" : "tick";
    if (tick === "failed" && "clientId" in m && !m.initial && s.phase === "chat") {
      const id = m.clientId;
      meta.append(h("button", { type: "button", class: "link retry", onclick: () => this.chat.retry(id) }, " " + t("msg.retry")));
    }
    el.tickState = tick;
  }

  private renderFoot(s: ChatState): void {
    const e = this.els;
    const t = (k: Key) => this.t(k);
    const key = s.phase === "chat" ? (this.confirmEnd ? "confirm" : "end") : "";
    if (e.foot.dataset.key === key) return;
    e.foot.dataset.key = key;
    e.foot.hidden = !key;
    if (key === "end") {
      e.foot.replaceChildren(
        h("button", { type: "button", class: "secondary", onclick: () => this.askEnd(true) }, t("end.button")),
      );
    } else if (key === "confirm") {
      e.foot.replaceChildren(
        h("p", { id: "sy-confirm" }, t("end.confirm")),
        h("button", { type: "button", class: "secondary", onclick: () => this.askEnd(false) }, t("end.no")),
        h(
          "button",
          {
            type: "button",
            class: "primary",
            "aria-describedby": "sy-confirm",
            onclick: () => {
              this.confirmEnd = false;
              void this.chat.end();
            },
          },
          t("end.yes"),
        ),
      );
    } else e.foot.replaceChildren();
  }

  private askEnd(on: boolean): void {
    this.confirmEnd = on;
    this.renderFoot(this.chat.state);
    this.q<HTMLButtonElement>(on ? ".foot .primary" : ".foot button")?.focus();
  }

  private renderEnded(s: ChatState): void {
    const e = this.els;
    const t = (k: Key, v?: Record<string, string | number>) => this.t(k, v);
    if (s.phase !== "ended") {
      e.ended.hidden = true;
      this.endedFor = "";
      this.surveySkipped = false;
      this.rating = 0;
      this.ratingError = false;
      return;
    }
    const surveyPhase = this.surveySkipped ? "none" : s.surveyPhase;
    const key = [s.endReason, surveyPhase, this.ratingError].join("|");
    if (this.endedFor === key) return;
    const wasFocused = this.shadow.activeElement;
    const prevComment = this.q<HTMLTextAreaElement>("#sy-comment")?.value ?? "";
    this.endedFor = key;
    e.ended.hidden = false;
    const reasonKey: Key =
      s.endReason === "visitor"
        ? "ended.visitor"
        : s.endReason === "agent"
          ? "ended.agent"
          : s.endReason === "abandoned"
            ? "ended.abandoned"
            : s.endReason === "expired"
              ? "ended.expired"
              : "ended.generic";
    const parts: Node[] = [h("h3", { id: "sy-ended-h", tabindex: -1 }, t(reasonKey))];
    const newChat = h("button", { type: "button", class: "primary", onclick: () => this.chat.newChat() }, t("new.chat"));
    if (surveyPhase === "asking" || surveyPhase === "sending" || surveyPhase === "loading") {
      parts.push(this.surveyForm(s, prevComment));
    } else if (surveyPhase === "thanks") {
      parts.push(h("p", { id: "sy-thanks", tabindex: -1 }, t("survey.thanks")), newChat);
    } else if (surveyPhase === "expired") {
      parts.push(h("p", null, t("survey.expired")), newChat);
    } else parts.push(newChat);
    e.ended.replaceChildren(...parts);
    // keep the visitor's place: after sending, the thanks; else the same control
    if (surveyPhase === "thanks" && wasFocused) this.q<HTMLElement>("#sy-thanks")?.focus();
    else if (wasFocused && wasFocused.id) this.q<HTMLElement>("#" + wasFocused.id)?.focus();
    if (this.open) e.scroll.scrollTop = e.scroll.scrollHeight;
  }

  private surveyForm(s: ChatState, comment: string): HTMLFormElement {
    const t = (k: Key, v?: Record<string, string | number>) => this.t(k, v);
    const busy = s.surveyPhase === "sending" || s.surveyPhase === "loading";
    const stars: HTMLElement[] = [];
    for (let n = 1; n <= 5; n++) {
      const input = h("input", {
        type: "radio",
        name: "sy-rating",
        id: `sy-rate-${n}`,
        value: n,
        checked: this.rating === n,
        "aria-label": t("survey.star", { n }),
        onchange: () => {
          this.rating = n;
          this.ratingError = false;
          this.q<HTMLElement>("#sy-rating-err")!.textContent = "";
          for (const st of stars) st.classList.toggle("on", Number(st.dataset.n) <= n);
        },
      });
      const label = h("label", { class: "star" + (n <= this.rating ? " on" : ""), "data-n": n }, input, h("span", { "aria-hidden": "true" }, "★"));
      stars.push(label);
    }
    const commentEl = h("textarea", { class: "input", id: "sy-comment", rows: 3, maxlength: 2000 });
    commentEl.value = comment;
    return h(
      "form",
      {
        novalidate: true,
        "aria-labelledby": "sy-survey-h",
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          if (busy) return;
          if (!this.rating) {
            this.ratingError = true;
            this.renderEnded(this.chat.state);
            this.q<HTMLInputElement>("#sy-rate-1")?.focus();
            return;
          }
          void this.chat.answerSurvey(this.rating, commentEl.value);
        },
      },
      h("p", { id: "sy-survey-h", class: "legend" }, t("survey.title")),
      h(
        "fieldset",
        { class: "rating", "aria-describedby": "sy-rating-err" },
        h("legend", { class: "sr" }, t("survey.rating")),
        h("div", { class: "stars" }, ...stars),
        h("span", { id: "sy-rating-err", class: "meta failed" }, this.ratingError ? t("survey.pick") : ""),
      ),
      h("div", { class: "field" }, h("label", { for: "sy-comment" }, t("survey.comment")), commentEl),
      h(
        "div",
        { class: "row" },
        h("button", { type: "submit", class: "primary", id: "sy-survey-send", "aria-disabled": String(busy) }, t("survey.submit")),
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            id: "sy-survey-skip",
            "aria-disabled": String(busy),
            onclick: () => {
              if (busy) return;
              this.surveySkipped = true;
              this.renderEnded(this.chat.state);
              this.q<HTMLButtonElement>(".ended .primary")?.focus();
            },
          },
          t("survey.skip"),
        ),
      ),
    );
  }
}
