import * as tf from "@tensorflow/tfjs";
import { loadMnist, type MnistSet } from "./mnist.ts";
import { buildModel, CLASSES, disposeModel, IMAGE_SHAPE } from "./model.ts";
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
  const train = toTensors(data.train, params.samples);
  const test = toTensors(data.test, testSamplesFor(params));
  const runKinds: RunKind[] = params.compare ? ["dropout", "baseline"] : ["dropout"];
  const totalEpochs = runKinds.length * params.epochs;
  const trainSamples = Math.floor((train.x.shape[0] ?? 0) * (1 - VALIDATION_SPLIT));
  let trainSeconds = 0;
  let epochsDone = 0;
  try {
    const runs: RunHistory[] = [];
    for (const [index, kind] of runKinds.entries()) {
      const dropout: [number, number, number] = kind === "baseline" ? [0, 0, 0] : params.dropout;
      const started = performance.now();
      const run = await withSeededMathRandom(params.seed === null ? null : params.seed + index, () =>
        trainOne(
          params,
          dropout,
          train,
          test,
          (metrics) => {
            epochsDone++;
            const elapsed = trainSeconds + (performance.now() - started) / 1000;
            options.onEpoch?.({
              run: index + 1,
              runs: runKinds.length,
              kind,
              epoch: metrics.epoch,
              epochs: params.epochs,
              metrics,
              etaSeconds: (elapsed / epochsDone) * (totalEpochs - epochsDone),
              ratio: epochsDone / totalEpochs,
            });
          },
          options.shouldStop,
        ),
      );
      trainSeconds += (performance.now() - started) / 1000;
      runs.push({ kind, dropout, ...run });
    }
    return {
      params,
      runs,
      backend: options.backend,
      trainSamples,
      validationSamples: (train.x.shape[0] ?? 0) - trainSamples,
      testSamples: test.x.shape[0] ?? 0,
      trainSeconds,
      samplesPerSecond: (trainSamples * totalEpochs) / trainSeconds,
    };
  } finally {
    tf.dispose([train.x, train.y, test.x, test.y]);
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
