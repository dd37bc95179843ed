import type { TrainParams } from "./params.ts";

/** One epoch's metrics, as Keras reports them (accuracy in [0, 1]). */
export interface EpochMetrics {
  epoch: number;
  loss: number;
  acc: number;
  valLoss: number;
  valAcc: number;
  seconds: number;
}

export type RunKind = "dropout" | "baseline";

/** One model trained: the requested one, or the no-dropout baseline of `compare=on`. */
export interface RunHistory {
  kind: RunKind;
  dropout: [number, number, number];
  epochs: EpochMetrics[];
  testAcc: number;
  testLoss: number;
}

export interface TrainProgress {
  /** 1-based index of the run (2 runs with compare=on). */
  run: number;
  runs: number;
  kind: RunKind;
  epoch: number;
  epochs: number;
  metrics: EpochMetrics;
  /** Seconds left for the whole job, estimated from the epochs so far. */
  etaSeconds: number;
  /** 0..1 of the whole job. */
  ratio: number;
}

export interface TrainResult {
  params: TrainParams;
  runs: RunHistory[];
  backend: string;
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  /** Wall-clock seconds of training (all runs, without data loading). */
  trainSeconds: number;
  /** Training samples processed per second, validation passes included in the time. */
  samplesPerSecond: number;
}
