import type { Address, Locale } from "../../core/conversation.ts";
import { silentLogger, type Logger } from "../../core/logger.ts";
import type { TrainParams } from "../params.ts";
import { startWorkerJob } from "../worker/run-worker.ts";
import { admit } from "./admission.ts";
import { ChartFiles, DEFAULT_CHARTS_KEPT } from "./charts.ts";
import { EventDelivery, IdleWaiters } from "./delivery.ts";
import { isActive, type JobRecord } from "./job-record.ts";
import { JobOwners } from "./job-owners.ts";
import type { JobStore } from "./job-store.ts";
import type { JobListener, JobQueue, QueueStatus, SubmitOutcome } from "./port.ts";
import { ownerGone, pidAlive, thisProcess } from "./process-identity.ts";
import { guarded } from "./guarded.ts";
import { ThreadRuns, type JobRunner } from "./thread-runs.ts";
import { unrefInterval, type StartInterval } from "./timers.ts";

export type { JobEvent, JobListener, SubmitOutcome } from "./port.ts";
export type { StartInterval } from "./timers.ts";
export { DEFAULT_CHARTS_KEPT } from "./charts.ts";

export type { JobRunner } from "./thread-runs.ts";

export interface QueueOptions {
  store: JobStore;
  /** Where chart PNGs are written (train-<id>.png). */
  chartDir: string;
  /**
   * Jobs trained at once by all the processes sharing the database; 1 by default (2 cores: a second job
   * would only halve both).
   */
  concurrency?: number;
  /** Queued plus running jobs one user may have. */
  maxActivePerUser?: number;
  /** Wall-clock limit per job. */
  timeoutMs?: number;
  runner?: JobRunner;
  logger?: Logger;
  /** This queue's id on the jobs it inserts (random by default: one per process and queue). */
  instanceId?: string;
  /** This process's host and pid on its jobs (the real ones by default; tests simulate other processes). */
  host?: string;
  pid?: number;
  /** Whether a process of this host runs (tests). */
  processAlive?: (pid: number) => boolean;
  /** How often this queue refreshes its jobs' heartbeats and sweeps for stale ones (default 20 s). */
  heartbeatMs?: number;
  /** Another instance's active job whose heartbeat is older than this was interrupted (default 90 s). */
  staleAfterMs?: number;
  /** How often a job waiting for another process's slot checks again (default 1 s). */
  slotPollMs?: number;
  /** What calls `tick()` every `heartbeatMs`: an unref'd setInterval unless a test passes another. */
  startInterval?: StartInterval;
  /** How many of the newest chart files to keep (default DEFAULT_CHARTS_KEPT). */
  chartsKept?: number;
  /** Told about the jobs each periodic sweep failed (the start-up sweep's are returned by sweepInterrupted). */
  onInterrupted?: (jobs: JobRecord[]) => void;
}

/** Generous enough for the lesson's full protocol (~15 min on 2 cores with the wasm backend). */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MAX_ACTIVE_PER_USER = 2;
export const DEFAULT_HEARTBEAT_MS = 20_000;
/** Several missed heartbeats, so a busy event loop or a slow disk is not taken for a dead process. */
export const DEFAULT_STALE_AFTER_MS = 90_000;

/**
 * The embedded queue: jobs recorded in SQLite, trained one at a time (configurable) in a worker thread of
 * this process, with per-user limits and a result cache.
 *
 * Several processes may share the database, each with its own queue. The concurrency limit and the order
 * hold across them (a job starts only while fewer than `concurrency` run anywhere and none older waits).
 * A queue owns the jobs it inserts, keeps their heartbeats fresh while it lives, and fails another
 * instance's active job once that process is gone (its heartbeat is stale, or its pid on this host has
 * exited). Callbacks from the worker and the timer write to SQLite; their errors are logged, never thrown.
 */
export class TrainQueue implements JobQueue {
  readonly instanceId: string;
  readonly timeoutMs: number;
  private readonly waiting: number[] = [];
  private readonly running: ThreadRuns;
  /** Jobs whose end could not be written (the database was locked): retried by each tick. */
  private readonly unrecorded = new Map<number, { reason: string; listener?: JobListener }>();
  private readonly delivery: EventDelivery;
  private readonly idle: IdleWaiters;
  private readonly charts: ChartFiles;
  private readonly owners: JobOwners;
  private readonly identity;
  private readonly gone;
  private closed = false;
  private readonly concurrency: number;
  private readonly maxActivePerUser: number;
  private readonly runner: JobRunner;
  private readonly logger: Logger;
  private readonly staleAfterMs: number;
  private readonly timers: { stop(): void }[];

  constructor(private readonly options: QueueOptions) {
    const { store } = options;
    const real = thisProcess(options.instanceId);
    this.identity = { ...real, host: options.host ?? real.host, pid: options.pid ?? real.pid };
    this.instanceId = this.identity.id;
    this.gone = ownerGone(this.identity, options.processAlive ?? pidAlive);
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxActivePerUser = Math.max(1, options.maxActivePerUser ?? DEFAULT_MAX_ACTIVE_PER_USER);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.runner = options.runner ?? startWorkerJob;
    this.logger = options.logger ?? silentLogger;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.idle = new IdleWaiters(() => this.length === 0 && !this.delivery.busy);
    this.delivery = new EventDelivery(this.logger, () => this.idle.check());
    this.charts = new ChartFiles(
      options.chartDir,
      store,
      options.chartsKept ?? DEFAULT_CHARTS_KEPT,
      this.logger,
    );
    this.owners = new JobOwners(store.database, store.clock);
    this.running = new ThreadRuns({
      store,
      charts: this.charts,
      delivery: this.delivery,
      logger: this.logger,
      runner: this.runner,
      timeoutMs: this.timeoutMs,
      jobsAtOnce: this.concurrency,
      instanceId: this.instanceId,
      heartbeat: () => this.heartbeat(),
      onFinished: () => guarded(this.logger, {}, "could not start a waiting training job", () => this.pump()),
      onUnrecorded: (id, reason) => {
        const listener = this.delivery.listenerOf(id);
        this.unrecorded.set(id, { reason, ...(listener ? { listener } : {}) });
      },
    });
    const every = options.startInterval ?? unrefInterval;
    this.timers = [
      every(() => this.tick(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS),
      every(() => this.pollForSlot(), options.slotPollMs ?? 1000),
    ];
  }

  /**
   * Fails other instances' active jobs whose process is gone (heartbeat stale, or its pid on this host has
   * exited) and returns them. Never this queue's own jobs: they are alive here even if a heartbeat failed.
   */
  sweepInterrupted(): JobRecord[] {
    const jobs = this.owners.failOrphans(this.instanceId, this.staleAfterMs, this.gone);
    for (const job of jobs) {
      this.logger.warn(
        { jobId: job.id, instanceId: job.instanceId, heartbeatAt: job.heartbeatAt, pid: job.instancePid },
        "training job of a stopped bot process marked interrupted",
      );
    }
    return jobs;
  }

  /** The periodic work: refresh this queue's heartbeats, then sweep for interrupted jobs of others. */
  tick(): void {
    if (this.closed) return;
    this.retryUnrecorded();
    guarded(this.logger, {}, "could not check for training jobs ended elsewhere", () =>
      this.stopEndedElsewhere(),
    );
    guarded(this.logger, {}, "could not refresh the heartbeats of training jobs", () => this.heartbeat());
    const interrupted = guarded(this.logger, {}, "could not sweep for interrupted training jobs", () =>
      this.sweepInterrupted(),
    );
    if (interrupted !== undefined && interrupted.length > 0) {
      guarded(this.logger, {}, "could not report interrupted training jobs", () =>
        this.options.onInterrupted?.(interrupted),
      );
    }
    this.pollForSlot();
  }

  /** Only the jobs this queue holds: one whose end could not be recorded must be left to go stale. */
  private heartbeat(): void {
    this.owners.heartbeat(this.instanceId, [...this.waiting, ...this.running.ids()]);
  }

  /** A job waiting here may start once another process's job has ended. */
  private pollForSlot(): void {
    if (this.closed || this.waiting.length === 0) return;
    guarded(this.logger, {}, "could not start a waiting training job", () => this.pump());
  }

  /**
   * A job cancelled from another process (same database) stops here too: a running one at once, a waiting
   * one leaves the line. (A job another process swept as interrupted goes on: its result revives it.)
   */
  private stopEndedElsewhere(): void {
    const { store } = this.options;
    this.running.stopCancelledElsewhere();
    const ended = this.waiting.filter((id) => !isActive(store.get(id)));
    for (const id of ended) {
      this.waiting.splice(this.waiting.indexOf(id), 1);
      this.delivery.forget(id);
    }
    if (ended.length > 0) this.idle.check();
  }

  /** Writes the ends that could not be written before, and tells their owners. */
  private retryUnrecorded(): void {
    for (const [id, { reason, listener }] of this.unrecorded) {
      const ended = guarded(
        this.logger,
        { jobId: id },
        "could not record the end of a training job (retry)",
        () => this.options.store.markEnded(id, "failed", reason),
      );
      if (ended === undefined) continue;
      this.unrecorded.delete(id);
      if (ended && listener) {
        this.delivery.listen(id, listener);
        const job = this.options.store.get(id);
        void this.delivery
          .emit(id, { type: "failed", job, failure: "error", reason })
          .finally(() => this.delivery.forget(id));
      }
    }
  }

  async submit(
    owner: Address,
    locale: Locale,
    params: TrainParams,
    listener: JobListener,
  ): Promise<SubmitOutcome> {
    if (this.closed) throw new Error("The training queue is closed");
    const { store } = this.options;
    const admission = admit(store, {
      owner,
      locale,
      params,
      maxActivePerUser: this.maxActivePerUser,
      instance: this.identity,
    });
    if (admission.kind !== "new") return admission;
    const { job } = admission;
    this.delivery.listen(job.id, listener);
    this.waiting.push(job.id);
    this.pump();
    return { kind: "queued", job: store.get(job.id), position: this.position(job.id) ?? 0 };
  }

  /** 0 while running here, 1.. while waiting (counting the jobs waiting in every process), else undefined. */
  position(id: number): number | undefined {
    if (this.running.has(id)) return 0;
    if (!this.waiting.includes(id)) return undefined;
    return this.options.store.queuePosition(id);
  }

  /** Jobs waiting plus jobs running in this queue. */
  get length(): number {
    return this.waiting.length + this.running.size;
  }

  activeFor(owner: Address): JobRecord[] {
    return this.options.store.activeFor(owner);
  }

  async status(owner: Address): Promise<QueueStatus> {
    const { store } = this.options;
    const jobs = store.activeFor(owner).map((job) => ({
      job,
      position: job.status === "running" ? 0 : (this.position(job.id) ?? store.queuePosition(job.id)),
    }));
    return { jobs, total: store.activeCount(), available: true };
  }

  /**
   * Cancels the owner's queued jobs at once and asks their running job to stop after its current batch (a
   * result that arrives anyway is dropped). A job another process holds is marked cancelled in the
   * database, which that process heeds: it skips a queued job and stops a running one at its next check.
   * Returns the jobs affected.
   */
  async cancel(owner: Address, jobId?: number): Promise<JobRecord[]> {
    const { store } = this.options;
    const jobs = store.activeFor(owner).filter((job) => jobId === undefined || job.id === jobId);
    for (const job of jobs) {
      const index = this.waiting.indexOf(job.id);
      if (index !== -1) {
        this.waiting.splice(index, 1);
        if (store.markEnded(job.id, "cancelled", null)) {
          void this.delivery.emit(job.id, { type: "cancelled", job: store.get(job.id) });
        }
        this.delivery.forget(job.id);
      } else if (!this.running.cancel(job.id)) {
        store.markEnded(job.id, "cancelled", null);
      }
    }
    this.idle.check();
    this.pollForSlot();
    return jobs;
  }

  /** Resolves once nothing is queued or running and every listener has been called. */
  whenIdle(): Promise<void> {
    return this.idle.wait();
  }

  /** Stops accepting jobs, fails the queued ones and stops the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach((timer) => timer.stop());
    const reason = "the bot shut down before the job started";
    for (const id of this.waiting.splice(0)) {
      const ended = guarded(
        this.logger,
        { jobId: id },
        "could not record the end of a queued training job",
        () => this.options.store.markEnded(id, "failed", reason),
      );
      // Left queued if the write failed: the next start-up's sweep fails it and tells the owner.
      if (ended) {
        const job = this.options.store.get(id);
        void this.delivery.emit(id, { type: "failed", job, failure: "shutdown", reason });
      }
    }
    this.running.killAll("the bot shut down");
    await this.whenIdle();
  }

  private pump(): void {
    const { store } = this.options;
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting[0] as number;
      const claim = store.claimSlot(id, this.concurrency);
      if (claim === "busy") return;
      this.waiting.shift();
      if (claim === "ended") {
        // Ended while waiting here: cancelled elsewhere, or swept as interrupted by another process while
        // this one was too busy to write heartbeats (its owner was told to run it again). Not run twice.
        this.logger.warn({ jobId: id }, "training job ended before it could start; not started");
        this.delivery.forget(id);
        this.idle.check();
        continue;
      }
      this.running.start(id);
    }
  }
}
