import { html, type SafeHtml } from "../../html.ts";
import type { Strings } from "../../i18n.ts";
import type { LearnerPage } from "../../model/learner-page.ts";
import { percent } from "../layout.ts";

/** A bar for a share (0..1), drawn with attributes only: the CSP allows no inline style. */
export function bar(share: number): SafeHtml {
  const width = Math.max(0, Math.min(100, Math.round(share * 100)));
  return html`<svg
    class="bar"
    viewBox="0 0 100 8"
    preserveAspectRatio="none"
    aria-hidden="true"
    focusable="false"
  >
    <rect class="bar-bg" width="100" height="8" rx="2"></rect>
    <rect class="bar-fg" width="${width}" height="8" rx="2"></rect>
  </svg>`;
}

export function summarySection(model: LearnerPage, t: Strings): SafeHtml {
  const { totals, streaks } = model;
  const tile = (label: string, value: string, id: string) =>
    html`<div class="tile">
      <dt>${label}</dt>
      <dd data-stat="${id}">${value}</dd>
    </div>`;
  return html`<section class="card" aria-labelledby="summary-h">
    <h2 id="summary-h">${t.summary}</h2>
    <dl class="tiles">
      ${tile(t.answers, t.times(totals.attempts), "answers")}
      ${tile(t.correct, t.times(totals.correct), "correct")}
      ${tile(t.accuracy, percent(totals.correct, totals.attempts), "accuracy")}
      ${tile(t.currentStreak, t.days(streaks.current), "streak")}
      ${tile(t.longestStreak, t.days(streaks.best), "best-streak")}
    </dl>
  </section>`;
}

export function accuracySection(model: LearnerPage, t: Strings): SafeHtml {
  if (model.steps.length === 0) {
    return html`<section class="card" aria-labelledby="acc-h">
      <h2 id="acc-h">${t.byStep}</h2>
      <p>${t.noAnswers}</p>
    </section>`;
  }
  const steps = model.steps.map(
    (row) =>
      html`<tr data-step="${row.step}">
        <th scope="row">STEP ${row.step}<span class="sub">${row.title}</span></th>
        <td>
          ${bar(row.correct / row.attempts)}<span class="num">${percent(row.correct, row.attempts)}</span>
          <span class="sub">${row.correct}/${row.attempts}</span>
        </td>
        <td class="num">${row.answered}/${row.total}</td>
      </tr>`,
  );
  const questions = model.questions.map(
    (row) =>
      html`<tr data-question="${row.id}">
        <th scope="row">Q${row.number || row.id}<span class="sub">${row.title}</span></th>
        <td>
          ${bar(row.correct / row.attempts)}<span class="num">${percent(row.correct, row.attempts)}</span>
          <span class="sub">${row.correct}/${row.attempts}</span>
        </td>
        <td><span class="${row.lastCorrect ? "ok" : "ng"}">${row.lastCorrect ? t.right : t.wrong}</span></td>
      </tr>`,
  );
  return html`<section class="card" aria-labelledby="acc-h">
    <h2 id="acc-h">${t.byStep}</h2>
    <div class="scroll" tabindex="0" role="region" aria-label="${t.scrolls(t.byStep)}">
      <table class="data" id="steps">
        <thead>
          <tr>
            <th scope="col">${t.step}</th>
            <th scope="col">${t.accuracy}</th>
            <th scope="col">${t.questionsAnswered}</th>
          </tr>
        </thead>
        <tbody>
          ${steps}
        </tbody>
      </table>
    </div>
    <h3 id="q-h">${t.byQuestion}</h3>
    <div class="scroll" tabindex="0" role="region" aria-label="${t.scrolls(t.byQuestion)}">
      <table class="data" id="questions" aria-labelledby="q-h">
        <thead>
          <tr>
            <th scope="col">${t.question}</th>
            <th scope="col">${t.accuracy}</th>
            <th scope="col">${t.latest}</th>
          </tr>
        </thead>
        <tbody>
          ${questions}
        </tbody>
      </table>
    </div>
  </section>`;
}
