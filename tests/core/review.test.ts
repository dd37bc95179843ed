import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { grade } from "../../src/core/review/leitner.ts";
import { loadMigrations } from "../../src/db/migrations.ts";
import { migrate } from "../../src/db/open.ts";
import { actionsOf, createTestBot, textOf, type TestBot } from "../helpers/core.ts";

const DAY = 86_400_000;

describe("Leitner transitions", () => {
  const today = "2026-11-28";

  it("puts a wrong answer in box 1 due tomorrow, from anywhere", () => {
    expect(grade(undefined, false, today)).toEqual({
      kind: "scheduled",
      card: { box: 1, dueOn: "2026-11-29" },
    });
    expect(grade({ box: 4, dueOn: "2026-12-05" }, false, today)).toEqual({
      kind: "scheduled",
      card: { box: 1, dueOn: "2026-11-29" },
      from: { box: 4, dueOn: "2026-12-05" },
    });
  });

  it("moves a due card up one box with intervals 2, 4, 8, 16 days, and retires it from box 5", () => {
    const moves = [1, 2, 3, 4].map((box) => grade({ box, dueOn: today }, true, today));
    expect(moves.map((move) => (move.kind === "scheduled" ? move.card : undefined))).toEqual([
      { box: 2, dueOn: "2026-11-30" },
      { box: 3, dueOn: "2026-12-02" },
      { box: 4, dueOn: "2026-12-06" },
      { box: 5, dueOn: "2026-12-14" },
    ]);
    expect(grade({ box: 5, dueOn: "2026-11-01" }, true, today)).toEqual({
      kind: "retired",
      from: { box: 5, dueOn: "2026-11-01" },
    });
  });

  it("leaves a card alone on a right answer before it is due, and makes none for a right answer", () => {
    expect(grade({ box: 1, dueOn: "2026-11-29" }, true, today)).toEqual({
      kind: "unchanged",
      card: { box: 1, dueOn: "2026-11-29" },
    });
    expect(grade(undefined, true, today)).toEqual({ kind: "unchanged" });
  });
});

describe("/review through the bot", () => {
  const card = (bot: TestBot, questionId = "14-1") =>
    bot.db.prepare("SELECT box, due_on FROM review_cards WHERE question_id = ?").get(questionId);
  const nextDay = (bot: TestBot, days = 1) => bot.clock.advance(days * DAY);

  it("brings a wrong answer back the next day and moves it through the boxes until it retires", async () => {
    const bot = createTestBot(); // 2026-11-28 18:00 JST
    await bot.say("/quiz");
    expect(textOf(await bot.say("/answer B"))).toContain("📚 この問題は明日の復習に入りました(ボックス 1)。");
    expect(card(bot)).toEqual({ box: 1, due_on: "2026-11-29" });
    expect(textOf(await bot.say("/review"))).toContain("次の復習は明日(2026-11-29)");
    expect(textOf(await bot.say("/stats"))).toContain("📚 復習待ち: 0 問(復習中 1 問)");

    nextDay(bot);
    expect(textOf(await bot.say("/stats"))).toContain("📚 復習待ち: 1 問(復習中 1 問) → /review");
    const asked = await bot.say("復習");
    expect(textOf(asked)).toContain("📚 復習(ボックス 1・復習待ち 1 問)");
    expect(textOf(asked)).toContain("問題 1/4");
    const [tapA] = actionsOf(asked).filter((action) => action.startsWith("/answer A"));
    expect(textOf(await bot.say(tapA!, { isAction: true }))).toContain(
      "📚 復習ボックス 1 → 2。次の復習は 2 日後です。",
    );
    expect(card(bot)).toEqual({ box: 2, due_on: "2026-12-01" });

    // Answering right again before it is due changes nothing.
    await bot.say("/quiz 14 1");
    await bot.say("/answer A");
    expect(card(bot)).toEqual({ box: 2, due_on: "2026-12-01" });

    nextDay(bot, 2);
    await bot.say("/review");
    expect(textOf(await bot.say("/answer C"))).toContain("明日の復習に入りました");
    expect(card(bot)).toEqual({ box: 1, due_on: "2026-12-02" });

    for (const [days, box, due] of [
      [1, 2, "2026-12-04"],
      [2, 3, "2026-12-08"],
      [4, 4, "2026-12-16"],
      [8, 5, "2027-01-01"],
    ] as const) {
      nextDay(bot, days);
      expect(textOf(await bot.say("/review"))).toContain(`ボックス ${box - 1}`);
      await bot.say("/answer A");
      expect(card(bot)).toEqual({ box, due_on: due });
    }
    nextDay(bot, 16);
    await bot.say("/review");
    expect(textOf(await bot.say("/answer A"))).toContain("🎓 復習完了");
    expect(card(bot)).toBeUndefined();
    expect(textOf(await bot.say("/review"))).toContain("復習する問題はありません");
  });

  it("offers to keep reviewing while more are due", async () => {
    const bot = createTestBot();
    for (const [number, wrong] of [
      [1, "B"],
      [2, "A"],
    ] as const) {
      await bot.say(`/quiz 14 ${number}`);
      await bot.say(`/answer ${wrong}`);
    }
    nextDay(bot);
    await bot.say("/review");
    const graded = await bot.say("/answer A");
    expect(actionsOf(graded)).toContain("/review");
    expect(textOf(graded)).toContain("📚 復習を続ける(あと 1)");
    expect(textOf(await bot.say("/review"))).toContain("問題 2/4");
    expect(actionsOf(await bot.say("/answer D"))).not.toContain("/review");
  });

  it("counts days in the user's own time zone", async () => {
    const bot = createTestBot();
    bot.clock.set(new Date("2026-11-28T04:30:00Z")); // 23:30 on the 27th in New York, 13:30 on the 28th in Tokyo
    await bot.say("/timezone America/New_York");
    await bot.say("/quiz");
    await bot.say("/answer B");
    expect(card(bot)).toEqual({ box: 1, due_on: "2026-11-28" });
    bot.clock.set(new Date("2026-11-28T05:30:00Z")); // 00:30 on the 28th in New York
    expect(textOf(await bot.say("/review"))).toContain("問題 1/4");
  });
});

describe("migration 004", () => {
  it("starts questions whose latest answer was wrong in box 1, due the next Tokyo day", () => {
    const migrations = loadMigrations();
    const db = new Database(":memory:");
    migrate(db, migrations.slice(0, 3));
    db.exec(`
      INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'local', 'u1', 'now');
      INSERT INTO quiz_prompts (id, question_id, step, platform, chat_id, asked_by, created_at)
        VALUES (1, '14-1', 14, 'local', 'c', 1, 'now'), (2, '14-1', 14, 'local', 'c', 1, 'now'),
               (3, '14-2', 14, 'local', 'c', 1, 'now'), (4, '14-3', 14, 'local', 'c', 1, 'now');
      INSERT INTO attempts (user_id, prompt_id, question_id, step, choice, correct, answered_at) VALUES
        (1, 1, '14-1', 14, 'B', 0, '2026-11-27T10:00:00.000Z'),
        (1, 2, '14-1', 14, 'A', 1, '2026-11-27T11:00:00.000Z'),
        (1, 3, '14-2', 14, 'A', 0, '2026-11-27T16:00:00.000Z'),
        (1, 4, '14-3', 14, 'B', 1, '2026-11-27T16:00:00.000Z');
    `);
    migrate(db, migrations);
    expect(db.prepare("SELECT user_id, question_id, box, due_on FROM review_cards").all()).toEqual([
      { user_id: 1, question_id: "14-2", box: 1, due_on: "2026-11-29" }, // 01:00 JST on the 28th
    ]);
  });
});
