import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { createLocalChat } from "../../../src/bots/local/index.ts";
import type { Bot } from "../../../src/core/bot.ts";
import type { Address } from "../../../src/core/conversation.ts";
import type { ProgressReply } from "../../../src/core/reply.ts";
import { openDatabase } from "../../../src/db/open.ts";
import { createTestBot } from "../../helpers/core.ts";
import { pipedChat } from "./piped-chat.ts";
import { RecordingLogger } from "../../helpers/logger.ts";

const RULE = "─".repeat(40);

describe("the piped local chat, as `npm start` runs it", () => {
  it("reads メモ 一覧, メモ 削除 1, レッスン 次 and 言語 英語 as a Japanese user means them", () => {
    const dir = mkdtempSync(join(tmpdir(), "manabot-ja-"));
    const database = join(dir, "manabot.db");
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      input: [
        "メモ 復習する",
        "メモ 一覧",
        "メモ 削除 1",
        "レッスン",
        "レッスン 次",
        "言語 英語",
        "メモ 一覧",
        "",
      ].join("\n"),
      encoding: "utf8",
      env: { ...process.env, MANABOT_DB: database, LOG_LEVEL: "warn" },
      timeout: 80_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const answers = result.stdout.split("\n> ").slice(1);
    expect(answers[0]).toContain("📝 メモ #1 を STEP 14 に保存しました");
    expect(answers[1]).toContain("メモ 一覧\n📋 過去のメモ一覧 — STEP 14(1 件)");
    expect(answers[1]).toContain("復習する");
    expect(answers[2]).toContain("🗑️ メモ #1 を消しました");
    expect(answers[4]).toMatch(/^レッスン 次\n📘 STEP 14: .* \(2\/22\)/);
    expect(answers[5]).toContain("I will answer in English");
    expect(answers[6]).toContain("No memos for step 14 yet");
    const db = openDatabase(database);
    expect(db.prepare("SELECT COUNT(*) AS n FROM memos").get()).toEqual({ n: 0 });
    db.close();
    // Starting `npm start` compiles the whole app; on a loaded machine that takes a while.
  }, 90_000);
});

describe("local chat defects", () => {
  it("4: a number that names no choice is answered as such, not as a missing slash", async () => {
    const { bot } = createTestBot();
    const transcript = await pipedChat(["3", "/quiz", "9", "0", "１"], bot);
    expect(transcript).toContain("> 3\nいま番号で選べる選択肢はありません。使い方: /help");
    expect(transcript).toContain("> 9\n選択肢は 1〜4 の番号で選んでください。");
    expect(transcript).toContain("> 0\n選択肢は 1〜4 の番号で選んでください。");
    expect(transcript).toContain("> /answer A 1\n✅ 正解!");
    expect(transcript).not.toContain("/ で始めてください");
  });

  it("5: progress never redraws over a command the user has sent, and clears a wrapped line whole", async () => {
    const { bot } = createTestBot();
    // The command's reply waits, so the next progress update arrives between Enter and the reply.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowBot: Bot = { ...bot, receive: async (...args) => (await gate, bot.receive(...args)) };
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { columns: 40 });
    let screen = "";
    output.on("data", (chunk: Buffer) => (screen += chunk.toString("utf8")));
    const local = createLocalChat({
      bot: slowBot,
      input,
      output,
      outDir: mkdtempSync(join(tmpdir(), "out-")),
      interactive: true,
    });
    const done = local.run();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
    const here: Address = { platform: "local", chatId: "terminal", userId: "local-user", chatKind: "direct" };
    const progress = (label: string): ProgressReply => ({
      kind: "progress",
      key: "train-1",
      text: label,
      ratio: 0.5,
      done: false,
    });

    await local.pusher.push(here, [progress("epoch 1/4")]);
    input.write("/stats\n");
    await settle();
    let mark = screen.length;
    await local.pusher.push(here, [progress("epoch 2/4")]);
    expect(screen.slice(mark)).not.toContain("\x1b[1A");
    release();
    await settle();
    // The update waited for the command's answer (as on every platform), then came on a line of its own.
    expect(screen.slice(mark)).not.toContain("\x1b[1A");
    const shown = stripVTControlCharacters(screen);
    expect(shown).toMatch(/> \/stats\r?\n[\s\S]*まだ回答がありません[\s\S]*epoch 2\/4/);

    // A line wider than the terminal takes two rows: both are cleared before the next one.
    await local.pusher.push(here, [progress("学".repeat(25))]);
    mark = screen.length;
    await local.pusher.push(here, [progress("short")]);
    expect(screen.slice(mark).split("\x1b[1A")).toHaveLength(3); // two moves up
    input.end();
    await done;
  });

  it("10: code right after code shares one rule", async () => {
    const { bot } = createTestBot();
    const transcript = await pipedChat(["/lesson 14 4-3"], bot);
    expect(transcript).toContain("実行結果:");
    expect(transcript).not.toContain(`${RULE}\n${RULE}`);
  });

  it("16: the banner speaks the user's language, piped or interactive", async () => {
    const { bot } = createTestBot();
    for (const interactive of [false, true]) {
      expect(await pipedChat([], bot, interactive)).toContain("manabot ローカルチャット");
    }
    await pipedChat(["/lang en"], bot);
    for (const interactive of [false, true]) {
      const banner = (await pipedChat([], bot, interactive)).split("\n")[0];
      expect(banner).toContain("manabot local chat — /help for help");
    }
  });

  it("red team #1: an image that cannot be saved is told in plain words; the error goes to the log", async () => {
    const { bot } = createTestBot();
    const file = join(mkdtempSync(join(tmpdir(), "out-")), "a-file");
    writeFileSync(file, "x");
    const output = new PassThrough();
    let screen = "";
    output.on("data", (chunk: Buffer) => (screen += chunk.toString("utf8")));
    const logger = new RecordingLogger();
    const input = new PassThrough();
    const local = createLocalChat({
      bot,
      input,
      output,
      outDir: join(file, "sub"),
      interactive: false,
      logger,
    });
    const done = local.run();
    const here: Address = { platform: "local", chatId: "terminal", userId: "local-user", chatKind: "direct" };
    await local.pusher.push(here, [
      { kind: "image", png: new Uint8Array([1]), alt: "精度グラフ", filename: "train-1.png" },
    ]);
    input.end();
    await done;
    expect(screen).toContain(
      "精度グラフ\n    (画像を保存できませんでした。MANABOT_OUT_DIR の保存先を確認してください",
    );
    expect(screen).not.toContain(file);
    expect(screen).not.toMatch(/ENOTDIR|Error/);
    expect(JSON.stringify(logger.at("error"))).toContain("ENOTDIR");
  });
});
