import { availableParallelism } from "node:os";
import type { TrainParams } from "../params.ts";

/*
 * How many threads a training job gets, so that the jobs of this process never ask for more threads than
 * there are cores. The caller runs `jobsAtOnce` jobs at once (the embedded queue's MANABOT_TRAIN_CONCURRENCY,
 * a worker process's MANABOT_WORKER_CONCURRENCY; 1 by default), so a job may take cores ÷ that many threads: on 2 cores, one job at a time with both cores, or with concurrency 2, two
 * jobs with one core each. Threads still held by other jobs are subtracted, and every job gets at least one.
 */

/** Measured on 2 cores; more threads would split a batch of 128 into slivers too thin for XNNPACK. */
export const MAX_THREADS_PER_JOB = 2;

/**
 * Below this many training samples × epochs × runs a job trains on one thread: a helper thread costs about
 * a second and a half of CPU to start (its own tfjs and wasm), as much as it would save on ~20,000
 * sample-epochs. The default job (10,000 × 8) is four times that; the tests' tiny jobs are far below.
 */
export const SMALL_JOB_SAMPLE_EPOCHS = 20_000;

export interface ThreadPlan {
  cores: number;
  /** Jobs the queue runs at once. */
  concurrency: number;
  /** Threads held by this process's other running jobs. */
  inUse: number;
  /** An explicit request (WorkerJobOptions.threads). */
  wanted?: number;
  /** The job's training samples × epochs × runs. */
  sampleEpochs: number;
}

export function planThreads({ cores, concurrency, inUse, wanted, sampleEpochs }: ThreadPlan): number {
  const share = sampleEpochs < SMALL_JOB_SAMPLE_EPOCHS ? 1 : Math.floor(cores / Math.max(1, concurrency));
  const threads = wanted ?? Math.min(share, cores - inUse);
  return Math.max(1, Math.min(MAX_THREADS_PER_JOB, threads));
}

let inUse = 0;

/** Reserves threads for a job and returns the count and a release (idempotent) for when it ends. */
export function reserveThreads(
  params: TrainParams,
  wanted?: number,
  jobsAtOnce = 1,
): { threads: number; release: () => void } {
  const threads = planThreads({
    cores: availableParallelism(),
    concurrency: jobsAtOnce,
    inUse,
    sampleEpochs: params.samples * params.epochs * (params.compare ? 2 : 1),
    ...(wanted === undefined ? {} : { wanted }),
  });
  inUse += threads;
  let released = false;
  return {
    threads,
    release: () => {
      if (released) return;
      released = true;
      inUse -= threads;
    },
  };
}
