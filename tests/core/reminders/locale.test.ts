import { describe, expect, it } from "vitest";
import { createReminderScheduler } from "../../../src/core/reminders/scheduler.ts";
import { createTestBot, textOf, type TestBot } from "../../helpers/core.ts";
import { RecordingLogger } from "../../helpers/logger.ts";
import { RecordingPusher } from "./helpers.ts";

/** The reminder pushed at 21:00 Tokyo time on the test day. */
async function reminderText(bot: TestBot): Promise<string> {
  const pusher = new RecordingPusher(bot.clock);
  const { stores, lessons } = bot.bot.services;
  const scheduler = createReminderScheduler({
    stores,
    lessons,
    clock: bot.clock,
    pushers: { local: pusher },
    logger: new RecordingLogger(),
  });
  bot.clock.set(new Date("2026-11-28T12:00:00Z"));
  await scheduler.tick();
  expect(pusher.pushed).toHaveLength(1);
  return textOf(pusher.pushed[0]?.replies ?? []);
}

describe("the language of reminders", () => {
  it("follows the platform's language seen when the reminder was set, for users who never chose one", async () => {
    const bot = createTestBot();
    expect(textOf(await bot.say("/remind 21:00", { locale: "en" }))).toContain("I will remind you daily");
    expect(await reminderText(bot)).toContain("⏰ Time for today's study!");
  });

  it("follows the user's own choice (/lang) first", async () => {
    const bot = createTestBot();
    await bot.say("/remind 21:00", { locale: "en" });
    await bot.say("/lang ja", { locale: "en" });
    expect(await reminderText(bot)).toContain("⏰ 今日の学習の時間です!");
  });

  it("is Japanese with neither", async () => {
    const bot = createTestBot();
    await bot.say("/remind 21:00");
    expect(await reminderText(bot)).toContain("⏰ 今日の学習の時間です!");
  });

  it("takes the hint of the latest /remind", async () => {
    const bot = createTestBot();
    await bot.say("/remind 21:00", { locale: "en" });
    await bot.say("/remind 21:00", { locale: "ja" });
    expect(await reminderText(bot)).toContain("⏰ 今日の学習の時間です!");
  });
});
