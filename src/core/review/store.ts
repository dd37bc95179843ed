import type { Card, Grade, ReviewLog } from "ts-fsrs";
import type { Db } from "../../db/open.ts";
import { addDays } from "../time/zone.ts";
import type { ReviewCard } from "./fsrs.ts";

/** One review as logged: the rating, the card before it (ts-fsrs's ReviewLog) and where the card went. */
export interface LoggedReview {
  id: number;
  questionId: string;
  step: number;
  promptId: number | null;
  rating: Grade;
  answeredInMs: number | null;
  reviewedAt: Date;
  nextDueOn: string;
  /** State, stability and difficulty before the review. */
  before: Pick<ReviewLog, "state" | "stability" | "difficulty" | "scheduled_days" | "elapsed_days">;
}

/** How many reviews fall due on one local date. */
export interface DueDay {
  date: string;
  due: number;
}

interface CardRow {
  question_id: string;
  step: number;
  state: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  due_at: string;
  last_review: string | null;
  last_rating: number | null;
  due_on: string;
  last_review_on: string | null;
}

const toCard = (row: CardRow): ReviewCard => ({
  questionId: row.question_id,
  step: row.step,
  card: {
    state: row.state,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: row.elapsed_days,
    scheduled_days: row.scheduled_days,
    learning_steps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    due: new Date(row.due_at),
    ...(row.last_review ? { last_review: new Date(row.last_review) } : {}),
  } satisfies Card,
  dueOn: row.due_on,
  ...(row.last_review_on ? { lastReviewOn: row.last_review_on } : {}),
  ...(row.last_rating ? { lastRating: row.last_rating as Grade } : {}),
});

const CARD_COLUMNS = `question_id, step, state, stability, difficulty, elapsed_days, scheduled_days, learning_steps,
  reps, lapses, due_at, last_review, last_rating, due_on, last_review_on`;

/** Each user's FSRS cards (see fsrs.ts) and the log of every review. */
export class ReviewStore {
  constructor(private readonly db: Db) {}

  card(userId: number, questionId: string): ReviewCard | undefined {
    const row = this.db
      .prepare<[number, string], CardRow>(
        `SELECT ${CARD_COLUMNS} FROM review_cards WHERE user_id = ? AND question_id = ?`,
      )
      .get(userId, questionId);
    return row && toCard(row);
  }

  /** Stores the card after a review together with its log entry, both or neither. */
  save(
    userId: number,
    after: ReviewCard,
    log: ReviewLog & { promptId?: number; answeredInMs?: number },
    now: Date,
  ): void {
    const { card } = after;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO review_cards (user_id, question_id, step, state, stability, difficulty, elapsed_days,
             scheduled_days, learning_steps, reps, lapses, due_at, last_review, last_rating, due_on, last_review_on,
             updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (user_id, question_id) DO UPDATE SET step = excluded.step, state = excluded.state,
             stability = excluded.stability, difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days,
             scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps,
             reps = excluded.reps, lapses = excluded.lapses, due_at = excluded.due_at,
             last_review = excluded.last_review, last_rating = excluded.last_rating, due_on = excluded.due_on,
             last_review_on = excluded.last_review_on, updated_at = excluded.updated_at`,
        )
        .run(
          userId,
          after.questionId,
          after.step,
          card.state,
          card.stability,
          card.difficulty,
          card.elapsed_days,
          card.scheduled_days,
          card.learning_steps,
          card.reps,
          card.lapses,
          card.due.toISOString(),
          card.last_review?.toISOString() ?? null,
          after.lastRating ?? null,
          after.dueOn,
          after.lastReviewOn ?? null,
          now.toISOString(),
        );
      this.db
        .prepare(
          `INSERT INTO review_log (user_id, question_id, step, prompt_id, rating, answered_in_ms, state, due_at,
             stability, difficulty, elapsed_days, last_elapsed_days, scheduled_days, learning_steps, reviewed_at,
             next_due_on)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          userId,
          after.questionId,
          after.step,
          log.promptId ?? null,
          log.rating,
          log.answeredInMs ?? null,
          log.state,
          log.due.toISOString(),
          log.stability,
          log.difficulty,
          log.elapsed_days,
          log.last_elapsed_days,
          log.scheduled_days,
          log.learning_steps,
          log.review.toISOString(),
          after.dueOn,
        );
    })();
  }

  remove(userId: number, questionId: string): void {
    this.db.prepare("DELETE FROM review_cards WHERE user_id = ? AND question_id = ?").run(userId, questionId);
  }

  /** Cards due on or before `today`: most overdue first, then the least stable (most likely forgotten). */
  due(userId: number, today: string, limit: number): ReviewCard[] {
    return this.db
      .prepare<[number, string, number], CardRow>(
        `SELECT ${CARD_COLUMNS} FROM review_cards WHERE user_id = ? AND due_on <= ?
         ORDER BY due_on, stability, step, question_id LIMIT ?`,
      )
      .all(userId, today, limit)
      .map(toCard);
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

  /**
   * Reviews due on each of `days` local dates from `from` on (the user's zone, as `due_on` is): the first day
   * also counts every overdue card, since those are due then too. Days with none are listed with 0.
   */
  dueCounts(userId: number, from: string, days: number): DueDay[] {
    if (days <= 0) return [];
    const last = addDays(from, days - 1);
    const rows = this.db
      .prepare<{ from: string; userId: number; last: string }, { day: string; due: number }>(
        `SELECT MAX(due_on, @from) AS day, COUNT(*) AS due FROM review_cards
         WHERE user_id = @userId AND due_on <= @last GROUP BY day`,
      )
      .all({ from, userId, last });
    const byDay = new Map(rows.map((row) => [row.day, row.due]));
    return Array.from({ length: days }, (_, index) => {
      const date = addDays(from, index);
      return { date, due: byDay.get(date) ?? 0 };
    });
  }

  /** The user's review log, oldest first (of one question when given). */
  log(userId: number, questionId?: string): LoggedReview[] {
    const rows = this.db
      .prepare<
        [number, string | null, string | null],
        {
          id: number;
          question_id: string;
          step: number;
          prompt_id: number | null;
          rating: number;
          answered_in_ms: number | null;
          reviewed_at: string;
          next_due_on: string;
          state: number;
          stability: number;
          difficulty: number;
          scheduled_days: number;
          elapsed_days: number;
        }
      >(
        `SELECT id, question_id, step, prompt_id, rating, answered_in_ms, reviewed_at, next_due_on, state, stability,
           difficulty, scheduled_days, elapsed_days
         FROM review_log WHERE user_id = ? AND (? IS NULL OR question_id = ?) ORDER BY id`,
      )
      .all(userId, questionId ?? null, questionId ?? null);
    return rows.map((row) => ({
      id: row.id,
      questionId: row.question_id,
      step: row.step,
      promptId: row.prompt_id,
      rating: row.rating as Grade,
      answeredInMs: row.answered_in_ms,
      reviewedAt: new Date(row.reviewed_at),
      nextDueOn: row.next_due_on,
      before: {
        state: row.state,
        stability: row.stability,
        difficulty: row.difficulty,
        scheduled_days: row.scheduled_days,
        elapsed_days: row.elapsed_days,
      },
    }));
  }
}
