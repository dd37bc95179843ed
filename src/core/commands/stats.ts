import { count, pick } from "../i18n.ts";
import { code, text } from "../reply.ts";
import { userDayStreaks } from "../streaks/user-streaks.ts";
import { localDate } from "../time/zone.ts";
import type { Command } from "./types.ts";

export const statsCommand: Command = {
  name: "stats",
  aliases: ["成績", "統計"],
  summary: {
    ja: "成績(正答率・回答数・連続学習日数・復習待ち)",
    en: "Your stats (accuracy, answers, day streak, reviews due)",
  },
  usage: ["/stats"],
  privateInGroups: true,
  run(context) {
    const { stores, lessons, clock } = context.services;
    const { locale } = context;
    const perStep = stores.stats.perStep(context.userId);
    if (perStep.length === 0) {
      return [
        text(
          pick(locale, {
            ja: "📊 まだ回答がありません。/quiz で始めましょう!",
            en: "📊 No answers yet. Start with /quiz!",
          }),
        ),
      ];
    }
    const streaks = stores.stats.correctStreaks(context.userId);
    const rows = perStep.map((row) => {
      const total = lessons.step(row.step)?.questions.length ?? row.questionsAnswered;
      const accuracy = Math.round((row.correct / row.attempts) * 100);
      return pick(locale, {
        ja: `STEP ${row.step}: 正答率 ${accuracy}% (${row.correct}/${row.attempts} 回) ・ 解いた問題 ${row.questionsAnswered}/${total}`,
        en: `Step ${row.step}: accuracy ${accuracy}% (${row.correct}/${row.attempts}) · questions answered ${row.questionsAnswered}/${total}`,
      });
    });
    const totals = perStep.reduce(
      (sum, row) => ({ attempts: sum.attempts + row.attempts, correct: sum.correct + row.correct }),
      {
        attempts: 0,
        correct: 0,
      },
    );
    const now = clock.now();
    const days = userDayStreaks(stores, context.userId, now);
    const review = stores.review.counts(context.userId, localDate(now, stores.timeZones.get(context.userId)));
    const summary = pick(locale, {
      ja:
        `回答 ${totals.attempts} 回 ・ 正解 ${totals.correct} 回\n` +
        `🔥 連続学習: ${days.current} 日(最高 ${days.best} 日)${days.studiedToday ? "" : " ・今日はまだ"}\n` +
        `🎯 連続正解: ${streaks.current}(最高 ${streaks.best})\n` +
        `📚 復習待ち: ${review.due} 問(復習中 ${review.total} 問)${review.due > 0 ? " → /review" : ""}`,
      en:
        `${count(totals.attempts, "answer")} · ${totals.correct} correct\n` +
        `🔥 Day streak: ${days.current} (best ${days.best})${days.studiedToday ? "" : " · not yet today"}\n` +
        `🎯 Correct streak: ${streaks.current} (best ${streaks.best})\n` +
        `📚 Reviews due: ${review.due} (${review.total} in review)${review.due > 0 ? " → /review" : ""}`,
    });
    return [
      text(pick(locale, { ja: "📊 あなたの成績", en: "📊 Your stats" })),
      code(rows.join("\n")),
      text(summary),
    ];
  },
};
