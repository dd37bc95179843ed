import cron from "node-cron";
import type { Logger } from "../logger.ts";

/** Something that calls `run` on a cron expression until stopped. */
export type StartCron = (expression: string, run: () => void) => { stop(): void | Promise<void> };

const nodeCron =
  (name: string): StartCron =>
  (expression, run) => {
    const task = cron.schedule(expression, run, { name });
    return { stop: () => task.destroy() };
  };

export interface MinuteTrigger {
  /** Starts calling `tick` every minute (once; a second call does nothing). */
  start(): void;
  /** Stops the trigger and waits for the work `track`ed so far. */
  stop(): Promise<void>;
  /** Keeps a delivery in flight, so `stop` waits for it. */
  track<T>(work: Promise<T>): Promise<T>;
}

/**
 * The wake-up shared by the schedulers (reminders, scheduled group quizzes): node-cron calls `tick` every
 * minute, unless a test or host passes another `startCron`. It only wakes them: what is owed is decided
 * in `tick` from the injected clock and SQLite, so a restart needs no state beyond the database.
 */
export function minuteTrigger(options: {
  /** The cron task's name, and what a failed tick is logged as. */
  name: string;
  tick: () => Promise<unknown>;
  logger: Logger;
  startCron?: StartCron;
}): MinuteTrigger {
  const inFlight = new Set<Promise<unknown>>();
  let trigger: { stop(): void | Promise<void> } | undefined;
  return {
    start() {
      trigger ??= (options.startCron ?? nodeCron(options.name))("* * * * *", () => {
        options
          .tick()
          .catch((error: unknown) => options.logger.error({ err: error }, `${options.name} tick failed`));
      });
    },
    async stop() {
      await trigger?.stop();
      trigger = undefined;
      await Promise.allSettled([...inFlight]);
    },
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => {});
      return work;
    },
  };
}
