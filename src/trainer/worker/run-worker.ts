import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Locale } from "../../core/conversation.ts";
import type { BackendName } from "../backend/select.ts";
import type { TrainParams } from "../params.ts";
import type { TrainProgress, TrainResult } from "../types.ts";
import { ABORT_FAILED, abortBarrier } from "../parallel/barrier.ts";
import type { PeerInput, PeerMessage, PeerStart } from "../parallel/peer-protocol.ts";
import type { WorkerInput, WorkerMessage } from "./protocol.ts";
import { reserveThreads } from "./thread-budget.ts";

/**
 * Why a job produced no result: cancelled, over its time limit, projected to run over it ("too-slow"),
 * stopped because the bot shut down, the worker died, or training threw.
 */
export type WorkerFailure = "cancelled" | "timeout" | "too-slow" | "shutdown" | "crashed" | "error";

/** The job did not produce a result; `reason` is for the log, the failure kind for the user. */
export class TrainingJobError extends Error {
  constructor(
    readonly failure: WorkerFailure,
    readonly reason: string,
  ) {
    super(`Training ${failure}: ${reason}`);
    this.name = "TrainingJobError";
  }
}

export interface WorkerOutcome {
  result: TrainResult;
  png: Uint8Array;
}

export interface WorkerJobOptions {
  onStarted?: (backend: string) => void;
  onEpoch?: (progress: TrainProgress) => void;
  /**
   * Told when onStarted/onEpoch throws (e.g. a database write failed). They run in the worker's message
   * handler, where a throw would be an uncaught exception, so it is caught; without this handler it becomes
   * a process warning.
   */
  onCallbackError?: (error: unknown) => void;
  /** Wall-clock limit for the whole job, start-up included; the worker is terminated when it is reached. */
  timeoutMs?: number;
  /** How long a cancelled job may take to stop at the next batch before its worker is terminated. */
  cancelGraceMs?: number;
  backends?: readonly BackendName[];
  /** The language of the chart (Japanese by default). */
  locale?: Locale;
  /**
   * Threads for this job (1–2): on the wasm backend a batch is split between them. Default: the cores ÷
   * `jobsAtOnce`, less those other jobs of this process hold; one for small jobs (see thread-budget.ts).
   */
  threads?: number;
  /** How many jobs the caller trains at once (its queue's or worker's concurrency; 1 by default). */
  jobsAtOnce?: number;
  /**
   * Whether the training threads run below the bot's priority (default true: the bot keeps answering while
   * both cores train). The benchmark turns it off to compare paths at equal priority.
   */
  lowPriority?: boolean;
  /** The helper thread's module (the tests give one that dies); parallel/peer-worker.ts by default. */
  helperUrl?: string;
}

export interface WorkerJob {
  outcome: Promise<WorkerOutcome>;
  /** Asks the worker to stop after the current batch (terminated after the grace period if it does not). */
  cancel(): void;
  /** Terminates the worker at once; the outcome rejects with this failure kind ("crashed" by default). */
  kill(reason?: string, failure?: WorkerFailure): void;
}

const WORKER_URL = new URL("./worker.ts", import.meta.url).href;
const PEER_URL = new URL("../parallel/peer-worker.ts", import.meta.url).href;

/**
 * A tiny JavaScript bootstrap that registers tsx's ESM hooks inside the worker and then imports worker.ts.
 * (`execArgv: ["--import", "tsx"]` does not reach worker threads on Node 20; this works under `tsx`,
 * vitest and plain node alike.)
 */
function bootstrapSource(url: string): string {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsxApi = pathToFileURL(join(tsxRoot, "dist/esm/api/index.mjs")).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); });`;
}

/**
 * Trains in a worker thread: the host's event loop only receives one message per epoch. With two threads a
 * helper thread starts at once beside it (loading its own wasm backend meanwhile) and trains half of every
 * batch; this host watches both, so either one dying fails the job, and ending the job ends both.
 */
export function startWorkerJob(params: TrainParams, options: WorkerJobOptions = {}): WorkerJob {
  const cancelFlag = new SharedArrayBuffer(4);
  const budget = reserveThreads(params, options.threads, options.jobsAtOnce);
  const input: WorkerInput = {
    params,
    locale: options.locale ?? "ja",
    cancelFlag,
    threads: budget.threads,
    lowPriority: options.lowPriority ?? true,
    ...(options.backends ? { backends: options.backends } : {}),
  };
  const worker = new Worker(bootstrapSource(WORKER_URL), { eval: true, workerData: input });
  const peer =
    budget.threads > 1
      ? new Worker(bootstrapSource(options.helperUrl ?? PEER_URL), {
          eval: true,
          workerData: { rank: 1, lowPriority: options.lowPriority ?? true } satisfies PeerInput,
        })
      : undefined;
  let peerControl: Int32Array | undefined;
  const timers: NodeJS.Timeout[] = [];
  let settled = false;
  let stopReason: TrainingJobError | undefined;
  let resolveOutcome!: (outcome: WorkerOutcome) => void;
  let rejectOutcome!: (error: TrainingJobError) => void;
  const outcome = new Promise<WorkerOutcome>((resolve, reject) => {
    resolveOutcome = resolve;
    rejectOutcome = reject;
  });

  const settle = (result: WorkerOutcome | TrainingJobError): void => {
    if (settled) return;
    settled = true;
    timers.forEach(clearTimeout);
    budget.release();
    if (result instanceof TrainingJobError) rejectOutcome(result);
    else resolveOutcome(result);
    void worker.terminate();
    stopPeer();
  };
  const terminate = (error: TrainingJobError): void => {
    stopReason ??= error;
    void worker.terminate();
    stopPeer();
  };
  function stopPeer(): void {
    // Releases a thread still waiting at a barrier before the terminations land.
    if (peerControl !== undefined) abortBarrier(peerControl, ABORT_FAILED);
    void peer?.terminate();
  }

  const callback = (run: () => void): void => {
    try {
      run();
    } catch (error) {
      if (options.onCallbackError) options.onCallbackError(error);
      else
        process.emitWarning(
          `a training job callback failed: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  };

  worker.on("message", (message: WorkerMessage) => {
    switch (message.type) {
      case "started":
        callback(() => options.onStarted?.(message.backend));
        return;
      case "peers":
        peerControl = new Int32Array(message.shared.control);
        peer?.postMessage({ shared: message.shared, params } satisfies PeerStart);
        return;
      case "epoch":
        if (!settled) callback(() => options.onEpoch?.(message.progress));
        return;
      case "done":
        settle({ result: message.result, png: message.png });
        return;
      case "failed":
        settle(new TrainingJobError(message.cancelled ? "cancelled" : "error", message.message));
        return;
    }
  });
  worker.on("error", (error) => settle(new TrainingJobError("crashed", `${error.name}: ${error.message}`)));
  worker.on("messageerror", (error) =>
    settle(new TrainingJobError("crashed", `bad message: ${error.message}`)),
  );
  worker.on("exit", (code) =>
    settle(stopReason ?? new TrainingJobError("crashed", `the training worker exited (code ${code})`)),
  );
  peer?.on("message", (message: PeerMessage) => {
    if (message.type === "failed") settle(new TrainingJobError("error", `helper thread: ${message.message}`));
  });
  peer?.on("error", (error) =>
    settle(new TrainingJobError("crashed", `helper thread: ${error.name}: ${error.message}`)),
  );
  peer?.on("exit", (code) =>
    settle(stopReason ?? new TrainingJobError("crashed", `the helper training thread exited (code ${code})`)),
  );
  if (options.timeoutMs !== undefined) {
    const seconds = Math.round(options.timeoutMs / 1000);
    timers.push(
      setTimeout(
        () => terminate(new TrainingJobError("timeout", `the ${seconds} s time limit was reached`)),
        options.timeoutMs,
      ),
    );
  }

  return {
    outcome,
    cancel() {
      if (settled) return;
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      const grace = options.cancelGraceMs ?? 10_000;
      timers.push(
        setTimeout(() => terminate(new TrainingJobError("cancelled", "cancelled by the user")), grace),
      );
    },
    kill(reason = "the training worker was killed", failure: WorkerFailure = "crashed") {
      terminate(new TrainingJobError(failure, reason));
    },
  };
}
