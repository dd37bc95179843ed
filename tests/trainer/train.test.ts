import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend, type BackendInfo } from "../../src/trainer/backend/select.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import { loadTrainData, runTraining, TrainingCancelledError } from "../../src/trainer/train.ts";
import type { TrainProgress } from "../../src/trainer/types.ts";

describe("runTraining (in process, tiny)", { timeout: 120_000 }, () => {
  let backend: BackendInfo;
  beforeAll(async () => {
    backend = await selectBackend();
  });

  it("reports every epoch with all four metrics in [0, 1] and a test accuracy", async () => {
    const params = parseTrainArgs("samples=500 epochs=2 batch=64 seed=1");
    const progress: TrainProgress[] = [];
    const result = await runTraining(params, { backend: backend.label, onEpoch: (p) => progress.push(p) });
    expect(progress.map((p) => [p.epoch, p.epochs])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(progress.at(-1)?.ratio).toBe(1);
    expect(progress.at(-1)?.etaSeconds).toBe(0);
    const [run] = result.runs;
    expect(result.runs).toHaveLength(1);
    for (const epoch of run?.epochs ?? []) {
      for (const value of [epoch.acc, epoch.valAcc]) expect(value).toBeGreaterThanOrEqual(0);
      for (const value of [epoch.acc, epoch.valAcc]) expect(value).toBeLessThanOrEqual(1);
      expect(epoch.loss).toBeGreaterThan(0);
      expect(epoch.valLoss).toBeGreaterThan(0);
    }
    expect(run?.testAcc).toBeGreaterThan(0.1); // better than guessing after two epochs
    expect(result).toMatchObject({ trainSamples: 400, validationSamples: 100, testSamples: 500 });
    expect(result.backend).toBe(backend.label);
  });

  it("repeats a seeded run exactly", async () => {
    const params = parseTrainArgs("samples=300 epochs=1 batch=50 seed=9 dropout=0.5");
    const data = loadTrainData(params);
    const first = await runTraining(params, { backend: backend.label, data });
    const second = await runTraining(params, { backend: backend.label, data });
    expect(second.runs[0]?.epochs.map(({ seconds: _, ...m }) => m)).toEqual(
      first.runs[0]?.epochs.map(({ seconds: _, ...m }) => m),
    );
  });

  it("trains the no-dropout baseline too with compare=on, and batchnorm builds", async () => {
    const params = parseTrainArgs("samples=200 epochs=1 compare=on batchnorm=on optimizer=rmsprop");
    const result = await runTraining(params, { backend: backend.label });
    expect(result.runs.map((run) => [run.kind, run.dropout])).toEqual([
      ["dropout", [0.3, 0.3, 0.3]],
      ["baseline", [0, 0, 0]],
    ]);
  });

  it("stops between batches when asked", async () => {
    const params = parseTrainArgs("samples=1000 epochs=2 batch=32");
    let batches = 0;
    const run = runTraining(params, { backend: backend.label, shouldStop: () => ++batches >= 3 });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelledError);
    expect(batches).toBe(3);
  });

  it("stops after the last batch too, before the test pass, when asked then", async () => {
    const params = parseTrainArgs("samples=200 epochs=1 batch=200");
    let asked = false;
    const run = runTraining(params, {
      backend: backend.label,
      onEpoch: () => {
        asked = true; // the cancel arrives while the last epoch is being reported
      },
      shouldStop: () => asked,
    });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelledError);
  });

  it("leaves no tensors behind, the optimizer's state included", async () => {
    const params = parseTrainArgs("samples=200 epochs=1 compare=on");
    await runTraining(params, { backend: backend.label }); // loads the data and warms the kernels
    const before = tf.memory().numTensors;
    await runTraining(params, { backend: backend.label });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("runTraining on the fast path (our fit loop, one thread, in process)", { timeout: 120_000 }, () => {
  let backend: BackendInfo;
  const fast = { threads: 1 };
  beforeAll(async () => {
    backend = await selectBackend(["wasm"]);
  });

  it("keeps Keras' split and reports every epoch's four metrics and a test accuracy", async () => {
    const params = parseTrainArgs("samples=500 epochs=2 batch=64 seed=1");
    const progress: TrainProgress[] = [];
    const result = await runTraining(params, {
      backend: backend.label,
      fast,
      onEpoch: (p) => progress.push(p),
    });
    expect(progress.map((p) => [p.epoch, p.ratio])).toEqual([
      [1, 0.5],
      [2, 1],
    ]);
    expect(result).toMatchObject({ trainSamples: 400, validationSamples: 100, testSamples: 500 });
    for (const epoch of result.runs[0]?.epochs ?? []) {
      for (const value of [epoch.acc, epoch.valAcc]) expect(value).toBeGreaterThanOrEqual(0);
      for (const value of [epoch.acc, epoch.valAcc]) expect(value).toBeLessThanOrEqual(1);
      expect(epoch.loss).toBeGreaterThan(0);
      expect(epoch.valLoss).toBeGreaterThan(0);
    }
    expect(result.runs[0]?.testAcc).toBeGreaterThan(0.3); // chance is 0.1
  });

  it("repeats a seeded run exactly, dropout included", async () => {
    const params = parseTrainArgs("samples=300 epochs=2 batch=50 seed=9 dropout=0.5");
    const data = loadTrainData(params);
    const first = await runTraining(params, { backend: backend.label, data, fast });
    const second = await runTraining(params, { backend: backend.label, data, fast });
    expect(second.runs[0]?.epochs.map(({ seconds: _, ...m }) => m)).toEqual(
      first.runs[0]?.epochs.map(({ seconds: _, ...m }) => m),
    );
    expect(second.runs[0]?.testAcc).toBe(first.runs[0]?.testAcc);
  });

  it("learns about as well as model.fit from the same start (seeded, no dropout)", async () => {
    const params = parseTrainArgs("samples=800 epochs=2 batch=32 seed=4 dropout=0");
    const data = loadTrainData(params);
    const fit = await runTraining(params, { backend: backend.label, data });
    const ours = await runTraining(params, { backend: backend.label, data, fast });
    // Different shuffles and loss clipping, same model, initial weights and optimizer.
    expect(Math.abs((ours.runs[0]?.testAcc ?? 0) - (fit.runs[0]?.testAcc ?? 1))).toBeLessThan(0.06);
    expect(ours.runs[0]?.testAcc).toBeGreaterThan(0.75);
  });

  it("stops between batches when asked", async () => {
    const params = parseTrainArgs("samples=1000 epochs=2 batch=32");
    let batches = 0;
    const run = runTraining(params, { backend: backend.label, fast, shouldStop: () => ++batches >= 3 });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelledError);
    expect(batches).toBe(3);
  });

  it("trains batchnorm=on through model.fit, and leaves no tensors behind", async () => {
    const params = parseTrainArgs("samples=200 epochs=1 compare=on");
    await runTraining(params, { backend: backend.label, fast });
    const before = tf.memory().numTensors;
    await runTraining(params, { backend: backend.label, fast });
    await runTraining(parseTrainArgs("samples=200 epochs=1 batchnorm=on"), { backend: backend.label, fast });
    expect(tf.memory().numTensors).toBe(before);
  });
});
