import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Address, Locale } from "../../core/conversation.ts";
import { UserError } from "../../core/errors.ts";
import { silentLogger, type Logger } from "../../core/logger.ts";
import type { TrainParams } from "../params.ts";
import type { RunHistory, TrainProgress, TrainResult } from "../types.ts";
import {
  startWorkerJob,
  TrainingJobError,
  type WorkerFailure,
  type WorkerJob,
  type WorkerJobOptions,
} from "../worker/run-worker.ts";
import { cacheKeyFor } from "./cache-key.ts";
import type { JobRecord, JobStore } from "./job-store.ts";

/** Starts one training job; the worker thread by default, a fake in queue tests. */
export type JobRunner = (params: TrainParams, options: WorkerJobOptions) => WorkerJob;

export type JobEvent =
  | { type: "started"; job: JobRecord; backend: string }
  | { type: "epoch"; job: JobRecord; progress: TrainProgress }
  | { type: "done"; job: JobRecord; result: TrainResult; png: Uint8Array }
  /** `projectedSeconds`: for "too-slow", the run time the first epochs projected. */
  | { type: "failed"; job: JobRecord; failure: WorkerFailure; reason: string; projectedSeconds?: number }
  | { type: "cancelled"; job: JobRecord };

export type JobListener = (event: JobEvent) => void | Promise<void>;

export type SubmitOutcome =
  | { kind: "cached"; job: JobRecord }
  /** The same seeded job is already queued or running: its result will be the cached one. */
  | { kind: "duplicate"; job: JobRecord }
  /** position 0: running now; 1: next; … */
  | { kind: "queued"; job: JobRecord; position: number };

export interface QueueOptions {
  store: JobStore;
  /** Where chart PNGs are written (train-<id>.png). */
  chartDir: string;
  /** Jobs trained at once; 1 by default (2 cores: a second job would only halve both). */
  concurrency?: number;
  /** Queued plus running jobs one user may have. */
  maxActivePerUser?: number;
  /** Wall-clock limit per job. */
  timeoutMs?: number;
  runner?: JobRunner;
  logger?: Logger;
  /** This queue's id on the jobs it inserts (random by default: one per process and queue). */
  instanceId?: string;
  /** How often this queue refreshes its jobs' heartbeats and sweeps for stale ones (default 20 s). */
  heartbeatMs?: number;
  /** Another instance's active job whose heartbeat is older than this was interrupted (default 90 s). */
  staleAfterMs?: number;
  /** What calls `tick()` every `heartbeatMs`: an unref'd setInterval unless a test passes another. */
  startInterval?: StartInterval;
  /** How many of the newest chart files to keep (default DEFAULT_CHARTS_KEPT). */
  chartsKept?: number;
  /** Told about the jobs each periodic sweep failed (the start-up sweep's are returned by sweepInterrupted). */
  onInterrupted?: (jobs: JobRecord[]) => void;
}

/** Something that calls `run` every `ms` until stopped. */
export type StartInterval = (run: () => void, ms: number) => { stop(): void };

const unrefInterval: StartInterval = (run, ms) => {
  const timer = setInterval(run, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};

/** Generous enough for the lesson's full protocol (~15 min on 2 cores with the wasm backend). */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MAX_ACTIVE_PER_USER = 2;
export const DEFAULT_HEARTBEAT_MS = 20_000;
/** Chart files kept in chartDir (~100 KB each); older ones are deleted as new ones arrive. */
export const DEFAULT_CHARTS_KEPT = 200;
/** Several missed heartbeats, so a busy event loop or a slow disk is not taken for a dead process. */
export const DEFAULT_STALE_AFTER_MS = 90_000;

/**
 * One-at-a-time (configurable) training queue over the jobs table, with per-user limits and a result cache.
 *
 * Several processes may share the database, each with its own queue. A queue owns the jobs it inserts
 * (its `instanceId`), keeps their heartbeats fresh while it lives, and treats another instance's active job
 * as interrupted only once that job's heartbeat is stale. Callbacks from the worker and the timer write to
 * SQLite; their errors (SQLITE_BUSY, a full disk) are logged and never escape.
 */
export class TrainQueue {
  readonly instanceId: string;
  private readonly waiting: number[] = [];
  private readonly running = new Map<number, WorkerJob>();
  /** When each running job started here (ms, performance.now()), to project its end. */
  private readonly startedAt = new Map<number, number>();
  /** Running jobs whose owner cancelled them: a result that arrives anyway is not delivered. */
  private readonly cancelRequested = new Set<number>();
  /** Running jobs stopped because their projected run time is over the limit, with that projection (s). */
  private readonly tooSlow = new Map<number, number>();
  /** Jobs whose end could not be written (the database was locked): retried by each tick. */
  private readonly unrecorded = new Map<number, { reason: string; listener?: JobListener }>();
  private readonly listeners = new Map<number, JobListener>();
  private readonly deliveries = new Map<number, Promise<void>>();
  private readonly settled = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly concurrency: number;
  private readonly maxActivePerUser: number;
  readonly timeoutMs: number;
  private readonly runner: JobRunner;
  private readonly logger: Logger;
  private readonly staleAfterMs: number;
  private readonly timer: { stop(): void };

  constructor(private readonly options: QueueOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxActivePerUser = Math.max(1, options.maxActivePerUser ?? DEFAULT_MAX_ACTIVE_PER_USER);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.runner = options.runner ?? startWorkerJob;
    this.logger = options.logger ?? silentLogger;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.timer = (options.startInterval ?? unrefInterval)(
      () => this.tick(),
      options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    );
  }

  /**
   * Fails other instances' active jobs whose heartbeat is stale (their process stopped) and returns them.
   * Never this queue's own jobs: they are alive here even if a heartbeat could not be written.
   */
  sweepInterrupted(): JobRecord[] {
    const jobs = this.options.store.failStale(this.instanceId, this.staleAfterMs);
    for (const job of jobs) {
      this.logger.warn(
        { jobId: job.id, instanceId: job.instanceId, heartbeatAt: job.heartbeatAt },
        "training job of a stopped bot process marked interrupted",
      );
    }
    return jobs;
  }

  /** The periodic work: refresh this queue's heartbeats, then sweep for interrupted jobs of others. */
  tick(): void {
    if (this.closed) return;
    this.retryUnrecorded();
    this.guard({}, "could not check for training jobs ended elsewhere", () => this.stopEndedElsewhere());
    this.guard({}, "could not refresh the heartbeats of training jobs", () => this.heartbeat());
    const interrupted = this.guard({}, "could not sweep for interrupted training jobs", () =>
      this.sweepInterrupted(),
    );
    if (interrupted !== undefined && interrupted.length > 0) {
      this.guard({}, "could not report interrupted training jobs", () =>
        this.options.onInterrupted?.(interrupted),
      );
    }
  }

  /** Only the jobs this queue holds: one whose end could not be recorded must be left to go stale. */
  private heartbeat(): void {
    this.options.store.heartbeat(this.instanceId, [...this.waiting, ...this.running.keys()]);
  }

  /**
   * A job cancelled from another process (same database) stops here too: a running one at once, a waiting
   * one leaves the line. (A job another process swept as interrupted goes on: its result revives it.)
   */
  private stopEndedElsewhere(): void {
    const { store } = this.options;
    for (const [id, worker] of this.running) {
      if (store.get(id).status === "cancelled") worker.cancel();
    }
    const ended = this.waiting.filter((id) => !isActive(store.get(id)));
    for (const id of ended) {
      this.waiting.splice(this.waiting.indexOf(id), 1);
      this.forget(id);
    }
    if (ended.length > 0) this.checkIdle();
  }

  /** Writes the ends that could not be written before, and tells their owners. */
  private retryUnrecorded(): void {
    for (const [id, { reason, listener }] of this.unrecorded) {
      const ended = this.guard({ jobId: id }, "could not record the end of a training job (retry)", () =>
        this.options.store.markEnded(id, "failed", reason),
      );
      if (ended === undefined) continue;
      this.unrecorded.delete(id);
      if (ended && listener) {
        this.listeners.set(id, listener);
        const job = this.options.store.get(id);
        this.track(
          this.emit(id, { type: "failed", job, failure: "error", reason }).finally(() =>
            this.listeners.delete(id),
          ),
        );
      }
    }
  }

  /** Runs a background step; a throw (e.g. SQLITE_BUSY) is logged with `context` and undefined returned. */
  private guard<T>(context: object, message: string, step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      this.logger.error({ ...context, err: error }, message);
      return undefined;
    }
  }

  /** Reuses a stored result for identical seeded parameters, otherwise queues a job. */
  submit(owner: Address, locale: Locale, params: TrainParams, listener: JobListener): SubmitOutcome {
    if (this.closed) throw new Error("The training queue is closed");
    const cacheKey = cacheKeyFor(params);
    const cached = cacheKey === null ? undefined : this.options.store.findDone(cacheKey);
    if (cached?.result) return { kind: "cached", job: cached };
    const twin = cacheKey === null ? undefined : this.options.store.findActive(cacheKey);
    if (twin) return { kind: "duplicate", job: twin };
    const active = this.options.store.activeFor(owner).length;
    if (active >= this.maxActivePerUser) {
      throw new UserError("train.limit", {
        ja: `学習ジョブは1人 ${this.maxActivePerUser} 件までです。/train status で確認、/train cancel で取り消せます。`,
        en: `You can have at most ${this.maxActivePerUser} training jobs. See /train status, or /train cancel.`,
      });
    }
    const job = this.options.store.insert(owner, locale, params, cacheKey, this.instanceId);
    this.listeners.set(job.id, listener);
    this.waiting.push(job.id);
    this.pump();
    return { kind: "queued", job: this.options.store.get(job.id), position: this.position(job.id) ?? 0 };
  }

  /** 0 while running, 1.. while waiting, undefined once ended. */
  position(id: number): number | undefined {
    if (this.running.has(id)) return 0;
    const index = this.waiting.indexOf(id);
    return index === -1 ? undefined : index + 1;
  }

  /** Jobs waiting plus jobs running. */
  get length(): number {
    return this.waiting.length + this.running.size;
  }

  activeFor(owner: Address): JobRecord[] {
    return this.options.store.activeFor(owner);
  }

  /**
   * Cancels the owner's queued jobs at once and asks their running job to stop after its current batch (a
   * result that arrives anyway is dropped). A job another process holds is marked cancelled in the
   * database, which that process heeds: it skips a queued job and stops a running one at its next check.
   * Returns the jobs affected.
   */
  cancel(owner: Address): JobRecord[] {
    const jobs = this.options.store.activeFor(owner);
    for (const job of jobs) {
      const index = this.waiting.indexOf(job.id);
      const worker = this.running.get(job.id);
      if (index !== -1) {
        this.waiting.splice(index, 1);
        if (this.options.store.markEnded(job.id, "cancelled", null)) {
          this.track(this.emit(job.id, { type: "cancelled", job: this.options.store.get(job.id) }));
        }
        this.forget(job.id);
      } else if (worker) {
        this.cancelRequested.add(job.id);
        worker.cancel();
      } else {
        this.options.store.markEnded(job.id, "cancelled", null);
      }
    }
    this.checkIdle();
    return jobs;
  }

  /** Resolves once nothing is queued or running and every listener has been called. */
  whenIdle(): Promise<void> {
    if (this.length === 0 && this.settled.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops accepting jobs, fails the queued ones and stops the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer.stop();
    const reason = "the bot shut down before the job started";
    for (const id of this.waiting.splice(0)) {
      const ended = this.guard({ jobId: id }, "could not record the end of a queued training job", () =>
        this.options.store.markEnded(id, "failed", reason),
      );
      // Left queued if the write failed: the next start-up's sweep fails it and tells the owner.
      if (ended) {
        const job = this.options.store.get(id);
        this.track(this.emit(id, { type: "failed", job, failure: "shutdown", reason }));
      }
    }
    for (const job of this.running.values()) job.kill("the bot shut down", "shutdown");
    await this.whenIdle();
  }

  /** Drops a job's listener and delivery chain (deliveries already queued still run). */
  private forget(id: number): void {
    this.listeners.delete(id);
    this.deliveries.delete(id);
  }

  /** Keeps whenIdle() waiting until `work` has finished. */
  private track(work: Promise<void>): void {
    const tracked: Promise<void> = work.finally(() => {
      this.settled.delete(tracked);
      this.checkIdle();
    });
    this.settled.add(tracked);
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift();
      if (id !== undefined) this.startJob(id);
    }
  }

  private startJob(id: number): void {
    const { store } = this.options;
    let worker: WorkerJob;
    try {
      if (!store.markRunning(id)) {
        // Ended while waiting here: a sweep of another process took it for interrupted (this process was
        // too busy to write heartbeats) and its owner was told to run it again. Do not run it twice.
        this.logger.warn({ jobId: id }, "training job ended before it could start; not started");
        this.forget(id);
        this.checkIdle();
        return;
      }
      const job = store.get(id);
      worker = this.startRunner(id, job.params, job.locale, []);
    } catch (error) {
      // A worker that cannot even be created (or a database error) fails its job like one that crashed.
      worker = { outcome: Promise.reject(error), cancel: () => undefined, kill: () => undefined };
    }
    this.running.set(id, worker);
    this.startedAt.set(id, performance.now());
    const finished = worker.outcome
      .then(({ result, png }) => this.finishDone(id, result, png))
      .catch((error: unknown) => this.finishFailed(id, error))
      .catch((error: unknown) => {
        // Recording the end itself failed (e.g. the database is locked or the disk full): each tick tries
        // again to end it as failed, so it does not count against its owner's limit for ever.
        this.logger.error({ jobId: id, err: error }, "could not record the end of a training job");
        const listener = this.listeners.get(id);
        this.unrecorded.set(id, {
          reason: "the result could not be saved",
          ...(listener ? { listener } : {}),
        });
      })
      .finally(() => {
        this.running.delete(id);
        this.startedAt.delete(id);
        this.cancelRequested.delete(id);
        this.tooSlow.delete(id);
        this.forget(id);
        this.settled.delete(finished);
        this.pump();
        this.checkIdle();
      });
    this.settled.add(finished);
  }

  private startRunner(id: number, params: TrainParams, locale: Locale, history: RunHistory[]): WorkerJob {
    const { store } = this.options;
    // These run inside the worker's message handler: a throw there would be an uncaught exception.
    return this.runner(params, {
      timeoutMs: this.timeoutMs,
      locale,
      onStarted: (backend) =>
        this.guard({ jobId: id }, "could not record the start of a training job", () => {
          store.setBackend(id, backend);
          void this.emit(id, { type: "started", job: store.get(id), backend });
        }),
      onEpoch: (progress) => {
        const run = (history[progress.run - 1] ??= {
          kind: progress.kind,
          dropout: progress.kind === "baseline" ? [0, 0, 0] : params.dropout,
          epochs: [],
          // Known once the run is tested; NaN until then (stored as null).
          testAcc: Number.NaN,
          testLoss: Number.NaN,
        });
        run.epochs.push(progress.metrics);
        if (this.cancelRequested.has(id) || this.tooSlow.has(id)) return;
        // Each step on its own: a history that could not be saved must not hide the progress from the chat.
        this.guard({ jobId: id }, "could not save a training epoch", () => store.saveHistory(id, history));
        this.guard({ jobId: id }, "could not refresh the heartbeats of training jobs", () =>
          this.heartbeat(),
        );
        const job = this.guard({ jobId: id }, "could not read a training job", () => store.get(id));
        if (job?.status === "cancelled") {
          // Cancelled from another process: stop, and say nothing more from here.
          this.running.get(id)?.cancel();
          return;
        }
        if (this.stopIfTooSlow(id, progress)) return;
        this.guard({ jobId: id }, "could not report a training epoch", () => {
          void this.emit(id, { type: "epoch", job: job ?? store.get(id), progress });
        });
      },
      onCallbackError: (error) =>
        this.logger.error({ jobId: id, err: error }, "a training worker callback failed"),
    });
  }

  private async finishDone(id: number, result: TrainResult, png: Uint8Array): Promise<void> {
    if (this.cancelRequested.has(id)) {
      // The owner cancelled after the last batch (the worker had nothing left to stop): they were told
      // "cancelled", so that is how it ends.
      await this.finishFailed(id, new TrainingJobError("cancelled", "cancelled by the user"));
      return;
    }
    mkdirSync(this.options.chartDir, { recursive: true });
    const chartPath = resolve(join(this.options.chartDir, `train-${id}.png`));
    writeFileSync(chartPath, png);
    const outcome = this.options.store.markDone(id, result, chartPath, this.instanceId);
    if (outcome === "refused") {
      // Ended for good by someone else meanwhile (not a sweep's "interrupted", which is revived): its owner
      // was already told how it ended, so a late result is not delivered as a success.
      rmSync(chartPath, { force: true });
      this.logger.warn({ jobId: id }, "training result dropped: the job had already ended");
      return;
    }
    this.guard({ jobId: id }, "could not delete old training charts", () => {
      const old = this.options.store.releaseOldCharts(this.options.chartsKept ?? DEFAULT_CHARTS_KEPT);
      for (const path of old) rmSync(path, { force: true });
    });
    if (outcome === "revived") {
      this.logger.warn(
        { jobId: id },
        "training job reported interrupted by another process finished here after all; result delivered",
      );
    }
    await this.emit(id, { type: "done", job: this.options.store.get(id), result, png });
  }

  private async finishFailed(id: number, error: unknown): Promise<void> {
    const projectedSeconds = this.tooSlow.get(id);
    let failure: WorkerFailure = error instanceof TrainingJobError ? error.failure : "error";
    let reason = error instanceof TrainingJobError ? error.reason : String(error);
    if (projectedSeconds !== undefined && failure === "cancelled") {
      failure = "too-slow";
      reason = `projected to need ${Math.round(projectedSeconds)} s, over the ${Math.round(this.timeoutMs / 1000)} s limit`;
    }
    const cancelled = failure === "cancelled";
    if (!this.options.store.markEnded(id, cancelled ? "cancelled" : "failed", cancelled ? null : reason)) {
      this.logger.info({ jobId: id, failure, reason }, "training job had already ended; end not recorded");
      return;
    }
    if (!cancelled) this.logger.warn({ jobId: id, failure, reason }, "training job failed");
    const job = this.options.store.get(id);
    await this.emit(
      id,
      cancelled
        ? { type: "cancelled", job }
        : {
            type: "failed",
            job,
            failure,
            reason,
            ...(projectedSeconds !== undefined ? { projectedSeconds } : {}),
          },
    );
  }

  /**
   * After an epoch: when the time so far plus the estimate for the rest is over the job's limit, stops the
   * job now rather than letting it hold the queue until the limit fails it. Returns true when it stopped.
   */
  private stopIfTooSlow(id: number, progress: TrainProgress): boolean {
    const started = this.startedAt.get(id);
    if (started === undefined || !Number.isFinite(progress.etaSeconds)) return false;
    const projectedSeconds = (performance.now() - started) / 1000 + progress.etaSeconds;
    if (projectedSeconds * 1000 <= this.timeoutMs) return false;
    this.tooSlow.set(id, projectedSeconds);
    this.running.get(id)?.cancel();
    return true;
  }

  /**
   * Delivers events of one job in order (an epoch update never lands after the result). Listener errors
   * (a chat that cannot be reached) are logged, never allowed to break the queue.
   */
  private emit(id: number, event: JobEvent): Promise<void> {
    const listener = this.listeners.get(id);
    if (listener === undefined) return Promise.resolve();
    const deliver = async (): Promise<void> => {
      try {
        await listener(event);
      } catch (error) {
        this.logger.error(
          { jobId: id, event: event.type, err: error },
          "could not deliver a training update",
        );
      }
    };
    const delivered = (this.deliveries.get(id) ?? Promise.resolve()).then(deliver);
    this.deliveries.set(id, delivered);
    return delivered;
  }

  private checkIdle(): void {
    if (this.length > 0 || this.settled.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}

const isActive = (job: JobRecord): boolean => job.status === "queued" || job.status === "running";
