// An article's Markdown as React elements (parseMarkdown in commsData.ts):
// no HTML string ever reaches the DOM, so a body cannot inject markup or
// script; links open http(s), mailto or this app's paths only.
import { Fragment, type ReactNode } from "react";
import { parseMarkdown, type Block, type Inline } from "./commsData";

function inline(nodes: Inline[]): ReactNode {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case "text":
        return <Fragment key={i}>{n.text}</Fragment>;
      case "strong":
        return <strong key={i}>{inline(n.children)}</strong>;
      case "em":
        return <em key={i}>{inline(n.children)}</em>;
      case "code":
        return <code key={i}>{n.text}</code>;
      case "link": {
        const external = /^https?:/i.test(n.href);
        return (
          <a key={i} href={n.href} {...(external ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {})}>
            {inline(n.children)}
          </a>
        );
      }
    }
  });
}

function block(b: Block, i: number, base: number): ReactNode {
  switch (b.kind) {
    case "heading": {
      // the article's own headings sit below its title's level
      const level = Math.min(6, base + b.level - 1);
      const H = `h${level}` as "h3";
      return <H key={i}>{inline(b.inline)}</H>;
    }
    case "paragraph":
      return <p key={i}>{inline(b.inline)}</p>;
    case "list": {
      const L = b.ordered ? "ol" : "ul";
      return (
        <L key={i}>
          {b.items.map((it, j) => (
            <li key={j}>{inline(it)}</li>
          ))}
        </L>
      );
    }
    case "code":
      return (
        <pre key={i}>
          <code>{b.text}</code>
        </pre>
      );
    case "quote":
      return <blockquote key={i}>{inline(b.inline)}</blockquote>;
    case "rule":
      return <hr key={i} />;
  }
}

/** `headingLevel`: the level a "# " heading of the body becomes (the title above is one higher). */
export function Markdown(props: { source: string; headingLevel?: number; lang?: string }) {
  const base = props.headingLevel ?? 3;
  return (
    <div className="sy-md" lang={props.lang}>
      {parseMarkdown(props.source).map((b, i) => block(b, i, base))}
    </div>
  );
}
