import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createStores } from "../../src/core/store/stores.ts";
import { loadMigrations, migrationsBefore } from "../../src/db/migrations.ts";
import { migrate } from "../../src/db/open.ts";

describe("migration group_quiz_schedules", () => {
  it("keeps one schedule per chat and one run per chat, kind and date", () => {
    const db = new Database(":memory:");
    migrate(db, migrationsBefore("learner_links"));
    db.exec("INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'line', 'U1', 'now')");
    const insert = db.prepare(
      `INSERT INTO group_quiz_schedules (platform, chat_id, local_time, weekdays, time_zone, questions, seconds, step,
         locale, set_by, active_since, updated_at) VALUES ('line', 'C1', ?, ?, 'Asia/Tokyo', 3, 60, 14, 'ja', 1, 'now', 'now')`,
    );
    insert.run("20:00", "1,2,3,4,5");
    expect(() => insert.run("21:00", "1")).toThrow(/UNIQUE/);
    expect(() => db.exec("UPDATE group_quiz_schedules SET weekdays = 'mon'")).toThrow(/CHECK/);
    const run = db.prepare(
      `INSERT INTO group_quiz_runs (platform, chat_id, kind, local_date, scheduled_for, status, claimed_at)
       VALUES ('line', 'C1', ?, '2026-11-30', 'x', 'claimed', 'now')`,
    );
    run.run("quiz");
    run.run("standings");
    expect(() => run.run("quiz")).toThrow(/UNIQUE/);
  });
});

describe("migration learner_links", () => {
  it("leaves every reminder going to its own account", () => {
    const db = new Database(":memory:");
    migrate(db, migrationsBefore("learner_links"));
    db.exec(`
      INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'discord', 'd1', 'now');
      INSERT INTO reminders (user_id, local_time, platform, chat_id, chat_kind, active_since, updated_at)
        VALUES (1, '21:00', 'discord', 'dm1', 'direct', '2026-11-01T00:00:00.000Z', 'now');
    `);
    migrate(db, loadMigrations());
    const [reminder] = createStores(db).reminders.scheduled(["discord"]);
    expect(reminder?.address).toEqual({
      platform: "discord",
      chatId: "dm1",
      userId: "d1",
      chatKind: "direct",
    });
    expect(createStores(db).links.learnerOf(1)).toBe(1);
  });

  it("refuses an account linked to itself", () => {
    const db = new Database(":memory:");
    migrate(db, loadMigrations());
    db.exec("INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'line', 'U1', 'now')");
    expect(() => db.exec("INSERT INTO account_links VALUES (1, 1, 'now')")).toThrow(/CHECK/);
  });
});

describe("migration schedule_setter_nullable", () => {
  it("keeps every schedule and its checks, and a deleted setter now leaves the schedule with no setter", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    migrate(db, migrationsBefore("schedule_setter_nullable"));
    db.exec(`
      INSERT INTO users (id, platform, platform_user_id, created_at) VALUES
        (1, 'line', 'U1', 'now'), (2, 'discord', 'd2', 'now');
      INSERT INTO group_quiz_schedules (platform, chat_id, local_time, weekdays, time_zone, questions, seconds,
        step, locale, set_by, active_since, updated_at) VALUES
        ('line', 'C1', '20:00', '1,2,3,4,5', 'Asia/Tokyo', 3, 60, 14, 'ja', 1, 'since-1', 'upd-1'),
        ('discord', 'ch2', '07:30', '6,7', 'Europe/Berlin', 10, 120, 15, 'en', 2, 'since-2', 'upd-2');
    `);
    const all = "SELECT * FROM group_quiz_schedules ORDER BY platform, chat_id";
    const before = db.prepare(all).all();
    migrate(db, loadMigrations());
    expect(db.prepare(all).all()).toEqual(before);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%_new'").all()).toEqual([]);

    const stores = createStores(db);
    expect(stores.quizSchedules.get("line", "C1")?.setBy).toBe(1);
    db.exec("DELETE FROM users WHERE id = 1");
    expect(stores.quizSchedules.get("line", "C1")).toMatchObject({
      setBy: null,
      step: 14,
      weekdays: [1, 2, 3, 4, 5],
    });
    expect(stores.quizSchedules.get("discord", "ch2")?.setBy).toBe(2);

    expect(() => db.exec("UPDATE group_quiz_schedules SET weekdays = 'mon'")).toThrow(/CHECK/);
    expect(() => db.exec("UPDATE group_quiz_schedules SET set_by = 99")).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.exec(
        `INSERT INTO group_quiz_schedules (platform, chat_id, local_time, weekdays, time_zone, questions, seconds,
           step, locale, set_by, active_since, updated_at)
         VALUES ('line', 'C1', '21:00', '1', 'Asia/Tokyo', 3, 60, 14, 'ja', NULL, 'now', 'now')`,
      ),
    ).toThrow(/UNIQUE/);
  });

  it("copies a setter missing from users (a file once opened without foreign keys) as no setter", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = OFF"); // better-sqlite3 turns them on by default
    migrate(db, migrationsBefore("schedule_setter_nullable"));
    db.exec(`
      INSERT INTO group_quiz_schedules (platform, chat_id, local_time, weekdays, time_zone, questions, seconds,
        step, locale, set_by, active_since, updated_at)
      VALUES ('line', 'C1', '20:00', '1', 'Asia/Tokyo', 3, 60, 14, 'ja', 7, 'now', 'now');
    `);
    db.pragma("foreign_keys = ON");
    migrate(db, loadMigrations());
    expect(db.prepare("SELECT set_by FROM group_quiz_schedules").get()).toEqual({ set_by: null });
  });
});
