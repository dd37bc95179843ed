import * as tf from "@tensorflow/tfjs";
import type { OptimizerName } from "./params.ts";

export const HIDDEN_UNITS = [512, 256, 128] as const;
export const IMAGE_SHAPE = [28, 28] as const;
export const CLASSES = 10;

export interface ModelSpec {
  /** Dropout after each hidden layer; a rate of 0 leaves the Dropout layer out, as the lesson's baseline. */
  dropout: readonly [number, number, number];
  batchnorm: boolean;
  optimizer: OptimizerName;
  lr: number;
  /** Seeds the weight initialisers; null draws fresh weights. */
  seed: number | null;
}

/**
 * The lesson's MLP: Flatten(28×28) → Dense 512 → 256 → 128 (ReLU), each followed by Dropout, → Dense 10
 * softmax; Adam (or the chosen optimizer), categorical cross-entropy, accuracy. With batchnorm the hidden
 * block is Dense → BatchNorm → ReLU → Dropout, the order the lesson recommends.
 */
export function buildModel(spec: ModelSpec): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [...IMAGE_SHAPE] }));
  HIDDEN_UNITS.forEach((units, layer) => {
    const kernelInitializer = tf.initializers.glorotUniform(seedFor(spec.seed, layer));
    if (spec.batchnorm) {
      model.add(tf.layers.dense({ units, kernelInitializer }));
      model.add(tf.layers.batchNormalization());
      model.add(tf.layers.activation({ activation: "relu" }));
    } else {
      model.add(tf.layers.dense({ units, activation: "relu", kernelInitializer }));
    }
    const rate = spec.dropout[layer] ?? 0;
    if (rate > 0) model.add(tf.layers.dropout({ rate }));
  });
  model.add(
    tf.layers.dense({
      units: CLASSES,
      activation: "softmax",
      kernelInitializer: tf.initializers.glorotUniform(seedFor(spec.seed, HIDDEN_UNITS.length)),
    }),
  );
  model.compile({
    optimizer: makeOptimizer(spec.optimizer, spec.lr),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

/** Frees the model's weights and its optimizer's state (which model.dispose() leaves to its creator). */
export function disposeModel(model: tf.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}

function seedFor(seed: number | null, layer: number): { seed?: number } {
  return seed === null ? {} : { seed: seed * 31 + layer };
}

function makeOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case "adam":
      return tf.train.adam(lr);
    case "sgd":
      return tf.train.sgd(lr);
    case "rmsprop":
      return tf.train.rmsprop(lr);
  }
}
