import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBot } from "../../../src/core/bot.ts";
import { actionsOf, createTestBot, RecordingConversation, textOf, type TestBot } from "../../helpers/core.ts";

const group = { chatId: "g1", chatKind: "group" as const };
const alice = { ...group, userId: "alice", displayName: "Alice" };
const bob = { ...group, userId: "bob", displayName: "Bob" };

describe("solo questions while a group quiz runs in the chat", () => {
  let t: TestBot;
  beforeEach(() => {
    vi.useFakeTimers({
      now: new Date("2026-11-28T09:00:00Z"),
      toFake: ["setTimeout", "clearTimeout", "Date"],
    });
    t = createTestBot({ clock: { now: () => new Date() } });
  });
  afterEach(() => vi.useRealTimers());

  it("refuses /quiz and /review there, so nothing reveals the open round's answer", async () => {
    await t.say("/quiz group 14 30", alice); // round 1 is 14-1
    const solo = await t.say("/quiz 14 1", bob);
    expect(textOf(solo)).toBe(
      "このチャットではグループクイズが進行中です。ひとりで解く問題は、クイズが終わるまで待つか、ボットとの個別チャット(DM)でどうぞ。",
    );
    expect(solo[0]).toMatchObject({ error: true });
    expect(actionsOf(solo)).toEqual([]);
    expect(textOf(await t.say("問題", bob))).toContain("グループクイズが進行中です");
    expect(textOf(await t.say("/review", bob))).toContain("グループクイズが進行中です");
    await t.say("/lang en", bob);
    expect(textOf(await t.say("/quiz", bob))).toBe(
      "A group quiz is running in this chat. For a question of your own, wait until it ends or message me directly (DM).",
    );
    // A direct chat and other groups are not affected.
    expect(textOf(await t.say("/quiz 14 1", { userId: "bob", chatId: "bob" }))).toContain("Question 1/4");
    expect(textOf(await t.say("/quiz 14 1", { ...bob, chatId: "g2" }))).toContain("Question 1/4");
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM attempts").get()).toEqual({ n: 0 });
  });

  it("holds a tap on a solo question asked before the quiz until the quiz is over", async () => {
    const solo = await t.say("/quiz 14 1", alice);
    const tapA = actionsOf(solo).find((action) => action.startsWith("/answer A"))!;
    await t.say("/quiz group 14 10", alice);
    const held = textOf(await t.say(tapA, { ...bob, isAction: true }));
    expect(held).toContain("グループクイズが進行中です");
    expect(held).not.toContain("訓練時のみ");
    await vi.advanceTimersByTimeAsync(45_000); // the quiz ends
    expect(textOf(await t.say(tapA, { ...bob, isAction: true }))).toContain("✅ Bob: 正解!");
    expect(textOf(await t.say("/quiz 14 2", bob))).toContain("問題 2/4");
  });

  it("does not wait for a quiz whose process is gone once it is long over", async () => {
    await t.say("/quiz group 14 10", alice);
    const now = Date.now();
    vi.clearAllTimers(); // the process dies: no timer closes the rounds
    vi.setSystemTime(now);
    const { stores, lessons } = t.bot.services;
    const restarted = createBot({ stores, lessons, clock: { now: () => new Date() } });
    const sayAfter = (text: string) =>
      restarted.receive({ platform: "local", ...bob, text }, new RecordingConversation());
    expect(textOf(await sayAfter("/quiz"))).toContain("グループクイズが進行中です");
    vi.setSystemTime(now + 90_000); // well past the last deadline
    expect(textOf(await sayAfter("/quiz"))).toContain("問題 1/4");
  });
});

describe("a group quiz that fails", () => {
  beforeEach(() => {
    vi.useFakeTimers({
      now: new Date("2026-11-28T09:00:00Z"),
      toFake: ["setTimeout", "clearTimeout", "Date"],
    });
  });
  afterEach(() => vi.useRealTimers());

  it("tells the chat it ended instead of leaving a question that never closes", async () => {
    const t = createTestBot({ clock: { now: () => new Date() } });
    await t.say("/quiz group 14 10", alice);
    vi.spyOn(t.bot.services.stores.groupQuizzes, "closeRound").mockImplementation(() => {
      throw new Error("disk I/O error");
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(textOf(t.conversation.sent)).toBe(
      "⚠️ エラーのため、グループクイズを終了しました。もう一度始めるには /quiz group",
    );
    expect(textOf(await t.say("/quiz", bob))).toContain("問題 1/4");
  });
});
