import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/core/reply.ts";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

const answerActions = (replies: Reply[]) =>
  actionsOf(replies).filter((action) => action.startsWith("/answer"));

describe("/quiz and grading", () => {
  it("asks the next unanswered question with tappable choices", async () => {
    const { say } = createTestBot();
    const replies = await say("/quiz");
    expect(textOf(replies)).toContain("問題 1/4");
    expect(textOf(replies)).toContain("A. 訓練時のみ");
    expect(answerActions(replies)).toEqual(["/answer A 1", "/answer B 1", "/answer C 1", "/answer D 1"]);
  });

  it("grades a right answer with the explanation and records it", async () => {
    const { say, db } = createTestBot();
    await say("/quiz");
    const replies = await say("/answer a");
    expect(textOf(replies)).toContain("✅ 正解!(A. 訓練時のみ)");
    expect(textOf(replies)).toContain("ドロップアウトは訓練時のみ適用");
    expect(textOf(replies)).toContain("【ドロップアウトの適用タイミング】");
    expect(db.prepare("SELECT question_id, choice, correct FROM attempts").all()).toEqual([
      { question_id: "14-1", choice: "A", correct: 1 },
    ]);
  });

  it("grades a wrong answer with the correct one and where to re-read", async () => {
    const { say } = createTestBot();
    await say("/quiz");
    await say("/answer A");
    await say("/quiz");
    const replies = await say("/answer B");
    expect(textOf(replies)).toContain("❌ 不正解… あなたの答え: B / 正解: D. 出力層の後");
    expect(textOf(replies)).toContain("/lesson 14 4-2");
    expect(actionsOf(replies)).toEqual(["/quiz 14", "/lesson 14 4-2"]);
  });

  it("records a second tap on the same question once", async () => {
    const { say, db } = createTestBot();
    const [action] = answerActions(await say("/quiz"));
    await say(action!, { isAction: true });
    const again = await say("/answer C 1", { isAction: true });
    expect(textOf(again)).toContain("もう回答済み");
    expect(textOf(again)).toContain("あなたの答え: A");
    expect(db.prepare("SELECT COUNT(*) AS n FROM attempts").get()).toEqual({ n: 1 });
  });

  it("moves through the questions, then offers wrong ones again, then congratulates", async () => {
    const { say } = createTestBot();
    const answers = ["A", "A", "B", "B"]; // question 2 (answer D) wrong
    for (const [index, choice] of answers.entries()) {
      expect(textOf(await say("/quiz"))).toContain(`問題 ${index + 1}/4`);
      await say(`/answer ${choice}`);
    }
    expect(textOf(await say("/quiz"))).toContain("問題 2/4");
    await say("/answer D");
    expect(textOf(await say("/quiz"))).toContain("すべて正解済み");
    expect(textOf(await say("/quiz 14 3"))).toContain("問題 3/4");
  });

  it("lets each member of a group answer the same prompt for themselves", async () => {
    const { say, db } = createTestBot();
    const group = { chatId: "study-group", chatKind: "group" as const };
    const [tapA, tapB] = answerActions(
      await say("/quiz", { ...group, userId: "alice", displayName: "Alice" }),
    );
    expect(
      textOf(await say(tapA!, { ...group, userId: "bob", displayName: "Bob", isAction: true })),
    ).toContain("✅ Bob: 正解!");
    expect(
      textOf(await say(tapB!, { ...group, userId: "alice", displayName: "Alice", isAction: true })),
    ).toContain("❌ Alice: 不正解");
    expect(db.prepare("SELECT COUNT(*) AS n FROM attempts").get()).toEqual({ n: 2 });
  });

  it("explains bad answers instead of failing", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/answer A"))).toContain("/quiz で問題を出してから");
    await say("/quiz");
    expect(textOf(await say("/answer E"))).toContain("A / B / C / D のどれか");
    expect(textOf(await say("/answer"))).toContain("答え(A〜D)を指定してください");
    // A tap names a prompt: one that does not exist, or belongs to another chat, answers nothing.
    expect(textOf(await say("/answer A 999", { isAction: true }))).toContain("/quiz で問題を出してから");
    expect(textOf(await say("/answer A 1", { chatId: "elsewhere", isAction: true }))).toContain(
      "/quiz で問題を出してから",
    );
  });
});
