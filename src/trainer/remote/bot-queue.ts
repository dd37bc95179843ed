import { randomUUID } from "node:crypto";
import type { Address, Locale } from "../../core/conversation.ts";
import { silentLogger, type Logger } from "../../core/logger.ts";
import { trainUnavailableError } from "../messages.ts";
import type { TrainParams } from "../params.ts";
import { admit } from "../queue/admission.ts";
import { ChartFiles, DEFAULT_CHARTS_KEPT } from "../queue/charts.ts";
import { EventDelivery, IdleWaiters } from "../queue/delivery.ts";
import { isActive, type JobRecord, type ProcessIdentity } from "../queue/job-record.ts";
import { JobOwners } from "../queue/job-owners.ts";
import type { JobStore } from "../queue/job-store.ts";
import type { JobListener, JobQueue, QueueStatus, SubmitOutcome } from "../queue/port.ts";
import { ownerGone, pidAlive, thisProcess } from "../queue/process-identity.ts";
import {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_ACTIVE_PER_USER,
  DEFAULT_STALE_AFTER_MS,
  DEFAULT_TIMEOUT_MS,
} from "../queue/queue.ts";
import { unrefInterval, type StartInterval } from "../queue/timers.ts";
import type { RedisSettings } from "./connection.ts";
import { RemoteOutcomes } from "./job-outcomes.ts";
import type { JobData } from "./protocol.ts";
import { FollowedJobs } from "./followed-jobs.ts";
import { RedisLink } from "./redis-link.ts";

export interface RedisQueueOptions {
  store: JobStore;
  redis: RedisSettings;
  chartDir: string;
  maxActivePerUser?: number;
  timeoutMs?: number;
  logger?: Logger;
  instanceId?: string;
  host?: string;
  pid?: number;
  processAlive?: (pid: number) => boolean;
  heartbeatMs?: number;
  staleAfterMs?: number;
  startInterval?: StartInterval;
  chartsKept?: number;
  /** Told about jobs of a stopped process that cannot be followed (trained in its own thread, or lost). */
  onInterrupted?: (jobs: JobRecord[]) => void;
  /** Where the events of a job adopted from a stopped bot process go (its conversation is gone). */
  adoptedListener?: (job: JobRecord) => JobListener;
  /** How long one Redis call of /train may take before it counts as unavailable (default 5 s). */
  commandTimeoutMs?: number;
}

/** Finished jobs kept in Redis a while: a restarted bot reads the results it missed from there. */
const KEEP_FINISHED = { age: 7 * 24 * 3600, count: 1000 };

/**
 * The queue of the Redis mode: the bot only enqueues (BullMQ), and worker processes on any host train
 * (`npm run worker`). Every job is still recorded in SQLite, owned by this process (heartbeats, as in the
 * embedded queue); a restarted bot adopts the jobs of its previous life and delivers their results. Events
 * come from BullMQ's QueueEvents; each tick also reconciles every job with its state in Redis, so an event
 * missed while Redis or the bot was away is made up for, and never delivered twice.
 */
export class RedisTrainQueue implements JobQueue {
  readonly instanceId: string;
  private readonly identity: ProcessIdentity;
  readonly timeoutMs: number;
  private readonly link: RedisLink;
  /** The jobs this process follows: row id → BullMQ id. */
  private readonly followed: FollowedJobs;
  /** Jobs being added to Redis: not yet there, and not lost. */
  private readonly adding = new Set<number>();
  /** Cancels that could not reach Redis yet. */
  private readonly pendingCancels = new Set<string>();
  private readonly delivery: EventDelivery;
  private readonly idle: IdleWaiters;
  private readonly outcomes: RemoteOutcomes;
  private readonly logger: Logger;
  private readonly timers: { stop(): void }[];
  private closed = false;

  constructor(private readonly options: RedisQueueOptions) {
    const { store } = options;
    const real = thisProcess(options.instanceId);
    const identity = { ...real, host: options.host ?? real.host, pid: options.pid ?? real.pid };
    this.identity = identity;
    this.instanceId = identity.id;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger ?? silentLogger;
    this.idle = new IdleWaiters(() => this.followed.size === 0 && !this.delivery.busy);
    this.delivery = new EventDelivery(this.logger, () => this.idle.check());
    const charts = new ChartFiles(
      options.chartDir,
      store,
      options.chartsKept ?? DEFAULT_CHARTS_KEPT,
      this.logger,
    );
    this.outcomes = new RemoteOutcomes({
      store,
      charts,
      delivery: this.delivery,
      logger: this.logger,
      instanceId: this.instanceId,
      onEnded: (id) => this.followed.unfollow(id),
    });
    this.followed = new FollowedJobs({
      store,
      owners: new JobOwners(store.database, store.clock),
      delivery: this.delivery,
      identity,
      gone: ownerGone(identity, options.processAlive ?? pidAlive),
      staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
      logger: this.logger,
      onUnfollowed: () => this.idle.check(),
      ...(options.adoptedListener ? { adoptedListener: options.adoptedListener } : {}),
      ...(options.onInterrupted ? { onInterrupted: options.onInterrupted } : {}),
    });

    this.link = new RedisLink(options.redis, this.logger, options.commandTimeoutMs ?? 5000, () => {
      void this.reconcile();
    });
    this.listenToEvents();
    this.followed.adoptOrphans();
    const every = options.startInterval ?? unrefInterval;
    this.timers = [every(() => this.tick(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)];
  }

  /** Resolves once connected and listening to the queue's events (tests, the benchmark). */
  ready(): Promise<void> {
    return this.link.ready();
  }

  private listenToEvents(): void {
    const on = (jobId: string, step: (id: number) => unknown): void => {
      const id = this.followed.idOf(jobId);
      if (id === undefined || this.closed) return;
      try {
        const work = step(id);
        if (work instanceof Promise)
          this.delivery.track(work.catch((error: unknown) => this.failedStep(id, error)));
      } catch (error) {
        this.failedStep(id, error);
      }
    };
    this.link.events.on("progress", ({ jobId, data }) => on(jobId, (id) => this.outcomes.report(id, data)));
    this.link.events.on("completed", ({ jobId, returnvalue }) =>
      on(jobId, (id) => this.outcomes.completed(id, returnvalue)),
    );
    this.link.events.on("failed", ({ jobId, failedReason }) =>
      on(jobId, async (id) => this.outcomes.failed(id, failedReason, (await this.link.job(jobId))?.progress)),
    );
    this.link.events.on("stalled", ({ jobId }) =>
      on(jobId, (id) => this.outcomes.requeued(id, "worker-lost")),
    );
    this.link.events.on("removed", ({ jobId }) =>
      on(jobId, (id) => this.outcomes.end(id, "error", "removed from the queue by an operator")),
    );
  }

  private failedStep(id: number, error: unknown): void {
    this.logger.error({ jobId: id, err: error }, "could not handle a training job's event");
  }

  async submit(
    owner: Address,
    locale: Locale,
    params: TrainParams,
    listener: JobListener,
  ): Promise<SubmitOutcome> {
    if (this.closed) throw new Error("The training queue is closed");
    const { store } = this.options;
    if (!(await this.link.connected())) throw trainUnavailableError();
    // Listening before the first job is added, so that its first events are not missed.
    await this.link.call(this.link.events.waitUntilReady(), "listen to the queue").catch(() => {
      throw trainUnavailableError();
    });
    const queueJobId = randomUUID();
    const admission = admit(store, {
      owner,
      locale,
      params,
      maxActivePerUser: this.options.maxActivePerUser ?? DEFAULT_MAX_ACTIVE_PER_USER,
      instance: this.identity,
      queueJobId,
    });
    if (admission.kind !== "new") return admission;
    const { job } = admission;
    const data: JobData = { jobNumber: job.id, params, locale, timeoutMs: this.timeoutMs };
    this.followed.follow(job.id, queueJobId, listener);
    this.adding.add(job.id);
    try {
      await this.link.call(
        this.link.queue.add(`#${job.id}`, data, {
          jobId: queueJobId,
          attempts: 1,
          removeOnComplete: KEEP_FINISHED,
          removeOnFail: KEEP_FINISHED,
        }),
        "add a job",
      );
    } catch (error) {
      this.logger.warn({ jobId: job.id, err: error }, "could not queue a training job in Redis");
      store.markEnded(job.id, "failed", "Redis was unreachable when the job was queued");
      this.followed.unfollow(job.id);
      throw trainUnavailableError();
    } finally {
      this.adding.delete(job.id);
    }
    const { position, workers } = await this.link.placeOf(queueJobId).catch(() => ({
      position: 1,
      workers: undefined,
    }));
    return {
      kind: "queued",
      job: store.get(job.id),
      position,
      ...(workers !== undefined ? { workers: workers.length } : {}),
    };
  }

  /** Where a job stands in the whole queue (0: a worker has it), and the workers online. */
  async status(owner: Address): Promise<QueueStatus> {
    const { store } = this.options;
    const jobs = store.activeFor(owner);
    const dbView = (): QueueStatus => ({
      jobs: jobs.map((job) => ({ job, position: undefined })),
      total: store.activeCount(),
      available: false,
    });
    if (!this.link.available) return dbView();
    try {
      const { waiting, total, workers } = await this.link.snapshot();
      return {
        jobs: jobs.map((job) => {
          const index = job.queueJobId === null ? -1 : waiting.indexOf(job.queueJobId);
          return { job, position: job.status === "running" ? 0 : index === -1 ? undefined : index + 1 };
        }),
        total,
        workers,
        available: true,
      };
    } catch (error) {
      this.logger.warn({ err: error }, "could not read the training queue from Redis");
      return dbView();
    }
  }

  /**
   * Ends the owner's jobs as cancelled in the database at once (their owner hears "cancelled"; a result
   * that arrives later is dropped), then takes a waiting job out of Redis, or tells the worker that holds
   * a running one to stop at its next batch. A cancel Redis could not take yet is sent once it is back.
   */
  async cancel(owner: Address, jobId?: number): Promise<JobRecord[]> {
    const { store } = this.options;
    const jobs = store.activeFor(owner).filter((job) => jobId === undefined || job.id === jobId);
    for (const job of jobs) {
      if (!store.markEnded(job.id, "cancelled", null)) continue;
      void this.delivery.emit(job.id, { type: "cancelled", job: store.get(job.id) });
      if (job.queueJobId !== null) this.pendingCancels.add(job.queueJobId);
      this.followed.unfollow(job.id);
    }
    await this.sendCancels();
    return jobs;
  }

  private async sendCancels(): Promise<void> {
    if (!this.link.available) return;
    for (const queueJobId of [...this.pendingCancels]) {
      try {
        await this.link.cancel(queueJobId);
        this.pendingCancels.delete(queueJobId);
      } catch (error) {
        this.logger.warn({ err: error, queueJobId }, "could not send a cancel to Redis; trying again later");
      }
    }
  }

  whenIdle(): Promise<void> {
    return this.idle.wait();
  }

  /**
   * Stops following: the jobs go on in the workers, and are released so the next bot process adopts them
   * at once (their results reach their owners from there).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.forEach((timer) => timer.stop());
    await this.delivery.settled();
    this.followed.releaseAll();
    await this.link.close();
  }

  private tick(): void {
    if (this.closed) return;
    try {
      this.followed.heartbeat();
      this.followed.adoptOrphans();
    } catch (error) {
      this.logger.error({ err: error }, "could not refresh or adopt training jobs");
    }
    void this.reconcile();
  }

  private reconciling: Promise<void> | undefined;

  /** Brings every followed job up to date with Redis: results and failures missed while away. */
  private reconcile(): Promise<void> {
    if (this.closed || !this.link.available) return Promise.resolve();
    this.reconciling ??= (async () => {
      await this.sendCancels();
      for (const [id, queueJobId] of this.followed.entries()) {
        if (this.closed) break;
        try {
          await this.reconcileOne(id, queueJobId);
        } catch (error) {
          this.logger.warn({ jobId: id, err: error }, "could not check a training job in Redis");
        }
      }
    })().finally(() => (this.reconciling = undefined));
    this.delivery.track(this.reconciling);
    return this.reconciling;
  }

  private async reconcileOne(id: number, queueJobId: string): Promise<void> {
    const row = this.options.store.get(id);
    if (!isActive(row)) return this.followed.unfollow(id);
    if (this.adding.has(id)) return;
    const job = await this.link.job(queueJobId);
    if (job === undefined) {
      // Gone from Redis (flushed, or removed by an operator while this bot was away): it will never report.
      await this.outcomes.end(id, "crashed", "the job is no longer in the Redis queue");
      return;
    }
    const state = await job.getState();
    if (state === "completed") await this.outcomes.completed(id, job.returnvalue);
    else if (state === "failed") await this.outcomes.failed(id, job.failedReason, job.progress);
  }
}
