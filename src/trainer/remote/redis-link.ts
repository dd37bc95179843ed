import { Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../../core/logger.ts";
import {
  cancelChannel,
  cancelKey,
  CANCEL_MARK_SECONDS,
  connectRedis,
  QUEUE_NAME,
  throttled,
  withTimeout,
  type RedisSettings,
} from "./connection.ts";
import { workerHosts } from "./workers-online.ts";

/**
 * The bot's connections to the queue in Redis: the BullMQ Queue (commands fail fast while Redis is away,
 * so /train can say "temporarily unavailable" instead of hanging) and its QueueEvents (a blocking stream
 * reader that reconnects by itself). Every call is bounded by `timeoutMs`.
 */
export class RedisLink {
  readonly queue: Queue;
  readonly events: QueueEvents;
  private readonly client: Redis;
  private readonly eventsClient: Redis;

  constructor(
    private readonly redis: RedisSettings,
    logger: Logger,
    readonly timeoutMs: number,
    onReady: () => void,
  ) {
    const logLost = throttled(30_000, (error) =>
      logger.warn({ err: error }, "Redis unreachable: /train is unavailable until it is back"),
    );
    this.client = connectRedis(redis.url, true);
    this.eventsClient = connectRedis(redis.url, false);
    this.client.on("error", logLost);
    this.eventsClient.on("error", logLost);
    this.client.on("ready", () => {
      logger.info({ prefix: redis.prefix }, "connected to Redis: training jobs go to the worker processes");
      onReady();
    });
    this.queue = new Queue(QUEUE_NAME, { connection: this.client, prefix: redis.prefix });
    this.events = new QueueEvents(QUEUE_NAME, { connection: this.eventsClient, prefix: redis.prefix });
    this.queue.on("error", logLost);
    this.events.on("error", logLost);
  }

  /** True while Redis answers. */
  get available(): boolean {
    return this.client.status === "ready";
  }

  /** Whether Redis answers, after waiting a moment for a connection under way (a bot just started). */
  async connected(): Promise<boolean> {
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

  /** Resolves once connected and listening to the queue's events. */
  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
  }

  /** `work` bounded by the command timeout. */
  call<T>(work: Promise<T>, what: string): Promise<T> {
    return withTimeout(work, this.timeoutMs, what);
  }

  job(queueJobId: string): Promise<Job | undefined> {
    return this.call(Job.fromId(this.queue, queueJobId), "read a job");
  }

  /** The ids of the waiting jobs, the next one first. */
  waitingIds(): Promise<string[]> {
    return this.queue.getRanges(["waiting"], 0, -1, true);
  }

  /** The hosts of the worker processes online, one entry per process. */
  async workers(): Promise<string[]> {
    return workerHosts(await this.queue.getWorkers());
  }

  /** Where a job stands in the whole queue (0: a worker has it, 1: next…), and the workers online. */
  async placeOf(queueJobId: string): Promise<{ position: number; workers: string[] }> {
    const [waiting, workers, state] = await this.call(
      Promise.all([this.waitingIds(), this.workers(), this.queue.getJobState(queueJobId)]),
      "read the queue",
    );
    const index = waiting.indexOf(queueJobId);
    return { position: state === "active" ? 0 : index === -1 ? waiting.length + 1 : index + 1, workers };
  }

  /** The waiting jobs in order, the jobs queued or running in all, and the workers online. */
  async snapshot(): Promise<{ waiting: string[]; total: number; workers: string[] }> {
    const [waiting, counts, workers] = await this.call(
      Promise.all([
        this.waitingIds(),
        this.queue.getJobCounts("waiting", "active", "delayed"),
        this.workers(),
      ]),
      "read the queue",
    );
    return { waiting, total: (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0), workers };
  }

  /** Takes a waiting job out of the queue, or tells the worker that holds it to stop at its next batch. */
  async cancel(queueJobId: string): Promise<void> {
    await this.call(
      (async () => {
        if ((await this.queue.remove(queueJobId)) === 1) return;
        // Held by a worker (or already gone): mark it for a worker that looks later, and tell them all now.
        await this.client.set(cancelKey(this.redis.prefix, queueJobId), "1", "EX", CANCEL_MARK_SECONDS);
        await this.client.publish(cancelChannel(this.redis.prefix), queueJobId);
      })(),
      "cancel a job",
    );
  }

  /** BullMQ's close waits for a connection that may never come back: it gets a moment, then the sockets go. */
  async close(): Promise<void> {
    await Promise.allSettled([
      this.call(this.events.close(), "close the queue events"),
      this.call(this.queue.close(), "close the queue"),
    ]);
    this.client.disconnect();
    this.eventsClient.disconnect();
  }
}
