import { createBot, type Bot } from "./core/bot.ts";
import { systemClock, type Clock } from "./core/clock.ts";
import type { Logger } from "./core/logger.ts";
import type { TrainerPort } from "./core/ports/trainer.ts";
import type { WebPort } from "./core/ports/web.ts";
import { createStores, type Stores } from "./core/store/stores.ts";
import { openDatabase, type Db } from "./db/open.ts";
import { LessonCatalog } from "./lessons/catalog.ts";
import { loadLessons } from "./lessons/loader.ts";

export interface AppOptions {
  dbPath: string;
  logger: Logger;
  clock?: Clock;
  /** FSRS's target retention for spaced review. */
  retention?: number;
  /** Builds the trainer once the database is open (left out in tests that do not train). */
  trainer?: (db: Db) => TrainerPort;
  /** Builds the study page on the web over the core's stores (left out in tests without it). */
  web?: (core: { db: Db; stores: Stores; lessons: LessonCatalog; clock: Clock }) => WebPort;
}

export interface App {
  db: Db;
  bot: Bot;
  trainer?: TrainerPort;
  /** Ends background work (group-quiz timers, training jobs), telling users while adapters can still send. */
  stopWork(): Promise<void>;
  /** Stops work if still running, then closes the database. Safe to call more than once. */
  close(): Promise<void>;
}

/** Opens the database, loads and validates the lessons, and builds the core every adapter talks to. */
export function createApp(options: AppOptions): App {
  const lessons = new LessonCatalog(loadLessons());
  const db = openDatabase(options.dbPath);
  const clock = options.clock ?? systemClock;
  const stores = createStores(db);
  const trainer = options.trainer?.(db);
  const web = options.web?.({ db, stores, lessons, clock });
  const bot = createBot({
    stores,
    lessons,
    logger: options.logger,
    clock,
    ...(options.retention !== undefined ? { retention: options.retention } : {}),
    ...(trainer ? { trainer } : {}),
    ...(web ? { web } : {}),
  });
  let stopping: Promise<void> | undefined;
  const stopWork = () =>
    (stopping ??= (async () => {
      bot.close();
      await trainer?.close();
    })());
  return {
    db,
    bot,
    ...(trainer ? { trainer } : {}),
    stopWork,
    async close() {
      await stopWork();
      if (db.open) db.close();
    },
  };
}
