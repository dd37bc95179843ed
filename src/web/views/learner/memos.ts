import { MEMO_MAX_LENGTH } from "../../../core/commands/memo.ts";
import { formatLocal } from "../../../core/time/zone.ts";
import { html, type SafeHtml } from "../../html.ts";
import type { Strings } from "../../i18n.ts";
import type { LearnerPage } from "../../model/learner-page.ts";
import { postForm } from "../layout.ts";

/** Memos newest first, searchable; each one can be edited or deleted (plain forms: no script needed). */
export function memosSection(model: LearnerPage, t: Strings, csrf: string): SafeHtml {
  const { memos } = model;
  const back = memoListUrl(memos.query, memos.page);
  const items = memos.items.map(
    (memo) =>
      html`<li class="memo" id="memo-${memo.id}" data-memo="${memo.id}">
        <p class="meta">
          <span>${t.memoOf(memo.id)}</span> ·
          <span>STEP ${memo.step}${memo.stepTitle ? ` ${memo.stepTitle}` : ""}</span> ·
          <time datetime="${memo.createdAt.toISOString()}"
            >${formatLocal(memo.createdAt, model.user.timeZone)}</time
          >
        </p>
        <p class="memo-body">${memo.body}</p>
        <div class="memo-actions">
          <details>
            <summary>${t.edit}</summary>
            ${postForm(
              `/web/memos/${memo.id}`,
              csrf,
              html`<input type="hidden" name="back" value="${back}" />
                <label for="memo-text-${memo.id}">${t.memoText}</label>
                <textarea
                  id="memo-text-${memo.id}"
                  name="body"
                  rows="3"
                  maxlength="${MEMO_MAX_LENGTH}"
                  required
                >
${memo.body}</textarea>
                <button type="submit">${t.save}</button>`,
            )}
          </details>
          ${postForm(
            `/web/memos/${memo.id}/delete`,
            csrf,
            html`<input type="hidden" name="back" value="${back}" />
              <button type="submit" class="quiet" aria-label="${t.delete}: ${t.memoOf(memo.id)}">
                ${t.delete}
              </button>`,
          )}
        </div>
      </li>`,
  );
  const empty = memos.query ? t.memoNoMatch : t.memoNone;
  const pager =
    memos.pages > 1
      ? html`<nav class="pager" aria-label="${t.memos}">
          ${memos.page > 1 ? html`<a href="${memoListUrl(memos.query, memos.page - 1)}">${t.prev}</a>` : ""}
          <span>${memos.page} / ${memos.pages}</span>
          ${memos.page < memos.pages ? html`<a href="${memoListUrl(memos.query, memos.page + 1)}">${t.next}</a>` : ""}
        </nav>`
      : "";
  return html`<section class="card" id="memos" aria-labelledby="memo-h">
    <h2 id="memo-h">${t.memos} <span class="sub">${t.memoCount(memos.total)}</span></h2>
    <form method="get" action="/web#memos" role="search" class="search">
      <label for="memo-q">${t.memoSearch}</label>
      <input id="memo-q" name="q" type="search" value="${memos.query}" maxlength="100" />
      <button type="submit">${t.search}</button>
      ${memos.query ? html`<a href="/web#memos">${t.clear}</a>` : ""}
    </form>
    ${
      items.length > 0
        ? html`<ol class="memos">
            ${items}
          </ol>`
        : html`<p>${empty}</p>`
    }
    ${pager}
  </section>`;
}

/** Where the memo list is, so a change brings the learner back to the same search and page. */
export function memoListUrl(query: string, page: number): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return `/web${search ? `?${search}` : ""}#memos`;
}
