import { readFileSync } from "node:fs";
import type { Address, Conversation, Locale, Platform, Pusher } from "../core/conversation.ts";
import { pick } from "../core/i18n.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import type { TrainerPort, TrainRequest } from "../core/ports/trainer.ts";
import type { ProgressReply, Reply } from "../core/reply.ts";
import { text } from "../core/reply.ts";
import type { Db } from "../db/open.ts";
import { chartTitle } from "./chart.ts";
import { helpText, progressText, queuedText, resultText, statusLine } from "./messages.ts";
import { parseTrainArgs } from "./params.ts";
import { JobStore, type JobRecord } from "./queue/job-store.ts";
import { TrainQueue, type JobEvent, type JobRunner } from "./queue/queue.ts";

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
}

export const RESTART_REASON = "the bot restarted while the job was queued or running";

export interface TrainerService extends TrainerPort {
  /** Jobs a previous process left queued or running, marked failed when this service was created. */
  readonly interrupted: readonly JobRecord[];
  /** Tells the owners of interrupted jobs (once), through their platform's pusher; returns the jobs told. */
  notifyInterrupted(pushers: Partial<Record<Platform, Pusher>>): Promise<JobRecord[]>;
}

const progressKey = (id: number): string => `train-${id}`;

function progress(id: number, textValue: string, ratio: number, done: boolean): ProgressReply {
  return { kind: "progress", key: progressKey(id), text: textValue, ratio, done };
}

function chartReplies(job: JobRecord, png: Uint8Array, locale: Locale): Reply[] {
  const result = job.result;
  if (result === null) return [];
  return [
    { kind: "image", png, alt: chartTitle(job.params), filename: `train-${job.id}.png` },
    text(resultText(result, locale, job.id)),
  ];
}

/** The `/train` command's implementation: parses, queues, and streams progress and results to the chat. */
export function createTrainerService(options: TrainerServiceOptions): TrainerService {
  const logger = options.logger ?? silentLogger;
  const store = new JobStore(options.db, options.now);
  // Before any new job exists: whatever is still queued or running belonged to a process that is gone.
  const interrupted = store.failInterrupted(RESTART_REASON);
  let notified = false;
  const queue = new TrainQueue({
    store,
    chartDir: options.chartDir ?? "data/charts",
    logger,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.maxActivePerUser !== undefined ? { maxActivePerUser: options.maxActivePerUser } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.runner ? { runner: options.runner } : {}),
  });

  const listenerFor = (conversation: Conversation, locale: Locale) => async (event: JobEvent) => {
    const id = event.job.id;
    switch (event.type) {
      case "started":
        await conversation.send([
          progress(
            id,
            pick(locale, {
              ja: `#${id} 学習中… (${event.backend})`,
              en: `#${id} training… (${event.backend})`,
            }),
            0,
            false,
          ),
        ]);
        return;
      case "epoch":
        await conversation.send([
          progress(id, progressText(id, event.progress, locale), event.progress.ratio, false),
        ]);
        return;
      case "done":
        await conversation.send([
          progress(id, pick(locale, { ja: `#${id} 完了`, en: `#${id} done` }), 1, true),
          ...chartReplies(event.job, event.png, locale),
        ]);
        return;
      case "failed":
        await conversation.send([
          progress(id, pick(locale, { ja: `#${id} 失敗しました`, en: `#${id} failed` }), 1, true),
          text(
            pick(locale, {
              ja: `学習ジョブ #${id} は失敗しました: ${event.reason}`,
              en: `Training job #${id} failed: ${event.reason}`,
            }),
          ),
        ]);
        return;
      case "cancelled":
        await conversation.send([
          progress(id, pick(locale, { ja: `#${id} 取り消しました`, en: `#${id} cancelled` }), 1, true),
        ]);
        return;
    }
  };

  return {
    interrupted,

    async start(request: TrainRequest): Promise<Reply[]> {
      const params = parseTrainArgs(request.args);
      const outcome = queue.submit(
        request.owner,
        request.locale,
        params,
        listenerFor(request.conversation, request.locale),
      );
      const { job } = outcome;
      if (outcome.kind === "cached" && job.chartPath !== null) {
        logger.info({ jobId: job.id }, "training result reused from the cache");
        return [
          text(
            pick(request.locale, {
              ja: `同じ設定と seed の結果(ジョブ #${job.id})を再利用します。`,
              en: `Reusing the stored result of the same settings and seed (job #${job.id}).`,
            }),
          ),
          ...chartReplies(job, new Uint8Array(readFileSync(job.chartPath)), request.locale),
        ];
      }
      const position = outcome.kind === "queued" ? outcome.position : 0;
      return [progress(job.id, queuedText(job.id, position, request.locale), 0, false)];
    },

    async status(owner: Address, locale: Locale): Promise<Reply[]> {
      const jobs = queue.activeFor(owner);
      const total = pick(locale, {
        ja: `キュー全体: ${queue.length} 件`,
        en: `Whole queue: ${queue.length} job(s)`,
      });
      if (jobs.length === 0) {
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
        text([...jobs.map((job) => statusLine(job, queue.position(job.id), locale)), total].join("\n")),
      ];
    },

    async cancel(owner: Address, locale: Locale): Promise<Reply[]> {
      const jobs = queue.cancel(owner);
      if (jobs.length === 0) {
        return [text(pick(locale, { ja: "取り消すジョブはありません。", en: "You have no job to cancel." }))];
      }
      const ids = jobs.map((job) => `#${job.id}`).join(", ");
      return [text(pick(locale, { ja: `${ids} を取り消しました。`, en: `Cancelled ${ids}.` }))];
    },

    helpText,

    whenIdle: () => queue.whenIdle(),

    close: () => queue.close(),

    async notifyInterrupted(pushers: Partial<Record<Platform, Pusher>>): Promise<JobRecord[]> {
      if (notified) return [];
      notified = true;
      const told: JobRecord[] = [];
      for (const job of interrupted) {
        const pusher = pushers[job.owner.platform];
        if (!pusher) {
          logger.warn(
            { jobId: job.id, platform: job.owner.platform },
            "interrupted training job: platform not running",
          );
          continue;
        }
        const message = pick(job.locale, {
          ja: `ボットの再起動により、学習ジョブ #${job.id} は中断されました。もう一度 /train で実行してください。`,
          en: `Training job #${job.id} was interrupted by a restart of the bot. Please run /train again.`,
        });
        try {
          await pusher.push(job.owner, [text(message)]);
          told.push(job);
        } catch (error) {
          logger.warn(
            { jobId: job.id, err: error },
            "could not tell the owner of an interrupted training job",
          );
        }
      }
      return told;
    },
  };
}
