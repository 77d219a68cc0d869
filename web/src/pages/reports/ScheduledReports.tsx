// The daily reports the server generates (docs/api.md, "Scheduled
// reports"): a CSV and an HTML page per language each. Files are fetched
// with the session's credentials; a page is viewed in a sandboxed frame
// (no scripts, no access to this app) or saved.
import { useState } from "react";
import { api, ApiError } from "../../lib/api";
import { useI18n } from "../../i18n";
import { DataTable } from "../admin/ui/DataTable";
import { Dialog } from "../admin/ui/Dialog";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../admin/ui/feedback";
import { TextField, useFormState } from "../admin/ui/form";
import { formatBytes, formatDateTime } from "../admin/ui/format";
import { EditorForm } from "../admin/ui/parts";
import { useLoad } from "../admin/ui/useLoad";
import { fetchFile, saveBlob } from "./download";
import { addDays, todayIn } from "./reportData";

export interface ScheduledFile {
  format: "csv" | "html";
  lang: string | null;
  bytes: number;
  href: string;
}

export interface ScheduledReport {
  id: number;
  kind: string;
  day: string;
  time_zone: string;
  start_ms: number;
  end_ms: number;
  created_ms: number;
  href: string;
  files: ScheduledFile[];
}

export const PAGE_LANGS = ["en", "zh-CN"] as const;

/** The file of a report in a format (and language for pages). */
export function fileOf(r: ScheduledReport, format: "csv" | "html", lang?: string): ScheduledFile | undefined {
  return r.files.find((f) => f.format === format && (format === "csv" || f.lang === lang));
}

/** A day as a date in the report's zone: "Sun, Nov 29, 2026". */
function dayLabel(lang: string, r: ScheduledReport): string {
  try {
    return new Intl.DateTimeFormat(lang, { timeZone: r.time_zone, dateStyle: "full" }).format(new Date(r.start_ms));
  } catch {
    return r.day;
  }
}

export function ScheduledReports(props: { canGenerate: boolean }) {
  const { t, lang, timeZone } = useI18n();
  const [limit, setLimit] = useState(31);
  const list = useLoad(() => api<{ reports: ScheduledReport[] }>("GET", `/api/v1/reports/scheduled?limit=${limit}`).then((r) => r.reports), [limit]);
  const [viewing, setViewing] = useState<{ title: string; html: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const get = async (key: string, f: ScheduledFile, fallback: string, view?: string) => {
    if (busy) return;
    setFileError(null);
    setBusy(key);
    try {
      const file = await fetchFile(f.href, fallback);
      if (view) setViewing({ title: view, html: await file.blob.text() });
      else saveBlob(file.blob, file.filename);
    } catch (e) {
      setFileError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  const forbidden = list.error instanceof ApiError && list.error.status === 403;
  return (
    <section aria-labelledby="sy-sched-h" className="sy-subsection">
      <h2 id="sy-sched-h">{t("reports.scheduled.title")}</h2>
      <p className="sy-intro">{t("reports.scheduled.intro")}</p>
      {fileError && <ErrorBanner message={fileError} onDismiss={() => setFileError(null)} />}
      {forbidden ? (
        <Notice>{t("reports.scheduled.forbidden")}</Notice>
      ) : (
        <Loaded state={list}>
          {(reports) => (
            <>
              <DataTable
                caption={t("reports.scheduled.list")}
                rows={reports}
                rowKey={(r) => r.id}
                empty={t("reports.scheduled.none")}
                columns={[
                  { key: "day", header: t("reports.scheduled.day"), render: (r) => dayLabel(lang, r) },
                  { key: "created", header: t("reports.scheduled.created"), render: (r) => formatDateTime(lang, r.time_zone || timeZone, r.created_ms) },
                  {
                    key: "csv",
                    header: t("reports.scheduled.csv"),
                    render: (r) => {
                      const f = fileOf(r, "csv");
                      if (!f) return "—";
                      const key = `${r.id}-csv`;
                      return (
                        <button
                          type="button"
                          aria-disabled={busy === key}
                          aria-label={t("reports.scheduled.download_csv", { day: r.day })}
                          onClick={() => get(key, f, `switchyard-daily-${r.day}.csv`)}
                        >
                          {t("reports.download")} <span className="sy-hint">({formatBytes(lang, f.bytes)})</span>
                        </button>
                      );
                    },
                  },
                  ...PAGE_LANGS.map((l) => ({
                    key: `html-${l}`,
                    header: t("reports.scheduled.page", { lang: t(`reports.lang.${l}`) }),
                    render: (r: ScheduledReport) => {
                      const f = fileOf(r, "html", l);
                      if (!f) return "—";
                      const title = t("reports.scheduled.view_title", { day: r.day, lang: t(`reports.lang.${l}`) });
                      return (
                        <div className="sy-row-actions">
                          <button type="button" aria-disabled={busy === `${r.id}-${l}-v`} aria-label={t("reports.scheduled.open_label", { day: r.day, lang: t(`reports.lang.${l}`) })} onClick={() => get(`${r.id}-${l}-v`, f, "", title)}>
                            {t("reports.open")}
                          </button>
                          <button
                            type="button"
                            aria-disabled={busy === `${r.id}-${l}-d`}
                            aria-label={t("reports.scheduled.download_label", { day: r.day, lang: t(`reports.lang.${l}`) })}
                            onClick={() => get(`${r.id}-${l}-d`, f, `switchyard-daily-${r.day}-${l}.html`)}
                          >
                            {t("reports.download")}
                          </button>
                        </div>
                      );
                    },
                  })),
                ]}
              />
              {reports.length >= limit && limit < 1000 && (
                <button type="button" onClick={() => setLimit(1000)}>
                  {t("reports.scheduled.all")}
                </button>
              )}
            </>
          )}
        </Loaded>
      )}
      {props.canGenerate && <Generate onDone={list.reload} />}
      {viewing && (
        <Dialog wide title={viewing.title} onClose={() => setViewing(null)}>
          <iframe className="sy-frame" title={viewing.title} sandbox="" srcDoc={viewing.html} />
        </Dialog>
      )}
    </section>
  );
}

/** Admins: generate (or generate again) the report of a day that has ended. */
function Generate(props: { onDone: () => void }) {
  const { t, timeZone } = useI18n();
  const [day, setDay] = useState(() => addDays(todayIn(timeZone), -1));
  const [done, setDone] = useState<string | null>(null);
  const form = useFormState();
  const submit = async () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return form.invalid({ day: "reports.invalid.date" });
    const r = await form.run(() => api<ScheduledReport>("POST", "/api/v1/reports/scheduled", { day }));
    if (!r) return;
    setDone(t("reports.scheduled.generated", { day }));
    props.onDone();
  };
  return (
    <>
      <h3>{t("reports.scheduled.generate")}</h3>
      <EditorForm {...form.formProps} saved={done} onSubmit={submit} label={t("reports.scheduled.generate")} submitLabel={t("reports.scheduled.generate_button")}>
        <TextField
          name="day"
          type="date"
          label={t("reports.scheduled.generate_day")}
          hint={t("reports.scheduled.generate_hint")}
          value={day}
          max={undefined}
          onChange={(v) => {
            setDone(null);
            setDay(v);
          }}
        />
      </EditorForm>
    </>
  );
}
