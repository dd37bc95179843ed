import { count, pick } from "../i18n.ts";
import { refuseSoloDuringGroupQuiz } from "../group-quiz/solo-guard.ts";
import { text, type Reply } from "../reply.ts";
import { daysBetween, localDate } from "../time/zone.ts";
import { ask } from "./quiz.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

export const reviewCommand: Command = {
  name: "review",
  aliases: ["復習"],
  summary: {
    ja: "答えた問題を間隔をあけて復習する(復習日の来た問題から)",
    en: "Spaced review of the questions you have answered (due ones first)",
  },
  usage: [
    "/review — 復習日の来た問題を出題 / ask the next question due for review",
    "答えた問題は FSRS で復習日が決まります。間違えると翌日、正解するたびに間隔がのびます(すばやい正解はさらに)。",
    "Answered questions are scheduled by FSRS: a wrong answer comes back the next day; each right review waits longer (a quick one even longer).",
  ],
  privateInGroups: true,
  run(context) {
    refuseSoloDuringGroupQuiz(context);
    const { stores, lessons, clock } = context.services;
    const today = localDate(clock.now(), stores.timeZones.get(context.userId));
    for (const card of stores.review.due(context.userId, today, 20)) {
      const question = lessons.question(card.questionId);
      const lesson = question && lessons.step(question.step);
      if (!question || !lesson) {
        // The question left the lessons: nothing to review any more.
        stores.review.remove(context.userId, card.questionId);
        continue;
      }
      const { due } = stores.review.counts(context.userId, today);
      const interval = card.card.scheduled_days;
      const header = pick(context.locale, {
        ja: `📚 復習(前回の間隔 ${interval} 日・復習待ち ${due} 問)`,
        en: `📚 Review (last interval ${count(interval, "day")} · ${due} due)`,
      });
      return [text(header), ...ask(context, lesson, question)];
    }
    return nothingDue(context, today);
  },
};

/**
 * No card is due today. Nothing says whether one was reviewed today (a card answered right moves on, one
 * retired is gone), so this says what is true either way: none due, and when the next one is.
 */
function nothingDue(context: CommandContext, today: string): Reply[] {
  const { total, nextDueOn } = context.services.stores.review.counts(context.userId, today);
  if (total === 0) {
    return [
      text(
        pick(context.locale, {
          ja: "📚 復習する問題はありません。/quiz で答えた問題が、復習日になるとここに出てきます。",
          en: "📚 Nothing to review. Questions you answer in /quiz come back here when they are due.",
        }),
      ),
    ];
  }
  const days = nextDueOn ? daysBetween(today, nextDueOn) : 0;
  const when = pick(context.locale, {
    ja: days === 1 ? `明日(${nextDueOn})` : `${days} 日後(${nextDueOn})`,
    en: days === 1 ? `tomorrow (${nextDueOn})` : `in ${count(days, "day")} (${nextDueOn})`,
  });
  return [
    text(
      pick(context.locale, {
        ja: `📚 今日復習する問題はありません。次の復習は${when}で、復習中の問題は ${total} 問です。`,
        en: `📚 No reviews due today. The next one is ${when}; ${count(total, "question")} in review.`,
      }),
    ),
  ];
}
