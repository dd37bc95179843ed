import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/trainer/backend/select.ts";
import { setSimdGemm, simdGemmActive, simdMatMul } from "../../src/trainer/backend/simd-matmul.ts";
import { wasmApi } from "../../src/trainer/parallel/wasm-api.ts";
import { instantiateSimdGemm, simdGemmModule, type GemmShape } from "../../src/trainer/parallel/simd-gemm.ts";

/*
 * The packing-free SIMD GEMM: each form (A·B, Aᵀ·B, A·Bᵀ) against tfjs' cpu backend on shapes with ragged
 * edges, first on a memory of its own, then as the wasm backend's BatchMatMul.
 */

const EDGES = [1, 3, 10, 63, 64, 65];
const SHAPES: [number, number, number][] = [
  ...EDGES.flatMap((m) =>
    EDGES.map((n) => [m, n, EDGES[(m + n) % EDGES.length]!] as [number, number, number]),
  ),
  [64, 512, 784],
  [784, 512, 64],
  [64, 10, 128],
  [65, 784, 3],
  [7, 13, 0],
];
type Form = "nn" | "tn" | "nt";
const FORMS: Form[] = ["nn", "tn", "nt"];

function random(count: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

const storedShapes = (form: Form, m: number, n: number, k: number): [[number, number], [number, number]] => [
  form === "tn" ? [k, m] : [m, k],
  form === "nt" ? [n, k] : [k, n],
];

async function onCpu(form: Form, a: Float32Array, b: Float32Array, m: number, n: number, k: number) {
  const previous = tf.getBackend();
  await tf.setBackend("cpu");
  try {
    const [aShape, bShape] = storedShapes(form, m, n, k);
    return tf
      .tidy(() => tf.matMul(tf.tensor2d(a, aShape), tf.tensor2d(b, bShape), form === "tn", form === "nt"))
      .dataSync() as Float32Array;
  } finally {
    await tf.setBackend(previous);
  }
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, k: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] ?? Number.NaN;
    worst = Math.max(worst, Math.abs((actual[i] ?? Number.NaN) - want) / Math.max(1, Math.abs(want)));
  }
  // Sums of k products of numbers in [-1, 1): float32 rounding grows with k.
  expect(worst).toBeLessThanOrEqual(1e-6 * Math.max(8, k));
}

describe("the SIMD GEMM module", () => {
  it("validates for several register tiles", () => {
    const shapes: GemmShape[] = [
      { mr: 4, nv: 2, rt: 4, ct: 2, blockBytes: 0 },
      { mr: 1, nv: 1, rt: 1, ct: 1, blockBytes: 0 },
      { mr: 3, nv: 4, rt: 2, ct: 4, blockBytes: 0 },
    ];
    for (const shape of shapes) expect(wasmApi.validate(simdGemmModule(shape))).toBe(true);
  });

  for (const shape of [undefined, { mr: 3, nv: 3, rt: 3, ct: 3, blockBytes: 4096 }] as const) {
    it(`computes every form on ragged shapes (tile ${shape ? "3×12 / 3×3" : "default"})`, async () => {
      await selectBackend(["cpu"]);
      const memory = new wasmApi.Memory({ initial: 160 });
      const gemm = instantiateSimdGemm(memory, shape);
      expect(gemm).toBeDefined();
      const heap = new Float32Array(memory.buffer);
      const [aAt, bAt, cAt] = [0, 1 << 20, 2 << 20]; // float indices, 4 MiB apart
      for (const [index, [m, n, k]] of SHAPES.entries()) {
        for (const form of FORMS) {
          const a = random(m * k, 2 * index + 1);
          const b = random(k * n, 2 * index + 2);
          heap.set(a, aAt);
          heap.set(b, bAt);
          heap.fill(Number.NaN, cAt, cAt + m * n + 8);
          if (form === "nt") gemm!.nt(4 * aAt, 4 * bAt, 4 * cAt, m, n, k);
          else if (form === "tn") gemm!.nn(4 * aAt, 4 * bAt, 4 * cAt, m, n, k, 4, 4 * m);
          else gemm!.nn(4 * aAt, 4 * bAt, 4 * cAt, m, n, k, 4 * k, 4);
          expectClose(heap.subarray(cAt, cAt + m * n), await onCpu(form, a, b, m, n, k), k);
          expect(Number.isNaN(heap[cAt + m * n])).toBe(true); // nothing written past C
        }
      }
    });
  }
});

describe("the SIMD GEMM as the wasm backend's BatchMatMul", () => {
  beforeAll(async () => {
    expect((await selectBackend(["wasm"])).name).toBe("wasm");
  });
  afterEach(() => setSimdGemm(true));

  it("matches the cpu backend for every form, and the XNNPACK path it replaces", async () => {
    expect(simdGemmActive(tf.backend() as BackendWasm)).toBe(true);
    for (const [index, [m, n, k]] of SHAPES.entries()) {
      if (k === 0) continue;
      for (const form of FORMS) {
        const a = random(m * k, 3 * index + 1);
        const b = random(k * n, 3 * index + 2);
        const [aShape, bShape] = storedShapes(form, m, n, k);
        const product = (): Float32Array =>
          tf
            .tidy(() =>
              tf.matMul(tf.tensor2d(a, aShape), tf.tensor2d(b, bShape), form === "tn", form === "nt"),
            )
            .dataSync() as Float32Array;
        const ours = product();
        setSimdGemm(false);
        const xnnpack = product();
        setSimdGemm(true);
        expectClose(ours, await onCpu(form, a, b, m, n, k), k);
        expectClose(ours, xnnpack, k);
      }
    }
  });

  it("serves the 2-D products itself, and declines what it does not compute (both transposed, 3-D, fused bias)", () => {
    const backend = tf.backend() as BackendWasm;
    const a = tf.tensor2d(random(6 * 5, 1), [6, 5]);
    const b = tf.tensor2d(random(5 * 4, 2), [5, 4]);
    const aT = tf.tensor2d(random(5 * 6, 3), [5, 6]);
    const bT = tf.tensor2d(random(4 * 5, 4), [4, 5]);
    const batched = tf.tensor3d(random(2 * 6 * 5, 5), [2, 6, 5]);
    const bias = tf.tensor1d(random(4, 6));
    const plain = { transposeA: false, transposeB: false };
    try {
      for (const [inputs, attrs] of [
        [{ a, b }, plain],
        [
          { a: aT, b },
          { transposeA: true, transposeB: false },
        ],
        [
          { a, b: bT },
          { transposeA: false, transposeB: true },
        ],
      ] as const) {
        const out = simdMatMul(inputs, attrs, backend);
        expect(out?.shape).toEqual([6, 4]);
        if (out) backend.disposeData(out.dataId);
      }
      expect(simdMatMul({ a: aT, b: bT }, { transposeA: true, transposeB: true }, backend)).toBeUndefined();
      expect(simdMatMul({ a: batched, b }, plain, backend)).toBeUndefined();
      expect(simdMatMul({ a, b, bias }, plain, backend)).toBeUndefined();
      expect(simdMatMul({ a, b }, { ...plain, activation: "relu" }, backend)).toBeUndefined();
      setSimdGemm(false);
      expect(simdMatMul({ a, b }, plain, backend)).toBeUndefined();
    } finally {
      tf.dispose([a, b, aT, bT, batched, bias]);
    }
  });
});
