import { describe, expect, it } from "vitest";
import { createTestBot, textOf } from "../helpers/core.ts";
import { RecordingLogger } from "../helpers/logger.ts";
import { FakeTrainer } from "../fakes/trainer.ts";

const bob = { chatId: "g1", chatKind: "group" as const, userId: "bob", displayName: "Bob" };

/** Everyday group messages whose first word happens to be a command's slash-less word. */
const CHATTER = [
  "問題 難しいね",
  "language is hard",
  "答え 何だった?",
  "はじめる よ",
  "統計 の授業だるい",
  "授業 3 時間目だるい",
  "レッスン 楽しかった",
  "リマインド 明日ね",
  "タイムゾーン 違うよね",
  "問題 14 9 できた",
];

describe("group chatter that starts with a command word", () => {
  it("gets no reply in a group, and a debug line in the log", async () => {
    const logger = new RecordingLogger();
    const { say } = createTestBot({ logger });
    for (const chatter of CHATTER) expect(await say(chatter, bob), chatter).toEqual([]);
    const ignored = logger.at("debug").filter((entry) => entry.message?.includes("ignored"));
    expect(ignored).toHaveLength(CHATTER.length);
    expect(ignored[0]?.fields).toMatchObject({ command: "quiz", code: "args.too-many" });
    expect(logger.at("error")).toEqual([]);
  });

  it("still explains the mistake in a direct chat, and to a slash command anywhere", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("問題 難しいね"))).toContain("「難しいね」は読めませんでした");
    expect(textOf(await say("language is hard"))).toContain("「is」は選べません");
    expect(textOf(await say("/quiz 難しいね", bob))).toContain("「難しいね」は読めませんでした");
    expect(textOf(await say("/lang is", bob))).toContain("「is」は選べません");
    expect(textOf(await say("/timezone CST", bob))).toContain("IANA 名");
  });

  it("still runs a slash-less command whose words read, and explains what is not about its words", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("問題 14 2", bob))).toContain("問題 2/4");
    expect(textOf(await say("回答 D", bob))).toContain("✅ Bob: 正解!");
    expect(textOf(await say("回答 A", bob))).toContain("もう回答済み");
    // A memo is read (its words are the memo): one too long is worth saying, not dropped as chatter.
    expect(textOf(await say(`メモ ${"あ".repeat(1001)}`, bob))).toContain("1000 文字まで");
  });
});

describe("group chatter that starts with トレーニング", () => {
  it("is ignored in a group when the trainer cannot read the words after it", async () => {
    const { say } = createTestBot({ trainer: await FakeTrainer.create() });
    const unreadable = "不明な設定「大変だった」です。";
    expect(await say("トレーニング 大変だった", bob)).toEqual([]);
    expect(textOf(await say("トレーニング 大変だった"))).toContain(unreadable);
    expect(textOf(await say("/train 大変だった", bob))).toContain(unreadable);
  });
});

describe("long messages", () => {
  it("are ignored in a group unless they are commands", async () => {
    const { say } = createTestBot();
    expect(await say("あ".repeat(2100), bob)).toEqual([]);
    expect(await say(`メモ ${"あ".repeat(2100)}`, bob)).toEqual([]);
    expect(textOf(await say(`/memo add ${"あ".repeat(2100)}`, bob))).toContain("メッセージが長すぎます");
  });

  it("get the usual hint in a direct chat, and the length limit when they are commands", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("あ".repeat(2100)))).toContain("ごめんなさい、わかりませんでした");
    expect(textOf(await say(`メモ ${"あ".repeat(2100)}`))).toContain("メッセージが長すぎます");
  });
});
