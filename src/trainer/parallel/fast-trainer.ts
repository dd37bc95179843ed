import type { MnistSet } from "../mnist.ts";
import { buildModel, disposeModel } from "../model.ts";
import type { TrainParams } from "../params.ts";
import { fitRun, type FitHooks, type FitOutcome } from "./fit-run.ts";
import { paramLayout } from "./layout.ts";
import {
  createSharedTraining,
  viewsOf,
  writeRunSeed,
  type SharedTraining,
  type SharedViews,
} from "./shared.ts";

/** How the fast path runs: on how many threads, and how to start the other threads (ranks 1…). */
export interface FastEngine {
  threads: number;
  /** Hands the shared buffers to the helper threads; called once, before the first run, when threads > 1. */
  startPeers?: (shared: SharedTraining) => void;
}

/** The fast path trains the lesson's MLP (Dense/ReLU/Dropout); batchnorm=on goes through model.fit. */
export function fastPathSupports(params: TrainParams): boolean {
  return !params.batchnorm;
}

/** What the result block shows for the fast path: whose matmuls (our SIMD GEMM, else XNNPACK) and threads. */
export function fastPathLabel(threads: number, simdGemm: boolean): string {
  const matmuls = simdGemm ? "SIMD GEMM" : "XNNPACK";
  return `wasm (${matmuls}, own fit loop, ${threads} ${threads === 1 ? "thread" : "threads"})`;
}

/**
 * Rank 0 of the fast path: owns the shared buffers, writes each run's initial weights (tfjs-layers'
 * seeded Glorot initialisers, exactly as model.fit's path) and trains alongside its helper threads.
 */
export class FastTrainer {
  private readonly views: SharedViews;

  constructor(
    engine: FastEngine,
    data: { train: MnistSet; test: MnistSet },
    limits: { train: number; test: number },
  ) {
    const threads = engine.startPeers === undefined ? 1 : Math.max(1, engine.threads);
    const shared = createSharedTraining(threads, data, limits);
    this.views = viewsOf(shared);
    if (threads > 1) engine.startPeers?.(shared);
  }

  get counts(): { train: number; test: number } {
    return { train: this.views.train.count, test: this.views.test.count };
  }

  /** One model, start to finish. Call inside the run's seeded Math.random (it draws the run's seed). */
  train(params: TrainParams, dropout: [number, number, number], hooks: FitHooks): FitOutcome {
    this.writeInitialWeights(params, dropout);
    writeRunSeed(this.views, Math.floor(Math.random() * 2 ** 31));
    return fitRun(this.views, 0, params, dropout, hooks);
  }

  private writeInitialWeights(params: TrainParams, dropout: [number, number, number]): void {
    const model = buildModel({ ...params, dropout });
    try {
      const { slots } = paramLayout();
      const weights = model.getWeights();
      if (weights.length !== slots.length) {
        throw new Error(`the model has ${weights.length} weights, the fast path expects ${slots.length}`);
      }
      weights.forEach((weight, index) => {
        const slot = slots[index];
        if (slot === undefined || weight.size !== slot.size)
          throw new Error(`weight ${index} has the wrong size`);
        this.views.weights.set(weight.dataSync() as Float32Array, slot.offset);
      });
    } finally {
      disposeModel(model);
    }
  }
}
