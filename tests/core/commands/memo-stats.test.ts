import { describe, expect, it } from "vitest";
import { MEMO_MAX_LENGTH } from "../../../src/core/commands/memo.ts";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

describe("/memo", () => {
  it("adds memos to the current step and lists them newest first", async () => {
    const { say, clock } = createTestBot();
    expect(textOf(await say("/memo list"))).toContain("メモはまだありません");
    expect(textOf(await say("/memo add ドロップアウトは訓練時だけ"))).toContain("メモ #1 を STEP 14 に保存");
    clock.advance(60_000);
    await say("/memo add 出力層には入れない");
    const list = textOf(await say("/memo"));
    expect(list).toContain("過去のメモ一覧 — STEP 14(2 件)");
    // Dated in the user's time zone (Asia/Tokyo unless they chose another).
    expect(list).toContain("#1  2026-11-28 18:00");
    expect(list.indexOf("出力層には入れない")).toBeLessThan(list.indexOf("ドロップアウトは訓練時だけ"));
  });

  it("keeps memos per user, deletes only your own, and explains empty or long memos", async () => {
    const { say } = createTestBot();
    await say("/memo add alice のメモ");
    expect(textOf(await say("/memo list", { userId: "bob", chatId: "bob" }))).toContain("まだありません");
    expect(textOf(await say("/memo delete 1", { userId: "bob", chatId: "bob" }))).toContain("見つかりません");
    expect(textOf(await say("/memo add"))).toContain("例: /memo add");
    expect(textOf(await say("/memo add " + "あ".repeat(MEMO_MAX_LENGTH + 1)))).toContain(
      `${MEMO_MAX_LENGTH} 文字まで`,
    );
    expect(textOf(await say("/memo delete 1"))).toContain("メモ #1 を消しました");
    expect(textOf(await say("/memo list"))).toContain("まだありません");
  });

  it("lists ten memos a page, newest first, with a button to the older ones", async () => {
    const { say } = createTestBot();
    for (let n = 1; n <= 23; n++) await say(`/memo add メモ${n}番`);
    const first = await say("/memo list");
    expect(textOf(first)).toContain("過去のメモ一覧 — STEP 14(23 件 ・ 1/3 ページ)");
    expect(textOf(first)).toContain("メモ23番");
    expect(textOf(first)).toContain("メモ14番");
    expect(textOf(first)).not.toContain("メモ13番");
    expect(actionsOf(first)).toEqual(["/memo list 2"]);
    const last = await say("/memo list 3");
    expect(textOf(last)).toContain("メモ3番");
    expect(textOf(last)).toContain("メモ1番");
    expect(actionsOf(last)).toEqual([]);
    expect(textOf(await say("/memo list 4"))).toContain("メモは 3 ページまでです");
    expect(textOf(await say("/memo list 2", { locale: "en" }))).toContain("page 2/3");
  });

  it("takes 「メモ …」 without a slash as adding a memo", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("メモ 復習する"))).toContain("保存しました");
    expect(textOf(await say("メモ list"))).toContain("復習する");
  });
});

describe("/stats", () => {
  it("shows accuracy per step, questions answered and the correct streak", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/stats"))).toContain("まだ回答がありません");
    for (const choice of ["A", "A", "B", "B"]) {
      await say("/quiz");
      await say(`/answer ${choice}`);
    }
    const stats = textOf(await say("/stats"));
    expect(stats).toContain("STEP 14: 正答率 75% (3/4 回) ・ 解いた問題 4/4");
    expect(stats).toContain("連続正解: 2(最高 2)");
  });
});
