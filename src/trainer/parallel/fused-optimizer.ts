import type { OptimizerName } from "../params.ts";
import type { SimdAdam } from "./simd-adam.ts";

/*
 * The optimizers of tf.train (adam, sgd, rmsprop with their tfjs defaults) as one fused loop over a range of
 * the flat parameter vector. tfjs runs about ten elementwise kernels a variable for Adam, each a pass over
 * memory with its own dispatch; this is one pass. The gradient is the sum of the threads' gradient slots
 * (each already divided by the whole batch), so the sum is the full batch's mean gradient.
 * The arithmetic follows tfjs-core's optimizers term by term (see the tests, which compare both).
 */

/** tfjs' backend epsilon for float32, the default epsilon of Adam and RMSprop. */
export const EPSILON = 1e-7;
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const RMSPROP_DECAY = 0.9;

export interface OptimizerState {
  name: OptimizerName;
  lr: number;
  /** Adam: first moment; RMSprop: mean square. Shared between threads; each updates its own range. */
  first: Float32Array;
  /** Adam: second moment; RMSprop: momentum accumulator (momentum 0, kept for symmetry with tfjs). */
  second: Float32Array;
  /** Adam's β₁ᵗ and β₂ᵗ as tfjs keeps them: float32 products, one factor a step. */
  accBeta1: number;
  accBeta2: number;
  /** Adam in wasm SIMD, when the weights, state and gradients are views of the memory it was bound to. */
  simd?: SimdAdam;
}

export function createOptimizerState(
  name: OptimizerName,
  lr: number,
  first: Float32Array,
  second: Float32Array,
  simd?: SimdAdam,
): OptimizerState {
  first.fill(0);
  second.fill(0);
  return { name, lr, first, second, accBeta1: ADAM_BETA1, accBeta2: ADAM_BETA2, ...(simd ? { simd } : {}) };
}

/**
 * Applies one step to weights[from, to) with the gradient Σ grads[k][i]. Every thread calls it with the same
 * state scalars and its own range, then advances the scalars with `finishStep`.
 */
export function applyOptimizerStep(
  state: OptimizerState,
  weights: Float32Array,
  grads: readonly Float32Array[],
  from: number,
  to: number,
): void {
  const [g0, g1, ...more] = grads;
  if (g0 === undefined) return;
  if (more.length > 0) {
    for (const extra of more) for (let i = from; i < to; i++) g0[i] = g0[i]! + extra[i]!;
  }
  switch (state.name) {
    case "adam":
      return adam(state, weights, g0, g1, from, to);
    case "sgd":
      return sgd(state.lr, weights, g0, g1, from, to);
    case "rmsprop":
      return rmsprop(state, weights, g0, g1, from, to);
  }
}

/** Advances the per-step scalars (Adam's β powers), once per step on every thread. */
export function finishStep(state: OptimizerState): void {
  state.accBeta1 = Math.fround(state.accBeta1 * ADAM_BETA1);
  state.accBeta2 = Math.fround(state.accBeta2 * ADAM_BETA2);
}

function adam(
  state: OptimizerState,
  w: Float32Array,
  g0: Float32Array,
  g1: Float32Array | undefined,
  from: number,
  to: number,
): void {
  const { first: m, second: v, lr } = state;
  const correction1 = Math.fround(1 - state.accBeta1);
  const correction2 = Math.fround(1 - state.accBeta2);
  const c1 = 1 - ADAM_BETA1;
  const c2 = 1 - ADAM_BETA2;
  let start = from;
  if (state.simd !== undefined) {
    const count = (to - from) & ~3;
    const at = (array: Float32Array): number => array.byteOffset + from * 4;
    const run = g1 === undefined ? state.simd.oneSlot : state.simd.twoSlots;
    run(
      at(w),
      at(m),
      at(v),
      at(g0),
      at(g1 ?? g0),
      count,
      ADAM_BETA1,
      c1,
      ADAM_BETA2,
      c2,
      lr / correction1,
      1 / correction2,
      EPSILON,
    );
    start = from + count;
  }
  for (let i = start; i < to; i++) {
    const g = g1 === undefined ? g0[i]! : g0[i]! + g1[i]!;
    const mi = ADAM_BETA1 * m[i]! + c1 * g;
    const vi = ADAM_BETA2 * v[i]! + c2 * g * g;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i]! - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + EPSILON);
  }
}

function sgd(
  lr: number,
  w: Float32Array,
  g0: Float32Array,
  g1: Float32Array | undefined,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const g = g1 === undefined ? g0[i]! : g0[i]! + g1[i]!;
    w[i] = w[i]! - lr * g;
  }
}

function rmsprop(
  state: OptimizerState,
  w: Float32Array,
  g0: Float32Array,
  g1: Float32Array | undefined,
  from: number,
  to: number,
): void {
  const { first: meanSquare, second: moments, lr } = state;
  const c = 1 - RMSPROP_DECAY;
  for (let i = from; i < to; i++) {
    const g = g1 === undefined ? g0[i]! : g0[i]! + g1[i]!;
    const ms = RMSPROP_DECAY * meanSquare[i]! + c * g * g;
    meanSquare[i] = ms;
    // tfjs' momentum is 0 by default: the accumulator is this step's update alone.
    const update = (g * lr) / Math.sqrt(ms + EPSILON);
    moments[i] = update;
    w[i] = w[i]! - update;
  }
}
