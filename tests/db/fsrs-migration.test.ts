import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadMigrations, migrationsBefore } from "../../src/db/migrations.ts";
import { migrate } from "../../src/db/open.ts";
import { createStores } from "../../src/core/store/stores.ts";

/** A database as the Leitner version left it (the migrations before FSRS's), with a history of answers. */
function leitnerDatabase(): Database.Database {
  const db = new Database(":memory:");
  migrate(db, migrationsBefore("fsrs_reviews"));
  db.exec(`
    INSERT INTO users (id, platform, platform_user_id, created_at) VALUES
      (1, 'local', 'u1', '2026-11-01T00:00:00.000Z'), (2, 'discord', 'd2', '2026-11-01T00:00:00.000Z');
  `);
  const prompt = db.prepare(
    "INSERT INTO quiz_prompts (question_id, step, platform, chat_id, asked_by, created_at) VALUES (?, 14, 'local', 'c', ?, ?)",
  );
  const attempt = db.prepare(
    `INSERT INTO attempts (user_id, prompt_id, question_id, step, choice, correct, answered_at)
     VALUES (?, ?, ?, 14, 'A', ?, ?)`,
  );
  const answers: [number, string, number, string][] = [
    // user 1: 14-1 missed, then right once (Leitner box 2); 14-2 right twice (no box); 14-3 missed and
    // retired from box 5 (no box); 14-4 missed at once (box 1).
    [1, "14-1", 0, "2026-11-20T10:00:00.000Z"],
    [1, "14-1", 1, "2026-11-21T10:00:00.000Z"],
    [1, "14-2", 1, "2026-11-20T11:00:00.000Z"],
    [1, "14-2", 1, "2026-11-22T11:00:00.000Z"],
    [1, "14-3", 0, "2026-10-01T11:00:00.000Z"],
    [1, "14-3", 1, "2026-11-01T11:00:00.000Z"],
    [1, "14-4", 0, "2026-11-27T16:00:00.000Z"],
    // user 2: 14-1 right, then missed, then right (box 2), all on one prompt each.
    [2, "14-1", 1, "2026-11-10T01:00:00.000Z"],
    [2, "14-1", 0, "2026-11-11T01:00:00.000Z"],
    [2, "14-1", 1, "2026-11-12T01:00:00.000Z"],
  ];
  for (const [user, question, correct, at] of answers) {
    const { lastInsertRowid } = prompt.run(question, user, at);
    attempt.run(user, lastInsertRowid, question, correct, at);
  }
  db.exec(`
    INSERT INTO review_cards (user_id, question_id, step, box, due_on, updated_at) VALUES
      (1, '14-1', 14, 2, '2026-11-23', '2026-11-21T10:00:00.000Z'),
      (1, '14-4', 14, 1, '2026-11-29', '2026-11-27T16:00:00.000Z'),
      (2, '14-1', 14, 2, '2026-11-14', '2026-11-12T01:00:00.000Z'),
      -- A card with no answer behind it: kept too.
      (2, '14-9', 14, 5, '2026-12-20', '2026-12-04T00:00:00.000Z');
  `);
  return db;
}

describe("migration fsrs_reviews: Leitner boxes to FSRS cards", () => {
  it("keeps every answer and gives every answered question one card that counts them", () => {
    const db = leitnerDatabase();
    const attemptsBefore = db.prepare("SELECT * FROM attempts ORDER BY id").all();
    migrate(db, loadMigrations());
    expect(db.prepare("SELECT * FROM attempts ORDER BY id").all()).toEqual(attemptsBefore);
    const cards = db
      .prepare(
        `SELECT user_id, question_id, state, stability, difficulty, scheduled_days, reps, lapses, due_on,
           last_rating, last_review_on FROM review_cards ORDER BY user_id, question_id`,
      )
      .all();
    expect(cards).toEqual([
      // Box 2: stability 2 days, due date kept.
      {
        user_id: 1,
        question_id: "14-1",
        state: 2,
        stability: 2,
        difficulty: 6.5,
        scheduled_days: 2,
        reps: 2,
        lapses: 0,
        due_on: "2026-11-23",
        last_rating: 3,
        last_review_on: "2026-11-21",
      },
      // Never missed: about a first Good, due 3 Tokyo days after the last answer.
      {
        user_id: 1,
        question_id: "14-2",
        state: 2,
        stability: 3,
        difficulty: 3,
        scheduled_days: 3,
        reps: 2,
        lapses: 0,
        due_on: "2026-11-25",
        last_rating: 3,
        last_review_on: "2026-11-22",
      },
      // Retired from box 5: 32 days.
      {
        user_id: 1,
        question_id: "14-3",
        state: 2,
        stability: 32,
        difficulty: 5,
        scheduled_days: 32,
        reps: 2,
        lapses: 0,
        due_on: "2026-12-03",
        last_rating: 3,
        last_review_on: "2026-11-01",
      },
      // Box 1 after a wrong answer at 01:00 JST on the 28th: due the 29th, as before.
      {
        user_id: 1,
        question_id: "14-4",
        state: 2,
        stability: 1,
        difficulty: 7,
        scheduled_days: 1,
        reps: 1,
        lapses: 0,
        due_on: "2026-11-29",
        last_rating: 1,
        last_review_on: "2026-11-28",
      },
      {
        user_id: 2,
        question_id: "14-1",
        state: 2,
        stability: 2,
        difficulty: 6.5,
        scheduled_days: 2,
        reps: 3,
        lapses: 1,
        due_on: "2026-11-14",
        last_rating: 3,
        last_review_on: "2026-11-12",
      },
      {
        user_id: 2,
        question_id: "14-9",
        state: 2,
        stability: 16,
        difficulty: 5,
        scheduled_days: 16,
        reps: 0,
        lapses: 0,
        due_on: "2026-12-20",
        last_rating: null,
        last_review_on: null,
      },
    ]);
    // Every answer is counted once, in its question's card.
    const reps = db.prepare("SELECT SUM(reps) AS n FROM review_cards").get() as { n: number };
    expect(reps.n).toBe(attemptsBefore.length);
    expect(db.prepare("SELECT COUNT(*) AS n FROM review_log").get()).toEqual({ n: 0 });
  });

  it("leaves cards the FSRS store reads and schedules on from", () => {
    const db = leitnerDatabase();
    migrate(db, loadMigrations());
    const { review } = createStores(db);
    expect(review.counts(1, "2026-11-28")).toEqual({ due: 2, total: 4, nextDueOn: "2026-11-29" });
    const card = review.card(1, "14-1");
    expect(card?.card.last_review?.toISOString()).toBe("2026-11-21T10:00:00.000Z");
    expect(card?.dueOn).toBe("2026-11-23");
    expect(review.dueCounts(2, "2026-11-28", 30).filter((day) => day.due > 0)).toEqual([
      { date: "2026-11-28", due: 1 },
      { date: "2026-12-20", due: 1 },
    ]);
  });
});
