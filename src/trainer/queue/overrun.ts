import type { TrainProgress } from "../types.ts";

/**
 * After an epoch: the run time projected from the time so far plus the estimate for the rest, when that is
 * over the job's limit (the job is better stopped now than left to hold the queue); otherwise undefined.
 */
export function projectedOverrun(
  elapsedMs: number,
  progress: TrainProgress,
  timeoutMs: number,
): number | undefined {
  if (!Number.isFinite(progress.etaSeconds)) return undefined;
  const projectedSeconds = elapsedMs / 1000 + progress.etaSeconds;
  return projectedSeconds * 1000 > timeoutMs ? projectedSeconds : undefined;
}

export const overrunReason = (projectedSeconds: number, timeoutMs: number): string =>
  `projected to need ${Math.round(projectedSeconds)} s, over the ${Math.round(timeoutMs / 1000)} s limit`;
