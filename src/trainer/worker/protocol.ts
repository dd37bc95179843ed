import type { Locale } from "../../core/conversation.ts";
import type { BackendName } from "../backend/select.ts";
import type { SharedTraining } from "../parallel/shared.ts";
import type { TrainParams } from "../params.ts";
import type { TrainProgress, TrainResult } from "../types.ts";

/** What the host hands the training worker. */
export interface WorkerInput {
  params: TrainParams;
  /** The language of the chart's words. */
  locale: Locale;
  /** One Int32 set to 1 by the host to cancel; the worker polls it after every batch. */
  cancelFlag: SharedArrayBuffer;
  /** Candidate backends in order (all of them unless restricted). */
  backends?: readonly BackendName[];
  /** Threads the job may train on (the wasm fast path); above 1, the host has started helper threads. */
  threads?: number;
  /** Train at a lower CPU priority than the bot's thread (the default). */
  lowPriority?: boolean;
}

/** What the worker posts back, in order: started, epoch…, then done or failed. */
export type WorkerMessage =
  | { type: "started"; backend: string }
  /** The shared buffers for the helper threads (the host hands them on). */
  | { type: "peers"; shared: SharedTraining }
  | { type: "epoch"; progress: TrainProgress }
  | { type: "done"; result: TrainResult; png: Uint8Array }
  | { type: "failed"; message: string; cancelled: boolean };
