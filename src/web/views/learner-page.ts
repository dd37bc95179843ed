import type { Platform } from "../../core/conversation.ts";
import { html, type SafeHtml } from "../html.ts";
import { stringsFor, type Strings } from "../i18n.ts";
import type { LearnerPage } from "../model/learner-page.ts";
import type { ChatRef } from "../store/sessions.ts";
import { page, postForm } from "./layout.ts";
import { calendarSection, reviewsSection } from "./learner/calendar.ts";
import { memosSection } from "./learner/memos.ts";
import { accuracySection, summarySection } from "./learner/progress.ts";
import { runsSection } from "./learner/runs.ts";

/** Where "open the chat" goes: the app's chat list (the bot's own chat cannot be named without more ids). */
const CHAT_LINKS: Partial<Record<Platform, string>> = {
  discord: "https://discord.com/channels/@me",
  line: "https://line.me/R/nv/chat",
};

export const PLATFORM_NAMES: Record<Platform, string> = { local: "Local", discord: "Discord", line: "LINE" };

export function groupUrl(chat: ChatRef): string {
  return `/web/g/${encodeURIComponent(chat.platform)}/${encodeURIComponent(chat.chatId)}`;
}

export function signOutNav(t: Strings, csrf: string, myPage: boolean): SafeHtml {
  return html`<nav class="nav" aria-label="${t.brand}">
    ${myPage ? "" : html`<a href="/web">${t.myPage}</a>`}
    ${postForm("/web/logout", csrf, html`<button type="submit" class="link">${t.signOut}</button>`)}
  </nav>`;
}

export function learnerPageHtml(model: LearnerPage, csrf: string): string {
  const t = stringsFor(model.user.locale);
  const title = model.user.name ? `${model.user.name} — ${t.myPage}` : t.myPage;
  return page({
    locale: model.user.locale,
    title,
    nav: signOutNav(t, csrf, true),
    scripts: model.runs.length > 0 ? ["vendor/chart.umd.min.js", "runs.mjs"] : [],
    body: html`<h1>${title}</h1>
      <div class="grid">
        ${summarySection(model, t)} ${positionSection(model, t)} ${accuracySection(model, t)}
        ${calendarSection(model, t)} ${reviewsSection(model, t)} ${memosSection(model, t, csrf)}
        ${runsSection(model, t)} ${groupsSection(model, t)} ${dataSection(t)}
      </div>`,
  });
}

function positionSection(model: LearnerPage, t: Strings): SafeHtml {
  const position = model.position;
  const link = CHAT_LINKS[model.user.platform];
  return html`<section class="card" aria-labelledby="pos-h">
    <h2 id="pos-h">${t.position}</h2>
    ${
      position
        ? html`<p class="big">${t.positionAt(position.step, position.title)}</p>
            <p>
              ${position.sectionTitle}
              <span class="sub">${t.positionSection(position.section, position.sections)}</span>
            </p>
            <p>${t.continueHint} <code>/lesson next</code></p>
            ${link ? html`<p><a class="button" href="${link}" rel="noopener noreferrer">${t.openChat}</a></p>` : ""}`
        : html`<p>${t.positionNone}</p>`
    }
  </section>`;
}

function groupsSection(model: LearnerPage, t: Strings): SafeHtml {
  return html`<section class="card" aria-labelledby="groups-h">
    <h2 id="groups-h">${t.groups}</h2>
    ${
      model.groups.length > 0
        ? html`<ul>
            ${model.groups.map(
              (chat) =>
                html`<li><a href="${groupUrl(chat)}">${t.groupName(PLATFORM_NAMES[chat.platform])}</a></li>`,
            )}
          </ul>`
        : html`<p>${t.groupsHelp}</p>`
    }
  </section>`;
}

function dataSection(t: Strings): SafeHtml {
  return html`<section class="card" aria-labelledby="data-h">
    <h2 id="data-h">${t.data}</h2>
    <p><a class="button" href="/web/export.json" download>${t.download}</a></p>
    <p><a class="button danger" href="/web/account/delete">${t.deleteAll}</a></p>
  </section>`;
}

/** The confirmation asked before everything is deleted. */
export function deleteConfirmHtml(locale: "ja" | "en", csrf: string, busy: boolean): string {
  const t = stringsFor(locale);
  return page({
    locale,
    title: t.deleteTitle,
    nav: signOutNav(t, csrf, false),
    body: html`<section class="card notice">
      <h1>${t.deleteTitle}</h1>
      <p>${t.deleteExplain}</p>
      ${busy ? html`<p class="error" role="alert">${t.deleteBusy}</p>` : ""}
      ${postForm(
        "/web/account/delete",
        csrf,
        html`<p>
            <input type="checkbox" id="confirm" name="confirm" value="yes" required />
            <label for="confirm">${t.deleteConfirm}</label>
          </p>
          <p class="row">
            <button type="submit" class="danger">${t.deleteButton}</button> <a href="/web">${t.cancel}</a>
          </p>`,
      )}
    </section>`,
  });
}
