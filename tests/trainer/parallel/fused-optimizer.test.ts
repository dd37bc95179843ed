import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  applyOptimizerStep,
  createOptimizerState,
  finishStep,
} from "../../../src/trainer/parallel/fused-optimizer.ts";
import { rangeOf } from "../../../src/trainer/parallel/layout.ts";
import { instantiateSimdAdam } from "../../../src/trainer/parallel/simd-adam.ts";
import { wasmApi } from "../../../src/trainer/parallel/wasm-api.ts";
import { OPTIMIZERS, type OptimizerName } from "../../../src/trainer/params.ts";
import { mulberry32 } from "../../../src/trainer/seeded-random.ts";

/** tf.train's optimizer over `steps` gradients, on the current backend: the reference. */
function withTfjs(
  name: OptimizerName,
  lr: number,
  initial: Float32Array,
  steps: Float32Array[],
): Float32Array {
  const optimizer =
    name === "adam" ? tf.train.adam(lr) : name === "sgd" ? tf.train.sgd(lr) : tf.train.rmsprop(lr);
  const variable = tf.variable(tf.tensor1d(initial), true, `w${Math.random()}`);
  for (const gradient of steps) {
    const g = tf.tensor1d(gradient);
    optimizer.applyGradients([{ name: variable.name, tensor: g }]);
    g.dispose();
  }
  const result = variable.dataSync() as Float32Array;
  const copy = result.slice();
  variable.dispose();
  optimizer.dispose();
  return copy;
}

/** Ours, with every step's gradient split into `threads` slots that sum to it and applied range by range. */
function fused(
  name: OptimizerName,
  lr: number,
  initial: Float32Array,
  steps: Float32Array[],
  threads: number,
  random: () => number,
): Float32Array {
  const size = initial.length;
  const weights = initial.slice();
  const first = new Float32Array(size);
  const second = new Float32Array(size);
  const states = Array.from({ length: threads }, (_, rank) => {
    const { from, to } = rangeOf(rank, threads, size);
    return {
      from,
      to,
      state: createOptimizerState(name, lr, first.subarray(from, to), second.subarray(from, to)),
    };
  });
  for (const gradient of steps) {
    const slots = Array.from({ length: threads }, () => new Float32Array(size));
    for (let i = 0; i < size; i++) {
      let rest = gradient[i]!;
      for (let k = 0; k + 1 < threads; k++) {
        const part = Math.fround(rest * random());
        slots[k]![i] = part;
        rest -= part;
      }
      slots[threads - 1]![i] = rest;
    }
    for (const { from, to, state } of states) {
      applyOptimizerStep(
        state,
        weights.subarray(from, to),
        slots.map((slot) => slot.subarray(from, to)),
        0,
        to - from,
      );
      finishStep(state);
    }
  }
  return weights;
}

function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(
      tolerance * Math.max(1, Math.abs(expected[i]!)),
    );
  }
}

describe("the fused optimizer step", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it(
    "matches tf.train's adam, sgd and rmsprop on the cpu backend, split over 1–3 threads' slots",
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...OPTIMIZERS),
          fc.integer({ min: 1, max: 300 }),
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 3 }),
          fc.constantFrom(0.001, 0.01, 0.1),
          fc.integer(),
          (name, size, stepCount, threads, lr, seed) => {
            const random = mulberry32(seed);
            const normal = (): number => (random() - 0.5) * 2;
            const initial = Float32Array.from({ length: size }, normal);
            const steps = Array.from({ length: stepCount }, () =>
              Float32Array.from({ length: size }, () => normal() * (random() < 0.1 ? 0 : 1)),
            );
            const expected = withTfjs(name, lr, initial, steps);
            const actual = fused(name, lr, initial, steps, threads, random);
            // Slot sums differ from the gradient by float rounding, which Adam's g/√v amplifies near zero.
            expectClose(actual, expected, 2e-4);
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});

describe("Adam in wasm SIMD", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it(
    "is available here, and matches tf.train.adam for one and two gradient slots, odd sizes included",
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 300 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 2 }),
          fc.integer(),
          (size, stepCount, threads, seed) => {
            const random = mulberry32(seed);
            const normal = (): number => (random() - 0.5) * 2;
            const initial = Float32Array.from({ length: size }, normal);
            const steps = Array.from({ length: stepCount }, () =>
              Float32Array.from({ length: size }, normal),
            );
            const expected = withTfjs("adam", 0.001, initial, steps);
            // weights, first, second, and a slot per thread, each 16-byte aligned, in one shared memory
            const stride = Math.ceil(size / 4) * 4;
            const pages = Math.ceil(((3 + threads) * stride * 4) / 65_536);
            const memory = new wasmApi.Memory({ initial: pages, maximum: pages, shared: true });
            const simd = instantiateSimdAdam(memory, pages);
            expect(simd).toBeDefined();
            const region = (index: number): Float32Array =>
              new Float32Array(memory.buffer, index * stride * 4, size);
            const weights = region(0);
            weights.set(initial);
            const state = createOptimizerState("adam", 0.001, region(1), region(2), simd);
            const slots = Array.from({ length: threads }, (_, k) => region(3 + k));
            for (const gradient of steps) {
              slots.forEach((slot, k) =>
                slot.set(gradient.map((g) => (threads === 1 ? g : k === 0 ? g * 0.25 : g * 0.75))),
              );
              applyOptimizerStep(state, weights, slots, 0, size);
              finishStep(state);
            }
            expectClose(weights, expected, 2e-4);
          },
        ),
        { numRuns: 40 },
      );
    },
  );
});
