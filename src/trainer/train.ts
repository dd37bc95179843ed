import * as tf from "@tensorflow/tfjs";
import { loadMnist, type MnistSet } from "./mnist.ts";
import { buildModel, CLASSES, disposeModel, IMAGE_SHAPE } from "./model.ts";
import { FastTrainer, fastPathSupports, type FastEngine } from "./parallel/fast-trainer.ts";
import { FitCancelledError, type FitOutcome } from "./parallel/fit-run.ts";
import type { TrainParams } from "./params.ts";
import { withSeededMathRandom } from "./seeded-random.ts";
import type { EpochMetrics, RunHistory, RunKind, TrainProgress, TrainResult } from "./types.ts";

/** Keras' validation_split: the last 20% of the training samples, never shuffled into training. */
export const VALIDATION_SPLIT = 0.2;
/** Largest test set used for the final test accuracy (all of MNIST's test images). */
export const MAX_TEST_SAMPLES = 10_000;

export class TrainingCancelledError extends Error {
  constructor() {
    super("Training was cancelled");
    this.name = "TrainingCancelledError";
  }
}

export interface TrainData {
  train: MnistSet;
  test: MnistSet;
}

export interface TrainOptions {
  /** Shown in the result: which backend ran. */
  backend: string;
  onEpoch?: (progress: TrainProgress) => void;
  /** Polled after every batch; true stops training and rejects with TrainingCancelledError. */
  shouldStop?: () => boolean;
  /** Preloaded data (tests, the benchmark); loaded from the idx files otherwise. */
  data?: TrainData;
  /**
   * Train with our own fit loop and fused optimizer, on `threads` threads (see parallel/), instead of
   * model.fit — for the wasm backend. Ignored for what only model.fit trains (batchnorm=on).
   */
  fast?: FastEngine;
}

/** The runs of a job: the requested model, and with compare=on the no-dropout baseline. */
export function runsOf(params: TrainParams): { kind: RunKind; dropout: [number, number, number] }[] {
  const kinds: RunKind[] = params.compare ? ["dropout", "baseline"] : ["dropout"];
  return kinds.map((kind) => ({ kind, dropout: kind === "baseline" ? [0, 0, 0] : params.dropout }));
}

/** The test images used for a job: as many as the training subset, at most the whole test split. */
export function testSamplesFor(params: TrainParams): number {
  return Math.min(MAX_TEST_SAMPLES, params.samples);
}

export function loadTrainData(params: TrainParams): TrainData {
  return {
    train: loadMnist("train", { limit: params.samples }),
    test: loadMnist("test", { limit: testSamplesFor(params) }),
  };
}

function toTensors(set: MnistSet, limit: number): { x: tf.Tensor; y: tf.Tensor } {
  const count = Math.min(limit, set.count);
  const pixels = count * IMAGE_SHAPE[0] * IMAGE_SHAPE[1];
  return {
    x: tf.tensor3d(set.images.subarray(0, pixels), [count, ...IMAGE_SHAPE]),
    y: tf.tensor2d(set.oneHot.subarray(0, count * CLASSES), [count, CLASSES]),
  };
}

/** Trains the requested model (and with compare=on the no-dropout baseline) and tests each on the test set. */
export async function runTraining(params: TrainParams, options: TrainOptions): Promise<TrainResult> {
  const data = options.data ?? loadTrainData(params);
  const limits = { train: params.samples, test: testSamplesFor(params) };
  const fast =
    options.fast !== undefined && fastPathSupports(params)
      ? new FastTrainer(options.fast, data, limits)
      : undefined;
  const tensors =
    fast === undefined
      ? { train: toTensors(data.train, limits.train), test: toTensors(data.test, limits.test) }
      : undefined;
  const counts = fast?.counts ?? {
    train: tensors?.train.x.shape[0] ?? 0,
    test: tensors?.test.x.shape[0] ?? 0,
  };
  const runs = runsOf(params);
  const totalEpochs = runs.length * params.epochs;
  const trainSamples = Math.floor(counts.train * (1 - VALIDATION_SPLIT));
  let trainSeconds = 0;
  let epochsDone = 0;
  try {
    const histories: RunHistory[] = [];
    for (const [index, { kind, dropout }] of runs.entries()) {
      const started = performance.now();
      const onEpoch = (metrics: EpochMetrics): void => {
        epochsDone++;
        const elapsed = trainSeconds + (performance.now() - started) / 1000;
        options.onEpoch?.({
          run: index + 1,
          runs: runs.length,
          kind,
          epoch: metrics.epoch,
          epochs: params.epochs,
          metrics,
          etaSeconds: (elapsed / epochsDone) * (totalEpochs - epochsDone),
          ratio: epochsDone / totalEpochs,
        });
      };
      const run = await withSeededMathRandom(params.seed === null ? null : params.seed + index, async () =>
        fast !== undefined
          ? trainFast(fast, params, dropout, onEpoch, options.shouldStop)
          : trainOne(params, dropout, tensors!.train, tensors!.test, onEpoch, options.shouldStop),
      );
      trainSeconds += (performance.now() - started) / 1000;
      histories.push({ kind, dropout, ...run });
    }
    return {
      params,
      runs: histories,
      backend: options.backend,
      trainSamples,
      validationSamples: counts.train - trainSamples,
      testSamples: counts.test,
      trainSeconds,
      samplesPerSecond: (trainSamples * totalEpochs) / trainSeconds,
    };
  } finally {
    if (tensors !== undefined) tf.dispose([tensors.train.x, tensors.train.y, tensors.test.x, tensors.test.y]);
  }
}

function trainFast(
  fast: FastTrainer,
  params: TrainParams,
  dropout: [number, number, number],
  onEpoch: (metrics: EpochMetrics) => void,
  shouldStop: (() => boolean) | undefined,
): FitOutcome {
  try {
    return fast.train(params, dropout, { onEpoch, ...(shouldStop ? { shouldStop } : {}) });
  } catch (error) {
    throw error instanceof FitCancelledError ? new TrainingCancelledError() : error;
  }
}

async function trainOne(
  params: TrainParams,
  dropout: [number, number, number],
  train: { x: tf.Tensor; y: tf.Tensor },
  test: { x: tf.Tensor; y: tf.Tensor },
  onEpoch: (metrics: EpochMetrics) => void,
  shouldStop: (() => boolean) | undefined,
): Promise<Omit<RunHistory, "kind" | "dropout">> {
  const model = buildModel({ ...params, dropout });
  const epochs: EpochMetrics[] = [];
  let epochStarted = performance.now();
  let cancelled = false;
  try {
    await model.fit(train.x, train.y, {
      epochs: params.epochs,
      batchSize: params.batch,
      validationSplit: VALIDATION_SPLIT,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => {
          epochStarted = performance.now();
        },
        onBatchEnd: async () => {
          if (shouldStop?.()) {
            cancelled = true;
            model.stopTraining = true;
          }
        },
        onEpochEnd: async (epoch, logs) => {
          if (cancelled) return;
          const metrics = toMetrics(epoch + 1, logs ?? {}, (performance.now() - epochStarted) / 1000);
          epochs.push(metrics);
          onEpoch(metrics);
        },
      },
    });
    // A cancel that came during the last epoch's validation pass is heeded before the test pass.
    if (cancelled || shouldStop?.()) throw new TrainingCancelledError();
    const evaluated = model.evaluate(test.x, test.y, { batchSize: 512 }) as tf.Scalar[];
    const [testLoss, testAcc] = await Promise.all(
      evaluated.map(async (scalar) => (await scalar.data())[0] ?? NaN),
    );
    tf.dispose(evaluated);
    return { epochs, testAcc: testAcc ?? NaN, testLoss: testLoss ?? NaN };
  } finally {
    disposeModel(model);
  }
}

function toMetrics(epoch: number, logs: tf.Logs, seconds: number): EpochMetrics {
  const read = (...keys: string[]): number => {
    for (const key of keys) {
      const value = logs[key];
      if (typeof value === "number") return value;
    }
    return Number.NaN;
  };
  return {
    epoch,
    loss: read("loss"),
    acc: read("acc", "accuracy"),
    valLoss: read("val_loss"),
    valAcc: read("val_acc", "val_accuracy"),
    seconds,
  };
}
