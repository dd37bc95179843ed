/*
 * Adam's update as a tiny WebAssembly SIMD function over the shared optimizer memory: four parameters a
 * step, in float32 like tfjs' kernels, one pass over w, m, v and the gradient slots. JavaScript does the
 * same arithmetic in float64 one element at a time, at several times the cost (see the README's
 * Performance section). The module is written out byte by byte below (there is no wasm toolchain in this
 * project), validated by WebAssembly.validate, and checked against tf.train.adam by the tests.
 */

import { wasmApi, type SharedWasmMemory } from "./wasm-api.ts";
import {
  F32,
  get,
  I32,
  leb,
  MAGIC_AND_VERSION,
  name,
  op,
  section,
  set,
  simd,
  V128,
  vec,
} from "./wasm-bytes.ts";

/** (w, m, v, g0, g1, count, β1, 1−β1, β2, 1−β2, lr/(1−β1ᵗ), 1/(1−β2ᵗ), ε): count a multiple of 4. */
export type SimdAdamFunction = (
  w: number,
  m: number,
  v: number,
  g0: number,
  g1: number,
  count: number,
  beta1: number,
  oneMinusBeta1: number,
  beta2: number,
  oneMinusBeta2: number,
  stepSize: number,
  inverseCorrection2: number,
  epsilon: number,
) => void;

export interface SimdAdam {
  /** The gradient is g0 + g1. */
  twoSlots: SimdAdamFunction;
  /** The gradient is g0 (g1 is ignored). */
  oneSlot: SimdAdamFunction;
}

/** Parameters 0–5 are i32 pointers and the count, 6–12 the f32 scalars; locals 13–19 their splats, 20–22 g, m, v. */
const P = { w: 0, m: 1, v: 2, g0: 3, g1: 4, count: 5 } as const;
const SPLAT_BASE = 13;
const SCALARS = 7;
const G = 20;
const M = 21;
const V = 22;
const [B1, C1, B2, C2, STEP, INV, EPS] = Array.from({ length: SCALARS }, (_, i) => SPLAT_BASE + i) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

function body(twoSlots: boolean): number[] {
  const load = (pointer: number): number[] => [...get(pointer), ...vec(simd.load), 4, 0];
  const store = (): number[] => [...vec(simd.store), 4, 0];
  const advance = (index: number, by: number): number[] => [
    ...get(index),
    op.i32Const,
    ...leb(Math.abs(by)), // a signed LEB128; the small values used here encode alike
    by > 0 ? op.i32Add : op.i32Sub,
    ...set(index),
  ];
  const code: number[] = [];
  for (let i = 0; i < SCALARS; i++) code.push(...get(6 + i), ...vec(simd.splat), ...set(SPLAT_BASE + i));
  code.push(op.block, op.void, op.loop, op.void);
  code.push(...get(P.count), op.i32Eqz, op.brIf, 1);
  // g = g0 (+ g1)
  code.push(...load(P.g0));
  if (twoSlots) code.push(...load(P.g1), ...vec(simd.add));
  code.push(...set(G));
  // m = β1·m + (1−β1)·g
  code.push(...get(P.m), ...get(B1), ...load(P.m), ...vec(simd.mul), ...get(C1), ...get(G), ...vec(simd.mul));
  code.push(...vec(simd.add), ...set(M), ...get(M), ...store());
  // v = β2·v + (1−β2)·g·g
  code.push(...get(P.v), ...get(B2), ...load(P.v), ...vec(simd.mul), ...get(C2), ...get(G), ...vec(simd.mul));
  code.push(...get(G), ...vec(simd.mul), ...vec(simd.add), ...set(V), ...get(V), ...store());
  // w = w − step·m / (√(v / (1−β2ᵗ)) + ε)
  code.push(...get(P.w), ...load(P.w), ...get(STEP), ...get(M), ...vec(simd.mul));
  code.push(...get(V), ...get(INV), ...vec(simd.mul), ...vec(simd.sqrt), ...get(EPS), ...vec(simd.add));
  code.push(...vec(simd.div), ...vec(simd.sub), ...store());
  for (const pointer of [P.w, P.m, P.v, P.g0, P.g1]) code.push(...advance(pointer, 16));
  code.push(...advance(P.count, -4), op.br, 0, op.end, op.end, op.end);
  const locals = [1, ...leb(SCALARS + 3), V128];
  const content = [...locals, ...code];
  return [...leb(content.length), ...content];
}

/** The module's bytes, importing a shared memory of exactly `pages` 64 KiB pages. */
export function simdAdamModule(pages: number): Uint8Array {
  const type = [0x60, 13, ...Array<number>(6).fill(I32), ...Array<number>(7).fill(F32), 0];
  const memoryImport = [...name("env"), ...name("memory"), 0x02, 0x03, ...leb(pages), ...leb(pages)];
  const exports = [2, ...name("twoSlots"), 0x00, 0, ...name("oneSlot"), 0x00, 1];
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(1, [1, ...type]),
    ...section(2, [1, ...memoryImport]),
    ...section(3, [2, 0, 0]),
    ...section(7, exports),
    ...section(10, [2, ...body(true), ...body(false)]),
  ]);
}

/** The SIMD Adam bound to `memory` (a shared WebAssembly.Memory), or undefined where wasm SIMD is missing. */
export function instantiateSimdAdam(memory: SharedWasmMemory, pages: number): SimdAdam | undefined {
  const bytes = simdAdamModule(pages);
  if (!wasmApi.validate(bytes)) return undefined;
  const instance = new wasmApi.Instance(new wasmApi.Module(bytes), { env: { memory } });
  const exported = instance.exports as unknown as SimdAdam;
  return { twoSlots: exported.twoSlots, oneSlot: exported.oneSlot };
}
