import type { Address, Locale } from "../../core/conversation.ts";
import type { TrainParams } from "../params.ts";
import type { TrainProgress, TrainResult } from "../types.ts";
import type { WorkerFailure } from "../worker/run-worker.ts";
import type { JobRecord } from "./job-record.ts";

export type JobEvent =
  /** `host`: the worker host, when a worker process trains it. */
  | { type: "started"; job: JobRecord; backend: string; host?: string }
  | { type: "epoch"; job: JobRecord; progress: TrainProgress }
  | { type: "done"; job: JobRecord; result: TrainResult; png: Uint8Array }
  /** `projectedSeconds`: for "too-slow", the run time the first epochs projected. */
  | { type: "failed"; job: JobRecord; failure: WorkerFailure; reason: string; projectedSeconds?: number }
  | { type: "cancelled"; job: JobRecord }
  /** Back in the queue: its worker stopped ("handed-back", SIGTERM) or was lost ("worker-lost"). */
  | { type: "requeued"; job: JobRecord; why: "handed-back" | "worker-lost" };

export type JobListener = (event: JobEvent) => void | Promise<void>;

export type SubmitOutcome =
  | { kind: "cached"; job: JobRecord }
  /** The same seeded job is already queued or running: its result will be the cached one. */
  | { kind: "duplicate"; job: JobRecord }
  /**
   * position 0: running now; 1: next; … `workers`: the worker processes online, when jobs train in worker
   * processes (0: none, the job waits for one); undefined when they train in this process.
   */
  | { kind: "queued"; job: JobRecord; position: number; workers?: number };

export interface QueueStatus {
  /** The owner's queued and running jobs, oldest first, each with its position in the whole queue. */
  jobs: { job: JobRecord; position: number | undefined }[];
  /** Queued plus running jobs of everyone. */
  total: number;
  /** The hosts of the worker processes online (one entry per process); undefined: they train here. */
  workers?: string[];
  /** False while the queue cannot be reached (Redis down): the jobs are then the database's view. */
  available: boolean;
}

/**
 * The training queue as the /train service sees it. Two implementations: TrainQueue (queue.ts: SQLite and
 * a worker thread in this process) and RedisTrainQueue (remote/bot-queue.ts: BullMQ, worker processes on
 * any host). Both record every job in train_jobs and deliver each job's events in order, at most once.
 */
export interface JobQueue {
  /** Wall-clock limit of one job. */
  readonly timeoutMs: number;
  /**
   * Reuses a stored result for identical seeded parameters, otherwise queues a job whose events go to
   * `listener`. Rejects with UserError "train.limit" (per-user limit) or "train.unavailable".
   */
  submit(owner: Address, locale: Locale, params: TrainParams, listener: JobListener): Promise<SubmitOutcome>;
  status(owner: Address): Promise<QueueStatus>;
  /**
   * Cancels the owner's queued jobs at once and stops running ones at their next batch (only job `jobId`
   * when given); returns the jobs cancelled.
   */
  cancel(owner: Address, jobId?: number): Promise<JobRecord[]>;
  /** Resolves once this process has no job in flight and every event has been delivered. */
  whenIdle(): Promise<void>;
  close(): Promise<void>;
}
