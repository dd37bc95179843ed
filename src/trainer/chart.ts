import { createCanvas, GlobalFonts, type SKRSContext2D } from "@napi-rs/canvas";
import { Chart, registerables, type ChartConfiguration, type ChartDataset, type Plugin } from "chart.js";
import { createRequire } from "node:module";
import type { Locale } from "../core/conversation.ts";
import type { TrainParams } from "./params.ts";
import type { RunHistory } from "./types.ts";

/** Tall enough to read both panels on a phone without zooming. */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 1400;
const HEADER = 150;
const PANEL = (CHART_HEIGHT - HEADER) / 2;
const FONT = "Noto Sans JP";
const COLORS = { dropout: "#2563eb", baseline: "#ea580c" } as const;

let ready = false;

function setUp(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  for (const weight of ["400Regular", "700Bold"]) {
    const file = require.resolve(`@expo-google-fonts/noto-sans-jp/${weight}/NotoSansJP_${weight}.ttf`);
    if (GlobalFonts.registerFromPath(file, FONT) === null) throw new Error(`Could not load the font ${file}`);
  }
  Chart.register(...registerables);
  Chart.defaults.font.family = FONT;
  Chart.defaults.font.size = 24;
  Chart.defaults.color = "#1f2937";
  ready = true;
}

export function formatDropout(dropout: readonly number[]): string {
  return dropout.every((rate) => rate === dropout[0]) ? String(dropout[0]) : dropout.join(",");
}

/** The words on a chart, per language. */
const WORDS = {
  ja: {
    without: "ドロップアウトなし",
    dropout: (rates: string) => `ドロップアウト ${rates}`,
    title: (name: string, compare: boolean) => (compare ? `${name} となし の学習曲線` : `${name} の学習曲線`),
    training: "訓練",
    validation: "検証",
    gap: "差",
    epoch: "エポック",
    accuracy: "精度",
    loss: "損失",
    accuracyPanel: "精度(実線: 訓練 / 破線: 検証)",
  },
  en: {
    without: "No dropout",
    dropout: (rates: string) => `Dropout ${rates}`,
    title: (name: string, compare: boolean) =>
      compare ? `Learning curves: ${name} vs no dropout` : `Learning curves: ${name}`,
    training: "training",
    validation: "validation",
    gap: "gap",
    epoch: "Epoch",
    accuracy: "Accuracy",
    loss: "Loss",
    accuracyPanel: "Accuracy (solid: training / dashed: validation)",
  },
} as const;

function runName(run: RunHistory, locale: Locale): string {
  const words = WORDS[locale];
  return run.kind === "baseline" ? words.without : words.dropout(formatDropout(run.dropout));
}

export function chartTitle(params: TrainParams, locale: Locale = "ja"): string {
  const words = WORDS[locale];
  const name = params.dropout.every((rate) => rate === 0)
    ? words.without
    : words.dropout(formatDropout(params.dropout));
  return words.title(name, params.compare);
}

export function paramsLine(params: TrainParams): string {
  const parts = [
    `epochs=${params.epochs}`,
    `batch=${params.batch}`,
    `samples=${params.samples}`,
    `${params.optimizer} lr=${params.lr}`,
  ];
  if (params.batchnorm) parts.push("batchnorm=on");
  if (params.seed !== null) parts.push(`seed=${params.seed}`);
  return parts.join("  ");
}

type Metric = "acc" | "loss";

function datasets(runs: RunHistory[], metric: Metric, locale: Locale): ChartDataset<"line">[] {
  return runs.flatMap((run) => {
    const color = COLORS[run.kind];
    const base = { borderColor: color, backgroundColor: color, borderWidth: 4, pointRadius: 5, tension: 0 };
    return [
      {
        ...base,
        label: `${runName(run, locale)} ${WORDS[locale].training}`,
        data: run.epochs.map((epoch) => (metric === "acc" ? epoch.acc : epoch.loss)),
      },
      {
        ...base,
        label: `${runName(run, locale)} ${WORDS[locale].validation}`,
        borderDash: [14, 8],
        pointStyle: "rectRot",
        data: run.epochs.map((epoch) => (metric === "acc" ? epoch.valAcc : epoch.valLoss)),
      },
    ];
  });
}

/** Room right of the accuracy plot for the gap brackets and their labels. */
const GAP_MARGIN = 200;
const Y_AXIS_WIDTH = 110;

/**
 * Right of the last epoch, draws a bracket from each run's final training accuracy to its final validation
 * accuracy, labelled with the gap — the number the lesson reads overfitting from.
 */
function gapAnnotation(runs: RunHistory[], locale: Locale): Plugin<"line"> {
  return {
    id: "final-gap",
    afterDatasetsDraw(chart) {
      const { ctx, scales } = chart;
      const x = scales.x;
      const y = scales.y;
      if (x === undefined || y === undefined) return;
      let previousLabelY = Number.NEGATIVE_INFINITY;
      const placed = runs
        .map((run) => ({ run, last: run.epochs.at(-1) }))
        .filter(
          (entry): entry is { run: RunHistory; last: NonNullable<typeof entry.last> } =>
            entry.last !== undefined,
        )
        .map(({ run, last }) => ({
          run,
          last,
          top: y.getPixelForValue(Math.max(last.acc, last.valAcc)),
          bottom: y.getPixelForValue(Math.min(last.acc, last.valAcc)),
        }))
        .sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
      placed.forEach(({ run, last, top, bottom }, index) => {
        const px = x.getPixelForValue(run.epochs.length - 1) + 24 + index * 18;
        const labelY = Math.max((top + bottom) / 2, previousLabelY + 34);
        previousLabelY = labelY;
        ctx.save();
        ctx.strokeStyle = COLORS[run.kind];
        ctx.fillStyle = COLORS[run.kind];
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(px - 8, top);
        ctx.lineTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.lineTo(px - 8, bottom);
        ctx.stroke();
        ctx.font = `bold 24px "${FONT}"`;
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        const gap = `${WORDS[locale].gap} ${(last.acc - last.valAcc).toFixed(3)}`;
        ctx.fillText(gap, px + 40 - index * 18, labelY);
        ctx.restore();
      });
    },
  };
}

function drawPanel(
  target: SKRSContext2D,
  top: number,
  runs: RunHistory[],
  metric: Metric,
  locale: Locale,
): void {
  const words = WORDS[locale];
  const title = metric === "acc" ? words.accuracyPanel : words.loss;
  const canvas = createCanvas(CHART_WIDTH, PANEL);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, CHART_WIDTH, PANEL);
  const epochs = Math.max(...runs.map((run) => run.epochs.length));
  const config: ChartConfiguration<"line"> = {
    type: "line",
    data: {
      labels: Array.from({ length: epochs }, (_, i) => String(i + 1)),
      datasets: datasets(runs, metric, locale),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { left: 16, right: GAP_MARGIN, top: 8, bottom: 8 } },
      plugins: {
        title: { display: true, text: title, font: { size: 30, weight: "bold" } },
        legend: {
          display: true,
          position: "bottom",
          labels: { usePointStyle: false, boxWidth: 48, boxHeight: 4, padding: 18, font: { size: 22 } },
        },
      },
      scales: {
        x: { title: { display: true, text: words.epoch, font: { size: 24 } }, ticks: { font: { size: 22 } } },
        y: {
          title: { display: true, text: metric === "acc" ? words.accuracy : words.loss, font: { size: 24 } },
          ticks: { font: { size: 22 } },
          grid: { color: "#e5e7eb" },
          // The same axis width in both panels, so their epochs line up.
          afterFit: (scale) => {
            scale.width = Y_AXIS_WIDTH;
          },
        },
      },
    },
    plugins: metric === "acc" ? [gapAnnotation(runs, locale)] : [],
  };
  // chart.js drives a canvas-like context in Node; @napi-rs/canvas implements the 2D API it uses.
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], config);
  target.drawImage(canvas, 0, top);
  // destroy() clears the canvas, so only after it has been copied.
  chart.destroy();
}

/** Renders the accuracy and loss curves of every run as one PNG (CHART_WIDTH × CHART_HEIGHT). */
export function renderChart(params: TrainParams, runs: RunHistory[], locale: Locale = "ja"): Uint8Array {
  setUp();
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx: SKRSContext2D = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
  ctx.fillStyle = "#111827";
  ctx.textAlign = "center";
  ctx.font = `bold 44px "${FONT}"`;
  ctx.fillText(chartTitle(params, locale), CHART_WIDTH / 2, 64);
  ctx.font = `26px "${FONT}"`;
  ctx.fillStyle = "#4b5563";
  ctx.fillText(paramsLine(params), CHART_WIDTH / 2, 116);
  drawPanel(ctx, HEADER, runs, "acc", locale);
  drawPanel(ctx, HEADER + PANEL, runs, "loss", locale);
  return new Uint8Array(canvas.toBuffer("image/png"));
}
