/*
 * Matrix products in WebAssembly SIMD without packing or transposes, for the Dense layers' three shapes:
 * C = A·B (NN), C = Aᵀ·B (TN: A read column by column) and C = A·Bᵀ (NT: dot products along K), all
 * row-major float32 in one wasm memory. NN and TN share one kernel that reads A through two strides: each
 * tile of MR rows × 4·NV columns keeps its sums in registers, splats one A value a row and multiplies it
 * into NV four-wide vectors of a B row, K times. NT keeps RT × CT four-wide partial dot products and adds
 * their lanes at the end. Edges (rows, columns, K) take narrower tiles down to one scalar column, so any
 * shape works. Every output element is one sum over K in order (NT: four interleaved partial sums, then
 * the rest), so results match other float32 kernels up to rounding.
 */

import { driver, nnPanel, ntPanel } from "./simd-gemm-code.ts";
import { wasmApi } from "./wasm-api.ts";
import { get, I32, i32, leb, MAGIC_AND_VERSION, name, op, section } from "./wasm-bytes.ts";

export interface GemmShape {
  /** Register tile of the NN/TN kernel: rows, and four-wide vectors of columns. */
  mr: number;
  nv: number;
  /** Register tile of the NT kernel: rows of A, rows of B. */
  rt: number;
  ct: number;
  /**
   * Cache blocking: the columns of C are done in blocks whose part of B (K × block floats) fits in about
   * this many bytes, so that every row panel finds it in cache (0: one block).
   */
  blockBytes: number;
}

export const DEFAULT_GEMM_SHAPE: GemmShape = { mr: 4, nv: 2, rt: 4, ct: 2, blockBytes: 64 * 1024 };

interface RawExports {
  nn(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    aRow: number,
    aDepth: number,
    ld: number,
  ): void;
  nt(a: number, b: number, c: number, m: number, n: number, k: number, ld: number): void;
}

/** The module's exports; pointers and strides in bytes. */
export interface SimdGemmExports {
  /** C[m×n] = A·B with A(i, p) at a + i·aRow + p·aDepth, B[k×n] and C row-major. */
  nn(a: number, b: number, c: number, m: number, n: number, k: number, aRow: number, aDepth: number): void;
  /** C[m×n] = A[m×k]·B[n×k]ᵀ, all row-major. */
  nt(a: number, b: number, c: number, m: number, n: number, k: number): void;
}

/** The module's bytes; it imports its memory as env.memory (at least one page, unshared). */
export function simdGemmModule(shape: GemmShape = DEFAULT_GEMM_SHAPE): Uint8Array {
  const fn = (count: number): number[] => [0x60, count, ...Array<number>(count).fill(I32), 0];
  const types = [4, ...fn(9), ...fn(7), ...fn(8), ...fn(6)];
  const nnPanels = Array.from({ length: shape.mr }, (_, i) => 2 + i);
  const ntPanels = Array.from({ length: shape.rt }, (_, i) => 2 + shape.mr + i);
  const functions = [0, 1, ...nnPanels.map(() => 2), ...ntPanels.map(() => 3)];
  const bodies = [
    driver(9, nnPanels, shape.mr, get(6)),
    driver(7, ntPanels, shape.rt, [...get(5), ...i32(4), op.i32Mul]),
    ...nnPanels.map((_, i) => nnPanel(i + 1, shape.nv)),
    ...ntPanels.map((_, i) => ntPanel(i + 1, shape.ct)),
  ];
  const memoryImport = [...name("env"), ...name("memory"), 0x02, 0x00, 1];
  const exports = [2, ...name("nn"), 0x00, 0, ...name("nt"), 0x00, 1];
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(1, types),
    ...section(2, [1, ...memoryImport]),
    ...section(3, [...leb(functions.length), ...functions]),
    ...section(7, exports),
    ...section(10, [...leb(bodies.length), ...bodies.flat()]),
  ]);
}

/** The kernels bound to `memory` (any WebAssembly.Memory), or undefined where wasm SIMD is missing. */
export function instantiateSimdGemm(memory: object, shape?: GemmShape): SimdGemmExports | undefined {
  const tiles = shape ?? DEFAULT_GEMM_SHAPE;
  const bytes = simdGemmModule(tiles);
  if (!wasmApi.validate(bytes)) return undefined;
  const raw = new wasmApi.Instance(new wasmApi.Module(bytes), { env: { memory } })
    .exports as unknown as RawExports;
  /** Columns a block: a multiple of `step`, at least one step. */
  const block = (n: number, k: number, step: number): number =>
    tiles.blockBytes === 0
      ? n
      : Math.max(step, step * Math.floor(tiles.blockBytes / (4 * Math.max(1, k) * step)));
  return {
    nn(a, b, c, m, n, k, aRow, aDepth) {
      const width = block(n, k, 4 * tiles.nv);
      for (let j = 0; j < n; j += width)
        raw.nn(a, b + 4 * j, c + 4 * j, m, Math.min(width, n - j), k, aRow, aDepth, 4 * n);
    },
    nt(a, b, c, m, n, k) {
      const width = block(n, k, tiles.ct);
      for (let j = 0; j < n; j += width)
        raw.nt(a, b + 4 * j * k, c + 4 * j, m, Math.min(width, n - j), k, 4 * n);
    },
  };
}
