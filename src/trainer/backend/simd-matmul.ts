import type { NamedTensorInfoMap, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { instantiateSimdGemm, type SimdGemmExports } from "../parallel/simd-gemm.ts";

/*
 * Unbatched float32 matrix products on the wasm backend's own heap with our packing-free SIMD GEMM
 * (parallel/simd-gemm.ts): A·B, Aᵀ·B and A·Bᵀ straight from the operands as they are stored, with no
 * XNNPACK operator to build (which re-packs the new weights every step) and no explicit transposes.
 * The module imports the backend's WebAssembly.Memory, so it reads and writes tensors in place; memory
 * growth keeps the same Memory object, and offsets are read after the output is allocated.
 * MANABOT_SIMD_GEMM=0 turns it off (the benchmark compares both in one run).
 */

const kernels = new WeakMap<object, SimdGemmExports | null>();

/** Read when this module loads: each worker thread reads its own copy of the environment as it starts. */
let enabled = process.env.MANABOT_SIMD_GEMM !== "0";

/** Turns the SIMD GEMM on or off in this thread (tests compare it with the XNNPACK path). */
export function setSimdGemm(on: boolean): void {
  enabled = on;
}

function gemmFor(backend: BackendWasm): SimdGemmExports | undefined {
  const module = (backend as unknown as { wasm?: { asm?: { memory?: unknown } } }).wasm;
  const memory = module?.asm?.memory;
  if (typeof memory !== "object" || memory === null) return undefined;
  let gemm = kernels.get(memory);
  if (gemm === undefined) {
    try {
      gemm = instantiateSimdGemm(memory) ?? null;
    } catch {
      gemm = null;
    }
    kernels.set(memory, gemm);
  }
  return gemm ?? undefined;
}

/** Whether the SIMD GEMM serves this wasm backend's products now (enabled, and SIMD available). */
export function simdGemmActive(backend: BackendWasm): boolean {
  return enabled && gemmFor(backend) !== undefined;
}

/**
 * C = op(A)·op(B) for 2-D float32 operands with at most one of them transposed and no fused bias or
 * activation; undefined when it does not apply (the caller takes another path).
 */
export function simdMatMul(
  inputs: NamedTensorInfoMap,
  attrs: { transposeA: boolean; transposeB: boolean; activation?: string },
  backend: BackendWasm,
): TensorInfo | undefined {
  const { a, b } = inputs;
  if (a === undefined || b === undefined || !enabled) return undefined;
  if (inputs.bias !== undefined || inputs.preluActivationWeights !== undefined) return undefined;
  if (attrs.activation !== undefined && attrs.activation !== "linear") return undefined;
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length !== 2 || b.shape.length !== 2)
    return undefined;
  const { transposeA, transposeB } = attrs;
  if (transposeA && transposeB) return undefined;
  const [a0 = 0, a1 = 0] = a.shape;
  const [b0 = 0, b1 = 0] = b.shape;
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const n = transposeB ? b0 : b1;
  if ((transposeB ? b1 : b0) !== k || m === 0 || n === 0) return undefined;
  const gemm = gemmFor(backend);
  if (gemm === undefined) return undefined;
  const offsetOf = (info: TensorInfo): number | undefined => backend.dataIdMap.get(info.dataId)?.memoryOffset;
  const [pa, pb] = [offsetOf(a), offsetOf(b)];
  if (pa === undefined || pb === undefined) return undefined;
  const out = backend.makeOutput([m, n], "float32");
  // Read after the output is allocated: the heap may have grown (same Memory, same offsets).
  const pc = offsetOf(out);
  if (pc === undefined) {
    backend.disposeData(out.dataId);
    return undefined;
  }
  if (transposeB) gemm.nt(pa, pb, pc, m, n, k);
  else if (transposeA) gemm.nn(pa, pb, pc, m, n, k, 4, 4 * m);
  else gemm.nn(pa, pb, pc, m, n, k, 4 * k, 4);
  return out;
}
