import { describe, expect, it } from "vitest";
import { dayStreaks } from "../../../src/core/streaks/day-streaks.ts";
import { createTestBot, textOf, type TestBot } from "../../helpers/core.ts";

describe("day streaks", () => {
  it("count consecutive study days, alive until the end of the next day", () => {
    const days = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-10", "2026-11-11"];
    expect(dayStreaks(days, "2026-11-11")).toEqual({ current: 2, best: 3, studiedToday: true });
    expect(dayStreaks(days, "2026-11-12")).toEqual({ current: 2, best: 3, studiedToday: false });
    expect(dayStreaks(days, "2026-11-13")).toEqual({ current: 0, best: 3, studiedToday: false });
    expect(dayStreaks([], "2026-11-13")).toEqual({ current: 0, best: 0, studiedToday: false });
    expect(dayStreaks(["2026-02-28", "2026-03-01"], "2026-03-01")).toMatchObject({ current: 2 });
  });

  const answerAt = async (bot: TestBot, iso: string) => {
    bot.clock.set(new Date(iso));
    await bot.say("/quiz 14 1");
    await bot.say("/answer A");
  };
  const streakLine = async (bot: TestBot) =>
    textOf(await bot.say("/stats"))
      .split("\n")
      .find((line) => line.includes("🔥"));

  it("split days at midnight in the user's time zone", async () => {
    const newYork = createTestBot();
    await newYork.say("/timezone America/New_York");
    const tokyo = createTestBot();
    for (const bot of [newYork, tokyo]) {
      await answerAt(bot, "2026-11-28T04:30:00Z"); // 23:30 on the 27th in New York; 13:30 on the 28th in Tokyo
      await answerAt(bot, "2026-11-28T05:30:00Z"); // 00:30 on the 28th in New York; 14:30 in Tokyo
    }
    expect(await streakLine(newYork)).toBe("🔥 連続学習: 2 日(最高 2 日)");
    expect(await streakLine(tokyo)).toBe("🔥 連続学習: 1 日(最高 1 日)");

    // Still alive the next local day before answering; broken the day after.
    newYork.clock.set(new Date("2026-11-30T04:00:00Z")); // 23:00 on the 29th in New York
    expect(await streakLine(newYork)).toBe("🔥 連続学習: 2 日(最高 2 日) ・今日はまだ");
    newYork.clock.set(new Date("2026-11-30T05:00:00Z")); // 00:00 on the 30th
    expect(await streakLine(newYork)).toBe("🔥 連続学習: 0 日(最高 2 日) ・今日はまだ");
    await answerAt(newYork, "2026-11-30T06:00:00Z");
    expect(await streakLine(newYork)).toBe("🔥 連続学習: 1 日(最高 2 日)");
  });

  it("show next to the correct streak, in English too", async () => {
    const bot = createTestBot();
    await bot.say("/lang en");
    await answerAt(bot, "2026-11-28T09:00:00Z");
    await answerAt(bot, "2026-11-29T09:00:00Z");
    await answerAt(bot, "2026-11-30T09:00:00Z");
    const stats = textOf(await bot.say("/stats"));
    expect(stats).toContain("🔥 Day streak: 3 (best 3)");
    expect(stats).toContain("🎯 Correct streak: 3 (best 3)");
    expect(stats).toContain("📚 Reviews due: 0 (1 in review)");
  });
});
