import type { Db } from "../../db/open.ts";
import type { Platform } from "../conversation.ts";
import { learnerNameOn } from "../link/name-sql.ts";

export interface GroupQuiz {
  id: number;
  platform: Platform;
  chatId: string;
  startedBy: number;
  step: number;
  seconds: number;
  speedBonus: boolean;
}

export interface Round {
  promptId: number;
  quizId: number;
  /** 1-based question number within the quiz. */
  position: number;
  openedAt: Date;
  closesAt: Date;
  closedAt?: Date;
}

/** One member's answer to one round, with how long they took. */
export interface RoundAnswer {
  promptId: number;
  userId: number;
  name: string;
  correct: boolean;
  elapsedMs: number;
}

export type EndReason = "finished" | "stopped" | "abandoned";

interface QuizRow {
  id: number;
  platform: Platform;
  chat_id: string;
  started_by: number;
  step: number;
  seconds: number;
  speed_bonus: number;
}

interface RoundRow {
  prompt_id: number;
  quiz_id: number;
  position: number;
  opened_at: string;
  closes_at: string;
  closed_at: string | null;
}

const toQuiz = (row: QuizRow): GroupQuiz => ({
  id: row.id,
  platform: row.platform,
  chatId: row.chat_id,
  startedBy: row.started_by,
  step: row.step,
  seconds: row.seconds,
  speedBonus: row.speed_bonus === 1,
});

const toRound = (row: RoundRow): Round => ({
  promptId: row.prompt_id,
  quizId: row.quiz_id,
  position: row.position,
  openedAt: new Date(row.opened_at),
  closesAt: new Date(row.closes_at),
  ...(row.closed_at ? { closedAt: new Date(row.closed_at) } : {}),
});

/** Group quizzes and their rounds. The answers themselves are ordinary attempts on the rounds' prompts. */
export class GroupQuizStore {
  constructor(private readonly db: Db) {}

  /** The quiz running in a chat, if any. */
  running(platform: Platform, chatId: string): GroupQuiz | undefined {
    const row = this.db
      .prepare<[string, string], QuizRow>(
        "SELECT * FROM group_quizzes WHERE platform = ? AND chat_id = ? AND ended_at IS NULL",
      )
      .get(platform, chatId);
    return row && toQuiz(row);
  }

  /** Starts a quiz; undefined when one is already running in the chat (the unique index decides). */
  create(input: Omit<GroupQuiz, "id">, now: Date): GroupQuiz | undefined {
    const result = this.db
      .prepare(
        `INSERT INTO group_quizzes (platform, chat_id, started_by, step, seconds, speed_bonus, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        input.platform,
        input.chatId,
        input.startedBy,
        input.step,
        input.seconds,
        input.speedBonus ? 1 : 0,
        now.toISOString(),
      );
    return result.changes === 1 ? { ...input, id: Number(result.lastInsertRowid) } : undefined;
  }

  /** Ends a quiz and closes its open round; false when it had already ended. */
  end(quizId: number, reason: EndReason, now: Date): boolean {
    return this.db
      .transaction(() => {
        this.db
          .prepare("UPDATE group_quiz_rounds SET closed_at = ? WHERE quiz_id = ? AND closed_at IS NULL")
          .run(now.toISOString(), quizId);
        return (
          this.db
            .prepare(
              "UPDATE group_quizzes SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
            )
            .run(now.toISOString(), reason, quizId).changes === 1
        );
      })
      .immediate();
  }

  isRunning(quizId: number): boolean {
    return (
      this.db.prepare("SELECT 1 FROM group_quizzes WHERE id = ? AND ended_at IS NULL").get(quizId) !==
      undefined
    );
  }

  openRound(round: Omit<Round, "closedAt">): void {
    this.db
      .prepare(
        "INSERT INTO group_quiz_rounds (prompt_id, quiz_id, position, opened_at, closes_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        round.promptId,
        round.quizId,
        round.position,
        round.openedAt.toISOString(),
        round.closesAt.toISOString(),
      );
  }

  closeRound(promptId: number, now: Date): void {
    this.db
      .prepare("UPDATE group_quiz_rounds SET closed_at = ? WHERE prompt_id = ? AND closed_at IS NULL")
      .run(now.toISOString(), promptId);
  }

  /** The round a prompt belongs to, with whether its quiz still runs; undefined for ordinary prompts. */
  roundOf(promptId: number): (Round & { quizRunning: boolean }) | undefined {
    const row = this.db
      .prepare<[number], RoundRow & { ended_at: string | null }>(
        `SELECT r.*, q.ended_at FROM group_quiz_rounds r JOIN group_quizzes q ON q.id = r.quiz_id
         WHERE r.prompt_id = ?`,
      )
      .get(promptId);
    return row && { ...toRound(row), quizRunning: row.ended_at === null };
  }

  /** How many members have answered a round's prompt. */
  answerCount(promptId: number): number {
    const row = this.db
      .prepare<[number], { count: number }>("SELECT COUNT(*) AS count FROM attempts WHERE prompt_id = ?")
      .get(promptId);
    return row?.count ?? 0;
  }

  latestRound(quizId: number): Round | undefined {
    const row = this.db
      .prepare<[number], RoundRow>(
        "SELECT * FROM group_quiz_rounds WHERE quiz_id = ? ORDER BY position DESC LIMIT 1",
      )
      .get(quizId);
    return row && toRound(row);
  }

  /** Every answer given in the quiz's rounds, in the order they came. */
  answers(quizId: number): RoundAnswer[] {
    return this.db
      .prepare<
        [number],
        {
          prompt_id: number;
          user_id: number;
          name: string;
          correct: number;
          answered_at: string;
          opened_at: string;
        }
      >(
        `SELECT a.prompt_id, a.user_id, ${learnerNameOn("u", "q.platform")} AS name, a.correct, a.answered_at,
           r.opened_at
         FROM group_quiz_rounds r JOIN group_quizzes q ON q.id = r.quiz_id
           JOIN attempts a ON a.prompt_id = r.prompt_id JOIN users u ON u.id = a.user_id
         WHERE r.quiz_id = ? ORDER BY a.id`,
      )
      .all(quizId)
      .map((row) => ({
        promptId: row.prompt_id,
        userId: row.user_id,
        name: row.name,
        correct: row.correct === 1,
        elapsedMs: new Date(row.answered_at).getTime() - new Date(row.opened_at).getTime(),
      }));
  }
}
