/*
 * The SIMD GEMM's function bodies (simd-gemm.ts assembles them into a module): the NN/TN and NT row
 * panels, one per row count up to the register tile's, and the drivers that run them down A.
 */

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
  memarg,
  op,
  set,
  simd,
  V128,
  vec,
} from "./wasm-bytes.ts";

/** NN/TN panel of `rows` rows: params a, b, c, n, k, aRow, aDepth, ld (B's and C's row stride). */
export function nnPanel(rows: number, nv: number): number[] {
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
export function ntPanel(rows: number, ct: number): number[] {
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
export function driver(params: number, panels: number[], tall: number, aStep: number[]): number[] {
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
