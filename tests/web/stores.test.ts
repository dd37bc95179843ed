import Database from "better-sqlite3";
import { Rating } from "ts-fsrs";
import { ReviewScheduler } from "../../src/core/review/fsrs.ts";
import { describe, expect, it } from "vitest";
import { AccountStore, FORMER_MEMBER_ID } from "../../src/core/store/account.ts";
import { createStores } from "../../src/core/store/stores.ts";
import { loadMigrations, migrationsBefore } from "../../src/db/migrations.ts";
import { migrate, openDatabase } from "../../src/db/open.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import { DEFAULTS } from "../../src/trainer/params.ts";
import { RunStore } from "../../src/trainer/queue/runs.ts";
import { deleteLearner } from "../../src/web/store/learner-deletion.ts";
import { WebSessionStore } from "../../src/web/store/sessions.ts";

const now = new Date("2026-11-28T09:00:00Z");

describe("db/011_web.sql", () => {
  it("adds the web's tables to a database with data, and they go with their user", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    const migrations = loadMigrations();
    migrate(db, migrationsBefore("web", migrations));
    db.prepare(
      "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'local', 'u1', 'now')",
    ).run();
    migrate(db, migrations);
    const sessions = new WebSessionStore(db);
    sessions.addSignInToken("hash-1", 1, { platform: "line", chatId: "C1" }, now, 60_000);
    const session = sessions.addSession("hash-2", 1, now, 60_000);
    sessions.grantGroup(session.id, { platform: "line", chatId: "C1" }, now);
    sessions.setHidden(1, { platform: "line", chatId: "C1" }, true, now);
    db.prepare("DELETE FROM users WHERE id = 1").run();
    for (const table of ["web_sign_in_tokens", "web_sessions", "web_group_access", "web_hidden_members"])
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
  });
});

describe("web sessions store", () => {
  it("uses a link once and only before it expires", () => {
    const db = openDatabase(":memory:");
    const user = createStores(db).users.ensure("local", "alice", undefined, now);
    const sessions = new WebSessionStore(db);
    sessions.addSignInToken("a", user.id, undefined, now, 60_000);
    sessions.addSignInToken("b", user.id, undefined, now, 60_000);
    expect(sessions.linkState("a", now)).toBe("valid");
    expect(sessions.useSignInToken("a", now)).toEqual({ userId: user.id });
    expect(sessions.useSignInToken("a", now)).toBeUndefined();
    expect(sessions.linkState("a", now)).toBe("used");
    const late = new Date(now.getTime() + 60_000);
    expect(sessions.linkState("b", late)).toBe("expired");
    expect(sessions.useSignInToken("b", late)).toBeUndefined();
    expect(sessions.linkState("zzz", now)).toBe("unknown");
  });
});

describe("memo store: search and edit", () => {
  it("finds the learner's memos of every step newest first, reading the query literally", () => {
    const stores = createStores(openDatabase(":memory:"));
    const alice = stores.users.ensure("local", "alice", undefined, now).id;
    const bob = stores.users.ensure("local", "bob", undefined, now).id;
    stores.memos.add(alice, 14, "Dropout は訓練時だけ", now);
    stores.memos.add(alice, 15, "正答率 50% を超えた", now);
    stores.memos.add(alice, 14, "a_b と dropout", now);
    stores.memos.add(bob, 14, "dropout ボブ", now);
    expect(stores.memos.search(alice, "DROPOUT", 10).memos.map((memo) => memo.id)).toEqual([3, 1]);
    expect(stores.memos.search(alice, "50%", 10).memos.map((memo) => memo.body)).toEqual([
      "正答率 50% を超えた",
    ]);
    expect(stores.memos.search(alice, "_", 10).total).toBe(1);
    expect(stores.memos.search(alice, "", 2, 1)).toMatchObject({ total: 3, memos: [{ id: 2 }, { id: 1 }] });
    expect(stores.memos.edit(alice, 1, "書きかえた")).toBe(true);
    expect(stores.memos.edit(alice, 4, "ボブのを書きかえ")).toBe(false);
    expect(stores.memos.list(alice, 14, 10).memos.map((memo) => memo.body)).toEqual([
      "a_b と dropout",
      "書きかえた",
    ]);
  });
});

describe("account store: deleting a learner", () => {
  it("removes everything of theirs and keeps the group's shared history without them", () => {
    const db = openDatabase(":memory:");
    const stores = createStores(db);
    const alice = stores.users.ensure("line", "alice", "Alice", now).id;
    const bob = stores.users.ensure("line", "bob", "Bob", now).id;
    const quiz = stores.groupQuizzes.create(
      { platform: "line", chatId: "C1", startedBy: alice, step: 14, seconds: 30, speedBonus: true },
      now,
    );
    if (!quiz) throw new Error("no quiz");
    const round = stores.quiz.createPrompt(
      { questionId: "14-1", step: 14, platform: "line", chatId: "C1", askedBy: alice },
      now,
    );
    stores.groupQuizzes.openRound({
      promptId: round.id,
      quizId: quiz.id,
      position: 1,
      openedAt: now,
      closesAt: now,
    });
    const solo = stores.quiz.createPrompt(
      { questionId: "14-2", step: 14, platform: "line", chatId: "alice", askedBy: alice },
      now,
    );
    for (const [user, prompt] of [
      [alice, round],
      [bob, round],
      [alice, solo],
    ] as const)
      stores.quiz.recordAttempt({ userId: user, prompt, choice: "A", correct: true, at: now }, () => true);
    stores.memos.add(alice, 14, "メモ", now);
    stores.positions.set(alice, { step: 14, sectionIndex: 2 }, now);
    const reviewed = new ReviewScheduler().review(
      undefined,
      { id: "14-3", step: 14 },
      Rating.Again,
      now,
      "2026-11-28",
    );
    if (reviewed.kind === "reviewed") stores.review.save(alice, reviewed.after, reviewed.log, now);

    expect(new AccountStore(db).delete(alice, now)).toBe(true);
    expect(stores.users.get(alice)).toBeUndefined();
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT COUNT(*) AS n FROM attempts WHERE user_id = ${alice}`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM memos`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM review_cards`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM lesson_positions`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM quiz_prompts WHERE id = ${solo.id}`)).toBe(0);
    // Bob's answer to the group's question stays, under a quiz now owned by a nameless stand-in.
    expect(stores.groupQuizzes.answers(quiz.id).map((answer) => answer.userId)).toEqual([bob]);
    const standIn = db
      .prepare(
        "SELECT platform_user_id, display_name FROM users WHERE id = (SELECT started_by FROM group_quizzes)",
      )
      .get();
    expect(standIn).toEqual({ platform_user_id: FORMER_MEMBER_ID, display_name: null });
    expect(new AccountStore(db).delete(alice, now)).toBe(false);
  });
});

describe("account store: deleting a group's schedule setter", () => {
  it("keeps the group's scheduled quiz, without their name", () => {
    const db = openDatabase(":memory:");
    const stores = createStores(db);
    const alice = stores.users.ensure("line", "alice", "Alice", now).id;
    const schedule = {
      platform: "line" as const,
      chatId: "C1",
      minuteOfDay: 20 * 60,
      weekdays: [1, 2, 3, 4, 5],
      timeZone: "Asia/Tokyo",
      questions: 3,
      seconds: 60,
      step: 14,
      locale: "ja" as const,
      setBy: alice,
    };
    stores.quizSchedules.set(schedule, now);
    const deleted = deleteLearner(
      db,
      { runs: new RunStore(db), account: new AccountStore(db) },
      { userId: alice, owner: { platform: "line", userId: "alice" } },
      now,
    );
    expect(deleted).toEqual({ deleted: 0, chartPaths: [] });
    expect(stores.users.get(alice)).toBeUndefined();
    expect(stores.quizSchedules.get("line", "C1")).toEqual({ ...schedule, setBy: null, activeSince: now });
  });
});

describe("run store: a learner's training runs", () => {
  it("lists the owner's runs newest first and deletes only those that have ended", () => {
    const db = openDatabase(":memory:");
    const jobs = new JobStore(db, () => now);
    const runs = new RunStore(db);
    const owner = (userId: string) => ({
      platform: "local" as const,
      chatId: userId,
      userId,
      chatKind: "direct" as const,
    });
    const ended = jobs.insert(owner("alice"), "ja", DEFAULTS, null);
    jobs.markEnded(ended.id, "failed", "boom");
    const running = jobs.insert(owner("alice"), "ja", DEFAULTS, null);
    jobs.markRunning(running.id);
    const bobs = jobs.insert(owner("bob"), "ja", DEFAULTS, null);
    const alice = { platform: "local" as const, userId: "alice" };
    expect(runs.list(alice).map((run) => run.id)).toEqual([running.id, ended.id]);
    expect(runs.activeCount(alice)).toBe(1);
    expect(runs.deleteEnded(alice)).toEqual({ deleted: 1, chartPaths: [] });
    expect(runs.list(alice).map((run) => run.id)).toEqual([running.id]);
    expect(runs.list({ platform: "local", userId: "bob" }).map((run) => run.id)).toEqual([bobs.id]);
  });
});
