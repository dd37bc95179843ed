import type { Db } from "../../db/open.ts";
import type { Platform } from "../conversation.ts";
import type { ChoiceKey } from "../../lessons/schema.ts";

export interface PromptRecord {
  id: number;
  questionId: string;
  step: number;
  platform: Platform;
  chatId: string;
  askedBy: number;
}

export interface AttemptInput {
  userId: number;
  prompt: PromptRecord;
  choice: ChoiceKey;
  correct: boolean;
  at: Date;
}

interface PromptRow {
  id: number;
  question_id: string;
  step: number;
  platform: Platform;
  chat_id: string;
  asked_by: number;
}

const toPrompt = (row: PromptRow): PromptRecord => ({
  id: row.id,
  questionId: row.question_id,
  step: row.step,
  platform: row.platform,
  chatId: row.chat_id,
  askedBy: row.asked_by,
});

const PROMPT_COLUMNS = "id, question_id, step, platform, chat_id, asked_by";

/** Questions put to chats, and every answer given to them. */
export class QuizStore {
  constructor(private readonly db: Db) {}

  createPrompt(input: Omit<PromptRecord, "id">, now: Date): PromptRecord {
    const result = this.db
      .prepare(
        "INSERT INTO quiz_prompts (question_id, step, platform, chat_id, asked_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(input.questionId, input.step, input.platform, input.chatId, input.askedBy, now.toISOString());
    return { ...input, id: Number(result.lastInsertRowid) };
  }

  prompt(id: number): PromptRecord | undefined {
    const row = this.db
      .prepare<[number], PromptRow>(`SELECT ${PROMPT_COLUMNS} FROM quiz_prompts WHERE id = ?`)
      .get(id);
    return row && toPrompt(row);
  }

  /** When the prompt was put to its chat. */
  shownAt(id: number): Date | undefined {
    const row = this.db
      .prepare<[number], { created_at: string }>("SELECT created_at FROM quiz_prompts WHERE id = ?")
      .get(id);
    return row && new Date(row.created_at);
  }

  /**
   * The newest question put to `userId` in this chat, answered or not (for a typed `/answer A`): an older copy
   * of it is never graded instead. Group-quiz rounds are put to the whole chat, so they are left out.
   */
  latestPromptFor(userId: number, platform: Platform, chatId: string): PromptRecord | undefined {
    const row = this.db
      .prepare<[string, string, number], PromptRow>(
        `SELECT ${PROMPT_COLUMNS} FROM quiz_prompts p
         WHERE p.platform = ? AND p.chat_id = ? AND p.asked_by = ?
           AND NOT EXISTS (SELECT 1 FROM group_quiz_rounds r WHERE r.prompt_id = p.id)
         ORDER BY p.id DESC LIMIT 1`,
      )
      .get(platform, chatId, userId);
    return row && toPrompt(row);
  }

  /**
   * Records an answer and, in the same transaction, what must be stored with it (`alongside`: the move of
   * the question's review card through the other stores), so both are stored or neither. Undefined when
   * this user already answered this prompt (a second tap): then nothing is written.
   */
  recordAttempt<T>(input: AttemptInput, alongside: () => T): T | undefined {
    return this.db.transaction(() => (this.insertAttempt(input) ? alongside() : undefined))();
  }

  private insertAttempt(input: AttemptInput): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO attempts (user_id, prompt_id, question_id, step, choice, correct, answered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (prompt_id, user_id) DO NOTHING`,
      )
      .run(
        input.userId,
        input.prompt.id,
        input.prompt.questionId,
        input.prompt.step,
        input.choice,
        input.correct ? 1 : 0,
        input.at.toISOString(),
      );
    return result.changes === 1;
  }

  /** The choice this user gave to a prompt, if any. */
  attemptFor(promptId: number, userId: number): { choice: ChoiceKey; correct: boolean } | undefined {
    const row = this.db
      .prepare<[number, number], { choice: ChoiceKey; correct: number }>(
        "SELECT choice, correct FROM attempts WHERE prompt_id = ? AND user_id = ?",
      )
      .get(promptId, userId);
    return row && { choice: row.choice, correct: row.correct === 1 };
  }

  /** For each question of a step the user has answered: whether their latest answer was right. */
  latestResults(userId: number, step: number): Map<string, boolean> {
    const rows = this.db
      .prepare<[number, number], { question_id: string; correct: number }>(
        `SELECT question_id, correct FROM attempts a
         WHERE user_id = ? AND step = ?
           AND id = (SELECT MAX(id) FROM attempts b WHERE b.user_id = a.user_id AND b.question_id = a.question_id)`,
      )
      .all(userId, step);
    return new Map(rows.map((row) => [row.question_id, row.correct === 1]));
  }
}
