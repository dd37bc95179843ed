import { pino } from "pino";
import { createApp } from "./app.ts";
import type { Logger } from "./core/logger.ts";
import { readConfig } from "./config.ts";
import { readHttpConfig } from "./http/config.ts";
import { dashboardFromSettings, type QueueDashboard } from "./http/admin-queues.ts";
import { startHttpServer, type HttpServer } from "./http/server.ts";
import { createQuizScheduler, type QuizScheduler } from "./core/group-quiz/schedule-scheduler.ts";
import { createReminderScheduler, type ReminderScheduler } from "./core/reminders/scheduler.ts";
import { startPlatforms, type StartedPlatforms } from "./platforms.ts";
import { readRedisSettings } from "./trainer/remote/redis-config.ts";
import { createTrainerService, type TrainerService } from "./trainer/service.ts";
import { createWebService, type WebService } from "./web/service.ts";

/**
 * Starts manabot: the platforms the environment asks for (src/platforms.ts: Discord, LINE, or both, or
 * else — and also with MANABOT_LOCAL=1 — the local terminal chat); plus the daily reminders and scheduled group quizzes.
 */
async function main(): Promise<void> {
  const config = readConfig();
  // Logs go to stderr so the local chat's stdout stays a clean transcript.
  const hasPlatform = Boolean(process.env.DISCORD_TOKEN || process.env.LINE_CHANNEL_SECRET);
  const level = config.LOG_LEVEL ?? (hasPlatform ? "info" : "warn");
  const logger = pino({ level, base: undefined }, pino.destination(2));
  // A bug in a background callback is logged, not allowed to take every chat down with it.
  process.on("uncaughtException", (error) => logger.error({ err: error }, "uncaught exception"));
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

  const redis = readRedisSettings();
  if (redis)
    logger.info(
      { prefix: redis.prefix },
      "REDIS_URL is set: /train jobs go to worker processes (npm run worker)",
    );
  let trainer: TrainerService | undefined;
  let web: WebService | undefined;
  const app = createApp({
    dbPath: config.MANABOT_DB,
    logger,
    retention: config.MANABOT_RETENTION,
    trainer: (db) =>
      (trainer = createTrainerService({
        db,
        logger,
        chartDir: config.MANABOT_CHART_DIR,
        concurrency: config.MANABOT_TRAIN_CONCURRENCY,
        maxActivePerUser: config.MANABOT_TRAIN_MAX_PER_USER,
        timeoutMs: config.MANABOT_TRAIN_TIMEOUT_MINUTES * 60_000,
        ...(redis ? { redis } : {}),
      })),
    web: (core) => (web = createWebService({ ...core, logger })),
  });
  let http: HttpServer | undefined;
  let dashboard: QueueDashboard | undefined;
  let platforms: StartedPlatforms | undefined;
  let reminders: ReminderScheduler | undefined;
  let quizzes: QuizScheduler | undefined;
  let stopping: Promise<void> | undefined;
  // New messages stop first (work they would start can no longer run); then background work, so its last
  // words ("job cancelled") still reach the platforms; the database closes last.
  const shutdown = () =>
    (stopping ??= (async () => {
      await reminders?.stop();
      await quizzes?.stop();
      http?.stopIntake();
      await platforms?.stopIntake();
      await app.stopWork();
      await platforms?.close();
      await http?.close();
      await dashboard?.close();
      await app.close();
    })());

  try {
    http = await startHttp(logger);
    if (http) dashboard = dashboardFromSettings(http, { token: config.MANABOT_ADMIN_TOKEN, redis, logger });
    if (http) web?.mount(http);
    platforms = await startPlatforms(app, logger, http);
    const { pushers } = platforms;
    web?.usePushers(pushers);
    await trainer?.notifyInterrupted(pushers);
    const { services } = app.bot;
    reminders = createReminderScheduler({
      stores: services.stores,
      lessons: services.lessons,
      clock: services.clock,
      pushers,
      logger,
      graceMinutes: config.MANABOT_REMINDER_GRACE_MINUTES,
    });
    await reminders.start();
    quizzes = createQuizScheduler({
      services,
      posters: platforms.posters,
      logger,
      graceMinutes: config.MANABOT_QUIZ_GRACE_MINUTES,
    });
    await quizzes.start();
    process.once("SIGINT", () => void shutdown().finally(() => process.exit(130)));
    process.once("SIGTERM", () => void shutdown().finally(() => process.exit(143)));
    // A platform that stops by itself ends the process: the local chat when its input ends; a platform
    // dead for good (a reset Discord token) with exit 1, so a process manager restarts it or alerts rather
    // than keeping a process that looks healthy.
    void platforms.ended.then(({ platform, error }) => {
      if (!error) {
        void shutdown().catch((closeError: unknown) => logger.error({ err: closeError }, "shutdown failed"));
        return;
      }
      logger.error({ platform, err: error }, `${platform} stopped working for good; shutting down`);
      void shutdown()
        .catch((closeError: unknown) => logger.error({ err: closeError }, "shutdown failed"))
        .finally(() => process.exit(1));
    });
    logger.info({ platforms: platforms.names }, "manabot is running; stop with Ctrl+C");
  } catch (error) {
    await shutdown().catch((closeError: unknown) => logger.error({ err: closeError }, "shutdown failed"));
    throw error;
  }
}

/**
 * The HTTP server, or undefined when it cannot start (a bad PORT, a port taken): the chats work without it,
 * and only LINE, whose webhook needs it, refuses to start then.
 */
async function startHttp(logger: Logger): Promise<HttpServer | undefined> {
  try {
    return await startHttpServer(readHttpConfig(), logger);
  } catch (error) {
    logger.warn(
      { err: error },
      "the HTTP server did not start (check PORT and HOST, or whether the port is taken); the chats run without it",
    );
    return undefined;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `manabot could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
