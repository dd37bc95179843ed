import type { Db } from "../../db/open.ts";
import type { ChatRef } from "./sessions.ts";

export interface GroupQuizSummary {
  id: number;
  step: number;
  seconds: number;
  speedBonus: boolean;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  questions: number;
}

/** How often one choice was picked for one question in the chat. */
export interface ChoiceTally {
  questionId: string;
  step: number;
  choice: string;
  correct: boolean;
  count: number;
}

export interface ChatMember {
  userId: number;
  /** The name the platform showed for them when they last wrote (what the other members see). */
  displayName: string | null;
  answers: number;
}

/** Read-only views of one group chat's quiz history for its page: prompts and answers in that chat. */
export class GroupQueries {
  constructor(private readonly db: Db) {}

  /** The chat's group quizzes, newest first. */
  quizzes(chat: ChatRef, limit: number): GroupQuizSummary[] {
    return this.db
      .prepare<
        [string, string, number],
        {
          id: number;
          step: number;
          seconds: number;
          speed_bonus: number;
          started_at: string;
          ended_at: string | null;
          end_reason: string | null;
          questions: number;
        }
      >(
        `SELECT q.id, q.step, q.seconds, q.speed_bonus, q.started_at, q.ended_at, q.end_reason,
           (SELECT COUNT(*) FROM group_quiz_rounds r WHERE r.quiz_id = q.id) AS questions
         FROM group_quizzes q WHERE q.platform = ? AND q.chat_id = ? ORDER BY q.id DESC LIMIT ?`,
      )
      .all(chat.platform, chat.chatId, limit)
      .map((row) => ({
        id: row.id,
        step: row.step,
        seconds: row.seconds,
        speedBonus: row.speed_bonus === 1,
        startedAt: row.started_at,
        endedAt: row.ended_at,
        endReason: row.end_reason,
        questions: row.questions,
      }));
  }

  /** Every answer given in the chat (group rounds and questions asked there), tallied by choice. */
  choiceTallies(chat: ChatRef): ChoiceTally[] {
    return this.db
      .prepare<
        [string, string],
        { question_id: string; step: number; choice: string; correct: number; count: number }
      >(
        `SELECT a.question_id, a.step, a.choice, MAX(a.correct) AS correct, COUNT(*) AS count
         FROM attempts a JOIN quiz_prompts p ON p.id = a.prompt_id
         WHERE p.platform = ? AND p.chat_id = ? GROUP BY a.question_id, a.step, a.choice`,
      )
      .all(chat.platform, chat.chatId)
      .map((row) => ({
        questionId: row.question_id,
        step: row.step,
        choice: row.choice,
        correct: row.correct === 1,
        count: row.count,
      }));
  }

  /** The members who answered in the chat, most answers first. */
  members(chat: ChatRef): ChatMember[] {
    return this.db
      .prepare<[string, string], { user_id: number; display_name: string | null; answers: number }>(
        `SELECT u.id AS user_id, u.display_name, COUNT(*) AS answers
         FROM attempts a JOIN quiz_prompts p ON p.id = a.prompt_id JOIN users u ON u.id = a.user_id
         WHERE p.platform = ? AND p.chat_id = ? GROUP BY u.id ORDER BY answers DESC, u.id`,
      )
      .all(chat.platform, chat.chatId)
      .map((row) => ({ userId: row.user_id, displayName: row.display_name, answers: row.answers }));
  }
}
