import type { TrainParams } from "../params.ts";
import type { RunHistory, TrainProgress } from "../types.ts";

/** Adds an epoch's metrics to the history of its run (compare=on's baseline is the second run). */
export function appendEpoch(history: RunHistory[], params: TrainParams, progress: TrainProgress): void {
  const run = (history[progress.run - 1] ??= {
    kind: progress.kind,
    dropout: progress.kind === "baseline" ? [0, 0, 0] : params.dropout,
    epochs: [],
    // Known once the run is tested; NaN until then (stored as null).
    testAcc: Number.NaN,
    testLoss: Number.NaN,
  });
  run.epochs.push(progress.metrics);
}
