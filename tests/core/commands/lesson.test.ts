import { describe, expect, it } from "vitest";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

describe("/lesson", () => {
  it("starts at the first snippet and walks forward and back, remembering the position per user", async () => {
    const { say } = createTestBot();
    const first = await say("/lesson 14");
    expect(textOf(first)).toContain("(1/22)");
    expect(textOf(first)).toContain("📋 このステップで学ぶこと");
    expect(actionsOf(first)).toEqual(["/lesson 14 1-1", "/quiz 14"]);

    expect(textOf(await say("/lesson next"))).toContain("1-1. 過学習の定義");
    expect(textOf(await say("/lesson next"))).toContain("1-2. 過学習の見分け方");
    expect(textOf(await say("/lesson prev"))).toContain("1-1. 過学習の定義");
    // Resuming shows where the user is; another user starts at the beginning.
    expect(textOf(await say("/lesson"))).toContain("1-1. 過学習の定義");
    expect(textOf(await say("/lesson", { userId: "bob", chatId: "bob" }))).toContain("(1/22)");
  });

  it("sends code blocks and diagrams as code replies that keep their lines", async () => {
    const { say } = createTestBot();
    const replies = await say("/lesson 14 4-2");
    const code = replies.find((reply) => reply.kind === "code");
    expect(code).toMatchObject({ kind: "code", language: "python" });
    expect(code?.kind === "code" && code.code).toContain("    Dense(512, activation='relu'),\n");
    const diagram = (await say("/lesson 14 1-2")).find((reply) => reply.kind === "code");
    expect(diagram).toMatchObject({ kind: "code", language: "text" });
  });

  it("opens sections by id, lists contents, and explains the ends and unknown sections", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/lesson 14 toc"))).toMatch(/key-code\s+💡 覚えておくべきコード/);
    expect(textOf(await say("/lesson 14 next-step"))).toContain("次のSTEP 15");
    expect(textOf(await say("/lesson next"))).toContain("最後まで読みました");
    expect(textOf(await say("/lesson 14"))).toContain("(1/22)");
    expect(textOf(await say("/lesson prev"))).toContain("最初です");
    expect(textOf(await say("/lesson 14 2-9"))).toContain("もしかして /lesson 14 2-1");
    expect(textOf(await say("/lesson 3"))).toContain("使えるステップ: 14");
  });
});
