import { html, type SafeHtml } from "../../html.ts";
import type { Strings } from "../../i18n.ts";
import { CALENDAR_WEEKS, type LearnerPage } from "../../model/learner-page.ts";
import { bar } from "./progress.ts";

const CELL = 12;
const GAP = 3;

const levelOf = (count: number): number =>
  count === 0 ? 0 : count <= 2 ? 1 : count <= 5 ? 2 : count <= 9 ? 3 : 4;

/** A contribution calendar: one column per week (Sunday on top), darker for more answers that day. */
export function calendarSection(model: LearnerPage, t: Strings): SafeHtml {
  const studied = model.calendar.filter((day) => day.count > 0).length;
  const cells = model.calendar.map((day, index) => {
    const x = Math.floor(index / 7) * (CELL + GAP);
    const y = (index % 7) * (CELL + GAP);
    return html`<rect
      class="lv${levelOf(day.count)}"
      x="${x}"
      y="${y}"
      width="${CELL}"
      height="${CELL}"
      rx="2"
      data-date="${day.date}"
      data-count="${day.count}"
      ><title>${t.answersOn(day.date, day.count)}</title></rect
    >`;
  });
  const width = CALENDAR_WEEKS * (CELL + GAP) - GAP;
  const height = 7 * (CELL + GAP) - GAP;
  const legend = [0, 1, 2, 3, 4].map(
    (level) =>
      html`<svg class="swatch" viewBox="0 0 ${CELL} ${CELL}" aria-hidden="true" focusable="false">
        <rect class="lv${level}" width="${CELL}" height="${CELL}" rx="2"></rect>
      </svg>`,
  );
  return html`<section class="card" aria-labelledby="cal-h">
    <h2 id="cal-h">${t.calendar}</h2>
    <p class="streaks">
      <span
        >${t.currentStreak}:
        <strong data-stat="calendar-streak">${t.days(model.streaks.current)}</strong></span
      >
      <span>${t.longestStreak}: <strong>${t.days(model.streaks.best)}</strong></span>
    </p>
    <div class="scroll heat-wrap" tabindex="0" role="region" aria-label="${t.scrolls(t.calendar)}">
      <svg
        class="heat"
        viewBox="0 0 ${width} ${height}"
        width="${width}"
        height="${height}"
        role="img"
        aria-labelledby="cal-label"
      >
        <title id="cal-label">${t.calendarLabel(studied, CALENDAR_WEEKS)}</title>
        ${cells}
      </svg>
    </div>
    <p class="legend" aria-hidden="true">${t.less} ${legend} ${t.more}</p>
  </section>`;
}

/** Reviews falling due over the coming days (the first day includes those already overdue). */
export function reviewsSection(model: LearnerPage, t: Strings): SafeHtml {
  const { days, total } = model.reviews;
  const most = Math.max(1, ...days.map((day) => day.due));
  const body =
    total === 0
      ? html`<p>${t.reviewsNone}</p>`
      : html`<p>${t.reviewsTotal(total)}</p>
          <table class="data compact" id="reviews">
            <tbody>
              ${days.map(
                (day, index) =>
                  html`<tr data-date="${day.date}">
                    <th scope="row">${index === 0 ? t.today : day.date.slice(5).replace("-", "/")}</th>
                    <td>${bar(day.due / most)}</td>
                    <td class="num">${t.dueCount(day.due)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`;
  return html`<section class="card" aria-labelledby="rev-h">
    <h2 id="rev-h">${t.reviews}</h2>
    ${body}
  </section>`;
}
