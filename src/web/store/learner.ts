import type { Db } from "../../db/open.ts";

export interface QuestionTally {
  questionId: string;
  step: number;
  attempts: number;
  correct: number;
  /** Whether the newest answer was right. */
  lastCorrect: boolean;
}

export interface AnswerRecord {
  questionId: string;
  step: number;
  choice: string;
  correct: boolean;
  answeredAt: string;
}

/** Read-only views of one learner's answers for the study page (attempts table). */
export class LearnerQueries {
  constructor(private readonly db: Db) {}

  /** Per question: how often answered, how often right, and whether the newest answer was right. */
  perQuestion(userId: number): QuestionTally[] {
    return this.db
      .prepare<
        [number],
        { question_id: string; step: number; attempts: number; correct: number; last_correct: number }
      >(
        `SELECT question_id, step, COUNT(*) AS attempts, SUM(correct) AS correct,
           (SELECT b.correct FROM attempts b WHERE b.user_id = a.user_id AND b.question_id = a.question_id
            ORDER BY b.id DESC LIMIT 1) AS last_correct
         FROM attempts a WHERE user_id = ? GROUP BY question_id, step ORDER BY step, question_id`,
      )
      .all(userId)
      .map((row) => ({
        questionId: row.question_id,
        step: row.step,
        attempts: row.attempts,
        correct: row.correct,
        lastCorrect: row.last_correct === 1,
      }));
  }

  /**
   * Answers per UTC minute (ISO "YYYY-MM-DDTHH:MM"), ascending: every zone's offset is whole minutes, so
   * the caller can count them per local day without splitting a day.
   */
  answersPerMinute(userId: number): { minute: string; count: number }[] {
    return this.db
      .prepare<[number], { minute: string; count: number }>(
        `SELECT substr(answered_at, 1, 16) AS minute, COUNT(*) AS count FROM attempts WHERE user_id = ?
         GROUP BY minute ORDER BY minute`,
      )
      .all(userId);
  }

  /** Every answer the learner gave, oldest first (their data download). */
  answers(userId: number): AnswerRecord[] {
    return this.db
      .prepare<
        [number],
        { question_id: string; step: number; choice: string; correct: number; answered_at: string }
      >(`SELECT question_id, step, choice, correct, answered_at FROM attempts WHERE user_id = ? ORDER BY id`)
      .all(userId)
      .map((row) => ({
        questionId: row.question_id,
        step: row.step,
        choice: row.choice,
        correct: row.correct === 1,
        answeredAt: row.answered_at,
      }));
  }
}
