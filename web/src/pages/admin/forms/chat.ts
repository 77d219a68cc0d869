// Chat widgets and a queue's desk configuration (docs/chat.md), and the
// queue's survey form (docs/api.md, "Surveys").
import type { ChatWidget, DeskConfig, Localized, SurveyForm } from "../types";
import { done, Problems, requireText, reqNum, rowKey, type Mapped } from "./common";

export const CONTENT_LANGS = ["en", "zh-CN"] as const;

/** Drops blank translations: {"en":"Hi","zh-CN":""} -> {"en":"Hi"}. */
export function localized(v: Record<string, string>): Localized {
  const out: Localized = {};
  for (const l of CONTENT_LANGS) if ((v[l] ?? "").trim()) out[l] = v[l].trim();
  return out;
}

const texts = (v: Localized | undefined) => ({ en: v?.en ?? "", "zh-CN": v?.["zh-CN"] ?? "" });

// ---- widgets

export interface WidgetForm {
  name: string;
  queue: string;
  allowed_origins: string;
  enabled: boolean;
  title: { en: string; "zh-CN": string };
}

export type WidgetBody = Omit<ChatWidget, "id" | "key">;

export function emptyWidgetForm(): WidgetForm {
  return { name: "", queue: "", allowed_origins: "", enabled: true, title: { en: "", "zh-CN": "" } };
}

export function widgetToForm(w: ChatWidget): WidgetForm {
  return {
    name: w.name,
    queue: String(w.queue),
    allowed_origins: (w.allowed_origins ?? []).join("\n"),
    enabled: w.enabled,
    title: texts(w.title),
  };
}

/** Origins one a line (or separated by spaces or commas). */
export function splitOrigins(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

/** `scheme://host[:port]` or "*". */
export function isOrigin(s: string): boolean {
  return s === "*" || /^https?:\/\/[^/\s?#]+$/i.test(s);
}

export function widgetFromForm(f: WidgetForm): Mapped<WidgetBody> {
  const p = new Problems();
  const origins = splitOrigins(f.allowed_origins);
  if (origins.some((o) => !isOrigin(o))) p.add("allowed_origins", "admin.invalid.origin");
  return done(p, {
    name: requireText(p, "name", f.name),
    queue: requireText(p, "queue", f.queue),
    allowed_origins: origins,
    enabled: f.enabled,
    title: localized(f.title),
  });
}

/** The tag a page embeds (docs/chat.md, "Embedding the widget"). */
export function embedSnippet(origin: string, key: string, lang: "en" | "zh-CN"): string {
  const base = origin.replace(/\/+$/, "");
  return `<script src="${base}/widget.js" data-widget="${key}" data-lang="${lang}" async></script>`;
}

// ---- desk: script and disposition codes

export interface DeskForm {
  script: { en: string; "zh-CN": string };
  dispositions: { key: string; code: string; label: { en: string; "zh-CN": string } }[];
}

export function deskToForm(d: DeskConfig): DeskForm {
  return {
    script: texts(d.script),
    dispositions: (d.dispositions ?? []).map((x) => ({ key: rowKey(), code: x.code, label: texts(x.label) })),
  };
}

export function newDisposition() {
  return { key: rowKey(), code: "", label: { en: "", "zh-CN": "" } };
}

export function deskFromForm(f: DeskForm): Mapped<DeskConfig> {
  const p = new Problems();
  const seen = new Set<string>();
  const dispositions = f.dispositions.map((d, i) => {
    const code = requireText(p, `dispositions[${i}].code`, d.code);
    if (code && seen.has(code)) p.add(`dispositions[${i}].code`, "admin.invalid.duplicate");
    seen.add(code);
    return { code, label: localized(d.label) };
  });
  // Keep the script's text as typed (line breaks and indentation matter).
  const script: Localized = {};
  for (const l of CONTENT_LANGS) if (f.script[l].trim()) script[l] = f.script[l];
  return done(p, { script, dispositions });
}

// ---- survey

export interface SurveyFormModel {
  enabled: boolean;
  question: string;
  questions: { key: string; text: string }[];
  ttl_hours: string;
}

export const MAX_SURVEY_QUESTIONS = 10;

export function surveyToForm(s: SurveyForm): SurveyFormModel {
  return {
    enabled: s.enabled,
    question: s.question,
    questions: (s.questions ?? []).map((text) => ({ key: rowKey(), text })),
    ttl_hours: String(Math.round((s.ttl_s / 3600) * 1000) / 1000),
  };
}

export function surveyFromForm(f: SurveyFormModel): Mapped<SurveyForm> {
  const p = new Problems();
  if (f.questions.length > MAX_SURVEY_QUESTIONS) p.add("questions", "admin.invalid.too_many_questions");
  f.questions.forEach((q, i) => requireText(p, `questions[${i}]`, q.text));
  const hours = reqNum(p, "ttl_s", f.ttl_hours, { min: 1 / 3600, max: 30 * 24 });
  return done(p, {
    enabled: f.enabled,
    question: requireText(p, "question", f.question),
    questions: f.questions.map((q) => q.text.trim()),
    ttl_s: Math.round(hours * 3600),
  });
}
