import type { LessonCatalog } from "../../lessons/catalog.ts";
import type { Locale } from "../conversation.ts";
import { text, type Reply } from "../reply.ts";
import type { QuizAnswer } from "./history-store.ts";
import { earnsSpeedBonus } from "./scoring.ts";

export interface StandingLine {
  rank: number;
  userId: number;
  name: string;
  points: number;
  correct: number;
  answered: number;
  /** Quizzes of the week the member answered in. */
  quizzes: number;
}

export interface WeeklyStandings {
  /** The Monday and Sunday of the week reported (local dates). */
  from: string;
  to: string;
  quizzes: number;
  lines: StandingLine[];
  mostMissed?: { questionId: string; wrong: number; answered: number };
}

/**
 * A week of group quizzes in one chat: points as each quiz's scoreboard counts them (1 per right answer,
 * +1 speed bonus where the quiz had it), participation (quizzes answered in), and the question missed most
 * (most wrong answers; then the lower share right).
 */
export function weeklyStandings(
  week: { from: string; to: string; quizzes: number },
  answers: readonly QuizAnswer[],
): WeeklyStandings {
  const members = new Map<number, Omit<StandingLine, "rank"> & { quizIds: Set<number> }>();
  const questions = new Map<string, { wrong: number; answered: number }>();
  for (const answer of answers) {
    const line = members.get(answer.userId) ?? {
      userId: answer.userId,
      name: answer.name,
      points: 0,
      correct: 0,
      answered: 0,
      quizzes: 0,
      quizIds: new Set<number>(),
    };
    const bonus = earnsSpeedBonus(answer, answer.seconds, answer.speedBonus) ? 1 : 0;
    line.answered += 1;
    line.correct += answer.correct ? 1 : 0;
    line.points += (answer.correct ? 1 : 0) + bonus;
    line.quizIds.add(answer.quizId);
    line.quizzes = line.quizIds.size;
    members.set(answer.userId, line);
    const question = questions.get(answer.questionId) ?? { wrong: 0, answered: 0 };
    question.answered += 1;
    question.wrong += answer.correct ? 0 : 1;
    questions.set(answer.questionId, question);
  }
  const sorted = [...members.values()]
    .map(({ quizIds: _quizIds, ...line }) => line)
    .sort(
      (a, b) =>
        b.points - a.points || b.quizzes - a.quizzes || b.correct - a.correct || a.name.localeCompare(b.name),
    );
  const lines = sorted.map((line) => ({
    ...line,
    rank: sorted.findIndex((other) => other.points === line.points) + 1,
  }));
  const [missed] = [...questions.entries()]
    .filter(([, tally]) => tally.wrong > 0)
    .sort(
      ([idA, a], [idB, b]) =>
        b.wrong - a.wrong || a.wrong / a.answered - b.wrong / b.answered || idA.localeCompare(idB),
    );
  return {
    ...week,
    lines,
    ...(missed ? { mostMissed: { questionId: missed[0], ...missed[1] } } : {}),
  };
}

const MEDALS = ["🥇", "🥈", "🥉"];

/** Monday's post: last week's table, and the question to look at again. */
export function renderStandings(standings: WeeklyStandings, lessons: LessonCatalog, locale: Locale): Reply[] {
  const ja = locale === "ja";
  const span = `${standings.from.slice(5).replace("-", "/")}〜${standings.to.slice(5).replace("-", "/")}`;
  const title = ja
    ? `📊 先週のクイズ成績(${span}・クイズ ${standings.quizzes} 回)`
    : `📊 Last week's quiz standings (${span} · ${standings.quizzes} quiz${standings.quizzes === 1 ? "" : "zes"})`;
  const rows = standings.lines.map((line) => {
    const place = MEDALS[line.rank - 1] ?? `${line.rank}.`;
    return ja
      ? `${place} ${line.name} — ${line.points} 点(参加 ${line.quizzes}/${standings.quizzes} 回・正解 ${line.correct}/${line.answered})`
      : `${place} ${line.name} — ${line.points} pt${line.points === 1 ? "" : "s"} (took part in ${line.quizzes}/${standings.quizzes} · ${line.correct}/${line.answered} right)`;
  });
  const body = rows.length > 0 ? rows : [ja ? "回答した人はいませんでした。" : "Nobody answered."];
  const missed = standings.mostMissed;
  const question = missed && lessons.question(missed.questionId);
  const missedLine = question
    ? ja
      ? `❌ いちばん間違えた問題: STEP ${question.step} 問題 ${question.number}「${question.title}」(${missed.answered} 回中 ${missed.wrong} 回不正解)→ 正解は ${question.answer}. ${question.choices[question.answer]}`
      : `❌ Most missed: step ${question.step} question ${question.number} "${question.title}" (${missed.wrong} of ${missed.answered} answers wrong) → the answer is ${question.answer}. ${question.choices[question.answer]}`
    : undefined;
  const footer = ja ? "今週もがんばりましょう!" : "Have a good week of study!";
  return [text([title, ...body, ...(missedLine ? ["", missedLine] : []), "", footer].join("\n"))];
}
