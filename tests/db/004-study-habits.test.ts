import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadMigrations } from "../../src/db/migrations.ts";
import { migrate, schemaVersion } from "../../src/db/open.ts";

/** A database at version 3, as it was before study habits, with one user. */
function beforeStudyHabits(): Database.Database {
  const db = new Database(":memory:");
  migrate(
    db,
    loadMigrations().filter((migration) => migration.version <= 3),
  );
  db.exec("INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'local', 'u1', 'now')");
  return db;
}

const toStudyHabits = (db: Database.Database) =>
  migrate(
    db,
    loadMigrations().filter((migration) => migration.version <= 4),
  );

describe("db/004_study_habits.sql", () => {
  it("starts questions whose latest answer was wrong in box 1, due the next Tokyo day", () => {
    const db = beforeStudyHabits();
    db.exec(`
      INSERT INTO quiz_prompts (id, question_id, step, platform, chat_id, asked_by, created_at)
        VALUES (1, '14-1', 14, 'local', 'c', 1, 'now'), (2, '14-1', 14, 'local', 'c', 1, 'now'),
               (3, '14-2', 14, 'local', 'c', 1, 'now'), (4, '14-3', 14, 'local', 'c', 1, 'now');
      INSERT INTO attempts (user_id, prompt_id, question_id, step, choice, correct, answered_at) VALUES
        (1, 1, '14-1', 14, 'B', 0, '2026-11-27T10:00:00.000Z'),
        (1, 2, '14-1', 14, 'A', 1, '2026-11-27T11:00:00.000Z'),
        (1, 3, '14-2', 14, 'A', 0, '2026-11-27T16:00:00.000Z'),
        (1, 4, '14-3', 14, 'B', 1, '2026-11-27T16:00:00.000Z');
    `);
    toStudyHabits(db);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare("SELECT user_id, question_id, box, due_on FROM review_cards").all()).toEqual([
      { user_id: 1, question_id: "14-2", box: 1, due_on: "2026-11-29" }, // 01:00 JST on the 28th
    ]);
  });

  it("keeps reminders to HH:MM in a direct or group chat, and one claimed send per user and local date", () => {
    const db = beforeStudyHabits();
    toStudyHabits(db);
    const reminder = db.prepare(
      `INSERT INTO reminders (user_id, local_time, platform, chat_id, chat_kind, active_since, updated_at)
       VALUES (1, ?, 'local', 'u1', ?, 'now', 'now')`,
    );
    expect(() => reminder.run("9:00", "direct")).toThrow(/CHECK/);
    expect(() => reminder.run("21:00", "channel")).toThrow(/CHECK/);
    reminder.run("21:00", "group");
    const claim = db.prepare(
      `INSERT INTO reminder_sends (user_id, local_date, scheduled_for, status, claimed_at)
       VALUES (1, '2026-11-28', '2026-11-28T12:00:00.000Z', 'claimed', 'now')`,
    );
    claim.run();
    expect(() => claim.run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it("keeps review boxes within 1-5 and one card per user and question", () => {
    const db = beforeStudyHabits();
    toStudyHabits(db);
    const card = db.prepare(
      `INSERT INTO review_cards (user_id, question_id, step, box, due_on, updated_at)
       VALUES (1, ?, 14, ?, '2026-11-29', 'now')`,
    );
    expect(() => card.run("14-1", 6)).toThrow(/CHECK/);
    card.run("14-1", 5);
    expect(() => card.run("14-1", 1)).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it("allows one running group quiz per chat, and another once it has ended", () => {
    const db = beforeStudyHabits();
    toStudyHabits(db);
    const start = db.prepare(
      `INSERT INTO group_quizzes (platform, chat_id, started_by, step, seconds, speed_bonus, started_at)
       VALUES ('line', 'C1', 1, 14, ?, 1, 'now')`,
    );
    expect(() => start.run(5)).toThrow(/CHECK/);
    const first = Number(start.run(30).lastInsertRowid);
    expect(() => start.run(30)).toThrow(/UNIQUE/);
    db.prepare("UPDATE group_quizzes SET ended_at = 'now', end_reason = 'finished' WHERE id = ?").run(first);
    expect(() => start.run(30)).not.toThrow();
  });
});
