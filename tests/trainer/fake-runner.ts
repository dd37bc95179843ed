import type { TrainParams } from "../../src/trainer/params.ts";
import type { TrainProgress, TrainResult } from "../../src/trainer/types.ts";
import {
  TrainingJobError,
  type WorkerJob,
  type WorkerJobOptions,
} from "../../src/trainer/worker/run-worker.ts";

/**
 * A runner whose jobs finish when the test says so (or fail on their timeout, as the worker does). With
 * `cancelStops: false`, a cancel only raises the flag, as when the worker is past its last batch.
 */
export class FakeRunner {
  constructor(private readonly behaviour: { cancelStops?: boolean } = {}) {}

  readonly jobs: {
    params: TrainParams;
    options: WorkerJobOptions;
    finish: () => void;
    fail: (error: TrainingJobError) => void;
    cancelled: boolean;
  }[] = [];

  readonly run = (params: TrainParams, options: WorkerJobOptions): WorkerJob => {
    let finish!: () => void;
    let fail!: (error: TrainingJobError) => void;
    const outcome = new Promise<{ result: TrainResult; png: Uint8Array }>((resolve, reject) => {
      finish = () => resolve({ result: fakeResult(params), png: new Uint8Array([137, 80, 78, 71]) });
      fail = reject;
    });
    const entry = { params, options, finish, fail, cancelled: false };
    if (options.timeoutMs !== undefined) {
      const timer = setTimeout(
        () => fail(new TrainingJobError("timeout", "the time limit was reached")),
        options.timeoutMs,
      );
      void outcome.catch(() => undefined).finally(() => clearTimeout(timer));
    }
    this.jobs.push(entry);
    options.onStarted?.("fake backend");
    return {
      outcome,
      cancel: () => {
        entry.cancelled = true;
        if (this.behaviour.cancelStops !== false) {
          fail(new TrainingJobError("cancelled", "cancelled by the user"));
        }
      },
      kill: (reason = "killed", failure = "crashed") => fail(new TrainingJobError(failure, reason)),
    };
  };
}

export function fakeResult(params: TrainParams): TrainResult {
  const epochs = [{ epoch: 1, loss: 0.5, acc: 0.9, valLoss: 0.4, valAcc: 0.88, seconds: 1 }];
  return {
    params,
    runs: [{ kind: "dropout", dropout: params.dropout, epochs, testAcc: 0.87, testLoss: 0.45 }],
    backend: "fake backend",
    trainSamples: 80,
    validationSamples: 20,
    testSamples: 100,
    trainSeconds: 1,
    samplesPerSecond: 80,
  };
}

/** The progress a worker reports after `epoch` of `epochs` (one run), with its estimate of the rest. */
export function epochProgress(epoch: number, epochs: number, etaSeconds: number): TrainProgress {
  return {
    run: 1,
    runs: 1,
    kind: "dropout",
    epoch,
    epochs,
    metrics: { epoch, loss: 0.5, acc: 0.9, valLoss: 0.4, valAcc: 0.88, seconds: 1 },
    etaSeconds,
    ratio: epoch / epochs,
  };
}
