import type { Db } from "../../db/open.ts";
import type { Platform } from "../conversation.ts";
import { learnerNameOn } from "../link/name-sql.ts";

/** How a chat has done on one question, over every time it was put to that chat. */
export interface ChatQuestionRecord {
  questionId: string;
  wrong: number;
  right: number;
  lastAskedAt: Date;
}

/** One answer given in a group quiz, with what scoring needs. */
export interface QuizAnswer {
  quizId: number;
  questionId: string;
  userId: number;
  name: string;
  correct: boolean;
  elapsedMs: number;
  seconds: number;
  speedBonus: boolean;
}

/** What a chat did in its group quizzes: the question history that picks scheduled questions, and standings. */
export class GroupHistoryStore {
  constructor(private readonly db: Db) {}

  /** Every question of `step` ever put to the chat (group rounds and solo questions asked there). */
  questionRecords(platform: Platform, chatId: string, step: number): ChatQuestionRecord[] {
    return this.db
      .prepare<
        [string, string, number],
        { question_id: string; wrong: number; right: number; last_asked: string }
      >(
        `SELECT p.question_id, COALESCE(SUM(a.correct = 0), 0) AS wrong, COALESCE(SUM(a.correct = 1), 0) AS right,
           MAX(p.created_at) AS last_asked
         FROM quiz_prompts p LEFT JOIN attempts a ON a.prompt_id = p.id
         WHERE p.platform = ? AND p.chat_id = ? AND p.step = ? GROUP BY p.question_id`,
      )
      .all(platform, chatId, step)
      .map((row) => ({
        questionId: row.question_id,
        wrong: row.wrong,
        right: row.right,
        lastAskedAt: new Date(row.last_asked),
      }));
  }

  /** The group quizzes started in the chat in [from, to), and every answer given in them. */
  quizzesBetween(
    platform: Platform,
    chatId: string,
    from: Date,
    to: Date,
  ): { quizzes: number; answers: QuizAnswer[] } {
    const range = [platform, chatId, from.toISOString(), to.toISOString()] as const;
    const { quizzes } = this.db
      .prepare<[string, string, string, string], { quizzes: number }>(
        `SELECT COUNT(*) AS quizzes FROM group_quizzes
         WHERE platform = ? AND chat_id = ? AND started_at >= ? AND started_at < ?`,
      )
      .get(...range) as { quizzes: number };
    const answers = this.db
      .prepare<
        [string, string, string, string],
        {
          quiz_id: number;
          question_id: string;
          user_id: number;
          name: string;
          correct: number;
          elapsed_ms: number;
          seconds: number;
          speed_bonus: number;
        }
      >(
        `SELECT q.id AS quiz_id, a.question_id, a.user_id,
           ${learnerNameOn("u", "q.platform")} AS name, a.correct,
           CAST(ROUND((julianday(a.answered_at) - julianday(r.opened_at)) * 86400000) AS INTEGER) AS elapsed_ms,
           q.seconds, q.speed_bonus
         FROM group_quizzes q
           JOIN group_quiz_rounds r ON r.quiz_id = q.id
           JOIN attempts a ON a.prompt_id = r.prompt_id
           JOIN users u ON u.id = a.user_id
         WHERE q.platform = ? AND q.chat_id = ? AND q.started_at >= ? AND q.started_at < ?
         ORDER BY a.id`,
      )
      .all(...range)
      .map((row) => ({
        quizId: row.quiz_id,
        questionId: row.question_id,
        userId: row.user_id,
        name: row.name,
        correct: row.correct === 1,
        elapsedMs: row.elapsed_ms,
        seconds: row.seconds,
        speedBonus: row.speed_bonus === 1,
      }));
    return { quizzes, answers };
  }
}
