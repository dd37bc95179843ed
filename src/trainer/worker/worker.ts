import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { parentPort, workerData } from "node:worker_threads";
import { selectBackend } from "../backend/select.ts";
import { simdGemmActive } from "../backend/simd-matmul.ts";
import { renderChart } from "../chart.ts";
import { fastPathLabel, fastPathSupports } from "../parallel/fast-trainer.ts";
import { runTraining, TrainingCancelledError } from "../train.ts";
import type { WorkerInput, WorkerMessage } from "./protocol.ts";
import { lowerThisThreadsPriority } from "./thread-priority.ts";

/* The training thread: picks a backend, trains, renders the chart, and reports through messages. */

const port = parentPort;
if (port === null) throw new Error("worker.ts must run as a worker thread");
const input = workerData as WorkerInput;
const cancelFlag = new Int32Array(input.cancelFlag);
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);

if (input.lowPriority ?? true) lowerThisThreadsPriority();

try {
  const backend = await selectBackend(input.backends);
  const threads = input.threads ?? 1;
  // Our fit loop and kernels are for the wasm backend; tfjs-node and cpu train through model.fit.
  const fast = backend.name === "wasm" && fastPathSupports(input.params);
  const label = fast ? fastPathLabel(threads, simdGemmActive(tf.backend() as BackendWasm)) : backend.label;
  post({ type: "started", backend: label });
  const result = await runTraining(input.params, {
    backend: label,
    ...(fast
      ? {
          fast: {
            threads,
            ...(threads > 1 ? { startPeers: (shared) => post({ type: "peers", shared }) } : {}),
          },
        }
      : {}),
    onEpoch: (progress) => post({ type: "epoch", progress }),
    shouldStop: () => Atomics.load(cancelFlag, 0) === 1,
  });
  if (Atomics.load(cancelFlag, 0) === 1) throw new TrainingCancelledError();
  const png = renderChart(input.params, result.runs, input.locale);
  post({ type: "done", result, png }, [png.buffer as ArrayBuffer]);
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  post({ type: "failed", message, cancelled: error instanceof TrainingCancelledError });
}
