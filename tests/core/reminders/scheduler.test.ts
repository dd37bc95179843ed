import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createBot } from "../../../src/core/bot.ts";
import {
  createReminderScheduler,
  type ReminderSchedulerOptions,
} from "../../../src/core/reminders/scheduler.ts";
import { createStores } from "../../../src/core/store/stores.ts";
import { openDatabase, type Db } from "../../../src/db/open.ts";
import { LessonCatalog } from "../../../src/lessons/catalog.ts";
import { loadLessons } from "../../../src/lessons/loader.ts";
import { createTestBot, FakeClock, RecordingConversation, textOf, type TestBot } from "../../helpers/core.ts";
import { RecordingLogger } from "../../helpers/logger.ts";
import { RecordingPusher, walkClock } from "./helpers.ts";

const lessons = new LessonCatalog(loadLessons());
const opened: Db[] = [];
const tempDirs: string[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scheduler over the test bot's database, pushing to "local" chats. */
function schedulerFor(bot: TestBot, extra: Partial<ReminderSchedulerOptions> = {}) {
  const pusher = new RecordingPusher(bot.clock);
  const logger = new RecordingLogger();
  const scheduler = createReminderScheduler({
    stores: bot.bot.services.stores,
    lessons,
    clock: bot.clock,
    pushers: { local: pusher },
    logger,
    ...extra,
  });
  return { scheduler, pusher, logger };
}

const sends = (db: Db) =>
  db.prepare("SELECT local_date, status, scheduled_for FROM reminder_sends ORDER BY local_date").all();

describe("daily reminders", () => {
  it("sends at 21:00 Asia/Tokyo once a day, with the next snippet, reviews due and the streak", async () => {
    const bot = createTestBot(); // 2026-11-28 18:00 JST
    expect(textOf(await bot.say("/remind 21:00"))).toContain("毎日 21:00(Asia/Tokyo)");
    await bot.say("/lesson"); // read the first snippet
    await bot.say("/quiz");
    await bot.say("/answer B"); // wrong: a review card for tomorrow, and a study day today
    const { scheduler, pusher } = schedulerFor(bot);

    await walkClock(bot.clock, scheduler.tick, "2026-11-28T11:50:00Z", "2026-11-28T13:00:00Z");
    expect(pusher.pushed.map((push) => push.at)).toEqual(["2026-11-28T12:00:00.000Z"]);
    const [first] = pusher.pushed;
    expect(first?.to).toEqual({ platform: "local", chatId: "alice", userId: "alice", chatKind: "direct" });
    const body = textOf(first?.replies ?? []);
    expect(body).toContain("⏰ 今日の学習の時間です");
    expect(body).toContain("📘 次に読む: STEP 14");
    expect(body).toContain("1-1. 過学習の定義");
    expect(body).toContain("🔥 連続学習 1 日(今日はもう学習済み)");
    expect(body).not.toContain("復習待ち"); // the card is due tomorrow
    expect(body).toContain("(/lesson 14 1-1)");

    await walkClock(bot.clock, scheduler.tick, "2026-11-29T11:55:00Z", "2026-11-29T12:05:00Z");
    expect(pusher.pushed.map((push) => push.at)).toEqual([
      "2026-11-28T12:00:00.000Z",
      "2026-11-29T12:00:00.000Z",
    ]);
    const second = textOf(pusher.pushed[1]?.replies ?? []);
    expect(second).toContain("📚 復習待ち: 1 問");
    expect(second).toContain("(/review)");
    expect(second).toContain("🔥 連続学習 1 日 — 今日 1 問解けば 2 日に!");
    expect(sends(bot.db)).toEqual([
      { local_date: "2026-11-28", status: "sent", scheduled_for: "2026-11-28T12:00:00.000Z" },
      { local_date: "2026-11-29", status: "sent", scheduled_for: "2026-11-29T12:00:00.000Z" },
    ]);
  });

  it("keeps 21:00 America/New_York at 21:00 local across both daylight-saving switches", async () => {
    const bot = createTestBot();
    bot.clock.set(new Date("2026-03-07T15:00:00Z")); // Saturday 10:00 EST
    await bot.say("/remind 21:00 America/New_York");
    const { scheduler, pusher } = schedulerFor(bot);
    // Every 5 minutes from Saturday (EST, UTC-5) through Monday (EDT, UTC-4).
    await walkClock(bot.clock, scheduler.tick, "2026-03-07T15:00:00Z", "2026-03-10T04:00:00Z", 5);
    bot.clock.set(new Date("2026-10-31T12:00:00Z")); // Saturday 08:00 EDT
    await bot.say("/remind 21:00"); // set again: the months in between were never ticked
    await walkClock(bot.clock, scheduler.tick, "2026-10-31T12:00:00Z", "2026-11-03T05:00:00Z", 5);
    expect(pusher.pushed.map((push) => push.at)).toEqual([
      "2026-03-08T02:00:00.000Z", // Sat 21:00 EST
      "2026-03-09T01:00:00.000Z", // Sun 21:00 EDT (switch day)
      "2026-03-10T01:00:00.000Z",
      "2026-11-01T01:00:00.000Z", // Sat 21:00 EDT
      "2026-11-02T02:00:00.000Z", // Sun 21:00 EST (switch day)
      "2026-11-03T02:00:00.000Z",
    ]);
  });

  it("fires a skipped 02:30 once at 03:00, and a doubled 01:30 once", async () => {
    const bot = createTestBot();
    bot.clock.set(new Date("2026-03-07T15:00:00Z"));
    await bot.say("/remind 02:30 America/New_York");
    const { scheduler, pusher } = schedulerFor(bot);
    await walkClock(bot.clock, scheduler.tick, "2026-03-08T05:00:00Z", "2026-03-08T12:00:00Z");
    expect(pusher.pushed.map((push) => push.at)).toEqual(["2026-03-08T07:00:00.000Z"]); // 03:00 EDT

    bot.clock.set(new Date("2026-10-31T15:00:00Z"));
    await bot.say("/remind 01:30");
    await walkClock(bot.clock, scheduler.tick, "2026-11-01T04:00:00Z", "2026-11-01T09:00:00Z");
    expect(pusher.pushed.map((push) => push.at).slice(1)).toEqual(["2026-11-01T05:30:00.000Z"]); // first 01:30 (EDT)
  });

  it("does not send for a time already past when the reminder was set", async () => {
    const bot = createTestBot(); // 18:00 JST
    await bot.say("/remind 17:30");
    const { scheduler, pusher, logger } = schedulerFor(bot);
    await walkClock(bot.clock, scheduler.tick, "2026-11-28T09:00:00Z", "2026-11-28T09:30:00Z");
    expect(pusher.pushed).toEqual([]);
    expect(logger.at("warn")).toEqual([]);
    expect(textOf(await bot.say("/remind"))).toContain("次回: 2026-11-29 17:30");
  });

  it("stops after /remind off", async () => {
    const bot = createTestBot();
    await bot.say("/remind 21:00");
    await bot.say("/remind off");
    const { scheduler, pusher } = schedulerFor(bot);
    await walkClock(bot.clock, scheduler.tick, "2026-11-28T11:58:00Z", "2026-11-28T12:02:00Z");
    expect(pusher.pushed).toEqual([]);
  });

  it("logs a failed push and does not retry it that day", async () => {
    const bot = createTestBot();
    await bot.say("/remind 21:00");
    const { scheduler, pusher, logger } = schedulerFor(bot);
    pusher.failWith = new Error("DMs closed");
    await walkClock(bot.clock, scheduler.tick, "2026-11-28T12:00:00Z", "2026-11-28T12:10:00Z");
    expect(logger.at("error").map((line) => line.message)).toEqual([
      "reminder push failed; not retried today so nobody gets it twice",
    ]);
    expect(bot.db.prepare("SELECT status, error FROM reminder_sends").get()).toEqual({
      status: "failed",
      error: "Error: DMs closed",
    });
    pusher.failWith = undefined;
    await walkClock(bot.clock, scheduler.tick, "2026-11-29T12:00:00Z", "2026-11-29T12:01:00Z");
    expect(pusher.pushed.map((push) => push.at)).toEqual(["2026-11-29T12:00:00.000Z"]);
  });

  it("leaves reminders of platforms it cannot reach to another process", async () => {
    const bot = createTestBot();
    await bot.say("/remind 21:00", { platform: "line", userId: "U1", chatId: "U1" });
    const { scheduler, pusher } = schedulerFor(bot);
    bot.clock.set(new Date("2026-11-28T12:00:00Z"));
    expect(await scheduler.tick()).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(pusher.pushed).toEqual([]);
    expect(sends(bot.db)).toEqual([]);
  });
});

describe("restarts", () => {
  const tempDb = () => {
    const dir = mkdtempSync(join(tmpdir(), "manabot-remind-"));
    tempDirs.push(dir);
    return join(dir, "bot.db");
  };

  /** One process: its own connection to the file, bot and scheduler. */
  function processOn(path: string, clock: FakeClock, graceMinutes?: number) {
    const db = openDatabase(path);
    opened.push(db);
    const stores = createStores(db);
    const bot = createBot({ stores, lessons, clock });
    const pusher = new RecordingPusher(clock);
    const logger = new RecordingLogger();
    let cronRuns: (() => void) | undefined;
    const scheduler = createReminderScheduler({
      stores,
      lessons,
      clock,
      pushers: { local: pusher },
      logger,
      ...(graceMinutes !== undefined ? { graceMinutes } : {}),
      startCron: (expression, run) => {
        expect(expression).toBe("* * * * *");
        cronRuns = run;
        return { stop: () => (cronRuns = undefined) };
      },
    });
    const say = (text: string) =>
      bot.receive(
        { platform: "local", chatId: "alice", userId: "alice", chatKind: "direct", text },
        new RecordingConversation(),
      );
    return { db, stores, scheduler, pusher, logger, say, cron: () => cronRuns };
  }

  it("sends nothing twice when restarted after the time", async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const before = processOn(path, clock);
    await before.say("/remind 21:00");
    clock.set(new Date("2026-11-28T12:00:00Z"));
    await before.scheduler.start();
    expect(before.pusher.pushed).toHaveLength(1);
    await before.scheduler.stop();
    before.db.close();

    clock.set(new Date("2026-11-28T12:30:00Z"));
    const after = processOn(path, clock);
    expect(await after.scheduler.start()).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(after.pusher.pushed).toEqual([]);
  });

  it("catches up on start-up within the grace window, once, and ticks every minute through cron", async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const before = processOn(path, clock);
    await before.say("/remind 21:00");
    before.db.close(); // down from 18:00 JST

    clock.set(new Date("2026-11-28T13:30:00Z")); // back at 22:30, 90 minutes late
    const after = processOn(path, clock);
    expect(await after.scheduler.start()).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(after.pusher.pushed.map((push) => push.at)).toEqual(["2026-11-28T13:30:00.000Z"]);
    clock.set(new Date("2026-11-28T13:31:00Z"));
    after.cron()?.();
    await after.scheduler.stop();
    expect(after.cron()).toBeUndefined();
    expect(after.pusher.pushed).toHaveLength(1);
  });

  it("skips and logs a reminder missed by more than the grace window", async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const before = processOn(path, clock);
    await before.say("/remind 21:00");
    before.db.close();

    clock.set(new Date("2026-11-28T15:30:00Z")); // 00:30 JST next day: 210 minutes late
    const after = processOn(path, clock);
    expect(await after.scheduler.start()).toEqual({ sent: 0, failed: 0, skipped: 1 });
    expect(after.pusher.pushed).toEqual([]);
    const [warning] = after.logger.at("warn");
    expect(warning?.fields).toMatchObject({ localDate: "2026-11-28", lateMinutes: 210, graceMinutes: 180 });
    expect(warning?.message).toContain("reminder skipped");
    await walkClock(clock, after.scheduler.tick, "2026-11-28T15:31:00Z", "2026-11-28T15:40:00Z");
    expect(after.logger.at("warn")).toHaveLength(1); // logged once, not every minute
    await walkClock(clock, after.scheduler.tick, "2026-11-29T12:00:00Z", "2026-11-29T12:00:00Z");
    expect(after.pusher.pushed.map((push) => push.at)).toEqual(["2026-11-29T12:00:00.000Z"]);
    expect(sends(after.db)).toMatchObject([{ status: "skipped" }, { status: "sent" }]);
  });

  it("honours a configured grace window", async () => {
    const path = tempDb();
    const clock = new FakeClock();
    await processOn(path, clock).say("/remind 21:00");
    clock.set(new Date("2026-11-28T13:30:00Z")); // 90 minutes late
    expect(await processOn(path, clock, 60).scheduler.start()).toEqual({ sent: 0, failed: 0, skipped: 1 });
  });

  it("reports a send claimed by a process that stopped before pushing", async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const before = processOn(path, clock);
    await before.say("/remind 21:00");
    clock.set(new Date("2026-11-28T12:00:00Z"));
    before.pusher.gate = new Promise(() => {}); // the push never returns: the process dies mid-send
    void before.scheduler.tick();
    clock.set(new Date("2026-11-28T12:30:00Z"));
    const after = processOn(path, clock);
    await after.scheduler.start();
    expect(after.pusher.pushed).toEqual([]);
    expect(after.logger.at("warn")[0]?.message).toContain("never confirmed");
    expect(sends(after.db)).toMatchObject([{ status: "failed" }]);
  });

  it("sends once with two schedulers on one database file", async () => {
    const path = tempDb();
    const clock = new FakeClock();
    const a = processOn(path, clock);
    const b = processOn(path, clock);
    await a.say("/remind 21:00");
    await walkClock(
      clock,
      () => Promise.all([a.scheduler.tick(), b.scheduler.tick()]),
      "2026-11-28T11:58:00Z",
      "2026-11-28T12:03:00Z",
    );
    expect([...a.pusher.pushed, ...b.pusher.pushed].map((push) => push.at)).toEqual([
      "2026-11-28T12:00:00.000Z",
    ]);

    // A slow push on one scheduler: the other still sees the claim and stays quiet.
    let release = () => {};
    a.pusher.gate = new Promise((resolve) => (release = resolve));
    clock.set(new Date("2026-11-29T12:00:00Z"));
    const slow = a.scheduler.tick();
    await walkClock(clock, b.scheduler.tick, "2026-11-29T12:00:00Z", "2026-11-29T12:05:00Z");
    release();
    expect(await slow).toEqual({ sent: 1, failed: 0, skipped: 0 });
    const all = [...a.pusher.pushed, ...b.pusher.pushed].map((push) => push.at).sort();
    expect(all).toEqual(["2026-11-28T12:00:00.000Z", "2026-11-29T12:00:00.000Z"]);
  });

  it("lets exactly one of two connections claim a day, even when both decided before either claimed", async () => {
    const path = tempDb();
    const clock = new FakeClock(new Date("2026-11-28T12:00:00Z"));
    const a = processOn(path, clock);
    const b = processOn(path, clock);
    clock.set(new Date("2026-11-28T09:00:00Z"));
    await a.say("/remind 21:00");
    clock.set(new Date("2026-11-28T12:00:00Z"));
    const [reminder] = b.stores.reminders.scheduled(["local"]);
    const claim = {
      userId: reminder!.userId,
      localDate: "2026-11-28",
      scheduledFor: new Date("2026-11-28T12:00:00Z"),
      minuteOfDay: 1260,
      status: "claimed" as const,
    };
    expect(b.stores.reminders.claimedSince(new Date("2026-11-27T00:00:00Z")).size).toBe(0);
    expect(a.stores.reminders.claim(claim, clock.now())).toBe(true);
    expect(b.stores.reminders.claim(claim, clock.now())).toBe(false);
    expect(sends(b.db)).toEqual([
      { local_date: "2026-11-28", status: "claimed", scheduled_for: "2026-11-28T12:00:00.000Z" },
    ]);
  });
});
