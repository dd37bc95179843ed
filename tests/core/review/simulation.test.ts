import { describe, expect, it } from "vitest";
import { Rating } from "ts-fsrs";
import { fastAnswerLimitMs, ratingFor } from "../../../src/core/review/rating.ts";
import { addDays, daysBetween, localDate } from "../../../src/core/time/zone.ts";
import { actionsOf, createTestBot, textOf, type TestBot } from "../../helpers/core.ts";

const THINK = 30_000;
const TOKYO = "Asia/Tokyo";

/** Which question a reply asks: the prompt id its answer buttons carry. */
function askedQuestion(bot: TestBot, replies: Awaited<ReturnType<TestBot["say"]>>): string | undefined {
  const action = actionsOf(replies).find((candidate) => candidate.startsWith("/answer A "));
  const promptId = action?.split(" ")[2];
  if (!promptId) return undefined;
  const row = bot.db.prepare("SELECT question_id FROM quiz_prompts WHERE id = ?").get(Number(promptId)) as
    { question_id: string } | undefined;
  return row?.question_id;
}

interface Review {
  day: string;
  correct: boolean;
  /** Days until the next review, as scheduled by this one. */
  interval: number;
}

/**
 * A learner who, every evening for 60 days, reviews everything due. They always remember 14-1 and 14-2,
 * forget 14-3 on its 2nd and 4th reviews, and 14-4 the first time only.
 */
async function simulate(bot: TestBot) {
  const lessons = bot.bot.services.lessons;
  const reviews = new Map<string, Review[]>();
  const shownPerDay = new Map<string, number>();
  const forget = (questionId: string, nth: number) =>
    (questionId === "14-3" && (nth === 2 || nth === 4)) || (questionId === "14-4" && nth === 0);
  const answer = async (questionId: string) => {
    const question = lessons.question(questionId);
    if (!question) throw new Error(questionId);
    const history = reviews.get(questionId) ?? [];
    const correct = !forget(questionId, history.length);
    const choice = correct ? question.answer : question.answer === "A" ? "B" : "A";
    bot.clock.advance(THINK);
    await bot.say(`/answer ${choice}`);
    const card = bot.db.prepare("SELECT due_on FROM review_cards WHERE question_id = ?").get(questionId) as {
      due_on: string;
    };
    const day = localDate(bot.clock.now(), TOKYO);
    history.push({ day, correct, interval: daysBetween(day, card.due_on) });
    reviews.set(questionId, history);
  };

  const start = "2026-11-28";
  for (let offset = 0; offset < 60; offset++) {
    const day = addDays(start, offset);
    bot.clock.set(new Date(`${day}T11:00:00Z`)); // 20:00 in Tokyo
    if (offset === 0) {
      for (const number of [1, 2, 3, 4]) {
        await bot.say(`/quiz 14 ${number}`);
        await answer(`14-${number}`);
      }
      continue;
    }
    for (let guard = 0; guard < 10; guard++) {
      const asked = await bot.say("/review");
      const questionId = askedQuestion(bot, asked);
      if (!questionId) {
        expect(textOf(asked)).toMatch(/今日の復習は終わりです|復習する問題はありません/);
        break;
      }
      const key = `${day}/${questionId}`;
      shownPerDay.set(key, (shownPerDay.get(key) ?? 0) + 1);
      await answer(questionId);
    }
  }
  return { reviews, shownPerDay };
}

describe("FSRS reviews over 60 simulated days", () => {
  it("lengthens the intervals of remembered questions and resets forgotten ones, never due twice a day", async () => {
    const bot = createTestBot();
    const { reviews, shownPerDay } = await simulate(bot);

    // Nothing is asked twice in one day, and every review happened on the day it was due.
    expect([...shownPerDay.values()].every((times) => times === 1)).toBe(true);
    for (const history of reviews.values()) {
      for (let index = 1; index < history.length; index++) {
        const previous = history[index - 1]!;
        expect(history[index]!.day).toBe(addDays(previous.day, previous.interval));
      }
    }

    for (const questionId of ["14-1", "14-2"]) {
      const intervals = reviews.get(questionId)!.map((review) => review.interval);
      expect(intervals.length).toBeGreaterThanOrEqual(3);
      for (let index = 1; index < intervals.length; index++) {
        expect(intervals[index]).toBeGreaterThan(intervals[index - 1]!);
      }
    }

    const third = reviews.get("14-3")!;
    expect(third.filter((review) => !review.correct)).toHaveLength(2);
    third.forEach((review, index) => {
      if (review.correct) return;
      // Forgotten: back the next day, from an interval that had grown past that.
      expect(review.interval).toBe(1);
      expect(third[index - 1]!.interval).toBeGreaterThan(1);
      // Then it grows again.
      const after = third[index + 1];
      if (after?.correct) expect(after.interval).toBeGreaterThan(1);
    });

    const fourth = reviews.get("14-4")!;
    expect(fourth[0]).toMatchObject({ correct: false, interval: 1 });
    for (let index = 2; index < fourth.length; index++) {
      expect(fourth[index]!.interval).toBeGreaterThan(fourth[index - 1]!.interval);
    }

    // The log holds every review, and nothing stays due at the end of any evening.
    const total = [...reviews.values()].reduce((sum, history) => sum + history.length, 0);
    expect(bot.db.prepare("SELECT COUNT(*) AS n FROM review_log").get()).toEqual({ n: total });
    const user = bot.db.prepare("SELECT id FROM users").get() as { id: number };
    expect(bot.bot.services.stores.review.counts(user.id, localDate(bot.clock.now(), TOKYO)).due).toBe(0);
  });

  it("spaces reviews further apart at a lower target retention (MANABOT_RETENTION)", async () => {
    const intervalsAt = async (retention: number) => {
      const bot = createTestBot({ retention });
      const { reviews } = await simulate(bot);
      return reviews.get("14-1")!.map((review) => review.interval);
    };
    const relaxed = await intervalsAt(0.8);
    const strict = await intervalsAt(0.95);
    expect(relaxed[1]!).toBeGreaterThan(strict[1]!);
    expect(strict.length).toBeGreaterThan(relaxed.length);
  });
});

describe("grading an answer for FSRS", () => {
  const question = { prompt: "ドロップアウトは?", choices: { A: "a", B: "b", C: "c", D: "d" } };

  it("is Again when wrong, Easy when right within the question's reading time, else Good", () => {
    const limit = fastAnswerLimitMs(question);
    expect(limit).toBe(8_000); // a short question: the floor
    expect(ratingFor(false, 1_000, question)).toBe(Rating.Again);
    expect(ratingFor(true, limit, question)).toBe(Rating.Easy);
    expect(ratingFor(true, limit + 1, question)).toBe(Rating.Good);
    expect(ratingFor(true, undefined, question)).toBe(Rating.Good);
  });

  it("allows longer questions more time, up to 40 seconds", () => {
    const long = { prompt: "あ".repeat(200), choices: { A: "い".repeat(20), B: "", C: "", D: "" } };
    expect(fastAnswerLimitMs(long)).toBe(Math.round((220 / 8) * 1000 + 5000));
    expect(fastAnswerLimitMs({ ...long, prompt: "あ".repeat(2000) })).toBe(40_000);
  });
});
