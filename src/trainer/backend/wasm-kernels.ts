import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { simdMatMul } from "./simd-matmul.ts";

type TypedArray = Float32Array | Int32Array | Uint8Array;

/*
 * Faster kernels for the wasm backend, registered over the stock ones.
 *
 * MatMul: the stock wasm BatchMatMul/_FusedMatMul hand any product with transposeA or transposeB to a scalar
 * loop (1–2 GFLOP/s), while the plain product goes through XNNPACK (~29 GFLOP/s). Every Dense backward pass
 * needs two transposed products (dX = dY·Wᵀ, dW = Xᵀ·dY), so we transpose the operand explicitly with the
 * wasm Transpose kernel and call the stock kernel untransposed. And since XNNPACK re-packs the right operand
 * of every product whose right operand is new (each optimizer step makes new weights), we give it whichever
 * operand is cheaper to pack (see matMulPlan).
 *
 * Slice: the stock kernel reads the whole source tensor out of the heap (a full copy) before taking the
 * slice; model.fit slices every validation batch out of the whole validation set. A contiguous slice only
 * needs a view of the heap.
 *
 * GatherV2: the stock kernel walks every element through generic stride arithmetic (~6 ms to gather one
 * batch of 128 images); model.fit gathers every shuffled training batch along axis 0, which is a row copy.
 *
 * Identity: the stock kernel copies the tensor. tfjs clones (runs Identity on) every tensor a kernel saves
 * for the backward pass — a copy of each layer's input, weights and activations, ~60 calls a training step
 * (~3% of a warm epoch). Tensors are immutable, so the clone can share the data and count one more
 * reference, as the cpu backend does and as the wasm Reshape kernel already does.
 *
 * Transpose: the stock kernel writes the output a column at a time, with a stride of one input row count.
 * When that count is a multiple of 64 (a batch of 128, layers of 512/256/128 units: nearly every transpose
 * here) the writes collide in the same cache sets and it runs at 2.5–7 ns an element instead of ~0.3–0.6.
 * A tiled copy in JS keeps ~0.6 ns an element whatever the shape, so it takes those shapes.
 */

interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: NamedAttrMap;
}
type WasmKernelFunc = (args: KernelArgs) => TensorInfo;

let overridesEnabled = true;
let installed = false;

/** Turns the faster kernels on or off at run time (the benchmark and the equivalence test compare both). */
export function setWasmKernelOverrides(enabled: boolean): void {
  overridesEnabled = enabled;
}

export function wasmKernelOverridesEnabled(): boolean {
  return overridesEnabled && installed;
}

/** Registers the faster kernels over the stock wasm ones. Call after importing the wasm backend; idempotent. */
export function installWasmKernelOverrides(): void {
  if (installed) return;
  replaceKernel("BatchMatMul", explicitTransposeMatMul);
  replaceKernel("_FusedMatMul", explicitTransposeMatMul);
  replaceKernel("Slice", viewSlice);
  replaceKernel("GatherV2", rowGather);
  replaceKernel("Identity", sharedIdentity);
  replaceKernel("Transpose", blockedTranspose);
  installed = true;
}

function replaceKernel(name: string, wrap: (stock: WasmKernelFunc) => WasmKernelFunc): void {
  const stock = tf.getKernel(name, "wasm");
  if (stock === undefined) throw new Error(`The wasm backend has no ${name} kernel to replace`);
  const stockFunc = stock.kernelFunc as unknown as WasmKernelFunc;
  tf.unregisterKernel(name, "wasm");
  const config: KernelConfig = {
    ...stock,
    kernelFunc: wrap(stockFunc) as unknown as KernelConfig["kernelFunc"],
  };
  tf.registerKernel(config);
}

function explicitTransposeMatMul(stock: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const { a, b } = args.inputs;
    if (!overridesEnabled || a === undefined || b === undefined) return stock(args);
    const activation = args.attrs.activation as string | undefined;
    const simd = simdMatMul(args.inputs, { transposeA, transposeB, activation }, args.backend);
    if (simd !== undefined) return simd;
    // A fused bias or PReLU weights broadcast along the columns, which the swapped product would transpose.
    const elementwiseOnly =
      args.inputs.bias === undefined && args.inputs.preluActivationWeights === undefined;
    if (elementwiseOnly && shouldSwapOperands(a, b, transposeA, transposeB)) {
      return swappedMatMul(stock, args, a, b, transposeA, transposeB);
    }
    if (!transposeA && !transposeB) return stock(args);
    const temporaries: TensorInfo[] = [];
    const plainA = transposeA ? transposeLastTwo(a, args.backend, temporaries) : a;
    const plainB = transposeB ? transposeLastTwo(b, args.backend, temporaries) : b;
    try {
      return stock({
        ...args,
        inputs: { ...args.inputs, a: plainA, b: plainB },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const temporary of temporaries) args.backend.disposeData(temporary.dataId);
    }
  };
}

/*
 * Which operand XNNPACK packs. The stock kernel builds (and caches, keyed by the right operand's tensor id)
 * an XNNPACK fully-connected operator whose creation re-packs the right operand B[K×N] with scalar code,
 * 2–10 ns an element — as much as the product itself for Dense weights that the optimizer replaces every
 * step. Cᵀ = Bᵀ·Aᵀ packs Aᵀ[K×M] instead; the transposes it needs cost a tenth as much an element or less
 * (the cost model below counts a tenth; the plans for the lesson's shapes stay the same from 1/5 to 1/40).
 * So when B is new (no operator cached for it) and packing A is cheaper overall, we compute the swapped
 * product and transpose it back. The dot products are the same sums in the same order.
 */
const PACK_COST_PER_TRANSPOSE = 10;
/** Right operands seen before: the stock kernel may hold an operator for them, so we leave them alone. */
const seenRightOperands = new WeakSet<object>();

function shouldSwapOperands(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): boolean {
  if (a.dtype !== "float32" || b.dtype !== "float32") return false;
  const firstSighting = !seenRightOperands.has(b.dataId);
  seenRightOperands.add(b.dataId);
  if (!firstSighting) return false;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) return false;
  // XNNPACK only serves unbatched products; batched ones go to the stock loop either way.
  if (tf.util.sizeFromShape(a.shape.slice(0, -2)) !== 1) return false;
  if (tf.util.sizeFromShape(b.shape.slice(0, -2)) !== 1) return false;
  const m = (transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2]) ?? 0;
  const k = (transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1]) ?? 0;
  const n = (transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1]) ?? 0;
  return matMulPlan(m, k, n, transposeA, transposeB) === "swapped";
}

/**
 * For C[M×N] = op(A)·op(B) on a new right operand: "direct" packs B[K×N] (after transposing whichever
 * operand is stored transposed), "swapped" computes Cᵀ = Bᵀ·Aᵀ, packing Aᵀ[K×M], and transposes C back.
 * Costs count elements packed (×PACK_COST_PER_TRANSPOSE) and elements transposed.
 */
export function matMulPlan(
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): "direct" | "swapped" {
  const direct = PACK_COST_PER_TRANSPOSE * k * n + (transposeA ? m * k : 0) + (transposeB ? k * n : 0);
  const swapped =
    PACK_COST_PER_TRANSPOSE * k * m + (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + m * n;
  return swapped < direct ? "swapped" : "direct";
}

function swappedMatMul(
  stock: WasmKernelFunc,
  args: KernelArgs,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const temporaries: TensorInfo[] = [];
  try {
    // Bᵀ as the left operand in row-major [N×K], Aᵀ as the right one in [K×M].
    const left = transposeB ? b : transposeLastTwo(b, args.backend, temporaries);
    const right = transposeA ? a : transposeLastTwo(a, args.backend, temporaries);
    const product = stock({
      ...args,
      inputs: { ...args.inputs, a: left, b: right },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    });
    temporaries.push(product);
    return transposeLastTwo(product, args.backend, []);
  } finally {
    for (const temporary of temporaries) args.backend.disposeData(temporary.dataId);
  }
}

function transposeLastTwo(x: TensorInfo, backend: BackendWasm, temporaries: TensorInfo[]): TensorInfo {
  const transpose = tf.getKernel("Transpose", "wasm");
  if (transpose === undefined) throw new Error("The wasm backend has no Transpose kernel");
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) =>
    i < rank - 2 ? i : i === rank - 2 ? rank - 1 : rank - 2,
  );
  const out = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
  temporaries.push(out);
  return out;
}

function viewSlice(stock: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { x } = args.inputs;
    if (!overridesEnabled || x === undefined || x.dtype === "string") return stock(args);
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    const xTensor = x as unknown as tf.Tensor;
    const [begin_ = [], size_ = []] = tf.slice_util.parseSliceParams(xTensor, begin, size);
    if (!tf.slice_util.isSliceContinous(x.shape, begin_, size_)) return stock(args);
    const offset = tf.slice_util.computeFlatOffset(begin_, tf.util.computeStrides(x.shape));
    const length = tf.util.sizeFromShape(size_);
    const out = args.backend.makeOutput(size_, x.dtype);
    // Views are taken after makeOutput: allocating may grow the wasm memory and detach older views.
    const source = args.backend.typedArrayFromHeap(x);
    args.backend.typedArrayFromHeap(out).set(source.subarray(offset, offset + length));
    return out;
  };
}

function rowGather(stock: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { x, indices } = args.inputs;
    const { axis, batchDims } = args.attrs as { axis: number; batchDims?: number };
    if (!overridesEnabled || x === undefined || indices === undefined || x.dtype === "string")
      return stock(args);
    if (tf.util.parseAxisParam(axis, x.shape)[0] !== 0 || (batchDims ?? 0) !== 0) return stock(args);
    const rows = x.shape[0] ?? 0;
    const rowIndices = args.backend.readSync(indices.dataId) as ArrayLike<number>;
    for (let i = 0; i < rowIndices.length; i++) {
      const index = rowIndices[i] ?? -1;
      if (!(index >= 0 && index < rows)) {
        throw new Error(`GatherV2: the index value ${index} is not in [0, ${rows - 1}]`);
      }
    }
    const rowShape = x.shape.slice(1);
    const rowSize = tf.util.sizeFromShape(rowShape);
    const out = args.backend.makeOutput([...indices.shape, ...rowShape], x.dtype);
    const source = args.backend.typedArrayFromHeap(x);
    const target = args.backend.typedArrayFromHeap(out);
    for (let i = 0; i < rowIndices.length; i++) {
      const start = (rowIndices[i] ?? 0) * rowSize;
      target.set(source.subarray(start, start + rowSize), i * rowSize);
    }
    return out;
  };
}

function sharedIdentity(stock: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { x } = args.inputs;
    if (!overridesEnabled || x === undefined || x.dtype === "string") return stock(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Row counts whose multiples make the stock kernel's strided writes collide in the cache. */
const CACHE_HOSTILE_ROWS = 64;
/** Below this many elements the call overhead dominates and the stock kernel is as good. */
const MIN_TILED_ELEMENTS = 4096;
const TILE = 32;

function blockedTranspose(stock: WasmKernelFunc): WasmKernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const { perm } = args.attrs as { perm: number[] };
    if (!overridesEnabled || x === undefined || (x.dtype !== "float32" && x.dtype !== "int32"))
      return stock(args);
    if (x.shape.length !== 2 || perm[0] !== 1 || perm[1] !== 0) return stock(args);
    const [rows = 0, cols = 0] = x.shape;
    if (rows % CACHE_HOSTILE_ROWS !== 0 || rows * cols < MIN_TILED_ELEMENTS) return stock(args);
    const out = args.backend.makeOutput([cols, rows], x.dtype);
    const source = args.backend.typedArrayFromHeap(x);
    const target = args.backend.typedArrayFromHeap(out);
    transposeTiled(source, target, rows, cols);
    return out;
  };
}

/**
 * target[j][i] = source[i][j] for a row-major source[rows×cols], tile by tile so both stay in cache; within
 * a tile four source rows are read side by side, so each step writes four neighbouring target elements.
 */
export function transposeTiled(source: TypedArray, target: TypedArray, rows: number, cols: number): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, cols);
      let i = i0;
      for (; i + 3 < i1; i += 4) {
        let from = i * cols + j0;
        let to = j0 * rows + i;
        for (let j = j0; j < j1; j++) {
          target[to] = source[from] ?? 0;
          target[to + 1] = source[from + cols] ?? 0;
          target[to + 2] = source[from + 2 * cols] ?? 0;
          target[to + 3] = source[from + 3 * cols] ?? 0;
          from++;
          to += rows;
        }
      }
      for (; i < i1; i++) {
        let from = i * cols + j0;
        let to = j0 * rows + i;
        for (let j = j0; j < j1; j++) {
          target[to] = source[from++] ?? 0;
          to += rows;
        }
      }
    }
  }
}
