import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "../../../src/core/conversation.ts";
import { actionsOf, createTestBot, textOf, type TestBot } from "../../helpers/core.ts";

const DAY = 86_400_000;
const discord: Partial<IncomingMessage> = {
  platform: "discord",
  userId: "d-alice",
  chatId: "dm-alice",
  displayName: "alice",
};
const line: Partial<IncomingMessage> = {
  platform: "line",
  userId: "U-aoi",
  chatId: "U-aoi",
  displayName: "あおい",
};
const local: Partial<IncomingMessage> = { platform: "local", userId: "me", chatId: "terminal" };

/** The code in a /link reply. */
const codeIn = (replies: Awaited<ReturnType<TestBot["say"]>>): string => {
  const match = /連携コード: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(textOf(replies));
  if (!match?.[1]) throw new Error(`no code in ${textOf(replies)}`);
  return match[1];
};

const count = (bot: TestBot, sql: string): number => (bot.db.prepare(sql).get() as { n: number }).n;

/** Answers question `number` of step 14 as `from`, rightly or not, a minute after it is asked. */
async function answer(bot: TestBot, from: Partial<IncomingMessage>, number: number, right: boolean) {
  await bot.say(`/quiz 14 ${number}`, from);
  const question = bot.bot.services.lessons.question(`14-${number}`)!;
  bot.clock.advance(60_000);
  await bot.say(`/answer ${right ? question.answer : question.answer === "A" ? "B" : "A"}`, from);
}

describe("/link: one learner across platforms", () => {
  it("gives a one-time code in a direct chat only, and shows what is linked", async () => {
    const bot = createTestBot();
    const issued = await bot.say("/link", discord);
    expect(textOf(issued)).toContain(`🔗 連携コード: ${codeIn(issued)}(10 分間有効・1 回かぎり)`);
    expect(textOf(issued)).toContain("このアカウント: Discord(alice)");
    // Alone, the account is not pointed at twice (「このアカウント: Discord(alice)← このアカウント」).
    expect(textOf(issued)).not.toContain("← このアカウント");
    expect(textOf(await bot.say("連携", { ...discord, chatId: "channel", chatKind: "group" }))).toContain(
      "個別チャット(DM)",
    );
    // Only a hash is stored, and a new code replaces the unused one.
    const second = codeIn(await bot.say("/link", discord));
    expect(count(bot, "SELECT COUNT(*) AS n FROM link_codes")).toBe(1);
    expect(JSON.stringify(bot.db.prepare("SELECT * FROM link_codes").all())).not.toContain(
      second.replace("-", ""),
    );
    expect(textOf(await bot.say(`/link ${codeIn(issued)}`, line))).toContain("見つかりません");
  });

  it("joins the accounts: every row kept, nothing counted twice, streaks counted again", async () => {
    const bot = createTestBot(); // 2026-11-28 18:00 in Tokyo
    await bot.say("/lesson 14", discord);
    await answer(bot, discord, 1, false);
    await answer(bot, discord, 2, true);
    await bot.say("/memo add Discord で書いたメモ", discord);
    await bot.say("/remind 21:00", discord);
    bot.clock.advance(DAY);
    await answer(bot, line, 1, true);
    await answer(bot, line, 3, true);
    await bot.say("メモ LINE で書いたメモ", line);
    await bot.say("/lesson 14 next", line);
    await bot.say("/lesson 14 next", line);

    const { positions, links } = bot.bot.services.stores;
    const linePosition = positions.get(links.accountOf("line", "U-aoi")!.id);
    expect(linePosition).not.toEqual(positions.get(links.accountOf("discord", "d-alice")!.id));
    const before = {
      attempts: count(bot, "SELECT COUNT(*) AS n FROM attempts"),
      memos: count(bot, "SELECT COUNT(*) AS n FROM memos"),
      log: count(bot, "SELECT COUNT(*) AS n FROM review_log"),
    };
    const code = codeIn(await bot.say("/link", line));
    const linked = textOf(await bot.say(`/link ${code.toLowerCase().replace("-", " ")}`, discord));
    expect(linked).toContain("🔗 連携しました: Discord(alice)← このアカウント・LINE(あおい)");
    expect(linked).toContain("回答 2 件・メモ 1 件・復習カード 2 枚");
    expect(linked).toContain("🔥 連続学習: 2 日(両方の回答から数え直しました)");
    expect(linked).toContain("⏰ リマインダー: Discord で設定した 21:00 のままです。");

    // Every row is kept and now belongs to the one learner (the older account, Discord's).
    const learner = links.accountOf("discord", "d-alice")!.id;
    expect(count(bot, "SELECT COUNT(*) AS n FROM attempts")).toBe(before.attempts);
    expect(count(bot, `SELECT COUNT(*) AS n FROM attempts WHERE user_id = ${learner}`)).toBe(before.attempts);
    expect(count(bot, `SELECT COUNT(*) AS n FROM memos WHERE user_id = ${learner}`)).toBe(before.memos);
    expect(count(bot, `SELECT COUNT(*) AS n FROM review_log WHERE user_id = ${learner}`)).toBe(before.log);
    // One review card per question (14-1 was answered on both).
    expect(count(bot, "SELECT COUNT(*) AS n FROM review_cards")).toBe(3);

    // The same stats from either platform, each answer and each day once.
    const fromLine = textOf(await bot.say("/stats", line));
    expect(fromLine).toBe(textOf(await bot.say("/stats", discord)));
    expect(fromLine).toContain("回答 4 回 ・ 正解 3 回");
    expect(fromLine).toContain("解いた問題 3/4");
    expect(fromLine).toContain("🔥 連続学習: 2 日");
    expect(textOf(await bot.say("/memo list", discord))).toContain("LINE で書いたメモ");
    // The lesson position moved most recently (LINE's) wins.
    expect(positions.get(learner)).toEqual(linePosition);
    // Listing shows both.
    expect(textOf(await bot.say("/link", line))).toContain(
      "連携中: Discord(alice)・LINE(あおい)← このアカウント",
    );
  });

  it("keeps the earliest of two answers to the same prompt, with its review", async () => {
    const bot = createTestBot();
    await bot.say("/help", discord);
    await bot.say("/help", line);
    const { stores } = bot.bot.services;
    const d = stores.links.accountOf("discord", "d-alice")!.id;
    const l = stores.links.accountOf("line", "U-aoi")!.id;
    // One prompt both answered (as if both could see it), the LINE answer first.
    const prompt = stores.quiz.createPrompt(
      { questionId: "14-1", step: 14, platform: "line", chatId: "C-group", askedBy: l },
      bot.clock.now(),
    );
    const at = (minutes: number) => new Date(bot.clock.now().getTime() + minutes * 60_000);
    stores.quiz.recordAttempt({ userId: l, prompt, choice: "A", correct: true, at: at(1) }, () => true);
    stores.quiz.recordAttempt({ userId: d, prompt, choice: "B", correct: false, at: at(2) }, () => true);
    bot.db
      .prepare(
        `INSERT INTO review_log (user_id, question_id, step, prompt_id, rating, state, due_at, stability, difficulty,
           elapsed_days, last_elapsed_days, scheduled_days, learning_steps, reviewed_at, next_due_on)
         VALUES (?, '14-1', 14, ?, ?, 0, '', 0, 0, 0, 0, 0, 0, ?, '2026-12-01')`,
      )
      .run(l, prompt.id, 3, at(1).toISOString());
    bot.db
      .prepare(
        `INSERT INTO review_log (user_id, question_id, step, prompt_id, rating, state, due_at, stability, difficulty,
           elapsed_days, last_elapsed_days, scheduled_days, learning_steps, reviewed_at, next_due_on)
         VALUES (?, '14-1', 14, ?, ?, 0, '', 0, 0, 0, 0, 0, 0, ?, '2026-11-29')`,
      )
      .run(d, prompt.id, 1, at(2).toISOString());

    const linked = textOf(await bot.say(`/link ${codeIn(await bot.say("/link", line))}`, discord));
    expect(linked).toContain("同じ問題への重複 1 件は最初の回答を残しました");
    expect(bot.db.prepare("SELECT user_id, choice FROM attempts").all()).toEqual([
      { user_id: d, choice: "A" },
    ]);
    expect(bot.db.prepare("SELECT rating FROM review_log").all()).toEqual([{ rating: 3 }]);
  });

  it("refuses a wrong, expired or used code, and stops taking codes after five failures for a while", async () => {
    const bot = createTestBot();
    const code = codeIn(await bot.say("/link", discord));
    expect(textOf(await bot.say("/link ZZZZ-ZZZZ", line))).toContain("見つかりません。");
    expect(textOf(await bot.say("/link ZZZZ-ZZZZ", line))).toContain("(あと 3 回)");
    bot.clock.advance(11 * 60_000);
    expect(textOf(await bot.say(`/link ${code}`, line))).toContain("期限切れ");

    const fresh = codeIn(await bot.say("/link", discord));
    expect(textOf(await bot.say(`/link ${fresh}`, line))).toContain("🔗 連携しました");
    expect(textOf(await bot.say(`/link ${fresh}`, local))).toContain("もう使われています");
    expect(textOf(await bot.say(`/link ${fresh}`, local))).toContain("(あと 3 回)");
    const other = codeIn(await bot.say("/link", discord));
    await bot.say("/link AAAA-AAAA", local);
    await bot.say("/link AAAA-AAAA", local);
    await bot.say("/link AAAA-AAAA", local);
    // Five failures: even the right code waits, until the first failure is 15 minutes old.
    expect(textOf(await bot.say(`/link ${other}`, local))).toContain("しばらく受け付けません。15 分後に");
    bot.clock.advance(14 * 60_000);
    expect(textOf(await bot.say(`/link ${other}`, local))).toContain("1 分後に");
    bot.clock.advance(60_000);
    const last = codeIn(await bot.say("/link", discord));
    expect(textOf(await bot.say(`/link ${last}`, local))).toContain("🔗 連携しました");
  });

  it("refuses its own code and a second account of the same platform", async () => {
    const bot = createTestBot();
    const own = codeIn(await bot.say("/link", discord));
    expect(textOf(await bot.say(`/link ${own}`, discord))).toContain("このアカウントのコード");
    const code = codeIn(await bot.say("/link", { ...discord, userId: "d-bob", chatId: "dm-bob" }));
    expect(textOf(await bot.say(`/link ${code}`, discord))).toContain(
      "どちらにも Discord のアカウントがある",
    );
  });

  it("joins a third platform with no schema change", async () => {
    const bot = createTestBot();
    const schema = () => bot.db.prepare("SELECT sql FROM sqlite_master ORDER BY name").all();
    const before = schema();
    await answer(bot, local, 1, true);
    await answer(bot, discord, 2, true);
    await answer(bot, line, 3, true);
    await bot.say(`/link ${codeIn(await bot.say("/link", local))}`, discord);
    const three = textOf(await bot.say(`/link ${codeIn(await bot.say("/link", discord))}`, line));
    expect(three).toContain("ローカル・Discord(alice)・LINE(あおい)← このアカウント");
    expect(schema()).toEqual(before);
    expect(count(bot, "SELECT COUNT(*) AS n FROM account_links")).toBe(2);
    expect(textOf(await bot.say("/stats", line))).toContain("回答 3 回");
    expect(textOf(await bot.say(`/link ${codeIn(await bot.say("/link", line))}`, local))).toContain(
      "もう連携しています",
    );
    // /unlink on the first account lets every other go; the data stays with it.
    expect(textOf(await bot.say("/unlink", local))).toContain(
      "連携を解除しました: Discord(alice)・LINE(あおい)。これまでの記録は最初のアカウント ローカル に残ります。",
    );
    expect(textOf(await bot.say("/stats", local))).toContain("回答 3 回");
    expect(count(bot, "SELECT COUNT(*) AS n FROM account_links")).toBe(0);
  });

  it("/unlink separates them; past data stays with the first account, the reminder with its account", async () => {
    const bot = createTestBot();
    await answer(bot, discord, 1, true);
    await answer(bot, line, 2, true);
    await bot.say("/remind 7:30", line);
    await bot.say(`/link ${codeIn(await bot.say("/link", line))}`, discord);
    expect(textOf(await bot.say("/stats", line))).toContain("回答 2 回");

    const unlinked = textOf(await bot.say("連携解除", line));
    expect(unlinked).toContain(
      "🔓 連携を解除しました: LINE(あおい)。これまでの記録は最初のアカウント Discord(alice) に残ります。",
    );
    expect(textOf(await bot.say("/stats", discord))).toContain("回答 2 回");
    expect(textOf(await bot.say("/stats", line))).toContain("まだ回答がありません");
    // The reminder set on LINE goes on with the LINE account.
    expect(textOf(await bot.say("/remind", line))).toContain("毎日 07:30");
    expect(textOf(await bot.say("/remind", discord))).toContain("設定されていません");
    expect(textOf(await bot.say("/unlink", discord))).toContain("連携しているアカウントはありません");
  });

  it("keeps the reminder where it was set when both had one, and offers the other", async () => {
    const bot = createTestBot();
    await bot.say("/remind 21:00", discord);
    await bot.say("/remind 7:00", line);
    const linked = await bot.say(`/link ${codeIn(await bot.say("/link", discord))}`, line);
    expect(textOf(linked)).toContain("⏰ リマインダー: Discord で設定した 21:00 のままです。");
    expect(textOf(linked)).toContain("LINE の 07:00 のリマインダーは止めました。");
    expect(actionsOf(linked)).toEqual(["/remind 07:00"]);
    // The user chooses: the tap moves it to this LINE chat.
    await bot.say("/remind 07:00", { ...line, isAction: true });
    expect(textOf(await bot.say("/remind", discord))).toContain("毎日 07:00");
    const reminder = bot.bot.services.stores.reminders.get(
      bot.bot.services.stores.links.accountOf("discord", "d-alice")!.id,
    );
    expect(reminder?.address).toMatchObject({ platform: "line", userId: "U-aoi", chatId: "U-aoi" });
  });
});
