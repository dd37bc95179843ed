import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Logger } from "../../src/core/logger.ts";
import { createTestBot, textOf } from "../helpers/core.ts";

describe("receive()", () => {
  it("suggests the closest command for a typo", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/qiuz"))).toContain("もしかして /quiz");
    expect(textOf(await say("/zzzzzz"))).toContain("/help");
  });

  it("lists every command in /help, explains one in /help <command>, and speaks English on request", async () => {
    const { say } = createTestBot();
    const help = textOf(await say("/help"));
    for (const name of ["lesson", "quiz", "answer", "stats", "memo", "train", "lang"])
      expect(help).toContain(`/${name}`);
    expect(textOf(await say("/help memo"))).toContain("/memo delete 3");
    expect(textOf(await say("/help mmo"))).toContain("もしかして /help memo");
    await say("/lang en");
    expect(textOf(await say("/help"))).toContain("a study bot");
    expect(textOf(await say("/qiuz"))).toContain("Did you mean /quiz?");
  });

  it("follows the platform's locale hint until the user chooses", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/stats", { locale: "en" }))).toContain("No answers yet");
    await say("/lang ja", { locale: "en" });
    expect(textOf(await say("/stats", { locale: "en" }))).toContain("まだ回答がありません");
  });

  it("reads full-width commands, numbers and choices as a Japanese keyboard types them", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("／ＱＵＩＺ　１４　３"))).toContain("問題 3/4");
    expect(textOf(await say("/answer Ｂ"))).toContain("✅ 正解!");
    expect(textOf(await say("/lesson １４ ２-１"))).toContain("2-1. ドロップアウトの基本アイデア");
    await say("/memo add ＡＢＣ　全角のまま");
    expect(textOf(await say("/memo list"))).toContain("ＡＢＣ　全角のまま");
    expect(textOf(await say("/memo delete １"))).toContain("メモ #1 を消しました");
  });

  it("answers plain text with a hint in direct chats and stays quiet in groups", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("こんにちは"))).toContain("/help");
    expect(await say("こんにちは", { chatKind: "group", chatId: "g" })).toEqual([]);
    expect(textOf(await say("クイズ", { chatKind: "group", chatId: "g" }))).toContain("問題 1/4");
  });

  it("turns an unexpected failure into an apology and a log line, not a crash", async () => {
    const errors: object[] = [];
    const logger: Logger = { debug() {}, info() {}, warn() {}, error: (entry) => errors.push(entry) };
    const { say, db } = createTestBot({ logger });
    db.close();
    expect(textOf(await say("/stats"))).toContain("エラーが起きました");
    expect(errors).toHaveLength(1);
  });

  it("never throws and always replies in direct chats, whatever is typed", async () => {
    const { say } = createTestBot();
    const words = [
      "/lesson",
      "/quiz",
      "/answer",
      "/memo",
      "/memo add",
      "/memo delete",
      "/stats",
      "/help",
      "/lang",
      "/train",
      "クイズ",
      "メモ",
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...words), fc.string({ maxLength: 40 }), async (word, tail) => {
        const replies = await say(`${word} ${tail}`);
        expect(replies.length).toBeGreaterThan(0);
        expect(textOf(replies)).not.toContain("エラーが起きました");
      }),
      { numRuns: 400 },
    );
  });
});
