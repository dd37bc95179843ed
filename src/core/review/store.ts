import type { Db } from "../../db/open.ts";
import { addDays } from "../time/zone.ts";
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

  /**
   * How many cards fall due on each of `days` local dates from `from` on ("YYYY-MM-DD", ascending); cards
   * already overdue count on the first day, since that is when they can next be reviewed.
   */
  dueCounts(userId: number, from: string, days: number): { date: string; due: number }[] {
    const dates = Array.from({ length: Math.max(0, days) }, (_, index) => addDays(from, index));
    const rows = this.db
      .prepare<[number], { due_on: string; count: number }>(
        "SELECT due_on, COUNT(*) AS count FROM review_cards WHERE user_id = ? GROUP BY due_on",
      )
      .all(userId);
    const byDate = new Map(dates.map((date) => [date, 0]));
    for (const row of rows) {
      const date = row.due_on < from ? from : row.due_on;
      if (byDate.has(date)) byDate.set(date, (byDate.get(date) ?? 0) + row.count);
    }
    return dates.map((date) => ({ date, due: byDate.get(date) ?? 0 }));
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
