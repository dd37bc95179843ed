import type { TrainParams } from "../params.ts";

/** Bump when the model, the data or the training loop changes, so old results are not reused. */
export const CACHE_VERSION = 1;

/**
 * Seeded runs are repeatable, so identical seeded parameters may reuse a stored result. Unseeded runs are
 * draws of a random experiment and always train. Keys list the parameters in a fixed order.
 */
export function cacheKeyFor(params: TrainParams): string | null {
  if (params.seed === null) return null;
  const ordered: Record<keyof TrainParams, unknown> = {
    dropout: params.dropout,
    epochs: params.epochs,
    batch: params.batch,
    samples: params.samples,
    optimizer: params.optimizer,
    lr: params.lr,
    batchnorm: params.batchnorm,
    compare: params.compare,
    seed: params.seed,
  };
  return `v${CACHE_VERSION}:${JSON.stringify(ordered)}`;
}
