import { UnrecoverableError, WaitingError, Worker, type Job } from "bullmq";
import { hostname } from "node:os";
import { silentLogger, type Logger } from "../../core/logger.ts";
import { overrunReason, projectedOverrun } from "../queue/overrun.ts";
import type { JobRunner } from "../queue/queue.ts";
import { appendEpoch } from "../queue/run-history.ts";
import type { RunHistory } from "../types.ts";
import {
  startWorkerJob,
  TrainingJobError,
  type WorkerFailure,
  type WorkerJob,
} from "../worker/run-worker.ts";
import {
  cancelChannel,
  cancelKey,
  connectRedis,
  QUEUE_NAME,
  throttled,
  type RedisSettings,
} from "./connection.ts";
import { jobDataSchema, type WorkerReport, type WorkerResult } from "./protocol.ts";

export interface TrainWorkerOptions {
  redis: RedisSettings;
  /** Jobs trained at once (MANABOT_WORKER_CONCURRENCY, default 1): each in its own thread. */
  concurrency?: number;
  /** Threads per job (default: the cores ÷ concurrency, see thread-budget.ts). */
  threads?: number;
  /** This worker's name in results and in /train status (default: the host name). */
  name?: string;
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after about this long. */
  lockMs?: number;
  /** Trains one job: the worker thread (startWorkerJob) unless a test passes another. */
  runner?: JobRunner;
  /** The backend label shown for a backend name (tfjs-node-gpu is loaded under tfjs-node's name). */
  backendLabel?: (label: string) => string;
  logger?: Logger;
}

export interface TrainWorker {
  readonly name: string;
  /** Resolves once connected to Redis and taking jobs. */
  ready: Promise<void>;
  /**
   * SIGTERM: takes no new job; each running job finishes its current epoch, then finishes if it can within
   * `graceMs`, else goes back to the queue for another worker. Resolves once all are done or handed back.
   */
  stop(graceMs: number): Promise<void>;
}

interface Active {
  /** Set once the thread is started. */
  training?: WorkerJob;
  /** Set by SIGTERM: when the job must be done, or handed back (ms, Date.now()). */
  deadline?: number;
  /** An epoch ended since SIGTERM, and the rest was expected to fit in the grace period. */
  continuing: boolean;
  handBack: boolean;
  tooSlow?: number;
}

/** Starts a training worker: takes jobs from the Redis queue, trains them, and reports through Redis. */
export function startTrainWorker(options: TrainWorkerOptions): TrainWorker {
  const { redis } = options;
  const name = options.name ?? hostname();
  const logger = options.logger ?? silentLogger;
  const runner = options.runner ?? startWorkerJob;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const label = options.backendLabel ?? ((backend: string) => backend);
  const active = new Map<string, Active>();
  /** Set by stop(): jobs running then (or taken just before) finish or go back by this time. */
  let stopDeadline: number | undefined;
  const logLost = throttled(30_000, (error) => logger.warn({ err: error }, "Redis unreachable; retrying"));

  const client = connectRedis(redis.url, false);
  const subscriber = connectRedis(redis.url, false);
  client.on("error", logLost);
  subscriber.on("error", logLost);
  subscriber.on("message", (_channel, jobId: string) => active.get(jobId)?.training?.cancel());
  const subscribed = subscriber.subscribe(cancelChannel(redis.prefix));

  const isCancelled = async (jobId: string): Promise<boolean> =>
    (await client.exists(cancelKey(redis.prefix, jobId))) === 1;

  async function processJob(job: Job, token?: string): Promise<WorkerResult> {
    const jobId = job.id ?? "";
    const data = jobDataSchema.parse(job.data);
    // Reports go out in order; a lost one is logged (the bot reconciles with the job's state).
    let reports = Promise.resolve();
    const report = (value: WorkerReport): Promise<void> =>
      (reports = reports
        .then(() => job.updateProgress(value))
        .catch((error: unknown) =>
          logger.warn({ jobId, err: error }, "could not report a training job's progress"),
        ));
    const fail = async (
      failure: WorkerFailure,
      reason: string,
      projectedSeconds?: number,
    ): Promise<never> => {
      await report({
        type: "failure",
        failure,
        reason,
        ...(projectedSeconds !== undefined ? { projectedSeconds } : {}),
      });
      throw new UnrecoverableError(`${failure}: ${reason}`);
    };
    if (await isCancelled(jobId)) return fail("cancelled", "cancelled by the user");

    const started = performance.now();
    const history: RunHistory[] = [];
    const state: Active = {
      handBack: false,
      continuing: false,
      ...(stopDeadline ? { deadline: stopDeadline } : {}),
    };
    const training = runner(data.params, {
      timeoutMs: data.timeoutMs,
      jobsAtOnce: concurrency,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      locale: data.locale,
      onStarted: (backend) => void report({ type: "started", backend: label(backend), host: name }),
      onEpoch: (progress) => {
        appendEpoch(history, data.params, progress);
        void report({ type: "epoch", progress, history: structuredClone(history) });
        void isCancelled(jobId).then(
          (cancelled) => cancelled && training.cancel(),
          () => undefined,
        );
        const over = projectedOverrun(performance.now() - started, progress, data.timeoutMs);
        if (over !== undefined) {
          state.tooSlow = over;
          training.cancel();
        } else if (state.deadline !== undefined) {
          // Shutting down: this epoch is finished; the rest goes on only if it fits in the grace period.
          if (fitsBefore(state.deadline, progress.etaSeconds)) state.continuing = true;
          else handBack(state);
        }
      },
      onCallbackError: (error) => logger.error({ jobId, err: error }, "a training callback failed"),
    });
    state.training = training;
    active.set(jobId, state);
    try {
      const { result } = await training.outcome;
      await reports;
      return { result, host: name };
    } catch (error) {
      await reports;
      if (state.handBack) {
        await report({ type: "handing-back", host: name });
        await reports;
        await job.moveToWait(token);
        logger.info({ jobId }, "training job handed back to the queue");
        throw new WaitingError();
      }
      if (state.tooSlow !== undefined)
        return fail("too-slow", overrunReason(state.tooSlow, data.timeoutMs), state.tooSlow);
      const failure = error instanceof TrainingJobError ? error.failure : "error";
      const reason = error instanceof TrainingJobError ? error.reason : String(error);
      return fail(failure, reason);
    } finally {
      active.delete(jobId);
    }
  }

  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker(QUEUE_NAME, processJob, {
    connection: client,
    prefix: redis.prefix,
    name,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A job whose worker died is retried once on another worker, then failed (its owner is told).
    maxStalledCount: 1,
  });
  worker.on("error", logLost);
  worker.on("failed", (job, error) =>
    logger.warn({ jobId: job?.id, reason: error.message }, "training job failed"),
  );
  worker.on("completed", (job) => logger.info({ jobId: job.id }, "training job done"));

  let stopping: Promise<void> | undefined;
  return {
    name,
    ready: Promise.all([worker.waitUntilReady(), subscribed]).then(() => undefined),
    stop: (graceMs) =>
      (stopping ??= (async () => {
        const deadline = Date.now() + graceMs;
        stopDeadline = deadline;
        for (const state of active.values()) state.deadline = deadline;
        // A job that was expected to fit but is still running at the deadline goes back now. (One still in
        // the epoch it had when the signal came finishes that epoch first: its end decides.)
        const timer = setTimeout(() => {
          for (const state of active.values()) if (state.continuing) handBack(state);
        }, graceMs);
        timer.unref();
        await worker.close();
        clearTimeout(timer);
        subscriber.disconnect();
        client.disconnect();
      })()),
  };
}

/** After the last epoch only the test pass is left: always worth finishing. */
const fitsBefore = (deadline: number, etaSeconds: number): boolean =>
  etaSeconds === 0 || (Number.isFinite(etaSeconds) && Date.now() + etaSeconds * 1000 <= deadline);

function handBack(state: Active): void {
  state.handBack = true;
  state.training?.cancel();
}
