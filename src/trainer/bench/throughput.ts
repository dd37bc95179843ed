import * as tf from "@tensorflow/tfjs";
import type { MnistSet } from "../mnist.ts";
import { buildModel, disposeModel } from "../model.ts";
import { DEFAULTS } from "../params.ts";
import { VALIDATION_SPLIT } from "../train.ts";

export interface Throughput {
  /** Training samples per second over one epoch, the validation pass included in the time. */
  samplesPerSecond: number;
  seconds: number;
  trainSamples: number;
}

/** Fits the default model for one epoch on the current backend, after a short warm-up fit. */
export async function measureThroughput(
  data: MnistSet,
  samples: number,
  batch = DEFAULTS.batch,
): Promise<Throughput> {
  const count = Math.min(samples, data.count);
  const x = tf.tensor3d(data.images.subarray(0, count * 784), [count, 28, 28]);
  const y = tf.tensor2d(data.oneHot.subarray(0, count * 10), [count, 10]);
  const model = buildModel({ ...DEFAULTS, dropout: [0.3, 0.3, 0.3] });
  try {
    const warm = Math.min(count, 4 * batch);
    await model.fit(x.slice(0, warm), y.slice(0, warm), { epochs: 1, batchSize: batch, verbose: 0 });
    const started = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: batch, validationSplit: VALIDATION_SPLIT, verbose: 0 });
    const seconds = (performance.now() - started) / 1000;
    const trainSamples = Math.floor(count * (1 - VALIDATION_SPLIT));
    return { samplesPerSecond: trainSamples / seconds, seconds, trainSamples };
  } finally {
    disposeModel(model);
    tf.dispose([x, y]);
  }
}
