import { describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH, chartTitle, paramsLine, renderChart } from "../../src/trainer/chart.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import type { RunHistory, RunKind } from "../../src/trainer/types.ts";
import { pngSize } from "./png.ts";

function history(kind: RunKind, epochs: number): RunHistory {
  return {
    kind,
    dropout: kind === "baseline" ? [0, 0, 0] : [0.5, 0.4, 0.3],
    testAcc: 0.97,
    testLoss: 0.1,
    epochs: Array.from({ length: epochs }, (_, i) => ({
      epoch: i + 1,
      loss: 0.5 / (i + 1),
      acc: 0.9 + i * 0.01,
      valLoss: 0.4 / (i + 1),
      valAcc: 0.9 + i * 0.005,
      seconds: 1,
    })),
  };
}

describe("renderChart", () => {
  it("renders one run as a PNG of the documented size", () => {
    const png = renderChart(parseTrainArgs("dropout=0.3"), [history("dropout", 5)]);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it("renders both runs of compare=on, even a single epoch", () => {
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
