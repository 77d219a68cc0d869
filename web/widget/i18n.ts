// The widget's own catalogue (English and Simplified Chinese): every string
// it shows. i18n.test.ts checks that both languages have every key with the
// same {placeholders} and that every key the code uses exists.

export type Lang = "en" | "zh-CN";
export const LANGS: readonly Lang[] = ["en", "zh-CN"];

const en = {
  "title": "Chat with us",
  "launcher.open": "Open chat",
  "launcher.close": "Close chat",
  "launcher.unread": "{n} new",
  "panel.minimize": "Minimize chat",
  "lang.other": "中文",
  "lang.otherLabel": "切换到中文 (Switch to Chinese)",
  "form.intro": "Hi! Write us a message and an agent will answer you here.",
  "form.name": "Your name (optional)",
  "form.message": "Your message",
  "form.start": "Start chat",
  "form.required": "Please write a message.",
  "status.connecting": "Connecting…",
  "status.reconnecting": "Connection lost. Reconnecting…",
  "queue.position": "You are number {n} in the queue.",
  "queue.next": "You are next in the queue.",
  "queue.waiting": "Waiting for an agent…",
  "queue.ewtUnderMinute": "Estimated wait: under a minute.",
  "queue.ewtMinute": "Estimated wait: about 1 minute.",
  "queue.ewtMinutes": "Estimated wait: about {n} minutes.",
  "state.offered": "Connecting you to an agent…",
  "state.active": "You are chatting with {agent}.",
  "state.activeAnon": "You are chatting with an agent.",
  "state.held": "The agent put the chat on hold for a moment.",
  "state.wrapUp": "The agent closed the chat.",
  "log.label": "Messages",
  "msg.you": "You",
  "msg.agent": "Agent",
  "msg.sending": "Sending…",
  "msg.failed": "Not sent",
  "msg.retry": "Retry",
  "msg.joined": "{name} joined the chat.",
  "msg.sent": "Sent",
  "msg.delivered": "Delivered",
  "msg.read": "Read",
  "typing.agent": "{agent} is typing…",
  "typing.anon": "The agent is typing…",
  "compose.label": "Message",
  "compose.placeholder": "Write a message…",
  "compose.send": "Send",
  "end.button": "End chat",
  "end.confirm": "End this chat?",
  "end.yes": "Yes, end it",
  "end.no": "Keep chatting",
  "ended.visitor": "You ended the chat.",
  "ended.agent": "The agent ended the chat.",
  "ended.abandoned": "The chat ended before an agent answered.",
  "ended.expired": "The chat expired.",
  "ended.generic": "The chat has ended.",
  "survey.title": "How was this chat?",
  "survey.rating": "Rate this chat from 1 (poor) to 5 (excellent)",
  "survey.star": "{n} out of 5",
  "survey.comment": "Comment (optional)",
  "survey.submit": "Send feedback",
  "survey.skip": "Skip",
  "survey.pick": "Please choose a rating.",
  "survey.thanks": "Thank you for your feedback!",
  "survey.expired": "This survey is no longer open.",
  "new.chat": "Start a new chat",
  "error.network": "Could not reach the chat service. Please try again.",
  "error.rateLimited": "Too many chats were started. Please try again in {seconds} seconds.",
  "error.closed": "Chat is closed right now. Please try again later.",
  "error.full": "All our agents are busy and the queue is full. Please try again later.",
  "error.forbidden": "Chat is not available on this site.",
  "error.unavailable": "This chat is not available.",
  "error.generic": "Something went wrong. Please try again.",
  "error.tooLong": "This message is too long (4,000 bytes at most).",
  "error.refused": "A message could not be sent.",
  "error.survey": "Your feedback could not be sent. Please try again.",
  "error.lost": "This chat is no longer available. You can start a new one.",
  "error.dismiss": "Dismiss",
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  "title": "在线客服",
  "launcher.open": "打开在线客服",
  "launcher.close": "关闭在线客服",
  "launcher.unread": "{n} 条新消息",
  "panel.minimize": "收起聊天窗口",
  "lang.other": "English",
  "lang.otherLabel": "Switch to English (切换到英文)",
  "form.intro": "您好！请留言，客服人员会在这里回复您。",
  "form.name": "您的称呼（选填）",
  "form.message": "您的留言",
  "form.start": "开始对话",
  "form.required": "请输入留言。",
  "status.connecting": "正在连接…",
  "status.reconnecting": "连接已断开，正在重新连接…",
  "queue.position": "您目前排在第 {n} 位。",
  "queue.next": "下一位就是您。",
  "queue.waiting": "正在等待客服人员…",
  "queue.ewtUnderMinute": "预计等待：不到 1 分钟。",
  "queue.ewtMinute": "预计等待：约 1 分钟。",
  "queue.ewtMinutes": "预计等待：约 {n} 分钟。",
  "state.offered": "正在为您接通客服人员…",
  "state.active": "{agent} 正在为您服务。",
  "state.activeAnon": "客服人员正在为您服务。",
  "state.held": "客服人员暂时保留了对话，请稍候。",
  "state.wrapUp": "客服人员已结束对话。",
  "log.label": "消息",
  "msg.you": "您",
  "msg.agent": "客服",
  "msg.sending": "发送中…",
  "msg.failed": "发送失败",
  "msg.retry": "重试",
  "msg.joined": "{name} 加入了对话。",
  "msg.sent": "已发送",
  "msg.delivered": "已送达",
  "msg.read": "已读",
  "typing.agent": "{agent} 正在输入…",
  "typing.anon": "客服人员正在输入…",
  "compose.label": "消息",
  "compose.placeholder": "输入消息…",
  "compose.send": "发送",
  "end.button": "结束对话",
  "end.confirm": "确定结束对话吗？",
  "end.yes": "结束",
  "end.no": "继续对话",
  "ended.visitor": "您已结束对话。",
  "ended.agent": "客服人员已结束对话。",
  "ended.abandoned": "对话在客服人员接听前已结束。",
  "ended.expired": "对话已过期。",
  "ended.generic": "对话已结束。",
  "survey.title": "您对本次服务满意吗？",
  "survey.rating": "请为本次对话评分：1（很差）到 5（很好）",
  "survey.star": "{n} 分（满分 5 分）",
  "survey.comment": "意见或建议（选填）",
  "survey.submit": "提交评价",
  "survey.skip": "跳过",
  "survey.pick": "请选择评分。",
  "survey.thanks": "感谢您的评价！",
  "survey.expired": "此调查已关闭。",
  "new.chat": "开始新的对话",
  "error.network": "无法连接客服系统，请重试。",
  "error.rateLimited": "发起的对话过多，请在 {seconds} 秒后重试。",
  "error.closed": "在线客服目前不在服务时间，请稍后再试。",
  "error.full": "客服人员都在忙，排队已满，请稍后再试。",
  "error.forbidden": "本网站未开通在线客服。",
  "error.unavailable": "此在线客服不可用。",
  "error.generic": "出现问题，请重试。",
  "error.tooLong": "消息过长（最多 4000 字节）。",
  "error.refused": "有消息未能发送。",
  "error.survey": "评价未能提交，请重试。",
  "error.lost": "此对话已失效，您可以开始新的对话。",
  "error.dismiss": "关闭提示",
};

export const CATALOGUES: Record<Lang, Record<Key, string>> = { en, "zh-CN": zh };

/** `key` in `lang` with its {placeholders} replaced. */
export function translate(lang: Lang, key: Key | string, vars?: Record<string, string | number>): string {
  let s: string = (CATALOGUES[lang] as Record<string, string>)[key] ?? (en as Record<string, string>)[key] ?? key;
  if (vars) for (const k of Object.keys(vars)) s = s.split(`{${k}}`).join(String(vars[k]));
  return s;
}

/** Any Chinese (`zh`, `zh-CN`, `zh-Hans`, `zh-TW`) -> zh-CN, the one Chinese
 *  catalogue; anything else -> en; null when empty. */
export function normalizeLang(v: string | null | undefined): Lang | null {
  if (!v) return null;
  const l = v.trim().toLowerCase();
  if (!l) return null;
  if (l === "zh" || l.startsWith("zh-") || l.startsWith("zh_")) return "zh-CN";
  return "en";
}

/** data-lang, else the page's lang, else the browser's (docs/chat.md). */
export function pickLang(dataLang: string | null | undefined, pageLang: string | null | undefined, browser: readonly string[]): Lang {
  return normalizeLang(dataLang) ?? normalizeLang(pageLang) ?? normalizeLang(browser[0]) ?? "en";
}

/** The queue's estimated wait as a sentence. */
export function ewtText(lang: Lang, ms: number | null): string | null {
  if (ms === null || ms === undefined || !(ms >= 0)) return null;
  if (ms < 60_000) return translate(lang, "queue.ewtUnderMinute");
  const n = Math.round(ms / 60_000);
  return n <= 1 ? translate(lang, "queue.ewtMinute") : translate(lang, "queue.ewtMinutes", { n });
}
