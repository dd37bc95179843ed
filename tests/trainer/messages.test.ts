import { describe, expect, it } from "vitest";
import { progressText, resultText } from "../../src/trainer/messages.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import type { RunHistory, TrainResult } from "../../src/trainer/types.ts";

function run(kind: RunHistory["kind"], acc: number, valAcc: number): RunHistory {
  return {
    kind,
    dropout: kind === "baseline" ? [0, 0, 0] : [0.5, 0.5, 0.3],
    epochs: [{ epoch: 20, loss: 0.05, acc, valLoss: 0.09, valAcc, seconds: 20 }],
    testAcc: valAcc - 0.001,
    testLoss: 0.1,
  };
}

function result(runs: RunHistory[]): TrainResult {
  return {
    params: parseTrainArgs("epochs=20 samples=60000 compare=on dropout=0.5,0.5,0.3"),
    runs,
    backend: "wasm (XNNPACK, optimised matmul)",
    trainSamples: 48_000,
    validationSamples: 12_000,
    testSamples: 10_000,
    trainSeconds: 812.4,
    samplesPerSecond: 2363.6,
  };
}

describe("resultText", () => {
  it("reads the lesson's own numbers the way the lesson does", () => {
    const text = resultText(
      result([run("dropout", 0.9823, 0.9801), run("baseline", 0.9998, 0.9756)]),
      "ja",
      7,
    );
    expect(text).toContain(
      "ドロップアウト 0.5,0.5,0.3:\n  訓練精度: 0.9823\n  検証精度: 0.9801\n  差: 0.0022 → 差が小さい(汎化性能が高い)",
    );
    expect(text).toContain(
      "ドロップアウトなし:\n  訓練精度: 0.9998\n  検証精度: 0.9756\n  差: 0.0242 → 差が大きい(過学習の兆候)",
    );
    expect(text).toContain("→ ドロップアウトにより、過学習が抑制されています!");
    expect(text).toContain(
      "バックエンド: wasm (XNNPACK, optimised matmul) / 学習 812.4 秒(2,364 枚/秒) / ジョブ #7",
    );
  });

  it("does not claim dropout helped when the baseline does not overfit yet", () => {
    const text = resultText(result([run("dropout", 0.876, 0.957), run("baseline", 0.926, 0.962)]), "en");
    expect(text).toContain("Even without dropout there is no overfitting yet");
    expect(text).not.toContain("kept overfitting down");
  });

  it("reads a small gap at low accuracy as not learned yet, like the lesson's question 3", () => {
    const text = resultText(result([run("dropout", 0.65, 0.645)]), "ja");
    expect(text).toContain("差: 0.0050 → 差は小さいが精度が低い(未学習の可能性");
  });
});

describe("progressText", () => {
  it("shows the epoch, the four metrics and the time left", () => {
    const metrics = { epoch: 3, loss: 0.2, acc: 0.93, valLoss: 0.18, valAcc: 0.947, seconds: 3 };
    const text = progressText(
      4,
      { run: 1, runs: 2, kind: "dropout", epoch: 3, epochs: 8, metrics, etaSeconds: 39.4, ratio: 3 / 16 },
      "ja",
    );
    expect(text).toBe(
      "#4 [1/2 ドロップアウトあり] エポック 3/8 — loss 0.200 acc 0.930 val_loss 0.180 val_acc 0.947 — 残り約 39 秒",
    );
  });
});
