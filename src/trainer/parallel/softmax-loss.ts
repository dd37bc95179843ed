import { CLASSES } from "../model.ts";
import { EPSILON } from "./fused-optimizer.ts";

export interface LossSums {
  /** Σ categorical cross-entropy over the rows. */
  loss: number;
  /** Rows whose most probable class is the label. */
  correct: number;
}

/**
 * Softmax over each row of `logits` [rows×10], then what Keras reports and what the backward pass needs:
 * the loss as tfjs-layers computes categorical cross-entropy of a softmax output (−log of the probability,
 * clipped to [ε, 1−ε]), accuracy as argmax equality (the first maximum wins, as tf.argMax), and the
 * gradient of the loss with respect to the logits, (p − y) / batchTotal — the softmax-with-cross-entropy
 * gradient that Keras in Python uses for a softmax output too.
 */
export function softmaxLossAndGradient(
  logits: Float32Array,
  labels: ArrayLike<number>,
  rows: number,
  batchTotal: number,
): { sums: LossSums; gradient: Float32Array } {
  const gradient = new Float32Array(rows * CLASSES);
  let loss = 0;
  let correct = 0;
  for (let row = 0; row < rows; row++) {
    const base = row * CLASSES;
    let max = -Infinity;
    let best = 0;
    for (let c = 0; c < CLASSES; c++) {
      const value = logits[base + c]!;
      if (value > max) {
        max = value;
        best = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < CLASSES; c++) {
      const e = Math.exp(logits[base + c]! - max);
      gradient[base + c] = e;
      sum += e;
    }
    const label = labels[row]!;
    for (let c = 0; c < CLASSES; c++) {
      const p = gradient[base + c]! / sum;
      if (c === label) loss -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, p)));
      gradient[base + c] = (p - (c === label ? 1 : 0)) / batchTotal;
    }
    if (best === label) correct++;
  }
  return { sums: { loss, correct }, gradient };
}
