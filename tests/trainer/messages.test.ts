import { describe, expect, it } from "vitest";
import { failureText, progressText, resultText, statusLine } from "../../src/trainer/messages.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import type { JobRecord } from "../../src/trainer/queue/job-store.ts";
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

  it("does not call a large negative gap small: validation above training", () => {
    expect(resultText(result([run("dropout", 0.28, 0.67)]), "ja")).toContain(
      "差: -0.3900 → 精度がまだ低い(未学習の可能性: epochs や samples を増やす)",
    );
    expect(resultText(result([run("dropout", 0.95, 0.975)]), "en")).toContain(
      "Gap: -0.0250 → validation above training (dropout only acts in training; no sign of overfitting)",
    );
  });
});

describe("reading a run that did not learn", () => {
  const epochs = (losses: number[], valAcc: number) =>
    losses.map((loss, i) => ({ epoch: i + 1, loss, acc: valAcc, valLoss: loss, valAcc, seconds: 1 }));
  const at = (losses: number[], valAcc: number): RunHistory => ({
    kind: "dropout",
    dropout: [0.3, 0.3, 0.3],
    epochs: epochs(losses, valAcc),
    testAcc: valAcc,
    testLoss: losses.at(-1) ?? 0,
  });

  it("blames a learning rate too large when the loss grew at chance accuracy", () => {
    expect(resultText(result([at([11.4, 14.6], 0.098)]), "ja")).toContain(
      "→ 偶然と同じ程度の精度で、学習が発散しています(lr を下げてみましょう。既定は 0.001)",
    );
    expect(resultText(result([at([2.3, Number.NaN], 0.098)]), "en")).toContain(
      "about chance accuracy: training diverged (try a lower lr",
    );
  });

  it("after a single epoch reads chance accuracy as not learned yet, not as diverged", () => {
    const text = resultText(result([at([2.3], 0.11)]), "ja");
    expect(text).toContain("→ 差は小さいが精度が低い(未学習の可能性: epochs や samples を増やす)");
    expect(text).not.toContain("発散");
  });

  it("suggests a larger learning rate or more epochs when the loss barely fell", () => {
    expect(resultText(result([at([2.31, 2.29], 0.15)]), "en")).toContain(
      "about chance accuracy: training barely moved (try a higher lr or more epochs)",
    );
  });
});

describe("failureText and statusLine", () => {
  const job = (overrides: Partial<JobRecord> = {}): JobRecord =>
    ({
      id: 9,
      status: "running",
      params: parseTrainArgs("compare=on epochs=8"),
      history: [],
      ...overrides,
    }) as JobRecord;

  it("says what happened and what to do, per failure, in the user's language", () => {
    const failed = (failure: "too-slow" | "timeout" | "shutdown" | "crashed" | "error") => ({
      type: "failed" as const,
      job: job(),
      failure,
      reason: "worker exited (code 1)",
      projectedSeconds: 3_700,
    });
    expect(failureText(failed("too-slow"), "ja", 30 * 60_000)).toBe(
      "学習ジョブ #9 を中止しました: この設定では約 62 分かかり、制限時間(30 分)を超えます。samples や epochs を減らすか、batch を大きくしてください。",
    );
    expect(failureText(failed("timeout"), "en", 30 * 60_000)).toBe(
      "Training job #9 hit the 30 min time limit and was stopped. Use fewer samples or epochs.",
    );
    expect(failureText(failed("shutdown"), "ja", 30 * 60_000)).toContain("ボットが停止するため");
    expect(failureText(failed("crashed"), "en", 30 * 60_000)).toBe(
      "Training job #9 failed: the training thread stopped unexpectedly. Please run /train again.",
    );
    expect(failureText(failed("error"), "ja", 30 * 60_000)).toBe(
      "学習ジョブ #9 は、ボット側の問題で失敗しました(ごめんなさい)。少し時間をおいて、もう一度 /train で実行してください。",
    );
  });

  it("names the run in progress of a compare=on job, and a job another process holds", () => {
    const history = [run("dropout", 0.98, 0.97), { ...run("baseline", 0.9, 0.89), epochs: [] }];
    history[1]?.epochs.push({ epoch: 2, loss: 0.1, acc: 0.9, valLoss: 0.1, valAcc: 0.89, seconds: 1 });
    expect(statusLine(job({ history }), 0, "ja")).toMatch(
      /^#9 学習中 \[2\/2 ドロップアウトなし\] \(エポック 2\/8\): /,
    );
    expect(statusLine(job({ status: "queued" }), undefined, "en")).toMatch(
      /^#9 queued \(in another bot process\): /,
    );
    expect(statusLine(job({ status: "queued" }), 2, "ja")).toMatch(/^#9 待機中 2 番目: /);
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
