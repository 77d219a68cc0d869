// The customer chat widget (docs/chat.md, "Embedding the widget"):
//
//   <script src="https://switchyard.example/widget.js" data-widget="wg_demo"
//           data-lang="en" async></script>
//
// Finds its own script element to learn the server (the script's origin) and
// the widget key, then adds a launcher inside a shadow root. Built by
// vite.widget.config.ts into dist/widget.js (IIFE, global SwitchyardChat).
import { Chat, type KeyValueStore } from "./chat";
import { pickLang, type Lang } from "./i18n";
import { browserEnv } from "./transport";
import { WidgetView } from "./ui";

export const version = "1";

/** The script element that loaded the widget: document.currentScript while
 *  the bundle runs, else the script whose src ends with widget.js. */
export function findScript(doc: Document, current: Element | null): HTMLScriptElement | null {
  if (current instanceof HTMLScriptElement && current.src) return current;
  const scripts = Array.from(doc.querySelectorAll<HTMLScriptElement>("script[src]"));
  const ours = scripts.filter((s) => /\/widget\.js(?:[?#].*)?$/.test(s.src));
  return ours.find((s) => s.dataset.widget) ?? ours[0] ?? null;
}

export interface Config {
  widget: string;
  origin: string;
  lang: Lang;
}

/** The widget key, the server's origin and the language from the script tag. */
export function readConfig(script: HTMLScriptElement, doc: Document, languages: readonly string[]): Config | null {
  const widget = script.dataset.widget?.trim();
  if (!widget) return null;
  let origin: string;
  try {
    origin = new URL(script.dataset.server || script.src, doc.baseURI).origin;
  } catch {
    return null;
  }
  return { widget, origin, lang: pickLang(script.dataset.lang, doc.documentElement.lang, languages) };
}

function safeSessionStorage(): KeyValueStore | null {
  try {
    const s = window.sessionStorage;
    s.getItem("x");
    return s;
  } catch {
    return null; // blocked (third-party storage settings): no resume on reload
  }
}

interface Instance {
  chat: Chat;
  view: WidgetView;
}
let instance: Instance | null = null;
const script = typeof document !== "undefined" ? findScript(document, document.currentScript) : null;

function boot(): void {
  const w = window as unknown as { __switchyardChat?: boolean };
  if (instance || !script || w.__switchyardChat) return;
  const cfg = readConfig(script, document, navigator.languages ?? [navigator.language]);
  if (!cfg) {
    console.warn("Switchyard chat: the script tag needs data-widget=\"<widget key>\"");
    return;
  }
  w.__switchyardChat = true;
  const storage = safeSessionStorage();
  const uiKey = `switchyard-chat:${cfg.widget}:ui`;
  let ui: { lang?: Lang; open?: boolean } = {};
  try {
    ui = JSON.parse(storage?.getItem(uiKey) ?? "{}") ?? {};
  } catch {
    ui = {};
  }
  const saveUi = () => {
    try {
      storage?.setItem(uiKey, JSON.stringify(ui));
    } catch {
      /* ignore */
    }
  };
  let lang: Lang = ui.lang === "en" || ui.lang === "zh-CN" ? ui.lang : cfg.lang;

  const host = document.createElement("switchyard-chat");
  host.setAttribute("data-switchyard", "chat");
  const shadow = host.attachShadow({ mode: "open" });
  document.body.append(host);

  const chat = new Chat({
    widget: cfg.widget,
    origin: cfg.origin,
    env: browserEnv(),
    storage,
    language: () => lang,
  });
  const view = new WidgetView(shadow, chat, {
    lang,
    open: !!ui.open,
    onLang: (l) => {
      lang = l;
      ui.lang = l;
      saveUi();
    },
    onOpen: (open) => {
      ui.open = open;
      saveUi();
    },
  });
  instance = { chat, view };
  document.addEventListener("visibilitychange", () => {
    view.update(chat.state);
    if (document.visibilityState === "visible") chat.nudge();
  });
  window.addEventListener("online", () => chat.nudge());
  void chat.resume();
}

/** Opens the chat panel (for a page's own "Chat with us" link). */
export function open(): void {
  instance?.view.setOpen(true, true);
}

/** Closes the chat panel. */
export function close(): void {
  instance?.view.setOpen(false, false);
}

if (script) {
  if (document.body) boot();
  else document.addEventListener("DOMContentLoaded", boot, { once: true });
}
