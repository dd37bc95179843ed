import * as tf from "@tensorflow/tfjs";
import { installWasmKernelOverrides, wasmKernelOverridesEnabled } from "./wasm-kernels.ts";

export type BackendName = "tensorflow" | "wasm" | "cpu";
export const BACKEND_ORDER: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

export interface BackendInfo {
  name: BackendName;
  /** What the result block shows, e.g. "wasm (XNNPACK + explicit-transpose matmul)". */
  label: string;
}

export class NoBackendError extends Error {
  constructor(readonly attempts: string[]) {
    super(`No TensorFlow.js backend could start: ${attempts.join("; ")}`);
    this.name = "NoBackendError";
  }
}

/** A variable specifier keeps TypeScript from requiring the optional package's types. */
const TFJS_NODE = "@tensorflow/tfjs-node";

async function start(name: BackendName): Promise<void> {
  if (name === "tensorflow") await import(TFJS_NODE);
  if (name === "wasm") {
    await import("@tensorflow/tfjs-backend-wasm");
    installWasmKernelOverrides();
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") returned false`);
  await tf.ready();
}

function labelOf(name: BackendName): string {
  if (name === "tensorflow") return "tfjs-node (TensorFlow C library)";
  if (name === "wasm")
    return wasmKernelOverridesEnabled() ? "wasm (XNNPACK, optimised matmul)" : "wasm (stock)";
  return "cpu (plain JavaScript)";
}

/**
 * Starts the fastest backend that loads: tfjs-node when it is installed, then wasm with our faster kernels,
 * then the plain JavaScript cpu backend. `only` restricts the candidates (the benchmark, tests, or the
 * MANABOT_TRAIN_BACKEND environment variable).
 */
export async function selectBackend(only: readonly BackendName[] = preferredFromEnv()): Promise<BackendInfo> {
  const attempts: string[] = [];
  for (const name of BACKEND_ORDER.filter((candidate) => only.includes(candidate))) {
    try {
      await start(name);
      return { name, label: labelOf(name) };
    } catch (error) {
      attempts.push(`${name}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  throw new NoBackendError(attempts);
}

export function parseBackendName(value: string): BackendName | undefined {
  return BACKEND_ORDER.find((name) => name === value);
}

function preferredFromEnv(): readonly BackendName[] {
  const forced = parseBackendName(process.env.MANABOT_TRAIN_BACKEND ?? "");
  return forced === undefined ? BACKEND_ORDER : [forced];
}

/** The label of the backend running now (after toggling the wasm overrides, say). */
export function currentBackendLabel(): string {
  const name = parseBackendName(tf.getBackend());
  return name === undefined ? tf.getBackend() : labelOf(name);
}
