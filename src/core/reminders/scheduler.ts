import type { LessonCatalog } from "../../lessons/catalog.ts";
import type { Clock } from "../clock.ts";
import type { Platform, Pusher } from "../conversation.ts";
import type { Logger } from "../logger.ts";
import { minuteTrigger, type StartCron } from "../scheduling/minute-trigger.ts";
import type { Stores } from "../store/stores.ts";
import { composeReminder } from "./message.ts";
import { decideReminder, type Occurrence, type ReminderDecision } from "./schedule.ts";
import { claimKey, type ScheduledReminder } from "./store.ts";

export const DEFAULT_GRACE_MINUTES = 180;
/** A claim still unfinished this long after it was made belongs to a process that stopped mid-push. */
const INTERRUPTED_AFTER_MINUTES = 15;
const MINUTE = 60_000;

export interface ReminderSchedulerOptions {
  stores: Stores;
  lessons: LessonCatalog;
  clock: Clock;
  /** One per platform this process can reach; reminders of other platforms are left to other processes. */
  pushers: Partial<Record<Platform, Pusher>>;
  logger: Logger;
  /** How late a missed reminder may still go out (e.g. after a restart); later ones are skipped and logged. */
  graceMinutes?: number;
  /** What calls `tick()` every minute: node-cron unless a test or host passes another. */
  startCron?: StartCron;
}

export interface TickReport {
  sent: number;
  failed: number;
  skipped: number;
}

export interface ReminderScheduler {
  /** Reports claims a previous process left unfinished, starts the minute trigger, and catches up at once. */
  start(): Promise<TickReport>;
  /** Stops the trigger and waits for pushes in flight. */
  stop(): Promise<void>;
  /** One pass: claim and push every reminder owed at `clock.now()`. All decisions come from the clock and SQLite. */
  tick(): Promise<TickReport>;
}

/**
 * Daily reminders. node-cron only wakes the scheduler every minute; what is owed is decided from the
 * injected clock and the database, so a restart needs no state beyond SQLite, and tests call `tick()`.
 *
 * Guarantees:
 * - at most once per user and local date: the send is claimed by a UNIQUE insert (in a transaction that
 *   re-checks the reminder) before the push, so restarts, a second scheduler on the same file and slow pushes
 *   cannot duplicate it;
 * - a failed push is logged and not retried that day: the claim stays, because the platform may have
 *   delivered it before failing, and retrying every minute would spam a broken chat;
 * - an occurrence missed while the process was down is sent on start-up within `graceMinutes`, otherwise
 *   marked skipped and logged once.
 */
export function createReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const { stores, lessons, clock, pushers, logger } = options;
  const graceMinutes = options.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  const platforms = (Object.keys(pushers) as Platform[]).filter(
    (platform) => pushers[platform] !== undefined,
  );
  const trigger = minuteTrigger({
    name: "manabot-reminders",
    tick: () => tick(),
    logger,
    ...(options.startCron ? { startCron: options.startCron } : {}),
  });

  async function tick(): Promise<TickReport> {
    const now = clock.now();
    const claimed = stores.reminders.claimedSince(new Date(now.getTime() - 3 * 24 * 60 * MINUTE));
    const deliveries: Promise<boolean>[] = [];
    let skipped = 0;
    for (const reminder of stores.reminders.scheduled(platforms)) {
      const decision = decide(reminder, now);
      if (decision.kind === "wait" || claimed.has(claimKey(reminder.userId, decision.occurrence.date)))
        continue;
      const won = stores.reminders.claim(
        {
          userId: reminder.userId,
          localDate: decision.occurrence.date,
          scheduledFor: decision.occurrence.at,
          minuteOfDay: reminder.minuteOfDay,
          status: decision.kind === "send" ? "claimed" : "skipped",
        },
        now,
      );
      if (!won) continue;
      if (decision.kind === "skip") {
        skipped += 1;
        logger.warn(
          {
            userId: reminder.userId,
            localDate: decision.occurrence.date,
            scheduledFor: decision.occurrence.at.toISOString(),
            lateMinutes: Math.round(decision.lateMinutes),
            graceMinutes,
          },
          "reminder skipped: it was due while the bot was down, longer ago than the grace window",
        );
        continue;
      }
      deliveries.push(trigger.track(deliver(reminder, decision.occurrence)));
    }
    const results = await Promise.all(deliveries);
    return { sent: results.filter(Boolean).length, failed: results.filter((ok) => !ok).length, skipped };
  }

  function decide(reminder: ScheduledReminder, now: Date): ReminderDecision {
    try {
      return decideReminder(now, reminder, graceMinutes);
    } catch (error) {
      logger.error(
        { err: error, userId: reminder.userId, timeZone: reminder.timeZone },
        "reminder time not computable",
      );
      return { kind: "wait" };
    }
  }

  async function deliver(reminder: ScheduledReminder, occurrence: Occurrence): Promise<boolean> {
    const { userId, address } = reminder;
    const context = {
      userId,
      localDate: occurrence.date,
      platform: address.platform,
      chatId: address.chatId,
    };
    try {
      const pusher = pushers[address.platform];
      if (!pusher) throw new Error(`no pusher for ${address.platform}`);
      await pusher.push(address, composeReminder(stores, lessons, reminder, clock.now()));
      stores.reminders.finish(userId, occurrence.date, "sent", clock.now());
      logger.info(context, "reminder sent");
      return true;
    } catch (error) {
      logger.error(
        { ...context, err: error },
        "reminder push failed; not retried today so nobody gets it twice",
      );
      try {
        stores.reminders.finish(userId, occurrence.date, "failed", clock.now(), String(error).slice(0, 500));
      } catch (recordError) {
        logger.error({ ...context, err: recordError }, "could not record the failed reminder");
      }
      return false;
    }
  }

  function reportInterrupted(): void {
    const now = clock.now();
    for (const claim of stores.reminders.interrupted(
      new Date(now.getTime() - INTERRUPTED_AFTER_MINUTES * MINUTE),
    )) {
      logger.warn(
        { userId: claim.userId, localDate: claim.localDate, claimedAt: claim.claimedAt.toISOString() },
        "reminder claimed but never confirmed (the bot stopped mid-send); it may not have arrived",
      );
      stores.reminders.markInterrupted(claim.userId, claim.localDate, now);
    }
  }

  return {
    async start() {
      reportInterrupted();
      trigger.start();
      const report = await tick();
      logger.info({ platforms, graceMinutes, ...report }, "reminder scheduler started");
      return report;
    },
    stop: () => trigger.stop(),
    tick,
  };
}
