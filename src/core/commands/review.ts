import { count } from "../i18n.ts";
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
      const header =
        context.locale === "ja"
          ? `📚 復習(前回の間隔 ${interval} 日・復習待ち ${due} 問)`
          : `📚 Review (last interval ${count(interval, "day")} · ${due} due)`;
      return [text(header), ...ask(context, lesson, question)];
    }
    return nothingDue(context, today);
  },
};

function nothingDue(context: CommandContext, today: string): Reply[] {
  const { total, nextDueOn } = context.services.stores.review.counts(context.userId, today);
  const ja = context.locale === "ja";
  if (total === 0) {
    return [
      text(
        ja
          ? "📚 復習する問題はありません。/quiz で答えた問題が、復習日になるとここに出てきます。"
          : "📚 Nothing to review. Questions you answer in /quiz come back here when they are due.",
      ),
    ];
  }
  const days = nextDueOn ? daysBetween(today, nextDueOn) : 0;
  return [
    text(
      ja
        ? `🎉 今日の復習は終わりです。次の復習は ${days} 日後(${nextDueOn})、復習中の問題は ${total} 問です。`
        : `🎉 No reviews due today. Next one in ${count(days, "day")} (${nextDueOn}); ${count(total, "question")} in review.`,
    ),
  ];
}
