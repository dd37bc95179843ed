import { code, text } from "../reply.ts";
import type { Command } from "./types.ts";

export const statsCommand: Command = {
  name: "stats",
  aliases: ["成績", "統計"],
  summary: { ja: "成績(正答率・回答数・連続正解)", en: "Your stats (accuracy, answers, correct streak)" },
  usage: ["/stats"],
  run(context) {
    const { stores, lessons } = context.services;
    const ja = context.locale === "ja";
    const perStep = stores.stats.perStep(context.userId);
    if (perStep.length === 0) {
      return [
        text(ja ? "📊 まだ回答がありません。/quiz で始めましょう!" : "📊 No answers yet. Start with /quiz!"),
      ];
    }
    const streaks = stores.stats.correctStreaks(context.userId);
    const rows = perStep.map((row) => {
      const total = lessons.step(row.step)?.questions.length ?? row.questionsAnswered;
      const accuracy = Math.round((row.correct / row.attempts) * 100);
      return ja
        ? `STEP ${row.step}: 正答率 ${accuracy}% (${row.correct}/${row.attempts} 回) ・ 解いた問題 ${row.questionsAnswered}/${total}`
        : `Step ${row.step}: accuracy ${accuracy}% (${row.correct}/${row.attempts}) · questions answered ${row.questionsAnswered}/${total}`;
    });
    const totals = perStep.reduce(
      (sum, row) => ({ attempts: sum.attempts + row.attempts, correct: sum.correct + row.correct }),
      {
        attempts: 0,
        correct: 0,
      },
    );
    const summary = ja
      ? `回答 ${totals.attempts} 回 ・ 正解 ${totals.correct} 回\n🔥 連続正解: ${streaks.current}(最高 ${streaks.best})`
      : `${totals.attempts} answers · ${totals.correct} correct\n🔥 Correct streak: ${streaks.current} (best ${streaks.best})`;
    return [text(ja ? "📊 あなたの成績" : "📊 Your stats"), code(rows.join("\n")), text(summary)];
  },
};
