import type { Locale } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { TrainParams } from "../params.ts";
import type { RunHistory, TrainProgress, TrainResult } from "../types.ts";
import {
  TrainingJobError,
  type WorkerFailure,
  type WorkerJob,
  type WorkerJobOptions,
} from "../worker/run-worker.ts";
import type { ChartFiles } from "./charts.ts";
import type { EventDelivery } from "./delivery.ts";
import { guarded } from "./guarded.ts";
import type { JobStore } from "./job-store.ts";
import { overrunReason, projectedOverrun } from "./overrun.ts";
import type { JobEvent } from "./port.ts";
import { appendEpoch } from "./run-history.ts";

/** Starts one training job; the worker thread by default, a fake in queue tests. */
export type JobRunner = (params: TrainParams, options: WorkerJobOptions) => WorkerJob;

export interface ThreadRunsDeps {
  store: JobStore;
  charts: ChartFiles;
  delivery: EventDelivery;
  logger: Logger;
  runner: JobRunner;
  timeoutMs: number;
  /** Jobs trained at once, so each gets its share of the cores (thread-budget.ts). */
  jobsAtOnce: number;
  instanceId: string;
  /** Refreshes the owning queue's heartbeats (after each epoch). */
  heartbeat: () => void;
  /** A job's thread has ended and its end is recorded: its slot is free. */
  onFinished: (id: number) => void;
  /** A job's end could not be written (the database was locked): the queue retries it. */
  onUnrecorded: (id: number, reason: string) => void;
}

interface Running {
  worker: WorkerJob;
  /** performance.now() at its start here, to project its end. */
  startedAt: number;
  history: RunHistory[];
  /** The owner cancelled it: a result that arrives anyway is not delivered. */
  cancelRequested: boolean;
  /** Stopped because its projected run time is over the limit, with that projection (s). */
  tooSlow?: number;
}

/**
 * The embedded queue's running jobs, each in a worker thread of this process: their epochs (history,
 * heartbeats, the projected overrun), cancels, and how each ends (result and chart, or failure), recorded
 * with status-checked writes and told to the owner in order. Callbacks run in the worker's message
 * handler, so nothing here throws: database errors are logged.
 */
export class ThreadRuns {
  private readonly running = new Map<number, Running>();

  constructor(private readonly deps: ThreadRunsDeps) {}

  get size(): number {
    return this.running.size;
  }

  has(id: number): boolean {
    return this.running.has(id);
  }

  ids(): number[] {
    return [...this.running.keys()];
  }

  /** Asks a running job to stop at its next batch; a result that arrives anyway becomes "cancelled". */
  cancel(id: number): boolean {
    const running = this.running.get(id);
    if (running === undefined) return false;
    running.cancelRequested = true;
    running.worker.cancel();
    return true;
  }

  /** Stops (silently: another process told the owner) the running jobs cancelled elsewhere. */
  stopCancelledElsewhere(): void {
    for (const [id, running] of this.running) {
      if (this.deps.store.get(id).status === "cancelled") running.worker.cancel();
    }
  }

  /** Shutdown: every thread is terminated; their jobs fail as "shutdown". */
  killAll(reason: string): void {
    for (const { worker } of this.running.values()) worker.kill(reason, "shutdown");
  }

  /** Starts training the job (already marked running) in a thread. */
  start(id: number): void {
    const { store } = this.deps;
    let worker: WorkerJob;
    try {
      const job = store.get(id);
      worker = this.startRunner(id, job.params, job.locale);
    } catch (error) {
      // A worker that cannot even be created (or a database error) fails its job like one that crashed.
      worker = { outcome: Promise.reject(error), cancel: () => undefined, kill: () => undefined };
    }
    const running: Running = { worker, startedAt: performance.now(), history: [], cancelRequested: false };
    this.running.set(id, running);
    const finished = worker.outcome
      .then(({ result, png }) => this.finishDone(id, running, result, png))
      .catch((error: unknown) => this.finishFailed(id, running, error))
      .catch((error: unknown) => {
        // Recording the end itself failed (e.g. the database is locked or the disk full): each tick tries
        // again to end it as failed, so it does not count against its owner's limit for ever.
        this.deps.logger.error({ jobId: id, err: error }, "could not record the end of a training job");
        this.deps.onUnrecorded(id, "the result could not be saved");
      })
      .finally(() => {
        this.running.delete(id);
        this.deps.delivery.forget(id);
        this.deps.onFinished(id);
      });
    this.deps.delivery.track(finished);
  }

  private startRunner(id: number, params: TrainParams, locale: Locale): WorkerJob {
    const { store } = this.deps;
    // These run inside the worker's message handler: a throw there would be an uncaught exception.
    return this.deps.runner(params, {
      timeoutMs: this.deps.timeoutMs,
      jobsAtOnce: this.deps.jobsAtOnce,
      locale,
      onStarted: (backend) =>
        guarded(this.deps.logger, { jobId: id }, "could not record the start of a training job", () => {
          store.setBackend(id, backend);
          void this.deps.delivery.emit(id, { type: "started", job: store.get(id), backend });
        }),
      onEpoch: (progress) => this.onEpoch(id, params, progress),
      onCallbackError: (error) =>
        this.deps.logger.error({ jobId: id, err: error }, "a training worker callback failed"),
    });
  }

  private onEpoch(id: number, params: TrainParams, progress: TrainProgress): void {
    const { store } = this.deps;
    const running = this.running.get(id);
    if (running === undefined) return;
    appendEpoch(running.history, params, progress);
    if (running.cancelRequested || running.tooSlow !== undefined) return;
    // Each step on its own: a history that could not be saved must not hide the progress from the chat.
    guarded(this.deps.logger, { jobId: id }, "could not save a training epoch", () =>
      store.saveHistory(id, running.history),
    );
    guarded(this.deps.logger, { jobId: id }, "could not refresh the heartbeats of training jobs", () =>
      this.deps.heartbeat(),
    );
    const job = guarded(this.deps.logger, { jobId: id }, "could not read a training job", () =>
      store.get(id),
    );
    if (job?.status === "cancelled") {
      // Cancelled from another process: stop, and say nothing more from here.
      running.worker.cancel();
      return;
    }
    const over = projectedOverrun(performance.now() - running.startedAt, progress, this.deps.timeoutMs);
    if (over !== undefined) {
      running.tooSlow = over;
      running.worker.cancel();
      return;
    }
    guarded(this.deps.logger, { jobId: id }, "could not report a training epoch", () => {
      void this.deps.delivery.emit(id, { type: "epoch", job: job ?? store.get(id), progress });
    });
  }

  private async finishDone(
    id: number,
    running: Running,
    result: TrainResult,
    png: Uint8Array,
  ): Promise<void> {
    if (running.cancelRequested) {
      // The owner cancelled after the last batch (the worker had nothing left to stop): they were told
      // "cancelled", so that is how it ends.
      await this.finishFailed(id, running, new TrainingJobError("cancelled", "cancelled by the user"));
      return;
    }
    const chartPath = this.deps.charts.save(id, png);
    const outcome = this.deps.store.markDone(id, result, chartPath, this.deps.instanceId);
    if (outcome === "refused") {
      // Ended for good by someone else meanwhile (not a sweep's "interrupted", which is revived): its owner
      // was already told how it ended, so a late result is not delivered as a success.
      this.deps.charts.discard(chartPath);
      this.deps.logger.warn({ jobId: id }, "training result dropped: the job had already ended");
      return;
    }
    this.deps.charts.prune();
    if (outcome === "revived") {
      this.deps.logger.warn(
        { jobId: id },
        "training job reported interrupted by another process finished here after all; result delivered",
      );
    }
    await this.deps.delivery.emit(id, { type: "done", job: this.deps.store.get(id), result, png });
  }

  private async finishFailed(id: number, running: Running, error: unknown): Promise<void> {
    const projectedSeconds = running.tooSlow;
    let failure: WorkerFailure = error instanceof TrainingJobError ? error.failure : "error";
    let reason = error instanceof TrainingJobError ? error.reason : String(error);
    if (projectedSeconds !== undefined && failure === "cancelled") {
      failure = "too-slow";
      reason = overrunReason(projectedSeconds, this.deps.timeoutMs);
    }
    const cancelled = failure === "cancelled";
    if (!this.deps.store.markEnded(id, cancelled ? "cancelled" : "failed", cancelled ? null : reason)) {
      this.deps.logger.info(
        { jobId: id, failure, reason },
        "training job had already ended; end not recorded",
      );
      return;
    }
    if (!cancelled) this.deps.logger.warn({ jobId: id, failure, reason }, "training job failed");
    const job = this.deps.store.get(id);
    const event: JobEvent = cancelled
      ? { type: "cancelled", job }
      : {
          type: "failed",
          job,
          failure,
          reason,
          ...(projectedSeconds !== undefined ? { projectedSeconds } : {}),
        };
    await this.deps.delivery.emit(id, event);
  }
}
