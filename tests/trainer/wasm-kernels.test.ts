import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/trainer/backend/select.ts";
import { setSimdGemm } from "../../src/trainer/backend/simd-matmul.ts";
import {
  matMulPlan,
  setWasmKernelOverrides,
  transposeTiled,
  wasmKernelOverridesEnabled,
} from "../../src/trainer/backend/wasm-kernels.ts";

function run(compute: () => tf.Tensor): { shape: number[]; values: Float32Array } {
  const tensor = tf.tidy(compute);
  const result = { shape: tensor.shape, values: tensor.dataSync() as Float32Array };
  tensor.dispose();
  return result;
}

/** Runs `compute` with the stock wasm kernels and with ours, and returns both results as plain arrays. */
function stockAndOptimised(compute: () => tf.Tensor): { stock: Float32Array; optimised: Float32Array } {
  setWasmKernelOverrides(false);
  const stock = run(compute);
  setWasmKernelOverrides(true);
  const optimised = run(compute);
  expect(optimised.shape).toEqual(stock.shape);
  return { stock: stock.values, optimised: optimised.values };
}

/** The same computation on the plain JavaScript cpu backend, the reference implementation. */
async function onCpu(compute: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend("cpu");
  try {
    return run(compute).values;
  } finally {
    await tf.setBackend("wasm");
  }
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] ?? Number.NaN;
    const got = actual[i] ?? Number.NaN;
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
  }
}

const dim = fc.integer({ min: 1, max: 40 });

describe("wasm kernel overrides", () => {
  beforeAll(async () => {
    const backend = await selectBackend(["wasm"]);
    expect(backend.name).toBe("wasm");
  });
  afterEach(() => {
    setWasmKernelOverrides(true);
    setSimdGemm(true);
  });

  it("are installed on the wasm backend", () => {
    expect(wasmKernelOverridesEnabled()).toBe(true);
  });

  it("BatchMatMul equals the stock kernel for every transpose combination", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        dim,
        dim,
        dim,
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (batch, m, k, n, transposeA, transposeB, seed) => {
          const aShape =
            batch === 1 ? (transposeA ? [k, m] : [m, k]) : [batch, ...(transposeA ? [k, m] : [m, k])];
          const bShape =
            batch === 1 ? (transposeB ? [n, k] : [k, n]) : [batch, ...(transposeB ? [n, k] : [k, n])];
          const a = tf.randomNormal(aShape, 0, 1, "float32", seed);
          const b = tf.randomNormal(bShape, 0, 1, "float32", seed + 1);
          const { stock, optimised } = stockAndOptimised(() => tf.matMul(a, b, transposeA, transposeB));
          tf.dispose([a, b]);
          expectClose(optimised, stock);
        },
      ),
      { numRuns: 60 },
    );
  });

  // The stock wasm _FusedMatMul adds the bias wrongly when transposeA is set (it indexes the bias by the
  // untransposed shape), so the reference here is the cpu backend.
  it("_FusedMatMul with bias and activation equals the cpu backend", async () => {
    await fc.assert(
      fc.asyncProperty(
        dim,
        dim,
        dim,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("linear", "relu", "relu6", "sigmoid", "elu") as fc.Arbitrary<tf.fused.Activation>,
        fc.integer(),
        async (m, k, n, transposeA, transposeB, activation, seed) => {
          const a = tf.randomNormal([1, ...(transposeA ? [k, m] : [m, k])], 0, 1, "float32", seed);
          const b = tf.randomNormal([1, ...(transposeB ? [n, k] : [k, n])], 0, 1, "float32", seed + 1);
          const bias = tf.randomNormal([n], 0, 1, "float32", seed + 2);
          const fused = (): tf.Tensor => tf.fused.matMul({ a, b, transposeA, transposeB, bias, activation });
          const optimised = run(fused).values;
          const reference = await onCpu(fused);
          tf.dispose([a, b, bias]);
          expectClose(optimised, reference);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("gradients of a dense layer are unchanged (the transposed products of the backward pass)", () => {
    const x = tf.randomNormal([16, 30], 0, 1, "float32", 1);
    const w = tf.randomNormal([30, 20], 0, 1, "float32", 2);
    const grads = (): tf.Tensor =>
      tf.concat(
        tf
          .grads((input: tf.Tensor, weights: tf.Tensor) => tf.relu(tf.matMul(input, weights)).sum())([x, w])
          .map((gradient) => gradient.flatten()),
      );
    const { stock, optimised } = stockAndOptimised(grads);
    tf.dispose([x, w]);
    expectClose(optimised, stock);
  });

  it("packs the smaller operand for the lesson's products", () => {
    // Forward X·W1 (128×784 · 784×512): packing Xᵀ (100k) beats packing W1 (401k).
    expect(matMulPlan(128, 784, 512, false, false)).toBe("swapped");
    // Backward dX = dY·W2ᵀ (128×512 · 512×256 stored transposed): W2 needs no transpose when swapped.
    expect(matMulPlan(128, 512, 256, false, true)).toBe("swapped");
    // Backward dW1 = Xᵀ·dY (784×128 · 128×512): swapping would pack X and transpose a 784×512 result.
    expect(matMulPlan(784, 128, 512, true, false)).toBe("direct");
    // The output layer (128×128 · 128×10): W4 is the smaller operand already.
    expect(matMulPlan(128, 128, 10, false, false)).toBe("direct");
  });

  it("a swapped product has the same bits as the direct XNNPACK product", () => {
    setSimdGemm(false); // it would take the plain products (afterEach turns it back on)
    // The first product on a new right operand may be swapped (packing the left operand); a second one on
    // the same operand always goes direct, so XNNPACK can reuse the operator it cached for it.
    const shapes: [number, number, number, boolean, boolean][] = [
      [128, 784, 512, false, false],
      [128, 256, 512, false, true],
      [37, 91, 200, false, false],
      [5, 30, 77, true, true],
      [16, 8, 3, true, false],
    ];
    for (const [[m, k, n, transposeA, transposeB], seed] of shapes.map((shape, i) => [shape, i] as const)) {
      expect(["direct", "swapped"]).toContain(matMulPlan(m, k, n, transposeA, transposeB));
      const a = tf.randomNormal(transposeA ? [k, m] : [m, k], 0, 1, "float32", seed);
      const b = tf.randomNormal(transposeB ? [n, k] : [k, n], 0, 1, "float32", seed + 100);
      // A copy through tf.tensor gets a new data id (clone() would share b's).
      const copyOfB = (): tf.Tensor => tf.tensor(b.dataSync(), b.shape);
      for (const activation of ["linear", "relu"] as const) {
        const fresh = copyOfB();
        const first = run(() => tf.fused.matMul({ a, b: fresh, transposeA, transposeB, activation }));
        fresh.dispose();
        const kept = copyOfB();
        run(() => tf.fused.matMul({ a, b: kept, transposeA, transposeB, activation }));
        const second = run(() => tf.fused.matMul({ a, b: kept, transposeA, transposeB, activation }));
        kept.dispose();
        expect(first.shape).toEqual([m, n]);
        expect(second.shape).toEqual([m, n]);
        expect(Array.from(first.values)).toEqual(Array.from(second.values));
      }
      tf.dispose([a, b]);
    }
  });

  it("Slice equals the stock kernel, contiguous or not", () => {
    const x = tf.randomNormal([12, 7, 5], 0, 1, "float32", 3);
    for (const [begin, size] of [
      [
        [3, 0, 0],
        [4, 7, 5],
      ],
      [
        [2, 1, 0],
        [3, 4, 5],
      ],
      [
        [0, 0, 2],
        [12, 7, 2],
      ],
    ] as const) {
      const { stock, optimised } = stockAndOptimised(() => tf.slice(x, [...begin], [...size]));
      expectClose(optimised, stock);
    }
    x.dispose();
  });

  it("GatherV2 along rows equals the stock kernel and rejects indices out of range", () => {
    const x = tf.randomNormal([9, 4, 3], 0, 1, "float32", 4);
    const indices = tf.tensor1d([8, 0, 3, 3, 5], "int32");
    const { stock, optimised } = stockAndOptimised(() => tf.gather(x, indices));
    expectClose(optimised, stock);
    const columns = stockAndOptimised(() => tf.gather(x, tf.tensor1d([2, 0], "int32"), 2));
    expectClose(columns.optimised, columns.stock);
    expect(() => tf.gather(x, tf.tensor1d([9], "int32"))).toThrow(/not in \[0, 8\]/);
    tf.dispose([x, indices]);
  });

  it("Identity shares the data, which outlives the original, and frees it with the last reference", () => {
    const before = tf.memory().numBytes;
    const x = tf.randomNormal([6, 5], 0, 1, "float32", 5);
    const values = Array.from(x.dataSync());
    const copy = tf.clone(x);
    expect(Array.from(copy.dataSync())).toEqual(values);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual(values);
    copy.dispose();
    expect(tf.memory().numBytes).toBe(before);
    const { stock, optimised } = stockAndOptimised(() => tf.clone(tf.range(0, 12).reshape([3, 4])));
    expectClose(optimised, stock);
  });

  it("Transpose equals the stock kernel bit for bit, on the cache-hostile row counts it takes and others", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom("float32", "int32") as fc.Arbitrary<"float32" | "int32">,
        fc.integer(),
        (rowBlocks, cols, dtype, seed) => {
          const rows = 64 * rowBlocks;
          const x = tf.randomUniform([rows, cols], -1000, 1000, dtype, seed);
          const { stock, optimised } = stockAndOptimised(() => tf.transpose(x));
          x.dispose();
          expect(Array.from(optimised)).toEqual(Array.from(stock));
        },
      ),
      { numRuns: 25 },
    );
    for (const shape of [
      [784, 512],
      [10, 128],
      [128, 1],
      [2, 64, 3],
    ]) {
      const x = tf.randomNormal(shape, 0, 1, "float32", 6);
      const { stock, optimised } = stockAndOptimised(() => tf.transpose(x));
      x.dispose();
      expect(Array.from(optimised)).toEqual(Array.from(stock));
    }
  });

  it("the tiled transpose handles ragged tiles and row groups", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), (rows, cols) => {
        const source = Float32Array.from({ length: rows * cols }, (_, i) => i);
        const target = new Float32Array(rows * cols);
        transposeTiled(source, target, rows, cols);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) expect(target[j * rows + i]).toBe(source[i * cols + j]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
