import { existsSync, readFileSync } from "node:fs";
import type { Address, Conversation, Locale, Platform, Pusher } from "../core/conversation.ts";
import { pick } from "../core/i18n.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import type { TrainerPort, TrainRequest } from "../core/ports/trainer.ts";
import type { ProgressReply, Reply } from "../core/reply.ts";
import { text } from "../core/reply.ts";
import type { Db } from "../db/open.ts";
import { chartTitle, renderChart } from "./chart.ts";
import {
  cancelText,
  endedText,
  failureText,
  helpText,
  progressText,
  queuedText,
  queueSummary,
  requeuedText,
  resultText,
  resumedResultText,
  startedText,
  statusLine,
} from "./messages.ts";
import { parseTrainArgs, type TrainParams } from "./params.ts";
import { JobStore, type JobRecord } from "./queue/job-store.ts";
import type { JobEvent, JobListener, JobQueue } from "./queue/port.ts";
import { DEFAULT_TIMEOUT_MS, TrainQueue, type JobRunner, type StartInterval } from "./queue/queue.ts";
import { RedisTrainQueue } from "./remote/bot-queue.ts";
import type { RedisSettings } from "./remote/connection.ts";
import type { TrainResult } from "./types.ts";

export interface TrainerServiceOptions {
  db: Db;
  logger?: Logger;
  /** Where chart PNGs are kept (default "data/charts"). */
  chartDir?: string;
  /** Jobs trained at once (default 1). */
  concurrency?: number;
  /** Queued plus running jobs per user (default 2). */
  maxActivePerUser?: number;
  /** Wall-clock limit per job in ms (default 30 minutes). */
  timeoutMs?: number;
  /** Replaces the worker thread (tests). */
  runner?: JobRunner;
  now?: () => Date;
  /** This process's id on the jobs it queues (random by default). */
  instanceId?: string;
  /** How often heartbeats are refreshed and stale jobs of other processes swept (default 20 s). */
  heartbeatMs?: number;
  /** How old another process's heartbeat must be before its jobs count as interrupted (default 90 s). */
  staleAfterMs?: number;
  /** Replaces the unref'd setInterval that drives heartbeats and sweeps (tests). */
  startInterval?: StartInterval;
  /** This process's host and pid on its jobs, and how to tell whether a pid runs (tests simulate processes). */
  host?: string;
  pid?: number;
  processAlive?: (pid: number) => boolean;
  /**
   * Train in worker processes over Redis (BullMQ) instead of this process's worker thread: the bot only
   * enqueues (REDIS_URL). Unset: the embedded SQLite queue.
   */
  redis?: RedisSettings;
}

export interface TrainerService extends TrainerPort<TrainParams> {
  /**
   * Jobs of stopped processes (heartbeat stale) that the start-up sweep marked failed. Jobs of other live
   * processes sharing the database are left alone; later sweeps run every `heartbeatMs`.
   */
  readonly interrupted: readonly JobRecord[];
  /**
   * Tells the owners of the start-up sweep's jobs (once), through their platform's pusher, and keeps the
   * pushers for the periodic sweeps, whose jobs are told as they are found. Returns the jobs told now.
   * A job whose platform has no pusher in this process is failed all the same, and logged.
   */
  notifyInterrupted(pushers: Partial<Record<Platform, Pusher>>): Promise<JobRecord[]>;
}

const progressKey = (id: number): string => `train-${id}`;

function progress(id: number, textValue: string, ratio: number, done: boolean): ProgressReply {
  return { kind: "progress", key: progressKey(id), text: textValue, ratio, done };
}

/** The job's last progress line, marked with how it ended. */
function ended(id: number, outcome: "finished" | "failed" | "cancelled", locale: Locale): ProgressReply {
  return { ...progress(id, endedText(id, outcome, locale), 1, true), outcome };
}

function chartReplies(job: JobRecord, png: Uint8Array, locale: Locale): Reply[] {
  const result = job.result;
  if (result === null) return [];
  return [
    { kind: "image", png, alt: chartTitle(job.params, locale), filename: `train-${job.id}.png` },
    text(resultText(result, locale, job.id, job.workerHost ?? undefined)),
  ];
}

/**
 * The stored chart when it is still kept and in the reader's language; otherwise the same curves drawn
 * again from the stored history (~30 ms).
 */
function cachedChart(job: JobRecord, result: TrainResult, locale: Locale): Uint8Array {
  if (job.locale === locale && job.chartPath !== null && existsSync(job.chartPath)) {
    return new Uint8Array(readFileSync(job.chartPath));
  }
  return renderChart(job.params, result.runs, locale);
}

function startUpSweep(queue: TrainQueue | RedisTrainQueue, logger: Logger): JobRecord[] {
  if (!(queue instanceof TrainQueue)) return [];
  try {
    return queue.sweepInterrupted();
  } catch (error) {
    // E.g. the database stayed locked: the periodic sweep tries again.
    logger.error({ err: error }, "could not sweep for interrupted training jobs at start-up");
    return [];
  }
}

/**
 * What the owner of a job adopted after a restart is pushed: only its end (a push per epoch would flood
 * the chat), with the chart drawn from the stored history.
 */
function adoptedReplies(event: JobEvent, locale: Locale, timeoutMs: number): Reply[] {
  const id = event.job.id;
  switch (event.type) {
    case "done":
      return [text(resumedResultText(id, locale)), ...chartReplies(event.job, event.png, locale)];
    case "failed":
      return [text(failureText(event, locale, timeoutMs))];
    default:
      return [];
  }
}

/** The `/train` command's implementation: parses, queues, and streams progress and results to the chat. */
export function createTrainerService(options: TrainerServiceOptions): TrainerService {
  const logger = options.logger ?? silentLogger;
  const store = new JobStore(options.db, options.now);
  // Set by the first notifyInterrupted; sweeps before then keep their jobs in `untold`.
  let pushers: Partial<Record<Platform, Pusher>> | undefined;
  const untold: JobRecord[] = [];
  const telling = new Set<Promise<JobRecord[]>>();
  const tellLater = (jobs: JobRecord[]): void => {
    if (pushers === undefined) {
      untold.push(...jobs);
      return;
    }
    const told = tellOwners(jobs, pushers);
    telling.add(told);
    void told.finally(() => telling.delete(told));
  };

  // Jobs adopted from a stopped process (Redis mode): their results go out through the pushers, which
  // main.ts hands over once the platforms run.
  let pushersGiven!: (given: Partial<Record<Platform, Pusher>>) => void;
  const pushersReady = new Promise<Partial<Record<Platform, Pusher>>>((resolve) => (pushersGiven = resolve));
  const adoptedListener =
    (job: JobRecord): JobListener =>
    async (event) => {
      const pusher = (await pushersReady)[job.owner.platform];
      if (!pusher) {
        logger.warn(
          { jobId: job.id, platform: job.owner.platform },
          "training result of an adopted job: platform not running here",
        );
        return;
      }
      const replies = adoptedReplies(event, job.locale, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      if (replies.length > 0) await pusher.push(job.owner, replies);
    };

  const shared = {
    store,
    chartDir: options.chartDir ?? "data/charts",
    logger,
    onInterrupted: tellLater,
    ...(options.maxActivePerUser !== undefined ? { maxActivePerUser: options.maxActivePerUser } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.instanceId !== undefined ? { instanceId: options.instanceId } : {}),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    ...(options.startInterval ? { startInterval: options.startInterval } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.pid !== undefined ? { pid: options.pid } : {}),
    ...(options.processAlive ? { processAlive: options.processAlive } : {}),
  };
  const queue: TrainQueue | RedisTrainQueue = options.redis
    ? new RedisTrainQueue({ ...shared, redis: options.redis, adoptedListener })
    : new TrainQueue({
        ...shared,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.runner ? { runner: options.runner } : {}),
      });
  const jobs: JobQueue = queue;
  // Only jobs whose process stopped: another live process on this database keeps its heartbeats fresh.
  const interrupted = startUpSweep(queue, logger);
  untold.push(...interrupted);

  async function tellOwners(
    jobs: readonly JobRecord[],
    to: Partial<Record<Platform, Pusher>>,
  ): Promise<JobRecord[]> {
    const told: JobRecord[] = [];
    for (const job of jobs) {
      const pusher = to[job.owner.platform];
      if (!pusher) {
        logger.warn(
          { jobId: job.id, platform: job.owner.platform },
          "interrupted training job: platform not running in this process, owner not told",
        );
        continue;
      }
      const message = pick(job.locale, {
        ja: `ボットの再起動(または停止)により、学習ジョブ #${job.id} は中断されました。もう一度 /train で実行してください。`,
        en: `Training job #${job.id} was interrupted because the bot restarted or stopped. Please run /train again.`,
      });
      try {
        await pusher.push(job.owner, [text(message)]);
        told.push(job);
      } catch (error) {
        logger.warn({ jobId: job.id, err: error }, "could not tell the owner of an interrupted training job");
      }
    }
    return told;
  }

  const listenerFor = (conversation: Conversation, locale: Locale) => async (event: JobEvent) => {
    const id = event.job.id;
    switch (event.type) {
      case "started":
        await conversation.send([progress(id, startedText(id, event.backend, locale, event.host), 0, false)]);
        return;
      case "requeued":
        await conversation.send([progress(id, requeuedText(id, event.why, locale), 0, false)]);
        return;
      case "epoch":
        await conversation.send([
          progress(id, progressText(id, event.progress, locale), event.progress.ratio, false),
        ]);
        return;
      case "done":
        await conversation.send([
          ended(id, "finished", locale),
          ...chartReplies(event.job, event.png, locale),
        ]);
        return;
      case "failed":
        await conversation.send([
          ended(id, "failed", locale),
          text(failureText(event, locale, queue.timeoutMs)),
        ]);
        return;
      case "cancelled":
        await conversation.send([ended(id, "cancelled", locale)]);
        return;
    }
  };

  return {
    interrupted,

    readParams: parseTrainArgs,

    async start(request: TrainRequest<TrainParams>): Promise<Reply[]> {
      const { params } = request;
      const outcome = await jobs.submit(
        request.owner,
        request.locale,
        params,
        listenerFor(request.conversation, request.locale),
      );
      const { job } = outcome;
      if (outcome.kind === "cached" && job.result !== null) {
        logger.info({ jobId: job.id }, "training result reused from the cache");
        return [
          text(
            pick(request.locale, {
              ja: `同じ設定と seed の結果(ジョブ #${job.id})を再利用します。`,
              en: `Reusing the stored result of the same settings and seed (job #${job.id}).`,
            }),
          ),
          ...chartReplies(job, cachedChart(job, job.result, request.locale), request.locale),
        ];
      }
      if (outcome.kind === "duplicate") {
        return [
          text(
            pick(request.locale, {
              ja: `同じ設定と seed のジョブ #${job.id} がすでに学習中か待機中です。終わったら同じコマンドで、その結果をすぐに表示します。`,
              en: `Job #${job.id} with the same settings and seed is already queued or training. Once it is done, the same command shows its result at once.`,
            }),
          ),
        ];
      }
      const position = outcome.kind === "queued" ? outcome.position : 0;
      const workers = outcome.kind === "queued" ? outcome.workers : undefined;
      return [progress(job.id, queuedText(job.id, position, request.locale, workers), 0, false)];
    },

    async status(owner: Address, locale: Locale): Promise<Reply[]> {
      const status = await jobs.status(owner);
      const total = queueSummary(status.total, locale, status.workers, status.available);
      if (status.jobs.length === 0) {
        return [
          text(
            pick(locale, {
              ja: "実行中・待機中のジョブはありません。",
              en: "You have no queued or running jobs.",
            }) + `\n${total}`,
          ),
        ];
      }
      return [
        text(
          [...status.jobs.map(({ job, position }) => statusLine(job, position, locale)), total].join("\n"),
        ),
      ];
    },

    async cancel(owner: Address, locale: Locale, jobId?: number): Promise<Reply[]> {
      return [text(cancelText(await jobs.cancel(owner, jobId), locale, jobId))];
    },

    helpText,

    whenIdle: () => jobs.whenIdle(),

    async close() {
      await jobs.close();
      await Promise.all(telling);
    },

    async notifyInterrupted(given: Partial<Record<Platform, Pusher>>): Promise<JobRecord[]> {
      if (pushers !== undefined) return [];
      pushers = given;
      pushersGiven(given);
      return tellOwners(untold.splice(0), given);
    },
  };
}
