import type { Locale } from "../../core/conversation.ts";
import { html, toText, type HtmlValue, type SafeHtml } from "../html.ts";
import { stringsFor } from "../i18n.ts";

export const STATIC = "/web/static";

export interface PageOptions {
  locale: Locale;
  title: string;
  body: HtmlValue;
  /** Scripts of ours to load (names under /web/static/), in order. */
  scripts?: readonly string[];
  /** Links in the header (the learner's page, sign out). */
  nav?: SafeHtml;
}

/** The whole document: our stylesheet and scripts only, nothing inline, nothing from elsewhere. */
export function page(options: PageOptions): string {
  const t = stringsFor(options.locale);
  const scripts = (options.scripts ?? []).map((name) =>
    name.endsWith(".mjs")
      ? html`<script type="module" src="${STATIC}/${name}"></script>`
      : html`<script defer src="${STATIC}/${name}"></script>`,
  );
  return (
    "<!doctype html>\n" +
    toText(
      html`<html lang="${options.locale}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="referrer" content="same-origin" />
          <title>${options.title} — ${t.brand}</title>
          <link rel="stylesheet" href="${STATIC}/app.css" />
          <link rel="stylesheet" href="${STATIC}/parts.css" />
          ${scripts}
        </head>
        <body>
          <a class="skip" href="#main">${t.skip}</a>
          <header class="top">
            <div class="wrap top-row">
              <span class="brand">${t.brand}</span>
              ${options.nav ?? ""}
            </div>
          </header>
          <main id="main" class="wrap" tabindex="-1">${options.body}</main>
        </body>
      </html>`,
    )
  );
}

/** A short page with a heading and a few paragraphs, in both languages when the reader is unknown. */
export function noticePage(options: {
  locale?: Locale;
  title: { ja: string; en: string };
  lines: { ja: string; en: string }[];
  extra?: SafeHtml;
  scripts?: readonly string[];
}): string {
  const locale = options.locale;
  const title = locale ? options.title[locale] : `${options.title.ja} / ${options.title.en}`;
  const lines = options.lines.map((line) =>
    locale
      ? html`<p>${line[locale]}</p>`
      : html`<p>${line.ja}</p>
          <p lang="en">${line.en}</p>`,
  );
  return page({
    locale: locale ?? "ja",
    title,
    body: html`<section class="card notice">
      <h1>${title}</h1>
      ${lines} ${options.extra ?? ""}
    </section>`,
    ...(options.scripts ? { scripts: options.scripts } : {}),
  });
}

/** A form that changes something: POST, with the session's CSRF token. */
export function postForm(action: string, csrf: string, inner: HtmlValue, attrs?: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}" ${attrs ?? ""}>
    <input type="hidden" name="_csrf" value="${csrf}" />${inner}
  </form>`;
}

/** Percent, rounded; "—" with nothing to divide. */
export const percent = (part: number, whole: number): string =>
  whole > 0 ? `${Math.round((part / whole) * 100)}%` : "—";
