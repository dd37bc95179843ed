import type { Db } from "../../db/open.ts";
import type { Card } from "./leitner.ts";

export interface DueCard extends Card {
  questionId: string;
  step: number;
}

/** Each user's review cards (see leitner.ts). */
export class ReviewStore {
  constructor(private readonly db: Db) {}

  card(userId: number, questionId: string): Card | undefined {
    const row = this.db
      .prepare<[number, string], { box: number; due_on: string }>(
        "SELECT box, due_on FROM review_cards WHERE user_id = ? AND question_id = ?",
      )
      .get(userId, questionId);
    return row && { box: row.box, dueOn: row.due_on };
  }

  save(userId: number, questionId: string, step: number, card: Card, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO review_cards (user_id, question_id, step, box, due_on, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_on = excluded.due_on,
           updated_at = excluded.updated_at`,
      )
      .run(userId, questionId, step, card.box, card.dueOn, now.toISOString());
  }

  remove(userId: number, questionId: string): void {
    this.db.prepare("DELETE FROM review_cards WHERE user_id = ? AND question_id = ?").run(userId, questionId);
  }

  /** Cards due on or before `today`, most overdue first, lower boxes first. */
  due(userId: number, today: string, limit: number): DueCard[] {
    return this.db
      .prepare<[number, string, number], { question_id: string; step: number; box: number; due_on: string }>(
        `SELECT question_id, step, box, due_on FROM review_cards WHERE user_id = ? AND due_on <= ?
         ORDER BY due_on, box, step, question_id LIMIT ?`,
      )
      .all(userId, today, limit)
      .map((row) => ({ questionId: row.question_id, step: row.step, box: row.box, dueOn: row.due_on }));
  }

  counts(userId: number, today: string): { due: number; total: number; nextDueOn?: string } {
    const row = this.db
      .prepare<[string, string, number], { due: number; total: number; next_due: string | null }>(
        `SELECT COALESCE(SUM(due_on <= ?), 0) AS due, COUNT(*) AS total, MIN(CASE WHEN due_on > ? THEN due_on END) AS next_due
         FROM review_cards WHERE user_id = ?`,
      )
      .get(today, today, userId) as { due: number; total: number; next_due: string | null };
    return { due: row.due, total: row.total, ...(row.next_due ? { nextDueOn: row.next_due } : {}) };
  }
}
