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

import { wasmApi } from "./wasm-api.ts";
import {
  addTo,
  countDown,
  fmadd,
  Locals,
  offsetOf,
  zero,
  F32,
  functionBody,
  get,
  I32,
  i32,
  leb,
  MAGIC_AND_VERSION,
  memarg,
  name,
  op,
  section,
  set,
  simd,
  V128,
  vec,
} from "./wasm-bytes.ts";

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

/** NN/TN panel of `rows` rows: params a, b, c, n, k, aRow, aDepth, ld (B's and C's row stride). */
function nnPanel(rows: number, nv: number): number[] {
  const [A, B, C, N, K, AROW, ADEPTH, LD] = [0, 1, 2, 3, 4, 5, 6, 7];
  const L = new Locals(8);
  const [jb, nb, p, pb, cr] = L.many(I32, 5) as [number, number, number, number, number];
  const pa = L.many(I32, rows);
  const acc = L.many(V128, rows * nv);
  const bv = L.many(V128, nv);
  const av = L.add(V128);
  const sums = L.many(F32, rows);
  const bs = L.add(F32);

  const tile = (width: number): number[] => {
    const code: number[] = [];
    for (let r = 0; r < rows; r++) code.push(...offsetOf(A, AROW, r), ...set(pa[r]!));
    code.push(...get(B), ...get(jb), op.i32Add, ...set(pb), ...get(K), ...set(p));
    const inner: number[] = [];
    if (width > 0) {
      for (const a of acc.slice(0, rows * nv)) code.push(...zero(), ...set(a));
      for (let v = 0; v < width; v++)
        inner.push(...get(pb), ...vec(simd.load), ...memarg(4, 16 * v), ...set(bv[v]!));
      for (let r = 0; r < rows; r++) {
        inner.push(...get(pa[r]!), ...vec(simd.load32Splat), ...memarg(2), ...set(av));
        for (let v = 0; v < width; v++) inner.push(...fmadd(acc[r * nv + v]!, get(av), get(bv[v]!)));
      }
    } else {
      for (const s of sums) code.push(0x43, 0, 0, 0, 0, ...set(s));
      inner.push(...get(pb), op.f32Load, ...memarg(2), ...set(bs));
      for (let r = 0; r < rows; r++) {
        inner.push(
          ...get(sums[r]!),
          ...get(pa[r]!),
          op.f32Load,
          ...memarg(2),
          ...get(bs),
          op.f32Mul,
          op.f32Add,
        );
        inner.push(...set(sums[r]!));
      }
    }
    for (let r = 0; r < rows; r++) inner.push(...addTo(pa[r]!, get(ADEPTH)));
    inner.push(...addTo(pb, get(LD)));
    code.push(...countDown(p, inner));
    for (let r = 0; r < rows; r++) {
      code.push(...offsetOf(C, LD, r), ...get(jb), op.i32Add, ...set(cr));
      if (width > 0) {
        for (let v = 0; v < width; v++)
          code.push(...get(cr), ...get(acc[r * nv + v]!), ...vec(simd.store), ...memarg(4, 16 * v));
      } else code.push(...get(cr), ...get(sums[r]!), op.f32Store, ...memarg(2));
    }
    code.push(...addTo(jb, i32(width > 0 ? 16 * width : 4)));
    return code;
  };
  const fits = (width: number): number[] => [...get(jb), ...i32(width), op.i32Add, ...get(nb), op.i32GtS];

  const code: number[] = [...get(N), ...i32(4), op.i32Mul, ...set(nb), ...i32(0), ...set(jb)];
  code.push(
    op.block,
    op.void,
    op.loop,
    op.void,
    ...fits(16 * nv),
    op.brIf,
    1,
    ...tile(nv),
    op.br,
    0,
    op.end,
    op.end,
  );
  for (let width = nv - 1; width > 0; width--)
    code.push(...fits(16 * width), op.i32Eqz, op.if, op.void, ...tile(width), op.end);
  code.push(
    op.block,
    op.void,
    op.loop,
    op.void,
    ...fits(4),
    op.brIf,
    1,
    ...tile(0),
    op.br,
    0,
    op.end,
    op.end,
  );
  return functionBody(L.declarations(), code);
}

/** NT panel of `rows` rows of A: params a, b, c, n, k. */
function ntPanel(rows: number, ct: number): number[] {
  const [A, B, C, N, K, LD] = [0, 1, 2, 3, 4, 5];
  const L = new Locals(6);
  const [jc, kb, nb, q, cr] = L.many(I32, 5) as [number, number, number, number, number];
  const pa = L.many(I32, rows);
  const pb = L.many(I32, ct);
  const acc = L.many(V128, rows * ct);
  const av = L.many(V128, rows);
  const bv = L.add(V128);
  const sums = L.many(F32, rows * ct);
  const tb = L.add(F32);

  const tile = (cols: number): number[] => {
    const code: number[] = [];
    for (let r = 0; r < rows; r++) code.push(...offsetOf(A, kb, r), ...set(pa[r]!));
    for (let c = 0; c < cols; c++) {
      code.push(
        ...get(B),
        ...get(jc),
        ...i32(c),
        op.i32Add,
        ...get(kb),
        op.i32Mul,
        op.i32Add,
        ...set(pb[c]!),
      );
    }
    for (const a of acc) code.push(...zero(), ...set(a));
    code.push(...get(K), ...i32(2), op.i32ShrU, ...set(q));
    const body: number[] = [];
    for (let r = 0; r < rows; r++) body.push(...get(pa[r]!), ...vec(simd.load), ...memarg(4), ...set(av[r]!));
    for (let c = 0; c < cols; c++) {
      body.push(...get(pb[c]!), ...vec(simd.load), ...memarg(4), ...set(bv));
      for (let r = 0; r < rows; r++) body.push(...fmadd(acc[r * ct + c]!, get(av[r]!), get(bv)));
    }
    for (const pointer of [...pa, ...pb.slice(0, cols)]) body.push(...addTo(pointer, i32(16)));
    code.push(...countDown(q, body));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const a = acc[r * ct + c]!;
        code.push(...get(a), ...vec(simd.extractLane), 0, ...get(a), ...vec(simd.extractLane), 1, op.f32Add);
        code.push(
          ...get(a),
          ...vec(simd.extractLane),
          2,
          op.f32Add,
          ...get(a),
          ...vec(simd.extractLane),
          3,
          op.f32Add,
        );
        code.push(...set(sums[r * ct + c]!));
      }
    }
    code.push(...get(K), ...i32(3), op.i32And, ...set(q));
    const tail: number[] = [];
    for (let c = 0; c < cols; c++) {
      tail.push(...get(pb[c]!), op.f32Load, ...memarg(2), ...set(tb));
      for (let r = 0; r < rows; r++) {
        const s = sums[r * ct + c]!;
        tail.push(
          ...get(s),
          ...get(pa[r]!),
          op.f32Load,
          ...memarg(2),
          ...get(tb),
          op.f32Mul,
          op.f32Add,
          ...set(s),
        );
      }
    }
    for (const pointer of [...pa, ...pb.slice(0, cols)]) tail.push(...addTo(pointer, i32(4)));
    code.push(...countDown(q, tail));
    for (let r = 0; r < rows; r++) {
      code.push(...offsetOf(C, nb, r), ...get(jc), ...i32(4), op.i32Mul, op.i32Add, ...set(cr));
      for (let c = 0; c < cols; c++)
        code.push(...get(cr), ...get(sums[r * ct + c]!), op.f32Store, ...memarg(2, 4 * c));
    }
    code.push(...addTo(jc, i32(cols)));
    return code;
  };
  const fits = (cols: number): number[] => [...get(jc), ...i32(cols), op.i32Add, ...get(N), op.i32GtS];

  const code: number[] = [...get(LD), ...set(nb), ...get(K), ...i32(4), op.i32Mul, ...set(kb)];
  code.push(...i32(0), ...set(jc));
  code.push(
    op.block,
    op.void,
    op.loop,
    op.void,
    ...fits(ct),
    op.brIf,
    1,
    ...tile(ct),
    op.br,
    0,
    op.end,
    op.end,
  );
  code.push(
    op.block,
    op.void,
    op.loop,
    op.void,
    ...fits(1),
    op.brIf,
    1,
    ...tile(1),
    op.br,
    0,
    op.end,
    op.end,
  );
  return functionBody(L.declarations(), code);
}

/**
 * A driver: runs the `tall`-row panel down A while rows remain, then the panel of the remaining rows.
 * `args` are the panel's parameters (the driver's first ones); `aStep` a's advance a row.
 */
function driver(params: number, panels: number[], tall: number, aStep: number[]): number[] {
  const [A, C, M] = [0, 2, 3];
  const LD = params - 1;
  const args = Array.from({ length: params }, (_, i) => i).filter((i) => i !== M);
  const call = (index: number): number[] => [...args.flatMap((i) => get(i)), op.call, ...leb(index)];
  const code: number[] = [
    op.block,
    op.void,
    op.loop,
    op.void,
    ...get(M),
    ...i32(tall),
    op.i32LtS,
    op.brIf,
    1,
  ];
  code.push(...call(panels[tall - 1]!), ...addTo(A, [...aStep, ...i32(tall), op.i32Mul]));
  code.push(
    ...addTo(C, [...get(LD), ...i32(tall), op.i32Mul]),
    ...addTo(M, i32(-tall)),
    op.br,
    0,
    op.end,
    op.end,
  );
  for (let rows = 1; rows < tall; rows++) {
    code.push(...get(M), ...i32(rows), op.i32Eq, op.if, op.void, ...call(panels[rows - 1]!), op.end);
  }
  return functionBody([], code);
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
