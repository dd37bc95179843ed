import type { Locale } from "../../core/conversation.ts";
import { formatLocal } from "../../core/time/zone.ts";
import { html, type SafeHtml } from "../html.ts";
import { stringsFor, type Strings } from "../i18n.ts";
import type { GroupPage, NamedRow } from "../model/group-page.ts";
import { page, percent, postForm } from "./layout.ts";
import { bar } from "./learner/progress.ts";
import { groupUrl, PLATFORM_NAMES, signOutNav } from "./learner-page.ts";

const nameCell = (row: NamedRow, t: Strings): SafeHtml =>
  html`${row.name ?? t.hiddenMember}${row.you ? html` <span class="sub">${t.you}</span>` : ""}`;

export function groupPageHtml(model: GroupPage, locale: Locale, timeZone: string, csrf: string): string {
  const t = stringsFor(locale);
  const title = `${t.groupName(PLATFORM_NAMES[model.chat.platform])} — ${t.group}`;
  return page({
    locale,
    title,
    nav: signOutNav(t, csrf, false),
    body: html`<h1>${title}</h1>
      <div class="grid">
        ${quizzesSection(model, t, timeZone)} ${hardestSection(model, t)} ${streaksSection(model, t, csrf)}
      </div>`,
  });
}

function quizzesSection(model: GroupPage, t: Strings, timeZone: string): SafeHtml {
  const quizzes = model.quizzes.map(
    (quiz) =>
      html`<article class="quiz" data-quiz="${quiz.id}">
        <h3>
          ${t.quizOn(formatLocal(new Date(quiz.startedAt), timeZone), quiz.step, quiz.questions)}
          <span class="sub"
            >${quiz.endReason ? (t.endReasons[quiz.endReason] ?? quiz.endReason) : t.running}</span
          >
        </h3>
        <table class="data compact">
          <thead>
            <tr>
              <th scope="col">${t.rank}</th>
              <th scope="col">${t.member}</th>
              <th scope="col">${t.points}</th>
              <th scope="col">${t.correct}</th>
            </tr>
          </thead>
          <tbody>
            ${quiz.board.map(
              (line) =>
                html`<tr>
                  <td class="num">${line.rank}</td>
                  <th scope="row">${nameCell(line, t)}</th>
                  <td class="num">${line.points}</td>
                  <td class="num">${line.correct}/${line.answered}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </article>`,
  );
  return html`<section class="card" aria-labelledby="gq-h">
    <h2 id="gq-h">${t.groupQuizzes}</h2>
    ${quizzes.length > 0 ? quizzes : html`<p>${t.groupQuizNone}</p>`}
  </section>`;
}

function hardestSection(model: GroupPage, t: Strings): SafeHtml {
  const rows = model.questions.map(
    (row) =>
      html`<tr data-question="${row.id}">
        <th scope="row">STEP ${row.step} Q${row.number || row.id}<span class="sub">${row.title}</span></th>
        <td>
          ${bar(row.correct / row.attempts)}<span class="num">${percent(row.correct, row.attempts)}</span>
          <span class="sub">${row.correct}/${row.attempts}</span>
        </td>
        <td>
          ${
            row.commonWrong
              ? html`${row.commonWrong.choice}. ${row.commonWrong.text}
                  <span class="sub">(${row.commonWrong.count})</span>`
              : "—"
          }
        </td>
      </tr>`,
  );
  return html`<section class="card" aria-labelledby="hard-h">
    <h2 id="hard-h">${t.hardest}</h2>
    ${
      rows.length > 0
        ? html`<div class="scroll" tabindex="0" role="region" aria-label="${t.scrolls(t.hardest)}">
            <table class="data" id="group-questions">
              <thead>
                <tr>
                  <th scope="col">${t.question}</th>
                  <th scope="col">${t.accuracy}</th>
                  <th scope="col">${t.commonWrong}</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
          </div>`
        : html`<p>${t.hardestNone}</p>`
    }
  </section>`;
}

function streaksSection(model: GroupPage, t: Strings, csrf: string): SafeHtml {
  const toggle = postForm(
    `${groupUrl(model.chat)}/visibility`,
    csrf,
    html`<input type="hidden" name="hidden" value="${model.viewerHidden ? "no" : "yes"}" />
      <button type="submit">${model.viewerHidden ? t.showMe : t.hideMe}</button>`,
  );
  return html`<section class="card" aria-labelledby="streak-h">
    <h2 id="streak-h">${t.streaks}</h2>
    <table class="data compact" id="member-streaks">
      <thead>
        <tr>
          <th scope="col">${t.member}</th>
          <th scope="col">${t.currentStreak}</th>
          <th scope="col">${t.longestStreak}</th>
        </tr>
      </thead>
      <tbody>
        ${model.members.map(
          (row) =>
            html`<tr>
              <th scope="row">${nameCell(row, t)}</th>
              <td class="num">${t.days(row.current)}</td>
              <td class="num">${t.days(row.best)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${model.viewerHidden ? html`<p>${t.youAreHidden}</p>` : ""} ${toggle}
  </section>`;
}
