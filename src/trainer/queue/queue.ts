import { existsSync, mkdirSync, writeFileSync } from "node:fs";
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
  | { type: "failed"; job: JobRecord; failure: WorkerFailure; reason: string }
  | { type: "cancelled"; job: JobRecord };

export type JobListener = (event: JobEvent) => void | Promise<void>;

export type SubmitOutcome =
  | { kind: "cached"; job: JobRecord }
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
}

/** Generous enough for the lesson's full protocol (~15 min on 2 cores with the wasm backend). */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MAX_ACTIVE_PER_USER = 2;

/** One-at-a-time (configurable) training queue over the jobs table, with per-user limits and a result cache. */
export class TrainQueue {
  private readonly waiting: number[] = [];
  private readonly running = new Map<number, WorkerJob>();
  private readonly listeners = new Map<number, JobListener>();
  private readonly deliveries = new Map<number, Promise<void>>();
  private readonly settled = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly concurrency: number;
  private readonly maxActivePerUser: number;
  private readonly timeoutMs: number;
  private readonly runner: JobRunner;
  private readonly logger: Logger;

  constructor(private readonly options: QueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxActivePerUser = Math.max(1, options.maxActivePerUser ?? DEFAULT_MAX_ACTIVE_PER_USER);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.runner = options.runner ?? startWorkerJob;
    this.logger = options.logger ?? silentLogger;
  }

  /** Reuses a stored result for identical seeded parameters, otherwise queues a job. */
  submit(owner: Address, locale: Locale, params: TrainParams, listener: JobListener): SubmitOutcome {
    if (this.closed) throw new Error("The training queue is closed");
    const cacheKey = cacheKeyFor(params);
    const cached = cacheKey === null ? undefined : this.options.store.findDone(cacheKey);
    if (cached?.chartPath && existsSync(cached.chartPath)) return { kind: "cached", job: cached };
    const active = this.options.store.activeFor(owner).length;
    if (active >= this.maxActivePerUser) {
      throw new UserError("train.limit", {
        ja: `学習ジョブは1人 ${this.maxActivePerUser} 件までです。/train status で確認、/train cancel で取り消せます。`,
        en: `You can have at most ${this.maxActivePerUser} training jobs. See /train status, or /train cancel.`,
      });
    }
    const job = this.options.store.insert(owner, locale, params, cacheKey);
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
   * Cancels the owner's queued jobs at once and asks their running job to stop after its current batch.
   * Returns the jobs affected.
   */
  cancel(owner: Address): JobRecord[] {
    const jobs = this.options.store.activeFor(owner);
    for (const job of jobs) {
      const index = this.waiting.indexOf(job.id);
      if (index !== -1) {
        this.waiting.splice(index, 1);
        this.options.store.markEnded(job.id, "cancelled", null);
        this.track(this.emit(job.id, { type: "cancelled", job: this.options.store.get(job.id) }));
        this.listeners.delete(job.id);
        this.deliveries.delete(job.id);
      }
      this.running.get(job.id)?.cancel();
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
    for (const id of this.waiting.splice(0)) {
      this.options.store.markEnded(id, "failed", "the bot shut down before the job started");
    }
    for (const job of this.running.values()) job.kill("the bot shut down");
    await this.whenIdle();
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
    store.markRunning(id);
    const params = store.get(id).params;
    const history: RunHistory[] = [];
    let worker: WorkerJob;
    try {
      worker = this.startRunner(id, params, history);
    } catch (error) {
      // A worker that cannot even be created fails its job like one that crashed.
      worker = { outcome: Promise.reject(error), cancel: () => undefined, kill: () => undefined };
    }
    this.running.set(id, worker);
    const finished = worker.outcome
      .then(({ result, png }) => this.finishDone(id, result, png))
      .catch((error: unknown) => this.finishFailed(id, error))
      .finally(() => {
        this.running.delete(id);
        this.listeners.delete(id);
        this.deliveries.delete(id);
        this.settled.delete(finished);
        this.pump();
        this.checkIdle();
      });
    this.settled.add(finished);
  }

  private startRunner(id: number, params: TrainParams, history: RunHistory[]): WorkerJob {
    const { store } = this.options;
    return this.runner(params, {
      timeoutMs: this.timeoutMs,
      onStarted: (backend) => {
        store.setBackend(id, backend);
        void this.emit(id, { type: "started", job: store.get(id), backend });
      },
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
        store.saveHistory(id, history);
        void this.emit(id, { type: "epoch", job: store.get(id), progress });
      },
    });
  }

  private async finishDone(id: number, result: TrainResult, png: Uint8Array): Promise<void> {
    mkdirSync(this.options.chartDir, { recursive: true });
    const chartPath = resolve(join(this.options.chartDir, `train-${id}.png`));
    writeFileSync(chartPath, png);
    this.options.store.markDone(id, result, chartPath);
    await this.emit(id, { type: "done", job: this.options.store.get(id), result, png });
  }

  private async finishFailed(id: number, error: unknown): Promise<void> {
    const failure: WorkerFailure = error instanceof TrainingJobError ? error.failure : "error";
    const reason = error instanceof TrainingJobError ? error.reason : String(error);
    const cancelled = failure === "cancelled";
    if (!this.options.store.markEnded(id, cancelled ? "cancelled" : "failed", cancelled ? null : reason))
      return;
    if (!cancelled) this.logger.warn({ jobId: id, failure, reason }, "training job failed");
    const job = this.options.store.get(id);
    await this.emit(id, cancelled ? { type: "cancelled", job } : { type: "failed", job, failure, reason });
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
