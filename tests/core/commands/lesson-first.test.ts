import { describe, expect, it } from "vitest";
import { createTestBot, textOf } from "../../helpers/core.ts";

describe("レッスン 最初", () => {
  it("opens the lesson's first snippet for 最初, はじめ, 始め, 最初から, first and start", async () => {
    const { say } = createTestBot();
    const typedWords = [
      "レッスン 最初",
      "レッスン はじめ",
      "学習 始め",
      "勉強 最初から",
      "レッスン最初から",
      "レッスン　初めから",
      "/lesson first",
      "/lesson start",
      "/lesson 14 最初",
    ];
    for (const typed of typedWords) {
      await say("/lesson 14 2-1");
      expect(textOf(await say(typed)), typed).toContain("(1/22)");
      // The position moved there: the next snippet is the second.
      expect(textOf(await say("レッスン 次")), typed).toContain("(2/22)");
    }
  });

  it("starts a learner with no position at the first snippet, and /help names 最初(first)", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("レッスン 最初"))).toContain("(1/22)");
    expect(textOf(await say("ヘルプ レッスン"))).toContain("最初(first)");
  });
});
