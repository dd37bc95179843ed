import type { TrainParams } from "../params.ts";
import { mulberry32 } from "../seeded-random.ts";
import type { EpochMetrics } from "../types.ts";
import { ABORT_CANCELLED, Barrier } from "./barrier.ts";
import { applyOptimizerStep, createOptimizerState, finishStep } from "./fused-optimizer.ts";
import { INPUT_SIZE, paramLayout, rangeOf } from "./layout.ts";
import { instantiateSimdAdam } from "./simd-adam.ts";
import { MlpShard } from "./mlp-shard.ts";
import { METRIC_WORDS, readRunSeed, type ImageViews, type SharedViews } from "./shared.ts";

/*
 * Our own fit loop, run by every training thread in lockstep (rank 0 reports). Keras' semantics are kept:
 * the last 20% of the samples validate and are never trained on (validation_split), the training samples
 * are reshuffled every epoch, dropout acts only while training, and an epoch's loss and accuracy are the
 * averages over its batches weighted by batch size (as tfjs' BaseLogger), taken before each batch's update.
 *
 * Every batch is split between the threads; each computes the gradient of its rows' summed loss divided by
 * the whole batch size, so the slots sum to the full batch's mean gradient, and after a barrier each thread
 * applies the same optimizer step to its own range of the shared weights. The result is the model one
 * thread would train on the full batch (up to float rounding); only the dropout masks come from per-thread
 * random streams.
 */

export interface FitHooks {
  /** Rank 0: told each epoch's metrics. */
  onEpoch?: (metrics: EpochMetrics) => void;
  /** Rank 0: polled after every batch; true stops all threads (TrainingCancelledError on rank 0). */
  shouldStop?: () => boolean;
  /** Adds each phase's milliseconds here (the benchmark's breakdown of where the time goes). */
  phases?: Map<string, number>;
}

export interface FitOutcome {
  epochs: EpochMetrics[];
  testAcc: number;
  testLoss: number;
}

export class FitCancelledError extends Error {
  constructor() {
    super("Training was cancelled");
    this.name = "FitCancelledError";
  }
}

/** Share of rows [from, to) of a batch of `rows` for thread `rank`. */
export function shardOf(rank: number, threads: number, rows: number): { from: number; to: number } {
  const per = Math.ceil(rows / threads);
  return { from: Math.min(rows, rank * per), to: Math.min(rows, (rank + 1) * per) };
}

/** The run's shuffle of `count` indices for `epoch` (Fisher–Yates on a seeded stream: same on every thread). */
export function epochOrder(runSeed: number, epoch: number, count: number): Uint32Array {
  const random = mulberry32((runSeed ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/**
 * Trains one model from the weights in `views.weights` (written by rank 0 before it called this) and
 * evaluates it on the test images. All threads call it with the same params and dropout.
 */
export function fitRun(
  views: SharedViews,
  rank: number,
  params: TrainParams,
  dropout: readonly number[],
  hooks: FitHooks = {},
): FitOutcome {
  const { threads } = views;
  const barrier = new Barrier(views.control, threads);
  barrier.arrive(); // rank 0 has written the initial weights and the run's seed
  const runSeed = readRunSeed(views);
  const { total } = paramLayout();
  const mine = rangeOf(rank, threads, total);
  const optimizer = createOptimizerState(
    params.optimizer,
    params.lr,
    views.first.subarray(mine.from, mine.to),
    views.second.subarray(mine.from, mine.to),
    instantiateSimdAdam(views.arena, views.arenaPages),
  );
  const shard = new MlpShard(views.weights, dropout, mulberry32((runSeed + 7919 * (rank + 1)) >>> 0));
  const myGradient = views.grads[rank] as Float32Array;
  const myWeights = views.weights.subarray(mine.from, mine.to);
  const gradSlots = views.grads.map((slot) => slot.subarray(mine.from, mine.to));
  const trainCount = Math.floor(views.train.count * 0.8);
  const validation = { from: trainCount, to: views.train.count };
  const batchImages = new Float32Array(Math.ceil(params.batch / threads) * INPUT_SIZE);
  const batchLabels = new Uint8Array(Math.ceil(params.batch / threads));
  const epochs: EpochMetrics[] = [];
  const clock = phaseClock(hooks.phases);
  try {
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      const started = performance.now();
      const order = epochOrder(runSeed, epoch, trainCount);
      clock("shuffle, metrics, reports");
      let loss = 0;
      let correct = 0;
      for (let start = 0; start < trainCount; start += params.batch) {
        const rows = Math.min(params.batch, trainCount - start);
        const part = shardOf(rank, threads, rows);
        gather(views.train, order, start + part.from, start + part.to, batchImages, batchLabels);
        clock("gather a batch");
        shard.loadWeights();
        clock("copy the weights in");
        const sums = shard.trainStep(
          { images: batchImages, labels: batchLabels, rows: part.to - part.from },
          rows,
          myGradient,
        );
        loss += sums.loss;
        correct += sums.correct;
        clock("forward + backward");
        barrier.arrive(); // every gradient slot is written
        clock("wait for the other thread");
        applyOptimizerStep(optimizer, myWeights, gradSlots, 0, mine.to - mine.from);
        finishStep(optimizer);
        if (rank === 0 && hooks.shouldStop?.()) {
          barrier.abort(ABORT_CANCELLED);
          throw new FitCancelledError();
        }
        clock("optimizer (fused)");
        barrier.arrive(); // every range of the weights is updated
        clock("wait for the other thread");
      }
      shard.loadWeights();
      const val = evaluateShare(shard, views.train, validation, rank, threads);
      clock("validation pass");
      report(views, rank, [loss, correct, trainCount, val.loss, val.correct]);
      barrier.arrive();
      if (rank === 0) {
        const sums = totals(views);
        const validationCount = validation.to - validation.from;
        const metrics: EpochMetrics = {
          epoch: epoch + 1,
          loss: sums[0]! / trainCount,
          acc: sums[1]! / trainCount,
          valLoss: sums[3]! / validationCount,
          valAcc: sums[4]! / validationCount,
          seconds: (performance.now() - started) / 1000,
        };
        epochs.push(metrics);
        hooks.onEpoch?.(metrics);
      }
    }
    // A cancel that came during the last epoch's validation pass is heeded before the test pass.
    if (rank === 0 && hooks.shouldStop?.()) {
      barrier.abort(ABORT_CANCELLED);
      throw new FitCancelledError();
    }
    barrier.arrive();
    const test = evaluateShare(shard, views.test, { from: 0, to: views.test.count }, rank, threads);
    report(views, rank, [0, 0, 0, test.loss, test.correct]);
    barrier.arrive();
    const sums = totals(views);
    barrier.arrive(); // the metric slots may be reused by the next run
    return { epochs, testLoss: sums[3]! / views.test.count, testAcc: sums[4]! / views.test.count };
  } finally {
    shard.dispose();
  }
}

/** Charges the time since the previous call to `phase` (a no-op without a map). */
function phaseClock(phases: Map<string, number> | undefined): (phase: string) => void {
  if (phases === undefined) return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    phases.set(phase, (phases.get(phase) ?? 0) + now - last);
    last = now;
  };
}

function gather(
  set: ImageViews,
  order: Uint32Array,
  from: number,
  to: number,
  images: Float32Array,
  labels: Uint8Array,
): void {
  for (let i = from; i < to; i++) {
    const index = order[i]!;
    const row = i - from;
    images.set(set.images.subarray(index * INPUT_SIZE, (index + 1) * INPUT_SIZE), row * INPUT_SIZE);
    labels[row] = set.labels[index]!;
  }
}

function evaluateShare(
  shard: MlpShard,
  set: ImageViews,
  rows: { from: number; to: number },
  rank: number,
  threads: number,
): { loss: number; correct: number } {
  const part = shardOf(rank, threads, rows.to - rows.from);
  const from = rows.from + part.from;
  const to = rows.from + part.to;
  return shard.evaluate(
    set.images.subarray(from * INPUT_SIZE, to * INPUT_SIZE),
    set.labels.subarray(from, to),
    to - from,
  );
}

function report(views: SharedViews, rank: number, values: number[]): void {
  views.metrics.set(values, rank * METRIC_WORDS);
}

function totals(views: SharedViews): number[] {
  const sums = new Array<number>(METRIC_WORDS).fill(0);
  for (let rank = 0; rank < views.threads; rank++) {
    for (let k = 0; k < METRIC_WORDS; k++) sums[k] = sums[k]! + views.metrics[rank * METRIC_WORDS + k]!;
  }
  return sums;
}
