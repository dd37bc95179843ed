import type { Db } from "../../db/open.ts";
import { localDate } from "../time/zone.ts";

export interface StepStats {
  step: number;
  attempts: number;
  correct: number;
  /** Distinct questions answered at least once. */
  questionsAnswered: number;
}

export interface Streaks {
  current: number;
  best: number;
}

export class StatsStore {
  constructor(private readonly db: Db) {}

  perStep(userId: number): StepStats[] {
    return this.db
      .prepare<[number], { step: number; attempts: number; correct: number; questions: number }>(
        `SELECT step, COUNT(*) AS attempts, SUM(correct) AS correct, COUNT(DISTINCT question_id) AS questions
         FROM attempts WHERE user_id = ? GROUP BY step ORDER BY step`,
      )
      .all(userId)
      .map((row) => ({
        step: row.step,
        attempts: row.attempts,
        correct: row.correct,
        questionsAnswered: row.questions,
      }));
  }

  /** Runs of consecutive correct answers, over all the user's answers in order. */
  correctStreaks(userId: number): Streaks {
    const rows = this.db
      .prepare<[number], { correct: number }>("SELECT correct FROM attempts WHERE user_id = ? ORDER BY id")
      .all(userId);
    let current = 0;
    let best = 0;
    for (const row of rows) {
      current = row.correct === 1 ? current + 1 : 0;
      best = Math.max(best, current);
    }
    return { current, best };
  }

  /** The local dates (in `timeZone`, ascending) on which the user answered at least one question. */
  answerDays(userId: number, timeZone: string): string[] {
    // One row per distinct answer minute: every zone's offset is whole minutes, so no day is split.
    const minutes = this.db
      .prepare<[number], { minute: string }>(
        "SELECT DISTINCT substr(answered_at, 1, 16) AS minute FROM attempts WHERE user_id = ? ORDER BY minute",
      )
      .all(userId);
    const days = new Set(minutes.map((row) => localDate(new Date(`${row.minute}:00Z`), timeZone)));
    return [...days].sort();
  }
}
