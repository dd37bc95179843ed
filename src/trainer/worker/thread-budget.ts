import { availableParallelism } from "node:os";

/*
 * The cores this process's training jobs may use. A job takes as many threads as are free when it starts
 * (at least one, at most MAX_THREADS_PER_JOB) and gives them back when it ends. With one job at a time
 * (MANABOT_TRAIN_CONCURRENCY=1) every job gets both cores of a 2-core machine; a job that starts while
 * another holds them all trains on one thread.
 */

/** Measured on 2 cores; more threads would split a batch of 128 into slivers too thin for XNNPACK. */
export const MAX_THREADS_PER_JOB = 2;

let inUse = 0;

/** Reserves threads for a job (`wanted` if given, else what is free) and returns the count and a release. */
export function reserveThreads(wanted?: number): { threads: number; release: () => void } {
  const free = availableParallelism() - inUse;
  const threads = Math.max(1, Math.min(MAX_THREADS_PER_JOB, wanted ?? free));
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
