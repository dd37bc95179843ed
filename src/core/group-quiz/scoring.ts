import type { RoundAnswer } from "./store.ts";

/**
 * Points: 1 per correct answer, plus 1 speed bonus point for a correct answer given within the first half
 * of the question's time (unless the quiz was started with bonus=off).
 */
export const earnsSpeedBonus = (
  answer: Pick<RoundAnswer, "correct" | "elapsedMs">,
  seconds: number,
  bonusOn: boolean,
): boolean => bonusOn && answer.correct && answer.elapsedMs <= (seconds * 1000) / 2;

export interface ScoreLine {
  rank: number;
  userId: number;
  name: string;
  points: number;
  correct: number;
  answered: number;
  bonus: number;
}

/** Totals per member, best first; equal points share a rank (1, 1, 3). */
export function scoreboard(answers: readonly RoundAnswer[], seconds: number, bonusOn: boolean): ScoreLine[] {
  const byUser = new Map<number, Omit<ScoreLine, "rank">>();
  for (const answer of answers) {
    const line = byUser.get(answer.userId) ?? {
      userId: answer.userId,
      name: answer.name,
      points: 0,
      correct: 0,
      answered: 0,
      bonus: 0,
    };
    const bonus = earnsSpeedBonus(answer, seconds, bonusOn) ? 1 : 0;
    line.answered += 1;
    line.correct += answer.correct ? 1 : 0;
    line.bonus += bonus;
    line.points += (answer.correct ? 1 : 0) + bonus;
    byUser.set(answer.userId, line);
  }
  const sorted = [...byUser.values()].sort(
    (a, b) => b.points - a.points || b.correct - a.correct || a.name.localeCompare(b.name),
  );
  return sorted.map((line, index) => {
    const firstEqual = sorted.findIndex((other) => other.points === line.points);
    return { ...line, rank: firstEqual === -1 ? index + 1 : firstEqual + 1 };
  });
}
