import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

const group = { chatId: "g1", chatKind: "group" as const };
const alice = { ...group, userId: "alice", displayName: "Alice" };

describe("a typed answer goes to the newest question put to the user in the chat", () => {
  it("grades the newest copy once; a second typed answer is told it was already answered", async () => {
    const { say, db } = createTestBot();
    await say("クイズ"); // prompt 1: 14-1
    await say("クイズ"); // prompt 2: 14-1 again
    expect(textOf(await say("回答 B"))).toContain("❌");
    const again = textOf(await say("回答 A"));
    expect(again).toBe("この問題にはもう回答済みです(あなたの答え: B)。次の問題: /quiz");
    expect(db.prepare("SELECT prompt_id, choice FROM attempts").all()).toEqual([
      { prompt_id: 2, choice: "B" },
    ]);
    // The mistake is not erased: after the unanswered questions, /quiz offers 14-1 again.
    await say("/quiz 14 2");
    await say("/lang en");
    await say("/answer C");
    expect(textOf(await say("/answer D"))).toBe(
      "You already answered this question (you chose C). Next: /quiz",
    );
  });

  it("keeps taps working: each names its own prompt", async () => {
    const { say, db } = createTestBot();
    const first = actionsOf(await say("/quiz")).find((action) => action.startsWith("/answer A"));
    await say("/quiz");
    await say("/answer B");
    expect(textOf(await say(first!, { isAction: true }))).toContain("✅ 正解!");
    expect(db.prepare("SELECT prompt_id, choice FROM attempts ORDER BY id").all()).toEqual([
      { prompt_id: 2, choice: "B" },
      { prompt_id: 1, choice: "A" },
    ]);
  });

  describe("after a group quiz", () => {
    beforeEach(() => {
      vi.useFakeTimers({
        now: new Date("2026-11-28T09:00:00Z"),
        toFake: ["setTimeout", "clearTimeout", "Date"],
      });
    });
    afterEach(() => vi.useRealTimers());

    it("the starter's typed answer goes to her own solo question, not to a round she started", async () => {
      const t = createTestBot({ clock: { now: () => new Date() } });
      await t.say("/quiz 14 3", alice);
      await t.say("/quiz group 14 10", alice);
      await vi.advanceTimersByTimeAsync(45_000); // four 10-second rounds, none answered by Alice
      expect(textOf(await t.say("/answer B", alice))).toContain("✅ Alice: 正解!");
      expect(
        t.db.prepare("SELECT question_id, choice FROM attempts a JOIN users u ON u.id = a.user_id").all(),
      ).toEqual([{ question_id: "14-3", choice: "B" }]);
    });

    it("with no solo question of her own, there is nothing to answer", async () => {
      const t = createTestBot({ clock: { now: () => new Date() } });
      await t.say("/quiz group 14 10", alice);
      await vi.advanceTimersByTimeAsync(45_000);
      expect(textOf(await t.say("/answer B", alice))).toContain("答える問題がありません");
    });
  });
});
