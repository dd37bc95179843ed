import { pino } from "pino";
import { createApp } from "./app.ts";
import type { Logger } from "./core/logger.ts";
import { createLocalChat } from "./bots/local/index.ts";
import { readConfig } from "./config.ts";
import { readHttpConfig } from "./http/config.ts";
import { startHttpServer, type HttpServer } from "./http/server.ts";
import { createReminderScheduler, type ReminderScheduler } from "./core/reminders/scheduler.ts";
import { startPlatforms, type StartedPlatforms } from "./platforms.ts";
import { createTrainerService, type TrainerService } from "./trainer/service.ts";
import { createWebService, type WebService } from "./web/service.ts";

/**
 * Starts manabot: the platform adapters whose credentials are set (Discord, LINE, or both), or else — and
 * also with MANABOT_LOCAL=1 — the local terminal chat; plus the daily reminders.
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

  let trainer: TrainerService | undefined;
  let web: WebService | undefined;
  const app = createApp({
    dbPath: config.MANABOT_DB,
    logger,
    trainer: (db) =>
      (trainer = createTrainerService({
        db,
        logger,
        chartDir: config.MANABOT_CHART_DIR,
        concurrency: config.MANABOT_TRAIN_CONCURRENCY,
        maxActivePerUser: config.MANABOT_TRAIN_MAX_PER_USER,
        timeoutMs: config.MANABOT_TRAIN_TIMEOUT_MINUTES * 60_000,
      })),
    web: (core) => (web = createWebService({ ...core, logger })),
  });
  let http: HttpServer | undefined;
  let platforms: StartedPlatforms | undefined;
  let reminders: ReminderScheduler | undefined;
  let stopping: Promise<void> | undefined;
  // New messages stop first (work they would start can no longer run); then background work, so its last
  // words ("job cancelled") still reach the platforms; the database closes last.
  const shutdown = () =>
    (stopping ??= (async () => {
      await reminders?.stop();
      http?.stopIntake();
      await platforms?.stopIntake();
      await app.stopWork();
      await platforms?.close();
      await http?.close();
      await app.close();
    })());

  try {
    http = await startHttp(logger);
    if (http) web?.mount(http);
    platforms = await startPlatforms(app, logger, http);
    const local =
      platforms.names.length === 0 || config.MANABOT_LOCAL === "1"
        ? createLocalChat({
            bot: app.bot,
            input: process.stdin,
            output: process.stdout,
            outDir: config.MANABOT_OUT_DIR,
            interactive: Boolean(process.stdin.isTTY),
            ...(app.trainer ? { whenIdle: () => app.trainer?.whenIdle() ?? Promise.resolve() } : {}),
          })
        : undefined;

    const pushers = { ...platforms.pushers, ...(local ? { local: local.pusher } : {}) };
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
    process.once("SIGINT", () => void shutdown().finally(() => process.exit(130)));
    process.once("SIGTERM", () => void shutdown().finally(() => process.exit(143)));
    // A platform dead for good (a reset Discord token), now or later, must not leave a process that looks
    // healthy: exit 1, so a process manager restarts it or alerts.
    void platforms.failure.then(({ platform, error }) => {
      logger.error({ platform, err: error }, `${platform} stopped working for good; shutting down`);
      void shutdown()
        .catch((closeError: unknown) => logger.error({ err: closeError }, "shutdown failed"))
        .finally(() => process.exit(1));
    });

    if (local) {
      await local.run();
      await shutdown();
    } else {
      logger.info({ platforms: platforms.names }, "manabot is running; stop with Ctrl+C");
    }
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
