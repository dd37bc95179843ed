import { Job, Queue, QueueEvents } from "bullmq";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Address, Locale } from "../../core/conversation.ts";
import { silentLogger, type Logger } from "../../core/logger.ts";
import { trainUnavailableError } from "../messages.ts";
import type { TrainParams } from "../params.ts";
import { admit } from "../queue/admission.ts";
import { ChartFiles, DEFAULT_CHARTS_KEPT } from "../queue/charts.ts";
import { EventDelivery, IdleWaiters } from "../queue/delivery.ts";
import { isActive, type JobRecord } from "../queue/job-record.ts";
import { JobOwners } from "../queue/job-owners.ts";
import type { JobStore } from "../queue/job-store.ts";
import type { JobListener, JobQueue, QueueStatus, SubmitOutcome } from "../queue/port.ts";
import { ownerGone, pidAlive, thisProcess } from "../queue/process-identity.ts";
import { DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_ACTIVE_PER_USER, DEFAULT_STALE_AFTER_MS, DEFAULT_TIMEOUT_MS } from "../queue/queue.ts";
import { unrefInterval, type StartInterval } from "../queue/timers.ts";
import { cancelChannel, cancelKey, CANCEL_MARK_SECONDS, connectRedis, QUEUE_NAME, throttled, withTimeout, type RedisSettings } from "./connection.ts";
import { RemoteOutcomes } from "./job-outcomes.ts";
import type { JobData } from "./protocol.ts";
import { workerHosts } from "./workers-online.ts";

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
  readonly timeoutMs: number;
  private readonly client: Redis;
  private readonly eventsClient: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  /** The jobs this process follows: row id → BullMQ id. */
  private readonly owned = new Map<number, string>();
  private readonly byQueueId = new Map<string, number>();
  /** Jobs being added to Redis: not yet there, and not lost. */
  private readonly adding = new Set<number>();
  /** Cancels that could not reach Redis yet. */
  private readonly pendingCancels = new Set<string>();
  private readonly delivery: EventDelivery;
  private readonly idle: IdleWaiters;
  private readonly outcomes: RemoteOutcomes;
  private readonly owners: JobOwners;
  private readonly identity;
  private readonly gone;
  private readonly logger: Logger;
  private readonly timers: { stop(): void }[];
  private readonly commandTimeoutMs: number;
  private closed = false;

  constructor(private readonly options: RedisQueueOptions) {
    const { store, redis } = options;
    const real = thisProcess(options.instanceId);
    this.identity = { ...real, host: options.host ?? real.host, pid: options.pid ?? real.pid };
    this.instanceId = this.identity.id;
    this.gone = ownerGone(this.identity, options.processAlive ?? pidAlive);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger ?? silentLogger;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    this.owners = new JobOwners(store.database, store.clock);
    this.idle = new IdleWaiters(() => this.owned.size === 0 && !this.delivery.busy);
    this.delivery = new EventDelivery(this.logger, () => this.idle.check());
    const charts = new ChartFiles(options.chartDir, store, options.chartsKept ?? DEFAULT_CHARTS_KEPT, this.logger);
    this.outcomes = new RemoteOutcomes({
      store,
      charts,
      delivery: this.delivery,
      logger: this.logger,
      instanceId: this.instanceId,
      onEnded: (id) => this.unfollow(id),
    });

    const logLost = throttled(30_000, (error) =>
      this.logger.warn({ err: error }, "Redis unreachable: /train is unavailable until it is back"),
    );
    this.client = connectRedis(redis.url, true);
    this.eventsClient = connectRedis(redis.url, false);
    this.client.on("error", logLost);
    this.eventsClient.on("error", logLost);
    this.client.on("ready", () => {
      this.logger.info({ prefix: redis.prefix }, "connected to Redis: training jobs go to the worker processes");
      void this.reconcile();
    });
    this.queue = new Queue(QUEUE_NAME, { connection: this.client, prefix: redis.prefix });
    this.events = new QueueEvents(QUEUE_NAME, { connection: this.eventsClient, prefix: redis.prefix });
    this.queue.on("error", logLost);
    this.events.on("error", logLost);
    this.listenToEvents();

    this.adoptOrphans();
    const every = options.startInterval ?? unrefInterval;
    this.timers = [every(() => this.tick(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)];
  }

  /** Resolves once connected and listening to the queue's events (tests, the benchmark). */
  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
  }

  /** Whether Redis answers, after waiting a moment for a connection under way (a bot just started). */
  private async connected(): Promise<boolean> {
    if (this.available) return true;
    if (this.client.status === "end" || this.client.status === "close") return false;
    await new Promise<void>((resolve) => {
      const ready = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.client.off("ready", ready);
        resolve();
      }, 1000);
      this.client.once("ready", ready);
    });
    return this.available;
  }

  /** True while Redis answers (commands fail fast otherwise). */
  get available(): boolean {
    return this.client.status === "ready";
  }

  private listenToEvents(): void {
    const on = (jobId: string, step: (id: number) => unknown): void => {
      const id = this.byQueueId.get(jobId);
      if (id === undefined || this.closed) return;
      try {
        const work = step(id);
        if (work instanceof Promise) this.delivery.track(work.catch((error: unknown) => this.failedStep(id, error)));
      } catch (error) {
        this.failedStep(id, error);
      }
    };
    this.events.on("progress", ({ jobId, data }) => on(jobId, (id) => this.outcomes.report(id, data)));
    this.events.on("completed", ({ jobId, returnvalue }) => on(jobId, (id) => this.outcomes.completed(id, returnvalue)));
    this.events.on("failed", ({ jobId, failedReason }) =>
      on(jobId, async (id) => this.outcomes.failed(id, failedReason, (await this.job(jobId))?.progress)),
    );
    this.events.on("stalled", ({ jobId }) => on(jobId, (id) => this.outcomes.requeued(id, "worker-lost")));
    this.events.on("removed", ({ jobId }) =>
      on(jobId, (id) => this.outcomes.end(id, "error", "removed from the queue by an operator")),
    );
  }

  private failedStep(id: number, error: unknown): void {
    this.logger.error({ jobId: id, err: error }, "could not handle a training job's event");
  }

  private job(queueJobId: string): Promise<Job | undefined> {
    return withTimeout(Job.fromId(this.queue, queueJobId), this.commandTimeoutMs, "read a job");
  }

  async submit(owner: Address, locale: Locale, params: TrainParams, listener: JobListener): Promise<SubmitOutcome> {
    if (this.closed) throw new Error("The training queue is closed");
    const { store } = this.options;
    if (!(await this.connected())) throw trainUnavailableError();
    // Listening before the first job is added, so that its first events are not missed.
    await withTimeout(this.events.waitUntilReady(), this.commandTimeoutMs, "listen to the queue").catch(() => {
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
    this.follow(job.id, queueJobId, listener);
    this.adding.add(job.id);
    try {
      await withTimeout(
        this.queue.add(`#${job.id}`, data, {
          jobId: queueJobId,
          attempts: 1,
          removeOnComplete: KEEP_FINISHED,
          removeOnFail: KEEP_FINISHED,
        }),
        this.commandTimeoutMs,
        "add a job",
      );
    } catch (error) {
      this.logger.warn({ jobId: job.id, err: error }, "could not queue a training job in Redis");
      store.markEnded(job.id, "failed", "Redis was unreachable when the job was queued");
      this.unfollow(job.id);
      throw trainUnavailableError();
    } finally {
      this.adding.delete(job.id);
    }
    const { position, workers } = await this.placeOf(queueJobId).catch(() => ({ position: 1, workers: undefined }));
    return {
      kind: "queued",
      job: store.get(job.id),
      position,
      ...(workers !== undefined ? { workers: workers.length } : {}),
    };
  }

  /** Where a job stands in the whole queue (0: a worker has it), and the workers online. */
  private async placeOf(queueJobId: string): Promise<{ position: number; workers: string[] | undefined }> {
    const [waiting, workers, state] = await withTimeout(
      Promise.all([this.waitingIds(), this.workers(), this.queue.getJobState(queueJobId)]),
      this.commandTimeoutMs,
      "read the queue",
    );
    const index = waiting.indexOf(queueJobId);
    return { position: state === "active" ? 0 : index === -1 ? waiting.length + 1 : index + 1, workers };
  }

  private waitingIds(): Promise<string[]> {
    return this.queue.getRanges(["waiting"], 0, -1, true);
  }

  private async workers(): Promise<string[]> {
    return workerHosts(await this.queue.getWorkers());
  }

  async status(owner: Address): Promise<QueueStatus> {
    const { store } = this.options;
    const jobs = store.activeFor(owner);
    const dbView = (): QueueStatus => ({
      jobs: jobs.map((job) => ({ job, position: undefined })),
      total: store.activeCount(),
      available: false,
    });
    if (!this.available) return dbView();
    try {
      const [waiting, counts, workers] = await withTimeout(
        Promise.all([this.waitingIds(), this.queue.getJobCounts("waiting", "active", "delayed"), this.workers()]),
        this.commandTimeoutMs,
        "read the queue",
      );
      return {
        jobs: jobs.map((job) => {
          const index = job.queueJobId === null ? -1 : waiting.indexOf(job.queueJobId);
          return { job, position: job.status === "running" ? 0 : index === -1 ? undefined : index + 1 };
        }),
        total: (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0),
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
  async cancel(owner: Address): Promise<JobRecord[]> {
    const { store } = this.options;
    const jobs = store.activeFor(owner);
    for (const job of jobs) {
      if (!store.markEnded(job.id, "cancelled", null)) continue;
      void this.delivery.emit(job.id, { type: "cancelled", job: store.get(job.id) });
      if (job.queueJobId !== null) this.pendingCancels.add(job.queueJobId);
      this.unfollow(job.id);
    }
    await this.sendCancels();
    return jobs;
  }

  private async sendCancels(): Promise<void> {
    if (!this.available) return;
    const { prefix } = this.options.redis;
    for (const queueJobId of [...this.pendingCancels]) {
      try {
        await withTimeout(
          (async () => {
            if ((await this.queue.remove(queueJobId)) === 1) return;
            // Held by a worker (or already gone): mark it, and tell every worker at once.
            await this.client.set(cancelKey(prefix, queueJobId), "1", "EX", CANCEL_MARK_SECONDS);
            await this.client.publish(cancelChannel(prefix), queueJobId);
          })(),
          this.commandTimeoutMs,
          "cancel a job",
        );
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
    try {
      this.owners.release(this.instanceId, [...this.owned.keys()]);
    } catch (error) {
      this.logger.warn({ err: error }, "could not release the training jobs; the next process waits for their heartbeat");
    }
    for (const id of [...this.owned.keys()]) this.unfollow(id);
    // BullMQ's close waits for a connection that may never come back: it gets a moment, then the sockets go.
    await Promise.allSettled([
      withTimeout(this.events.close(), this.commandTimeoutMs, "close the queue events"),
      withTimeout(this.queue.close(), this.commandTimeoutMs, "close the queue"),
    ]);
    this.client.disconnect();
    this.eventsClient.disconnect();
  }

  private follow(id: number, queueJobId: string, listener: JobListener): void {
    this.owned.set(id, queueJobId);
    this.byQueueId.set(queueJobId, id);
    this.delivery.listen(id, listener);
  }

  private unfollow(id: number): void {
    const queueJobId = this.owned.get(id);
    if (queueJobId !== undefined) this.byQueueId.delete(queueJobId);
    this.owned.delete(id);
    this.delivery.forget(id);
    this.idle.check();
  }

  private tick(): void {
    if (this.closed) return;
    try {
      this.owners.heartbeat(this.instanceId, [...this.owned.keys()]);
      this.adoptOrphans();
    } catch (error) {
      this.logger.error({ err: error }, "could not refresh or adopt training jobs");
    }
    void this.reconcile();
  }

  /**
   * Jobs of a stopped bot process: one a worker trains is followed from here (its owner gets the result
   * by push); one that process trained in its own thread died with it and is failed as interrupted.
   */
  private adoptOrphans(): void {
    const { store } = this.options;
    const orphans = this.owners.orphans(this.instanceId, this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, this.gone);
    const interrupted: JobRecord[] = [];
    for (const job of orphans) {
      if (job.queueJobId === null) {
        interrupted.push(...this.owners.failOrphans(this.instanceId, 0, this.gone, (left) => left.id === job.id));
        continue;
      }
      if (!this.owners.adopt(job.id, job.instanceId, this.identity)) continue;
      this.logger.info({ jobId: job.id, from: job.instanceId }, "following a training job of a stopped bot process");
      const listener = this.options.adoptedListener?.(store.get(job.id)) ?? (() => undefined);
      this.follow(job.id, job.queueJobId, listener);
    }
    if (interrupted.length > 0) this.options.onInterrupted?.(interrupted);
  }

  private reconciling: Promise<void> | undefined;

  /** Brings every followed job up to date with Redis: results and failures missed while away. */
  private reconcile(): Promise<void> {
    if (this.closed || !this.available) return Promise.resolve();
    this.reconciling ??= (async () => {
      await this.sendCancels();
      for (const [id, queueJobId] of [...this.owned]) {
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
    if (!isActive(row)) return this.unfollow(id);
    if (this.adding.has(id)) return;
    const job = await this.job(queueJobId);
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
