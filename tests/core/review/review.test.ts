import { describe, expect, it } from "vitest";
import { actionsOf, createTestBot, textOf, type TestBot } from "../../helpers/core.ts";

const DAY = 86_400_000;
/** Long enough after the question that a right answer is Good, not Easy (see rating.ts). */
const THINK = 60_000;

describe("/review through the bot", () => {
  const card = (bot: TestBot, questionId = "14-1") =>
    bot.db
      .prepare(
        "SELECT due_on, scheduled_days, reps, lapses, last_rating FROM review_cards WHERE question_id = ?",
      )
      .get(questionId);
  const nextDay = (bot: TestBot, days = 1) => bot.clock.advance(days * DAY);
  const answer = async (bot: TestBot, choice: string) => {
    bot.clock.advance(THINK);
    return textOf(await bot.say(`/answer ${choice}`));
  };

  it("brings a wrong answer back the next day, then waits longer after each right review", async () => {
    const bot = createTestBot(); // 2026-11-28 18:00 JST
    await bot.say("/quiz");
    expect(await answer(bot, "B")).toContain("📚 この問題は明日もう一度復習します。");
    expect(card(bot)).toMatchObject({ due_on: "2026-11-29", scheduled_days: 1, lapses: 0, last_rating: 1 });
    expect(textOf(await bot.say("/review"))).toContain("次の復習は明日(2026-11-29)");
    expect(textOf(await bot.say("/stats"))).toContain("📚 復習待ち: 0 問(復習中 1 問)");

    nextDay(bot);
    expect(textOf(await bot.say("/stats"))).toContain("📚 復習待ち: 1 問(復習中 1 問) → /review");
    const asked = await bot.say("復習");
    expect(textOf(asked)).toContain("📚 復習(前回の間隔 1 日・復習待ち 1 問)");
    expect(textOf(asked)).toContain("問題 1/4");
    const [tapA] = actionsOf(asked).filter((action) => action.startsWith("/answer A"));
    bot.clock.advance(THINK);
    const graded = textOf(await bot.say(tapA!, { isAction: true }));
    const first = card(bot) as { scheduled_days: number; due_on: string };
    expect(first.scheduled_days).toBeGreaterThan(1);
    expect(graded).toContain(
      `📚 復習の間隔 1 日 → ${first.scheduled_days} 日。次の復習は ${first.due_on} です。`,
    );

    // Answering right again before it is due changes nothing.
    await bot.say("/quiz 14 1");
    await answer(bot, "A");
    expect(card(bot)).toEqual(first);

    // Each right review on its due date waits longer than the one before.
    let previous = first.scheduled_days;
    for (let review = 0; review < 3; review++) {
      bot.clock.set(new Date(`${(card(bot) as { due_on: string }).due_on}T09:00:00Z`));
      expect(textOf(await bot.say("/review"))).toContain(`前回の間隔 ${previous} 日`);
      await answer(bot, "A");
      const now = card(bot) as { scheduled_days: number };
      expect(now.scheduled_days).toBeGreaterThan(previous);
      previous = now.scheduled_days;
    }
    // Forgetting it starts over from tomorrow.
    bot.clock.set(new Date(`${(card(bot) as { due_on: string }).due_on}T09:00:00Z`));
    await bot.say("/review");
    expect(await answer(bot, "C")).toContain("明日もう一度");
    expect(card(bot)).toMatchObject({ scheduled_days: 1, lapses: 1, reps: 6 });
    // A second miss that day changes nothing more.
    await bot.say("/quiz 14 1");
    await answer(bot, "D");
    expect(card(bot)).toMatchObject({ scheduled_days: 1, lapses: 1, reps: 6 });
  });

  it("schedules a right first answer a few days out, further when it came fast", async () => {
    const bot = createTestBot();
    await bot.say("/quiz 14 1");
    expect(await answer(bot, "A")).toMatch(/📚 次の復習は \d+ 日後/);
    const good = card(bot, "14-1") as { scheduled_days: number; last_rating: number };
    expect(good.last_rating).toBe(3);
    await bot.say("/quiz 14 2");
    const question = bot.bot.services.lessons.question("14-2");
    const fast = textOf(await bot.say(`/answer ${question?.answer}`)); // at once
    expect(fast).toContain("⚡ すばやく正解!");
    const easy = card(bot, "14-2") as { scheduled_days: number; last_rating: number };
    expect(easy.last_rating).toBe(4);
    expect(easy.scheduled_days).toBeGreaterThan(good.scheduled_days);
  });

  it("logs every review with its rating, timing and the card before it", async () => {
    const bot = createTestBot();
    await bot.say("/quiz 14 1");
    await answer(bot, "B");
    nextDay(bot);
    await bot.say("/review");
    await answer(bot, "A");
    const user = bot.db.prepare("SELECT id FROM users").get() as { id: number };
    const log = bot.bot.services.stores.review.log(user.id, "14-1");
    expect(log.map((entry) => [entry.rating, entry.answeredInMs, entry.before.state])).toEqual([
      [1, THINK, 0],
      [3, THINK, 2],
    ]);
    expect(log[1]?.before.scheduled_days).toBe(1);
    expect(log.every((entry) => entry.promptId !== null)).toBe(true);
  });

  it("offers to keep reviewing while more are due", async () => {
    const bot = createTestBot();
    for (const [number, wrong] of [
      [1, "B"],
      [2, "A"],
    ] as const) {
      await bot.say(`/quiz 14 ${number}`);
      await answer(bot, wrong);
    }
    nextDay(bot);
    await bot.say("/review");
    bot.clock.advance(THINK);
    const graded = await bot.say("/answer A");
    expect(actionsOf(graded)).toContain("/review");
    expect(textOf(graded)).toContain("📚 復習を続ける(あと 1)");
    expect(textOf(await bot.say("/review"))).toContain("問題 2/4");
    expect(actionsOf(await bot.say("/answer D"))).not.toContain("/review");
  });

  it("counts days in the user's own time zone", async () => {
    const bot = createTestBot();
    bot.clock.set(new Date("2026-11-28T04:30:00Z")); // 23:30 on the 27th in New York, 13:30 on the 28th in Tokyo
    await bot.say("/timezone America/New_York");
    await bot.say("/quiz");
    await bot.say("/answer B");
    expect(card(bot)).toMatchObject({ due_on: "2026-11-28" });
    bot.clock.set(new Date("2026-11-28T05:30:00Z")); // 00:30 on the 28th in New York
    expect(textOf(await bot.say("/review"))).toContain("問題 1/4");
  });
});

describe("due counts per day", () => {
  it("counts overdue cards on the first day and lists every day, empty ones too", async () => {
    const bot = createTestBot(); // 2026-11-28 in Tokyo
    for (const [number, choice] of [
      [1, "B"],
      [2, "A"],
      [3, "A"],
    ] as const) {
      await bot.say(`/quiz 14 ${number}`);
      await bot.say(`/answer ${choice}`);
    }
    const user = bot.db.prepare("SELECT id FROM users").get() as { id: number };
    const { review } = bot.bot.services.stores;
    const dueOn = (
      bot.db.prepare("SELECT due_on FROM review_cards ORDER BY due_on").all() as { due_on: string }[]
    ).map((row) => row.due_on);
    const days = review.dueCounts(user.id, "2026-11-28", 30);
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ date: "2026-11-28", due: 0 });
    expect(days.reduce((sum, day) => sum + day.due, 0)).toBe(3);
    for (const date of dueOn) expect(days.find((day) => day.date === date)?.due).toBeGreaterThan(0);
    // Seen from a later date, what is overdue falls on that first day.
    const later = review.dueCounts(user.id, "2027-06-01", 2);
    expect(later).toEqual([
      { date: "2027-06-01", due: 3 },
      { date: "2027-06-02", due: 0 },
    ]);
    expect(review.dueCounts(user.id, "2026-11-28", 0)).toEqual([]);
  });
});
