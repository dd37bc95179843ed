import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/trainer/backend/select.ts";
import { setWasmKernelOverrides } from "../../../src/trainer/backend/wasm-kernels.ts";
import { CLASSES } from "../../../src/trainer/model.ts";
import { INPUT_SIZE, LAYER_SIZES, paramLayout } from "../../../src/trainer/parallel/layout.ts";
import { MlpShard } from "../../../src/trainer/parallel/mlp-shard.ts";
import { mulberry32 } from "../../../src/trainer/seeded-random.ts";

/*
 * The fast path's hand-written forward and backward pass against tfjs' own autodiff (tf.grads of the same
 * network and loss) on the cpu backend, for the cpu backend and the wasm backend with stock and with our
 * kernels; and the data-parallel split: the threads' gradients of a batch's parts sum to the full batch's.
 */

interface Case {
  weights: Float32Array;
  images: Float32Array;
  labels: Uint8Array;
  rows: number;
  dropout: number[];
  seed: number;
}

function makeCase(rows: number, dropout: number[], seed: number): Case {
  const random = mulberry32(seed);
  const { total } = paramLayout();
  return {
    weights: Float32Array.from({ length: total }, () => (random() - 0.5) * 0.2),
    images: Float32Array.from({ length: rows * INPUT_SIZE }, () => random()),
    labels: Uint8Array.from({ length: rows }, () => Math.floor(random() * CLASSES)),
    rows,
    dropout,
    seed,
  };
}

function ours(
  c: Case,
  rows = { from: 0, to: c.rows },
  seed = c.seed,
): { gradient: Float32Array; loss: number } {
  const shard = new MlpShard(c.weights, c.dropout, mulberry32(seed));
  shard.loadWeights();
  const gradient = new Float32Array(c.weights.length);
  const sums = shard.trainStep(
    {
      images: c.images.subarray(rows.from * INPUT_SIZE, rows.to * INPUT_SIZE),
      labels: c.labels.subarray(rows.from, rows.to),
      rows: rows.to - rows.from,
    },
    c.rows,
    gradient,
  );
  shard.dispose();
  return { gradient, loss: sums.loss };
}

/** The same network with Keras' dropout masks drawn in the same order, differentiated by tf.grads. */
function reference(c: Case): { gradient: Float32Array; loss: number } {
  const random = mulberry32(c.seed);
  const { slots } = paramLayout();
  return tf.tidy(() => {
    const params = slots.map((slot) =>
      tf.tensor(c.weights.slice(slot.offset, slot.offset + slot.size), slot.shape),
    );
    const masks = c.dropout.map((rate, layer) => {
      if (rate === 0) return undefined;
      const units = LAYER_SIZES[layer + 1] ?? 0;
      const values = Float32Array.from({ length: c.rows * units }, () =>
        random() >= rate ? 1 / (1 - rate) : 0,
      );
      return tf.tensor2d(values, [c.rows, units]);
    });
    const x = tf.tensor2d(c.images, [c.rows, INPUT_SIZE]);
    const y = tf.oneHot(tf.tensor1d(c.labels, "int32"), CLASSES);
    const loss = (...weights: tf.Tensor[]): tf.Scalar => {
      let h: tf.Tensor = x;
      for (let layer = 0; layer < 4; layer++) {
        h = tf.add(tf.matMul(h as tf.Tensor2D, weights[2 * layer] as tf.Tensor2D), weights[2 * layer + 1]!);
        if (layer < 3) {
          h = tf.relu(h);
          const mask = masks[layer];
          if (mask !== undefined) h = tf.mul(h, mask);
        }
      }
      return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(loss)(params);
    const gradient = new Float32Array(c.weights.length);
    grads.forEach((g, i) => gradient.set(g.dataSync() as Float32Array, slots[i]!.offset));
    return { gradient, loss: (value.dataSync()[0] ?? NaN) * c.rows };
  }) as unknown as { gradient: Float32Array; loss: number };
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  expect(scale).toBeGreaterThan(0);
  expect(worst).toBeLessThanOrEqual(1e-4 * scale);
}

const cases = fc.record({
  rows: fc.integer({ min: 1, max: 24 }),
  dropout: fc.tuple(...[0, 1, 2].map(() => fc.constantFrom(0, 0.3, 0.5))),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe("the fast path's MLP step", () => {
  const onCpu = new Map<string, { gradient: Float32Array; loss: number }>();
  const sample = fc.sample(cases, { numRuns: 6, seed: 42 });

  beforeAll(async () => {
    await tf.setBackend("cpu");
    for (const { rows, dropout, seed } of sample) {
      onCpu.set(`${seed}`, reference(makeCase(rows, dropout, seed)));
    }
  }, 120_000);
  afterAll(() => setWasmKernelOverrides(true));

  it("gives tf.grads' gradient and loss on the cpu backend", { timeout: 120_000 }, () => {
    for (const { rows, dropout, seed } of sample) {
      const c = makeCase(rows, dropout, seed);
      const mine = ours(c);
      const expected = onCpu.get(`${seed}`)!;
      expectClose(mine.gradient, expected.gradient);
      expect(mine.loss).toBeCloseTo(expected.loss, 3);
    }
  });

  it(
    "gives the same on the wasm backend, with the stock kernels and with ours",
    { timeout: 120_000 },
    async () => {
      expect((await selectBackend(["wasm"])).name).toBe("wasm");
      for (const overrides of [false, true]) {
        setWasmKernelOverrides(overrides);
        for (const { rows, dropout, seed } of sample) {
          const mine = ours(makeCase(rows, dropout, seed));
          expectClose(mine.gradient, onCpu.get(`${seed}`)!.gradient);
        }
      }
    },
  );

  it(
    "splits a batch between threads: the parts' gradients sum to the full batch's",
    { timeout: 120_000 },
    async () => {
      expect((await selectBackend(["wasm"])).name).toBe("wasm");
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 40 }),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          (rows, seed) => {
            const c = makeCase(rows, [0, 0, 0], seed);
            const whole = ours(c);
            const half = Math.ceil(rows / 2);
            const first = ours(c, { from: 0, to: half });
            const second = ours(c, { from: half, to: rows });
            const summed = first.gradient.map((value, i) => value + second.gradient[i]!);
            expectClose(summed, whole.gradient);
            expect(first.loss + second.loss).toBeCloseTo(whole.loss, 3);
          },
        ),
        { numRuns: 8 },
      );
    },
  );
});
