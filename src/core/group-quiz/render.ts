import type { Lesson, Question } from "../../lessons/lesson.ts";
import type { Locale } from "../conversation.ts";
import { pick } from "../i18n.ts";
import { blocksToReplies } from "../render/blocks.ts";
import { text, type Reply } from "../reply.ts";
import { earnsSpeedBonus, type ScoreLine } from "./scoring.ts";
import type { EndReason, GroupQuiz, RoundAnswer } from "./store.ts";

export function renderIntro(
  quiz: GroupQuiz,
  lesson: Lesson,
  total: number,
  locale: Locale,
  scheduled = false,
): Reply {
  const bonus = quiz.speedBonus
    ? pick(locale, {
        ja: "⚡ 制限時間の前半で正解するとボーナス +1 点。",
        en: "⚡ A correct answer in the first half of the time earns +1 bonus point.",
      })
    : pick(locale, { ja: "スピードボーナスなし。", en: "No speed bonus." });
  const heading = scheduled
    ? pick(locale, { ja: "⏰ 定期クイズの時間です!\n", en: "⏰ Time for the scheduled quiz!\n" })
    : "";
  return text(
    heading +
      pick(locale, {
        ja:
          `🎮 グループクイズ開始!STEP ${lesson.step}: ${lesson.title} ・全 ${total} 問 ・各 ${quiz.seconds} 秒\n` +
          `ボタンで回答してください(1 人 1 回)。正解 1 点、${bonus}\n終了するには /quiz stop`,
        en:
          `🎮 Group quiz! Step ${lesson.step}: ${lesson.title} · ${total} questions · ${quiz.seconds} s each\n` +
          `Tap a choice to answer (once each). 1 point per correct answer. ${bonus}\nEnd it with /quiz stop`,
      }),
  );
}

/**
 * The question as solo quizzes show it, with a hint that names the deadline. A typed answer in the chat
 * goes to the question on the table, so the hint needs no number (a typed number means a question's).
 */
export function withRoundHint(question: Reply[], seconds: number, locale: Locale): Reply[] {
  const hint = pick(locale, {
    ja: `⏱ ${seconds} 秒以内にボタンで回答(入力なら /answer A または「回答 A」)`,
    en: `⏱ ${seconds} s to answer: tap a choice (or type /answer A)`,
  });
  return question.map((reply) => (reply.kind === "choices" ? { ...reply, prompt: hint } : reply));
}

/** At the end of a round: the answer, the explanation and who got it right. */
export function renderRoundResult(
  question: Question,
  position: number,
  total: number,
  answers: readonly RoundAnswer[],
  quiz: GroupQuiz,
  locale: Locale,
): Reply[] {
  const answer = `${question.answer}. ${question.choices[question.answer]}`;
  const right = answers.filter((entry) => entry.correct);
  const names = right.map(
    (entry) => `${entry.name}${earnsSpeedBonus(entry, quiz.seconds, quiz.speedBonus) ? " ⚡" : ""}`,
  );
  const who =
    answers.length === 0
      ? pick(locale, { ja: "回答はありませんでした。", en: "Nobody answered." })
      : right.length === 0
        ? pick(locale, {
            ja: `正解者なし(回答 ${answers.length} 人)`,
            en: `Nobody got it right (${answers.length} answered).`,
          })
        : pick(locale, {
            ja: `✅ 正解: ${names.join("、")}(${right.length}/${answers.length} 人)`,
            en: `✅ Right: ${names.join(", ")} (${right.length}/${answers.length})`,
          });
  return [
    text(
      pick(locale, {
        ja: `⏰ 問題 ${position}/${total} 終了!正解は ${answer}\n${who}\n\n💡 ${question.explanationTitle}`,
        en: `⏰ Time's up for question ${position}/${total}! The answer is ${answer}\n${who}\n\n💡 ${question.explanationTitle}`,
      }),
    ),
    ...blocksToReplies(question.explanation),
  ];
}

const MEDALS = ["🥇", "🥈", "🥉"];

export function renderScoreboard(
  lines: readonly ScoreLine[],
  context: { lesson: Lesson; asked: number; total: number; reason: EndReason },
  locale: Locale,
): Reply[] {
  const title =
    context.reason === "finished"
      ? pick(locale, {
          ja: `🏆 結果発表 — STEP ${context.lesson.step} グループクイズ(全 ${context.total} 問)`,
          en: `🏆 Final scores — step ${context.lesson.step} group quiz (${context.total} questions)`,
        })
      : pick(locale, {
          ja: `⏹ グループクイズを終了しました(${context.asked}/${context.total} 問)。ここまでの成績:`,
          en: `⏹ Group quiz stopped after ${context.asked}/${context.total} questions. Scores so far:`,
        });
  if (lines.length === 0) {
    return [
      text(`${title}\n${pick(locale, { ja: "回答した人はいませんでした。", en: "Nobody answered." })}`),
    ];
  }
  const rows = lines.map((line) => {
    const place = MEDALS[line.rank - 1] ?? `${line.rank}.`;
    const bonus = line.bonus > 0 ? pick(locale, { ja: ` ・⚡${line.bonus}`, en: ` · ⚡${line.bonus}` }) : "";
    return pick(locale, {
      ja: `${place} ${line.name} — ${line.points} 点(正解 ${line.correct}/${line.answered}${bonus})`,
      en: `${place} ${line.name} — ${line.points} pt${line.points === 1 ? "" : "s"} (${line.correct}/${line.answered} correct${bonus})`,
    });
  });
  const footer = pick(locale, {
    ja: "お疲れさまでした!もう一度: /quiz group",
    en: "Well played! Again: /quiz group",
  });
  return [text(`${title}\n${rows.join("\n")}\n\n${footer}`)];
}
