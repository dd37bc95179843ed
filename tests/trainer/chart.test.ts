import { describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH, chartTitle, paramsLine, renderChart } from "../../src/trainer/chart.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import type { RunHistory, RunKind } from "../../src/trainer/types.ts";
import { decodePng, pixelsOfColour, pngSize, type Pixels } from "./png.ts";

/** Accuracy rising and loss falling over the epochs; `lower` moves a run's accuracy down (and loss up). */
function history(kind: RunKind, epochs: number, lower = 0): RunHistory {
  return {
    kind,
    dropout: kind === "baseline" ? [0, 0, 0] : [0.5, 0.4, 0.3],
    testAcc: 0.97,
    testLoss: 0.1,
    epochs: Array.from({ length: epochs }, (_, i) => ({
      epoch: i + 1,
      loss: 0.5 / (i + 1) + lower,
      acc: 0.9 + i * 0.01 - lower,
      valLoss: 0.4 / (i + 1) + lower,
      valAcc: 0.9 + i * 0.005 - lower,
      seconds: 1,
    })),
  };
}

/** The chart's run colours (dropout runs blue, the run without dropout orange) and its title's ink. */
const BLUE = "#2563eb";
const ORANGE = "#ea580c";
const TITLE_INK = "#111827";
const HEADER = 150;
const PANEL = (CHART_HEIGHT - HEADER) / 2;

/**
 * The plot of a panel (accuracy first, then loss), split into its first and last epochs' columns: the
 * panel's title above and its axis and legend below are left out.
 */
function plotBands(panel: 0 | 1) {
  const top = HEADER + panel * PANEL + 55;
  const bottom = HEADER + (panel + 1) * PANEL - 130;
  return {
    whole: { left: 130, right: 980, top, bottom },
    first: { left: 130, right: 300, top, bottom },
    last: { left: 810, right: 980, top, bottom },
  };
}

const meanY = (points: readonly { y: number }[]): number =>
  points.reduce((sum, point) => sum + point.y, 0) / Math.max(1, points.length);

/** Where a run's curves are in a panel: how much is drawn, and how high at the first and last epochs. */
function curves(pixels: Pixels, colour: string, panel: 0 | 1) {
  const bands = plotBands(panel);
  return {
    drawn: pixelsOfColour(pixels, colour, bands.whole).length,
    firstY: meanY(pixelsOfColour(pixels, colour, bands.first)),
    lastY: meanY(pixelsOfColour(pixels, colour, bands.last)),
  };
}

describe("renderChart", () => {
  it("draws one run's curves where its numbers are: accuracy rising, loss falling, under a title", async () => {
    const png = renderChart(parseTrainArgs("dropout=0.3"), [history("dropout", 5)]);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    const pixels = await decodePng(png);
    const accuracy = curves(pixels, BLUE, 0);
    const loss = curves(pixels, BLUE, 1);
    expect(accuracy.drawn).toBeGreaterThan(2000);
    expect(loss.drawn).toBeGreaterThan(2000);
    // Screen y grows downwards: a rising curve ends higher up than it starts.
    expect(accuracy.lastY).toBeLessThan(accuracy.firstY - 100);
    expect(loss.lastY).toBeGreaterThan(loss.firstY + 100);
    const whole = { left: 0, top: 0, right: CHART_WIDTH, bottom: CHART_HEIGHT };
    expect(pixelsOfColour(pixels, ORANGE, whole)).toEqual([]);
    const header = { left: 0, top: 0, right: CHART_WIDTH, bottom: HEADER - 50 };
    expect(pixelsOfColour(pixels, TITLE_INK, header).length).toBeGreaterThan(1000);
  });

  it("draws both runs of compare=on in their own colours, the one without dropout where its numbers are", async () => {
    const params = parseTrainArgs("compare=on epochs=5");
    const png = renderChart(params, [history("dropout", 5), history("baseline", 5, 0.02)]);
    const pixels = await decodePng(png);
    const withDropout = curves(pixels, BLUE, 0);
    const without = curves(pixels, ORANGE, 0);
    expect(without.drawn).toBeGreaterThan(2000);
    // Its accuracy is lower at every epoch: drawn below the blue curves, and rising too.
    expect(without.lastY).toBeGreaterThan(withDropout.lastY);
    expect(without.lastY).toBeLessThan(without.firstY - 100);
    expect(curves(pixels, ORANGE, 1).drawn).toBeGreaterThan(2000);
  });

  it("renders a single epoch of both runs", () => {
    const params = parseTrainArgs("compare=on epochs=1");
    const png = renderChart(params, [history("dropout", 1), history("baseline", 1)]);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it("titles the chart with the parameters", () => {
    expect(chartTitle(parseTrainArgs("dropout=0.3"))).toBe("ドロップアウト 0.3 の学習曲線");
    expect(chartTitle(parseTrainArgs("dropout=0.5,0.4,0.3 compare"))).toBe(
      "ドロップアウト 0.5,0.4,0.3 となし の学習曲線",
    );
    expect(chartTitle(parseTrainArgs("dropout=0.3"), "en")).toBe("Learning curves: Dropout 0.3");
    expect(chartTitle(parseTrainArgs("dropout=0.5 compare"), "en")).toBe(
      "Learning curves: Dropout 0.5 vs no dropout",
    );
    expect(paramsLine(parseTrainArgs("epochs=3 seed=4 batchnorm"))).toContain("epochs=3");
    expect(paramsLine(parseTrainArgs("epochs=3 seed=4 batchnorm"))).toContain("batchnorm=on  seed=4");
  });

  it("draws the words in the reader's language: the two charts differ, both the documented size", () => {
    const params = parseTrainArgs("compare=on epochs=2");
    const runs = [history("dropout", 2), history("baseline", 2)];
    const ja = renderChart(params, runs, "ja");
    const en = renderChart(params, runs, "en");
    expect(pngSize(en)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(Buffer.from(en).equals(Buffer.from(ja))).toBe(false);
    expect(Buffer.from(renderChart(params, runs)).equals(Buffer.from(ja))).toBe(true);
  });
});
