import { formatLocal } from "../../../core/time/zone.ts";
import type { TrainingRun } from "../../../trainer/queue/runs.ts";
import { html, type SafeHtml } from "../../html.ts";
import type { Strings } from "../../i18n.ts";
import type { LearnerPage } from "../../model/learner-page.ts";

/** The parameters as the learner typed them to /train. */
export function paramsText(run: TrainingRun): string {
  const p = run.params;
  const dropout = p.dropout.every((rate) => rate === p.dropout[0])
    ? String(p.dropout[0])
    : p.dropout.join(",");
  return [
    `dropout=${dropout}`,
    `epochs=${p.epochs}`,
    `samples=${p.samples}`,
    `batch=${p.batch}`,
    `optimizer=${p.optimizer}`,
    `lr=${p.lr}`,
    ...(p.batchnorm ? ["batchnorm=on"] : []),
    ...(p.compare ? ["compare=on"] : []),
    ...(p.seed !== null ? [`seed=${p.seed}`] : []),
  ].join(" ");
}

export function durationSeconds(run: TrainingRun): number | undefined {
  if (run.trainSeconds !== null) return run.trainSeconds;
  if (!run.startedAt || !run.finishedAt) return undefined;
  return (new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) / 1000;
}

/**
 * Every /train job: what was asked, where and how long it ran, and a chart (drawn by our script) that
 * overlays the runs chosen, as TensorBoard does. The table under it carries the same numbers without script.
 */
export function runsSection(model: LearnerPage, t: Strings): SafeHtml {
  if (model.runs.length === 0) {
    return html`<section class="card" id="runs" aria-labelledby="runs-h">
      <h2 id="runs-h">${t.runs}</h2>
      <p>${t.runsNone}</p>
    </section>`;
  }
  const withCurves = model.runs.filter((run) => run.history.some((history) => history.epochs.length > 0));
  const chosen = new Set(withCurves.slice(0, 1).map((run) => run.id));
  const rows = model.runs.map((run) => {
    const seconds = durationSeconds(run);
    const testAcc = run.history[0]?.testAcc;
    const drawable = withCurves.includes(run);
    return html`<tr data-run="${run.id}">
      <td>
        ${
          drawable
            ? html`<input
                  type="checkbox"
                  class="run-pick"
                  id="run-${run.id}"
                  value="${run.id}"
                  ${chosen.has(run.id) ? "checked" : ""}
                />
                <label for="run-${run.id}" class="visually-hidden">${t.runChoose(run.id)}</label>`
            : ""
        }
      </td>
      <th scope="row">
        #${run.id}<span class="sub">${formatLocal(new Date(run.createdAt), model.user.timeZone)}</span>
      </th>
      <td>${t.statuses[run.status]}</td>
      <td class="params"><code>${paramsText(run)}</code></td>
      <td>${run.backend ?? "—"}</td>
      <td class="num">${seconds === undefined ? "—" : t.seconds(seconds)}</td>
      <td class="num">
        ${testAcc === undefined || run.status !== "done" ? "—" : `${(testAcc * 100).toFixed(1)}%`}
      </td>
    </tr>`;
  });
  const tables = withCurves.map(
    (run) =>
      html`<table class="data compact">
        <caption>
          #${run.id}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.epoch}</th>
            ${run.history.map(
              (history) =>
                html`<th scope="col">${history.kind} ${t.train}</th>
                  <th scope="col">${history.kind} ${t.validation}</th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${(run.history[0]?.epochs ?? []).map(
            (_, index) =>
              html`<tr>
                <th scope="row">${index + 1}</th>
                ${run.history.map((history) => {
                  const epoch = history.epochs[index];
                  return html`<td class="num">${epoch ? epoch.acc.toFixed(3) : "—"}</td>
                    <td class="num">${epoch ? epoch.valAcc.toFixed(3) : "—"}</td>`;
                })}
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
  return html`<section class="card" id="runs" aria-labelledby="runs-h">
    <h2 id="runs-h">${t.runs}</h2>
    <p id="runs-help">${t.runsHelp}</p>
    <div class="chart-controls">
      <label for="metric">${t.metric}</label>
      <select id="metric">
        <option value="acc">${t.metricAcc}</option>
        <option value="loss">${t.metricLoss}</option>
      </select>
    </div>
    <div class="chart-box">
      <canvas
        id="run-chart"
        role="img"
        aria-label="${t.chartLabel}"
        data-train="${t.train}"
        data-validation="${t.validation}"
        data-epoch="${t.epoch}"
      ></canvas>
    </div>
    <div class="scroll" tabindex="0" role="region" aria-label="${t.scrolls(t.runs)}">
      <table class="data" id="run-table" aria-describedby="runs-help">
        <thead>
          <tr>
            <th scope="col"><span class="visually-hidden">${t.runs}</span></th>
            <th scope="col">${t.run}</th>
            <th scope="col">${t.status}</th>
            <th scope="col">${t.params}</th>
            <th scope="col">${t.backend}</th>
            <th scope="col">${t.duration}</th>
            <th scope="col">${t.testAccuracy}</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
    <details>
      <summary>${t.chartTable}</summary>
      <div class="scroll" tabindex="0" role="region" aria-label="${t.scrolls(t.chartTable)}">${tables}</div>
    </details>
  </section>`;
}
