import * as tf from "@tensorflow/tfjs";
import type { KernelConfig } from "@tensorflow/tfjs";

export interface KernelShare {
  kernel: string;
  ms: number;
  calls: number;
}

/**
 * Runs `work` with every kernel of the current backend timed (exclusive time: a kernel that calls another,
 * as our matmul calls Transpose, is charged only for its own part). Returns kernels by time and the total.
 */
export async function profileKernels(
  work: () => Promise<void>,
): Promise<{ kernels: KernelShare[]; wallMs: number }> {
  const backend = tf.getBackend();
  const originals = tf.getKernelsForBackend(backend);
  const totals = new Map<string, KernelShare>();
  const childTime: number[] = [];
  for (const config of originals) {
    const timed: KernelConfig = {
      ...config,
      kernelFunc: ((args: Parameters<KernelConfig["kernelFunc"]>[0]) => {
        childTime.push(0);
        const started = performance.now();
        try {
          return config.kernelFunc(args);
        } finally {
          const elapsed = performance.now() - started;
          const own = elapsed - (childTime.pop() ?? 0);
          if (childTime.length > 0) childTime[childTime.length - 1] = (childTime.at(-1) ?? 0) + elapsed;
          const entry = totals.get(config.kernelName) ?? { kernel: config.kernelName, ms: 0, calls: 0 };
          entry.ms += own;
          entry.calls += 1;
          totals.set(config.kernelName, entry);
        }
      }) as KernelConfig["kernelFunc"],
    };
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel(timed);
  }
  const started = performance.now();
  try {
    await work();
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backend);
      tf.registerKernel(config);
    }
  }
  const wallMs = performance.now() - started;
  return { kernels: [...totals.values()].sort((a, b) => b.ms - a.ms), wallMs };
}
