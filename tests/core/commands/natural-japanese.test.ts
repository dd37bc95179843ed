import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.ts";
import type { TrainerPort, TrainRequest } from "../../../src/core/ports/trainer.ts";
import { text } from "../../../src/core/reply.ts";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

const memoBodies = (db: ReturnType<typeof createTestBot>["db"]): string[] =>
  (db.prepare("SELECT body FROM memos ORDER BY id").all() as { body: string }[]).map((row) => row.body);

/** A trainer that records what it was asked, for the words that lead to it. */
function recordingTrainer() {
  const calls: string[] = [];
  const trainer: TrainerPort = {
    readParams: (args: string) => args,
    async start(request: TrainRequest) {
      calls.push(`start ${String(request.params)}`);
      return [text("started")];
    },
    async status() {
      calls.push("status");
      return [text("status shown")];
    },
    async cancel() {
      calls.push("cancel");
      return [text("cancelled")];
    },
    helpText: () => "dropout  既定 0.3",
    whenIdle: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { trainer, calls };
}

describe("メモ with Japanese words", () => {
  it("lists and deletes with 一覧 and 削除 instead of saving them as memos", async () => {
    const { say, db } = createTestBot();
    await say("メモ ドロップアウトは訓練時だけ");
    expect(textOf(await say("メモ 一覧"))).toContain("ドロップアウトは訓練時だけ");
    expect(textOf(await say("メモ 削除 1"))).toContain("🗑️ メモ #1 を消しました");
    expect(memoBodies(db)).toEqual([]);
  });

  it("reads the verb last, glued to a number, or written without a space", async () => {
    const { say, db } = createTestBot();
    for (const body of ["一", "二", "三", "四"]) await say(`メモ ${body}`);
    expect(textOf(await say("メモ 1を削除"))).toContain("メモ #1 を消しました");
    expect(textOf(await say("メモ 削除2"))).toContain("メモ #2 を消しました");
    expect(textOf(await say("メモ #3 削除"))).toContain("メモ #3 を消しました");
    expect(textOf(await say("メモ一覧"))).toContain("四");
    expect(textOf(await say("メモ 見る"))).toContain("四");
    expect(textOf(await say("メモ 一覧 2ページ"))).toContain("メモは 1 ページまでです");
    expect(memoBodies(db)).toEqual(["四"]);
  });

  it("keeps free text as a memo, even when it merely contains a command word", async () => {
    const { say, db } = createTestBot();
    await say("メモ 単語の一覧を作る");
    await say("メモ 追加 一覧は明日");
    expect(memoBodies(db)).toEqual(["単語の一覧を作る", "一覧は明日"]);
  });

  it("never stores words it could not read: it explains and offers the memo as a button", async () => {
    const { say, db } = createTestBot();
    const unread = await say("メモ 一覧 を見たい");
    expect(textOf(unread)).toContain("「を見たい」は読めませんでした");
    expect(actionsOf(unread)).toEqual(["/memo add 一覧 を見たい"]);
    expect(textOf(await say("メモ 削除"))).toBe("消すメモの番号を指定してください。例: /memo delete 3");
    expect(textOf(await say("メモ 削除 あれ"))).toContain(
      "消すメモの番号には 1 以上の整数を指定してください",
    );
    // A number, however large or small, after 削除 is a memo number that did not read: no memo is offered.
    for (const typed of ["メモ 削除 99999999999999999999", "メモ 削除 0", "メモ 削除 -1", "メモ 削除 ＃０"]) {
      const refused = await say(typed);
      expect(textOf(refused)).toContain("消すメモの番号には 1 以上の整数を指定してください");
      expect(actionsOf(refused)).toEqual([]);
    }
    // A number alone is not a memo worth keeping: it is the page of the list.
    expect(textOf(await say("メモ 2"))).toContain("STEP 14 のメモはまだありません");
    expect(memoBodies(db)).toEqual([]);
  });

  it("never stores a slash-less 「メモ <subcommand word> …」, whatever follows", async () => {
    const { say, db } = createTestBot();
    const words = ["一覧", "削除", "リスト", "消す", "list", "delete", "ＬＩＳＴ"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...words), fc.string({ maxLength: 12 }), async (word, tail) => {
        await say(`メモ ${word} ${tail}`);
        expect(memoBodies(db)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("メモ with words the chat has no command for, or verbs as people conjugate them", () => {
  it("deletes with 「1を消して」「削除して 2」, lists 「2ページ」, and stores none of them", async () => {
    const { say, db } = createTestBot();
    for (const body of ["一", "二", "三"]) await say(`メモ ${body}`);
    expect(textOf(await say("メモ 1を消して"))).toContain("メモ #1 を消しました");
    expect(textOf(await say("メモ 削除して 2"))).toContain("メモ #2 を消しました");
    expect(textOf(await say("メモ 一覧表示"))).toContain("三");
    expect(textOf(await say("メモ 2ページ"))).toContain("メモは 1 ページまでです");
    expect(textOf(await say("メモ 2ページ目"))).toContain("メモは 1 ページまでです");
    expect(memoBodies(db)).toEqual(["三"]);
    // Several numbers where one is read: asked again, never kept as a memo nor half done.
    for (const typed of ["メモ 1と3を削除", "メモ 1、3 削除", "メモ #1 #3 を消して"])
      expect(textOf(await say(typed))).toContain("番号はひとつずつ送ってください。例: /memo delete 3");
    expect(memoBodies(db)).toEqual(["三"]);
  });

  it("never stores 「メモ 編集 …」「メモ 検索 …」「メモ 全部削除」: it points to /web and offers the memo as a button", async () => {
    const { say, db } = createTestBot();
    for (const typed of [
      "編集 1 直した",
      "修正 1 abc",
      "変更 1",
      "検索 テスト",
      "探す テスト",
      "全部削除",
      "編集",
    ]) {
      const reply = await say(`メモ ${typed}`);
      expect(textOf(reply)).toContain("/web");
      expect(actionsOf(reply)).toEqual([`/memo add ${typed}`]);
    }
    expect(memoBodies(db)).toEqual([]);
    // A memo that merely starts with such a word in a longer word is still a memo.
    await say("メモ 編集者に確認");
    expect(memoBodies(db)).toEqual(["編集者に確認"]);
  });
});

describe("a word followed by a request", () => {
  it("reads 「クイズ 出して」「成績 見せて」「メモ 見せて」 as the word alone, and stores nothing", async () => {
    const { say, db } = createTestBot();
    expect(textOf(await say("クイズ 出して"))).toContain("問題 1/4");
    expect(textOf(await say("クイズ 次"))).toContain("問題 1/4");
    expect(textOf(await say("成績 見せて"))).toContain("まだ回答がありません");
    expect(textOf(await say("メモ 見せてください"))).toContain("STEP 14 のメモはまだありません");
    expect(textOf(await say("ヘルプ お願いします"))).toContain("manabot");
    expect(memoBodies(db)).toEqual([]);
    // Chatter in a group that merely starts with a command word stays chatter.
    expect(await say("問題 難しいね", { chatId: "g", chatKind: "group" })).toEqual([]);
  });

  it("reads reminder times with the words around them, and 止めて", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("リマインド 毎日21時に"))).toContain("毎日 21:00");
    expect(textOf(await say("リマインド 夜9時ごろ"))).toContain("毎日 21:00");
    expect(textOf(await say("リマインド 止めて"))).toContain("リマインダーを止めました");
  });
});

describe("a value asked for (「英語にして」), a particle or a colon after the word", () => {
  it("sets what 「〜にして」「〜に切り替えて」「〜に変更」 ask for, and refuses what it cannot read as before", async () => {
    const { say, db } = createTestBot();
    expect(textOf(await say("言語 英語にして"))).toContain("I will answer in English");
    expect(textOf(await say("言語 日本語に切り替えてください"))).toContain("日本語で表示します");
    expect(textOf(await say("リマインド 21時にして"))).toContain("毎日 21:00");
    expect(textOf(await say("リマインド 22時30分に変更"))).toContain("毎日 22:30");
    expect(textOf(await say("リマインド 9時にして"))).toContain("09:00 と 21:00 のどちらですか");
    expect(textOf(await say("タイムゾーン ロンドンにして"))).toContain("Europe/London");
    expect(textOf(await say("レッスン 次にして"))).toContain("(1/22)");
    expect(textOf(await say("言語 フランス語にして"))).toContain("は選べません");
    expect(textOf(await say("タイムゾーン 火星にして"))).toContain("というタイムゾーンは見つかりません");
    expect(memoBodies(db)).toEqual([]);
  });

  it("reads 「答えはA」 and 「メモ: …」, and leaves chatter such as 「メモは大事」 alone", async () => {
    const { say, db } = createTestBot();
    await say("クイズ");
    expect(textOf(await say("答えはA"))).toMatch(/正解|不正解/);
    expect(textOf(await say("メモ: 明日復習"))).toContain("メモ #1 を");
    expect(textOf(await say("メモ：あさって"))).toContain("メモ #2 を");
    expect(textOf(await say("メモは大事"))).not.toContain("メモ #");
    expect(textOf(await say("メモ : 三つ目"))).toContain("メモ #3 を");
    expect(textOf(await say("メモ:"))).toContain("過去のメモ一覧");
    expect(memoBodies(db)).toEqual(["明日復習", "あさって", "三つ目"]);
    expect(textOf(await say("メモ 1 ページ"))).toContain("過去のメモ一覧");
    expect(memoBodies(db)).toHaveLength(3);
  });

  it("takes 「言語は英語」「クイズはみんなで」 in a group for remarks, not commands", async () => {
    const { say } = createTestBot();
    const group = { chatId: "g", chatKind: "group" as const, displayName: "Alice" };
    for (const remark of ["言語は英語", "クイズはみんなで", "レッスンは次", "クイズを次"])
      expect(await say(remark, group), remark).toEqual([]);
    expect(textOf(await say("/lang"))).toContain("日本語");
  });

  it("quotes the place asked for, not the request, when it has several zones", async () => {
    const { say } = createTestBot();
    const reply = textOf(await say("タイムゾーン アメリカにして"));
    expect(reply).toContain("「アメリカ」");
    expect(reply).not.toContain("アメリカにして");
  });
});

describe("レッスン, 学習 and 勉強", () => {
  it("reads 次, 前 and 目次, with or without a space", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("レッスン"))).toContain("(1/22)");
    expect(textOf(await say("レッスン 次"))).toContain("(2/22)");
    expect(textOf(await say("レッスン次"))).toContain("(3/22)");
    expect(textOf(await say("レッスン 前"))).toContain("(2/22)");
    expect(textOf(await say("レッスン 目次"))).toContain("目次(/lesson 14 <id> で開く)");
    expect(textOf(await say("レッスン 14 次"))).toContain("(3/22)");
  });

  it("opens the lesson for 学習 and 勉強, and never starts a training job", async () => {
    const { trainer, calls } = recordingTrainer();
    const { say } = createTestBot({ trainer });
    expect(textOf(await say("学習"))).toContain("📘 STEP 14");
    expect(textOf(await say("勉強 次"))).toContain("(2/22)");
    await say("学習 dropout=0.3");
    expect(textOf(await say("学習 状況"))).toBe(
      "レッスンに「状況」という節はありません。モデルの訓練ジョブのことなら「トレーニング 状況」(/train 状況)と送ってください。",
    );
    expect(calls).toEqual([]);
  });
});

describe("トレーニング", () => {
  it("reads 状況, キャンセル and 中止 as the trainer's actions", async () => {
    const { trainer, calls } = recordingTrainer();
    const { say } = createTestBot({ trainer });
    expect(textOf(await say("トレーニング 状況"))).toBe("status shown");
    expect(textOf(await say("トレーニング キャンセル"))).toBe("cancelled");
    expect(textOf(await say("訓練 中止"))).toBe("cancelled");
    expect(textOf(await say("/train 状況"))).toBe("status shown");
    expect(calls).toEqual(["status", "cancel", "cancel", "status"]);
    // As people ask: 「中止して」「やめて」「状況を教えて」.
    expect(textOf(await say("トレーニング 中止して"))).toBe("cancelled");
    expect(textOf(await say("トレーニング やめて"))).toBe("cancelled");
    expect(textOf(await say("トレーニング 状況を教えて"))).toBe("status shown");
  });

  it("as a bare word says what it would do and starts only when tapped", async () => {
    const { trainer, calls } = recordingTrainer();
    const { say } = createTestBot({ trainer });
    for (const bare of ["トレーニング", "/train"]) {
      const replies = await say(bare);
      expect(textOf(replies)).toContain("MNIST モデル");
      expect(textOf(replies)).toContain("dropout  既定 0.3");
      expect(actionsOf(replies)).toEqual(["/train dropout=0.3"]);
    }
    expect(calls).toEqual([]);
    await say("/train dropout=0.3", { isAction: true });
    expect(calls).toEqual(["start dropout=0.3"]);
  });
});

describe("言語, クイズ, リマインド and タイムゾーン", () => {
  it("switches the language with 言語 英語 and 言語 日本語", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("言語 英語"))).toContain("I will answer in English");
    expect(textOf(await say("言語 日本語"))).toContain("日本語で表示します");
    expect(textOf(await say("言語英語"))).toContain("I will answer in English");
  });

  it("reads クイズ グループ, 30秒 and 終了 in a group", async () => {
    const { say, bot } = createTestBot();
    const group = { chatId: "g", chatKind: "group" as const, displayName: "Alice" };
    expect(textOf(await say("クイズ グループ 14 30秒", group))).toContain("各 30 秒");
    expect(textOf(await say("クイズ 終了", group))).toContain("グループクイズを終了しました");
    bot.close();
  });

  it("sets reminders at times written as people write them", async () => {
    const { say } = createTestBot();
    const cases: [string, string][] = [
      ["リマインド 21時", "毎日 21:00"],
      ["リマインド 21時30分", "毎日 21:30"],
      ["リマインド 午後9時", "毎日 21:00"],
      ["リマインド 午前7時半", "毎日 07:30"],
      ["リマインド 夜 9時", "毎日 21:00"],
      ["/remind 9pm", "毎日 21:00"],
      ["/remind ２１：１５", "毎日 21:15"],
    ];
    for (const [typed, expected] of cases) expect(textOf(await say(typed)), typed).toContain(expected);
    expect(textOf(await say("リマインド オフ"))).toContain("リマインダーを止めました");
  });

  it("asks rather than guesses when a time may be morning or evening", async () => {
    const { say, db } = createTestBot();
    const asked = await say("リマインド 9時 東京");
    expect(textOf(asked)).toContain("「9時 東京」は 09:00 と 21:00 のどちらですか?");
    expect(actionsOf(asked)).toEqual(["/remind 09:00 東京", "/remind 21:00 東京"]);
    expect(textOf(await say("リマインド 午後12時"))).toContain("12:00 と 00:00 のどちらですか");
    expect(db.prepare("SELECT COUNT(*) AS n FROM reminders").get()).toEqual({ n: 0 });
    expect(textOf(await say("/remind 21:00 東京", { isAction: true }))).toContain("毎日 21:00");
  });

  it("reads places, offsets and cities as time zones, and refuses what stays ambiguous", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("タイムゾーン 東京"))).toContain("タイムゾーンを Asia/Tokyo にしました");
    expect(textOf(await say("タイムゾーン ロンドン"))).toContain("Europe/London");
    expect(textOf(await say("/timezone ニューヨーク時間"))).toContain("America/New_York");
    expect(textOf(await say("/timezone GMT+9"))).toContain("タイムゾーンを UTC+9 にしました");
    expect(textOf(await say("/timezone UTC-5"))).toContain("UTC-5");
    expect(textOf(await say("/timezone UTC+05:30"))).toContain("Asia/Kolkata");
    expect(textOf(await say("/timezone tokyo"))).toContain("Asia/Tokyo");
    const america = await say("/timezone アメリカ");
    expect(textOf(america)).toContain("「アメリカ」にはタイムゾーンがいくつかあります");
    expect(actionsOf(america)).toContain("/timezone America/Los_Angeles");
    expect(textOf(await say("/timezone UTC+10:30"))).toContain("時差を使っている地域は見つかりません");
    expect(textOf(await say("/timezone"))).toContain("Asia/Tokyo");
  });

  it("opens a section whose dash an IME typed as 「ー」「−」「‐」", async () => {
    const { say } = createTestBot();
    for (const typed of ["レッスン 14 2ー1", "レッスン 14 2−1", "/lesson 14 2‐1", "レッスン　１４　２－１"])
      expect(textOf(await say(typed))).toContain("2-1. ドロップアウトの基本アイデア");
  });

  it("lists a command's Japanese words in /help", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/help memo"))).toContain("追加(add)、一覧(list)、削除(delete)");
    expect(textOf(await say("ヘルプ レッスン"))).toContain("次(next)、前(prev)、目次(toc)");
    expect(textOf(await say("/help lang"))).toContain("日本語(ja)、英語(en)");
    expect(textOf(await say("/help quiz"))).toContain("グループ(group)、終了(stop)");
    // A word that starts a subcommand (「定期クイズ 20時」) is a word /help knows too.
    expect(textOf(await say("ヘルプ 定期クイズ"))).toContain("/quiz schedule");
  });
});

describe("a refused trainer action", () => {
  it("is explained in Japanese words, not as an unknown setting", async () => {
    const { trainer } = recordingTrainer();
    trainer.start = () => Promise.reject(new UserError("train.args", { ja: "不明な設定", en: "unknown" }));
    const { say } = createTestBot({ trainer });
    expect(textOf(await say("/train status extra"))).toBe(
      "「status」のあとの「extra」は読めませんでした。「status」だけを送ってください。",
    );
    const cancel = await say("/train cancel 5 6");
    expect(textOf(cancel)).toContain("「cancel」のあとには、取り消すジョブの番号だけを付けられます");
    expect(textOf(cancel)).toContain("「5 6」は読めませんでした");
    expect(actionsOf(cancel)).toEqual(["/train cancel"]);
  });
});
