// A part of a queue's configuration that the API keeps on its own route,
// /api/v1/queues/<id>/<part> (GET and PUT): the desk configuration and the
// survey form. Shown below the queue's routing form, loaded and saved on
// its own; titled `admin.<part>.title`, with `admin.<part>.intro` and a
// button `admin.<part>.save`. The part's editor gives only its fields.
import type { ReactNode } from "react";
import { api } from "../../../lib/api";
import { useI18n } from "../../../i18n";
import type { Mapped } from "../forms/common";
import { useEditorForm } from "../ui/crud";
import { Loaded } from "../ui/feedback";
import { EditorForm } from "../ui/parts";
import { useLoad } from "../ui/useLoad";

export type QueuePart = "desk" | "survey";

interface PartProps<C, F> {
  queueId: number;
  part: QueuePart;
  toForm: (c: C) => F;
  fromForm: (f: F) => Mapped<C>;
  children: (f: F, up: (patch: Partial<F>) => void) => ReactNode;
}

export function QueuePartEditor<C, F>(props: PartProps<C, F>) {
  const { t } = useI18n();
  const { queueId, part } = props;
  const data = useLoad(() => api<C>("GET", `/api/v1/queues/${queueId}/${part}`), [queueId]);
  return (
    <section aria-labelledby={`sy-${part}-h`} className="sy-subsection">
      <h3 id={`sy-${part}-h`}>{t(`admin.${part}.title`)}</h3>
      <p className="sy-intro">{t(`admin.${part}.intro`)}</p>
      <Loaded state={data}>{(d) => <PartForm {...props} initial={d} />}</Loaded>
    </section>
  );
}

function PartForm<C, F>(props: PartProps<C, F> & { initial: C }) {
  const { t } = useI18n();
  const { queueId, part } = props;
  const { f, up, formProps } = useEditorForm<F, C, C | undefined>({
    initial: () => props.toForm(props.initial),
    fromForm: props.fromForm,
    send: (body) => api<C | undefined>("PUT", `/api/v1/queues/${queueId}/${part}`, body),
    // No body in the answer (204): the form as sent.
    saved: (answer, body) => props.toForm(answer ?? body),
  });
  return (
    <EditorForm {...formProps} label={t(`admin.${part}.title`)} submitLabel={t(`admin.${part}.save`)}>
      {props.children(f, up)}
    </EditorForm>
  );
}
