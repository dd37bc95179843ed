import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBot } from "../../../src/core/bot.ts";
import type { IncomingMessage } from "../../../src/core/conversation.ts";
import type { Reply } from "../../../src/core/reply.ts";
import { actionsOf, createTestBot, RecordingConversation, textOf, type TestBot } from "../../helpers/core.ts";

const ROOM = { chatId: "room-1", chatKind: "group" } as const;
const member = (name: string): Partial<IncomingMessage> => ({
  ...ROOM,
  userId: name.toLowerCase(),
  displayName: name,
});

/** The tap that answers `choice` to the latest question in the replies. */
const tap = (replies: readonly Reply[], choice: string): string => {
  const action = actionsOf(replies).findLast((candidate) => candidate.startsWith(`/answer ${choice} `));
  if (!action) throw new Error(`no /answer ${choice} button in ${textOf(replies)}`);
  return action;
};

describe("group quiz", () => {
  let bot: TestBot;
  beforeEach(() => {
    vi.useFakeTimers({
      now: new Date("2026-11-28T09:00:00Z"),
      toFake: ["setTimeout", "clearTimeout", "Date"],
    });
    // The bot's clock reads the faked Date, so deadlines and answer times move with the timers.
    bot = createTestBot({ clock: { now: () => new Date() } });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const say = (name: string, text: string, isAction = true) => bot.say(text, { ...member(name), isAction });
  /** What the bot posted to the room since the last call. */
  let seen = 0;
  const posted = () => {
    const fresh = bot.conversation.sent.slice(seen);
    seen = bot.conversation.sent.length;
    return fresh;
  };
  beforeEach(() => {
    seen = 0;
  });

  it("runs timed rounds: taps recorded per member, results at the deadline, then a scoreboard", async () => {
    const start = await say("Alice", "/quiz group 14 20", false);
    expect(textOf(start)).toContain("🎮 グループクイズ開始!STEP 14");
    expect(textOf(start)).toContain("全 4 問 ・各 20 秒");
    expect(textOf(start)).toContain("問題 1/4");
    expect(textOf(start)).toContain("⏱ 20 秒以内にボタンで回答");

    await vi.advanceTimersByTimeAsync(3_000);
    const bobTap = await say("Bob", tap(start, "A")); // right, fast
    expect(textOf(bobTap)).toBe("✋ Bob さんの回答を受け付けました(1 人目)");
    expect(textOf(bobTap)).not.toContain("正解");
    await vi.advanceTimersByTimeAsync(2_000);
    expect(textOf(await say("Carol", tap(start, "C")))).toContain("(2 人目)"); // wrong
    expect(textOf(await say("Bob", tap(start, "B")))).toBe("Bob さんはこの問題に回答済みです(1 人 1 回)。");
    await vi.advanceTimersByTimeAsync(10_000);
    await say("Alice", tap(start, "A")); // right, after half the time: no bonus
    expect(posted()).toEqual([]);

    await vi.advanceTimersByTimeAsync(5_000); // the deadline
    const round1 = textOf(posted());
    expect(round1).toContain("⏰ 問題 1/4 終了!正解は A. 訓練時のみ");
    expect(round1).toContain("✅ 正解: Bob ⚡、Alice(2/3 人)");
    expect(round1).toContain("ドロップアウトは訓練時のみ適用"); // the explanation
    expect(round1).toContain("問題 2/4");
    expect(textOf(await say("Carol", tap(start, "A")))).toContain("締め切られました");

    const round2 = bot.conversation.sent;
    await say("Carol", tap(round2, "D")); // right, fast
    await vi.advanceTimersByTimeAsync(20_000);
    expect(textOf(posted())).toContain("✅ 正解: Carol ⚡(1/1 人)");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(textOf(posted())).toContain("回答はありませんでした。");
    await say("Bob", tap(bot.conversation.sent, "B")); // question 4: right, fast
    await vi.advanceTimersByTimeAsync(20_000);
    const end = textOf(posted());
    expect(end).toContain("🏆 結果発表 — STEP 14 グループクイズ(全 4 問)");
    expect(end).toContain("🥇 Bob — 4 点(正解 2/2 ・⚡2)");
    expect(end).toContain("🥈 Carol — 2 点(正解 1/2 ・⚡1)");
    expect(end).toContain("🥉 Alice — 1 点(正解 1/1)");

    await vi.advanceTimersByTimeAsync(120_000);
    expect(posted()).toEqual([]); // over: no more posts
    expect(
      bot.db
        .prepare(
          `SELECT u.platform_user_id AS who, a.question_id, a.choice, a.correct FROM attempts a
           JOIN users u ON u.id = a.user_id ORDER BY a.id`,
        )
        .all(),
    ).toEqual([
      { who: "bob", question_id: "14-1", choice: "A", correct: 1 },
      { who: "carol", question_id: "14-1", choice: "C", correct: 0 },
      { who: "alice", question_id: "14-1", choice: "A", correct: 1 },
      { who: "carol", question_id: "14-2", choice: "D", correct: 1 },
      { who: "bob", question_id: "14-4", choice: "B", correct: 1 },
    ]);
    // Group answers feed each member's review and streak like solo ones.
    expect(textOf(await say("Carol", "/stats", false))).toContain("📚 復習待ち: 0 問(復習中 2 問)");
    expect(textOf(await say("Carol", "/stats", false))).toContain("🔥 連続学習: 1 日");
  });

  it("ends with /quiz stop, posting the answer on the table and the scores so far", async () => {
    const start = await say("Alice", "/quiz group", false);
    expect(textOf(start)).toContain("各 30 秒");
    await say("Bob", tap(start, "A"));
    await vi.advanceTimersByTimeAsync(30_000);
    await say("Alice", tap(bot.conversation.sent, "D"));
    const stop = textOf(await say("Alice", "/quiz stop", false));
    expect(stop).toContain("⏰ 問題 2/4 終了!正解は D. 出力層の後");
    expect(stop).toContain("⏹ グループクイズを終了しました(2/4 問)。ここまでの成績:");
    expect(stop).toContain("🥇 Bob — 2 点");
    expect(stop).toContain("🥇 Alice — 2 点");
    posted();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(posted()).toEqual([]);
    expect(textOf(await say("Bob", "/quiz stop", false))).toContain("進行中のグループクイズはありません");
  });

  it("lets only the member who started it, or a moderator, end it early", async () => {
    await say("Alice", "/quiz group 14 20", false);
    const refused = await say("Bob", "/quiz stop", false);
    expect(textOf(refused)).toBe(
      "グループクイズを途中で終了できるのは、始めた人(Alice さん)か管理者だけです。最後の問題のあとで自動的に終わります。",
    );
    expect(refused[0]).toMatchObject({ error: true });
    expect(textOf(await say("Bob", "/lang en", false))).toContain("English");
    expect(textOf(await say("Bob", "/quiz stop", false))).toBe(
      "Only whoever started the group quiz (Alice) or a moderator can end it early. It ends by itself after the last question.",
    );
    // Still running: the round closes on time.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(textOf(posted())).toContain("⏰ 問題 1/4 終了");
    const moderated = await bot.say("/quiz stop", { ...member("Carol"), isAction: false, canModerate: true });
    expect(textOf(moderated)).toContain("⏹ グループクイズを終了しました(2/4 問)");
  });

  it("takes typed answers (「回答 A」, /answer B) from any member for the question on the table", async () => {
    await say("Alice", "/quiz group 14 20", false);
    expect(textOf(await say("Bob", "回答 A", false))).toBe("✋ Bob さんの回答を受け付けました(1 人目)");
    expect(textOf(await say("Carol", "/answer b", false))).toContain("(2 人目)");
    expect(textOf(await say("Bob", "/answer C", false))).toContain("回答済み");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(textOf(posted())).toContain("✅ 正解: Bob ⚡(1/2 人)");
  });

  it("runs one quiz per chat, only in group chats, and takes bonus=off and a time limit", async () => {
    const start = await say("Alice", "/quiz group 14 10 bonus=off", false);
    expect(textOf(start)).toContain("スピードボーナスなし");
    expect(textOf(await say("Bob", "/quiz group", false))).toContain("グループクイズが進行中です");
    const elsewhere = await bot.say("/quiz group 14 120 ボーナスなし", {
      chatId: "room-2",
      chatKind: "group",
      userId: "dave",
    });
    expect(textOf(elsewhere)).toContain("各 120 秒");
    expect(textOf(elsewhere)).toContain("スピードボーナスなし");
    expect(textOf(await bot.say("/quiz group"))).toContain(
      "グループ(Discord のチャンネルや LINE のグループ)",
    );
    expect(textOf(await say("Bob", "/quiz group 14 5", false))).toContain(
      "1 問の制限時間(秒)には 10〜120 の整数を指定してください(「5」は使えません)",
    );
    expect(textOf(await say("Bob", "/quiz group 14 30 bonus=what", false))).toContain(
      "「bonus=what」は選べません。スピードボーナスは ボーナスあり(on) / ボーナスなし(off) のどれかです。",
    );

    await vi.advanceTimersByTimeAsync(1_000);
    await say("Bob", tap(start, "A")); // right and fast, but no bonus in this quiz
    await vi.advanceTimersByTimeAsync(39_000); // all four 10-second rounds
    const end = textOf(posted());
    expect(end).toContain("✅ 正解: Bob(1/1 人)");
    expect(end).toContain("🏆 結果発表");
    expect(end).toContain("🥇 Bob — 1 点(正解 1/1)");
    // Solo quizzes still work as before in the same chat, and a new group quiz can start.
    expect(textOf(await say("Alice", "/quiz 14 2", false))).toContain("問題 2/4");
    expect(textOf(await say("Alice", "/quiz group", false))).toContain("🎮 グループクイズ開始");
  });

  it("recovers a chat whose quiz was left running by a process that died", async () => {
    const crash = () => {
      const now = Date.now();
      vi.clearAllTimers(); // (which also rewinds the fake clock)
      vi.setSystemTime(now);
    };
    const start = await say("Alice", "/quiz group 14 20", false);
    await say("Bob", tap(start, "A"));
    crash(); // the process dies: its timers are gone, the rows stay
    const restart = () => {
      const next = createBot({
        stores: bot.bot.services.stores,
        lessons: bot.bot.services.lessons,
        clock: { now: () => new Date() },
      });
      const conversation = new RecordingConversation();
      return (name: string, text: string) =>
        next.receive(
          { platform: "local", ...ROOM, userId: name.toLowerCase(), displayName: name, text },
          conversation,
        );
    };
    const sayAfter = restart();
    expect(textOf(await sayAfter("Carol", "/quiz group"))).toContain("グループクイズが進行中です");
    await vi.advanceTimersByTimeAsync(25_000);
    expect(textOf(await sayAfter("Carol", tap(start, "A")))).toContain("締め切られました");
    // Its starter (or a moderator) ends it, as when the process is alive.
    expect(textOf(await sayAfter("Carol", "/quiz stop"))).toContain("始めた人(Alice さん)か管理者だけ");
    const stop = textOf(await sayAfter("Alice", "/quiz stop"));
    expect(stop).toContain("⏹ グループクイズを終了しました(1/4 問)");
    expect(stop).toContain("🥇 Bob — 2 点(正解 1/1 ・⚡1)");

    await sayAfter("Alice", "/quiz group 14 20");
    crash(); // and again
    await vi.advanceTimersByTimeAsync(90_000); // long past the last deadline
    expect(textOf(await restart()("Alice", "/quiz group"))).toContain("🎮 グループクイズ開始");
    expect(bot.db.prepare("SELECT end_reason FROM group_quizzes ORDER BY id").all()).toEqual([
      { end_reason: "stopped" },
      { end_reason: "abandoned" },
      { end_reason: null },
    ]);
  });
});
