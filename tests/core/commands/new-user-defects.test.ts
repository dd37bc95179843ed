import { describe, expect, it } from "vitest";
import { builtinCommands } from "../../../src/core/commands/index.ts";
import type { TrainerPort } from "../../../src/core/ports/trainer.ts";
import { text, type Reply } from "../../../src/core/reply.ts";
import { displayWidth } from "../../../src/core/text/graphemes.ts";
import { helpText } from "../../../src/trainer/messages.ts";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

/** A trainer that answers its actions and would start anything: the core must sort out the words. */
const trainer: TrainerPort = {
  readParams: (args) => args,
  start: async (request) => [text(`started: ${String(request.params)}`)],
  status: async () => [text("status shown")],
  cancel: async () => [text("cancelled")],
  helpText,
  whenIdle: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

const kinds = (replies: readonly Reply[]) => replies.map((reply) => reply.kind);

describe("defects found as a new user", () => {
  it("1: /train status extra and /train cancel 5 say what is wrong with the action", async () => {
    const { say } = createTestBot({ trainer });
    const status = textOf(await say("/train status extra"));
    expect(status).toContain("「extra」は読めませんでした");
    expect(status).not.toContain("不明な設定");
    const cancel = textOf(await say("/train cancel abc"));
    expect(cancel).toContain("取り消すジョブの番号だけを付けられます");
    expect(cancel).toContain("「abc」は読めませんでした");
    expect(cancel).not.toContain("started");
  });

  it("2: a typed /answer B 3 means question 3, and is told which question is showing", async () => {
    const { say, db } = createTestBot();
    await say("/quiz");
    expect(textOf(await say("/answer B 3"))).toBe(
      "問題 3 はいま出ていません。いま出ているのは問題 1 です(答えるなら /answer B)。問題 3 を解くなら、先に /quiz 14 3 で出してください。",
    );
    expect(textOf(await say("/answer A 7"))).toBe(
      "STEP 14 の問題は 1〜4 です。いま出ているのは問題 1 です(答えるなら /answer A)。",
    );
    expect(db.prepare("SELECT COUNT(*) AS n FROM attempts").get()).toEqual({ n: 0 });
    expect(textOf(await say("/answer A 1"))).toContain("✅ 正解!");
  });

  it("3: the first button under every snippet keeps reading forward", async () => {
    const { say } = createTestBot();
    let replies = await say("/lesson 14");
    for (let snippet = 1; snippet < 22; snippet++) {
      const [first] = actionsOf(replies);
      expect(first).toMatch(/^\/lesson 14 /);
      replies = await say(first!, { isAction: true });
      expect(textOf(replies)).toContain(`(${snippet + 1}/22)`);
    }
    expect(actionsOf(replies)[0]).toBe("/quiz 14");
  });

  it("4: a bare / and / quiz are read, not told to start with /", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/"))).toBe(
      "/ のあとにコマンド名を続けてください(例: /lesson、/quiz)。一覧: /help",
    );
    expect(textOf(await say("/ quiz"))).toContain("問題 1/4");
    expect(textOf(await say("／　クイズ"))).not.toContain("/ で始めてください");
  });

  it("7: Japanese messages name values in Japanese, never by an English option name", async () => {
    const { say } = createTestBot();
    const japanese: string[] = [];
    const english: string[] = [];
    const lines = [
      "/memo delete",
      "/memo delete abc",
      "/memo add",
      "/memo list 0",
      "/answer",
      "/answer E",
      "/lang fr",
      "/quiz group 14 5",
      "/quiz 14 x y",
      `/lesson 14 ${"x".repeat(30)}`,
      `/memo add ${"あ".repeat(1001)}`,
    ];
    for (const line of lines) japanese.push(textOf(await say(line)));
    await say("/lang en");
    for (const line of lines) english.push(textOf(await say(line)));
    const names = builtinCommands.flatMap((command) =>
      [...(command.options ?? []), ...(command.subcommands ?? []).flatMap((sub) => sub.options)].map(
        (option) => option.name,
      ),
    );
    for (const message of japanese) {
      for (const name of names) {
        expect(message).not.toMatch(new RegExp(`[((]${name}[))]|(^|[^a-z=/])${name} (は|には|を)`));
      }
      expect(message).not.toMatch(/ [((]/);
    }
    for (const message of english) {
      for (const name of names) expect(message).not.toContain(`(${name})`);
    }
    expect(japanese[1]).toBe(
      "消すメモの番号には 1 以上の整数を指定してください(「abc」は使えません)。使い方: /help memo",
    );
    expect(english[6]).toBe('"fr" is not allowed for the language: choose one of ja, en. Usage: /help lang');
  });

  it("8: English shows the difficulty in English", async () => {
    const { say } = createTestBot();
    await say("/lang en");
    expect(textOf(await say("/quiz 14 1"))).toContain("Question 1/4  [easy]");
    expect(textOf(await say("/quiz 14 4"))).toContain("[hard]");
  });

  it("9: /lang alone shows the current language", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/lang"))).toBe(
      "🇯🇵 いまは日本語で表示しています。英語にするには「言語 英語」(/lang en)。",
    );
    await say("/lang en");
    expect(textOf(await say("/lang"))).toBe("🇬🇧 I am answering in English. For Japanese: /lang ja");
  });

  it("10: /help train is one block, its columns line up and its ranges use one mark", async () => {
    const { say } = createTestBot({ trainer });
    const help = await say("/help train");
    expect(kinds(help)).toEqual(["text", "code"]);
    for (const locale of ["ja", "en"] as const) {
      const rows = helpText(locale)
        .split("\n")
        .filter((line) => /^ {2}[a-z]+ +(既定|default) /.test(line));
      expect(rows).toHaveLength(9);
      // The allowed values start at one column on every row, 「なし」 included.
      const columns = rows.map((row) => displayWidth(/^ {2}\S+ +\S+ \S+ +/.exec(row)?.[0] ?? ""));
      expect(new Set(columns).size).toBe(1);
    }
    expect(helpText("ja")).not.toContain("–");
    expect(helpText("en")).not.toContain("〜");
    for (const typo of ["/help trian", "/qiuz", "/lesson 14 2-9", "/train optimizer=adm"]) {
      expect(textOf(await say(typo))).not.toMatch(/\s{2}もしかして|。 もしかして| \?/);
    }
  });

  it("11: after the last unanswered question, /quiz says these are the ones got wrong", async () => {
    const { say } = createTestBot();
    for (const [number, choice] of [
      [1, "A"],
      [2, "D"],
      [3, "A"],
      [4, "A"],
    ] as const) {
      await say(`/quiz 14 ${number}`);
      await say(`/answer ${choice}`);
    }
    const again = textOf(await say("/quiz"));
    expect(again).toContain("🔁 STEP 14 の問題はすべて解きました。まだ正解していない問題(2 問)にもう一度");
    expect(again).toContain("問題 3/4");
  });

  it("12: /review does not celebrate a review that never happened", async () => {
    const { say } = createTestBot();
    await say("/quiz 14 3");
    await say("/answer A");
    const review = textOf(await say("/review"));
    expect(review).toBe(
      "📚 今日復習する問題はありません。次の復習は明日(2026-11-29)で、復習中の問題は 1 問です。",
    );
    expect(review).not.toContain("🎉");
  });

  it("13: /quiz stop in a direct chat does not suggest /quiz group", async () => {
    const { say } = createTestBot();
    const stop = textOf(await say("/quiz stop"));
    expect(stop).not.toContain("/quiz group");
    expect(stop).toContain("グループ(Discord のチャンネルや LINE のグループ)で遊ぶ機能");
    expect(textOf(await say("/quiz stop", { chatId: "g", chatKind: "group" }))).toContain("/quiz group");
  });

  it("14: /timezone suggests another zone than the one chosen", async () => {
    const { say } = createTestBot();
    await say("/timezone America/New_York");
    const shown = textOf(await say("/timezone"));
    expect(shown).toContain("あなたのタイムゾーン: America/New_York");
    expect(shown).toContain("/timezone ロンドン");
    expect(shown.split("\n")[1]).not.toContain("America/New_York");
  });

  it("15: limits count characters as people do, and the memo's own limit speaks first", async () => {
    const { say, db } = createTestBot();
    const family = "👨‍👩‍👧";
    expect(textOf(await say(`/memo add ${"あ".repeat(995)}`))).toContain("メモ #1 を STEP 14 に保存しました");
    expect(textOf(await say(`/memo add ${"😀".repeat(996)}`))).toContain("メモ #2 を");
    expect(textOf(await say(`/memo add ${family.repeat(1000)}`))).toContain("メモ #3 を");
    expect(textOf(await say(`/memo add ${family.repeat(1001)}`))).toBe(
      "メモは 1000 文字までです(いま 1001 文字)。",
    );
    expect(textOf(await say(`/memo add ${"😀".repeat(2001)}`))).toContain(
      "メッセージが長すぎます(2000 文字まで、いま 2011 文字)",
    );
    expect(db.prepare("SELECT COUNT(*) AS n FROM memos").get()).toEqual({ n: 3 });
  });
});
