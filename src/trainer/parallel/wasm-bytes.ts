/*
 * A small WebAssembly byte assembler: LEB128 numbers, names, sections and the opcodes our hand-written SIMD
 * modules use (simd-adam.ts, simd-gemm.ts). There is no wasm toolchain in this project, so the modules are
 * written out byte by byte and checked with WebAssembly.validate before use.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const SIMD = 0xfd;

export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  f32Store: 0x38,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtS: 0x48,
  i32GtS: 0x4a,
  i32GeS: 0x4e,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  f32Add: 0x92,
  f32Mul: 0x94,
  void: 0x40,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const simd = {
  load: 0,
  load32Splat: 9,
  store: 11,
  const: 12,
  splat: 19,
  extractLane: 31,
  sqrt: 227,
  add: 228,
  sub: 229,
  mul: 230,
  div: 231,
} as const;

/** Unsigned LEB128. */
export function leb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128 (i32.const's immediate). */
export function sleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

export function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...leb(bytes.length), ...bytes];
}

export function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

export const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] as const;

export const get = (index: number): number[] => [op.localGet, ...leb(index)];
export const set = (index: number): number[] => [op.localSet, ...leb(index)];
export const tee = (index: number): number[] => [op.localTee, ...leb(index)];
export const i32 = (value: number): number[] => [op.i32Const, ...sleb(value)];
export const vec = (code: number): number[] => [SIMD, ...leb(code)];
/** A memory access's immediate: log2 of the alignment, then the constant byte offset. */
export const memarg = (align: number, offset = 0): number[] => [align, ...leb(offset)];
/** local[index] += by (an i32 local and an i32 local or constant). */
export const addTo = (index: number, by: number[]): number[] => [
  ...get(index),
  ...by,
  op.i32Add,
  ...set(index),
];

/** A function body: its locals as [count, type] runs, then the code and `end`. */
export function functionBody(locals: [number, number][], code: number[]): number[] {
  const declared = [...leb(locals.length), ...locals.flatMap(([count, type]) => [...leb(count), type])];
  const content = [...declared, ...code, op.end];
  return [...leb(content.length), ...content];
}

/** A function's locals after its `params` parameters, one declaration each. */
export class Locals {
  readonly types: number[] = [];
  constructor(private readonly params: number) {}
  add(type: number): number {
    this.types.push(type);
    return this.params + this.types.length - 1;
  }
  many(type: number, count: number): number[] {
    return Array.from({ length: count }, () => this.add(type));
  }
  declarations(): [number, number][] {
    return this.types.map((type) => [1, type]);
  }
}

/** v128.const 0. */
export const zero = (): number[] => [...vec(simd.const), ...Array<number>(16).fill(0)];
/** acc += x·y, four lanes (a multiply and an add: no FMA in baseline wasm SIMD). */
export const fmadd = (acc: number, x: number[], y: number[]): number[] => [
  ...get(acc),
  ...x,
  ...y,
  ...vec(simd.mul),
  ...vec(simd.add),
  ...set(acc),
];
/** A counted loop: `count` local goes down to 0; body runs while it is positive. */
export const countDown = (counter: number, body: number[]): number[] => [
  op.block,
  op.void,
  op.loop,
  op.void,
  ...get(counter),
  op.i32Eqz,
  op.brIf,
  1,
  ...body,
  ...addTo(counter, i32(-1)),
  op.br,
  0,
  op.end,
  op.end,
];
/** `address = base + index·stride` (index a constant). */
export const offsetOf = (base: number, stride: number, index: number): number[] =>
  index === 0 ? get(base) : [...get(base), ...get(stride), ...i32(index), op.i32Mul, op.i32Add];
