import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { createLocalChat } from "../../../src/bots/local/start.ts";
import type { Address } from "../../../src/core/conversation.ts";
import { text } from "../../../src/core/reply.ts";
import { createTestBot } from "../../helpers/core.ts";
import { pipedChat } from "./piped-chat.ts";

describe("local chat", () => {
  it("reads a snippet, grades a right and a wrong answer picked by number, keeps a memo and shows stats", async () => {
    const transcript = await pipedChat([
      "/lesson 14",
      "/quiz",
      "1", // choice [1] = A: right for question 1
      "/quiz",
      "/answer B", // wrong for question 2 (answer D)
      "/memo add テスト",
      "/memo list",
      "/stats",
    ]);
    expect(transcript).toContain("> /lesson 14");
    expect(transcript).toContain("■ 📋 このステップで学ぶこと");
    expect(transcript).toContain("[1] A  [2] B  [3] C  [4] D");
    expect(transcript).toContain("> /answer A 1");
    expect(transcript).toContain("✅ 正解!(A. 訓練時のみ)");
    expect(transcript).toContain("❌ 不正解… あなたの答え: B / 正解: D. 出力層の後");
    expect(transcript).toContain("#1  ");
    expect(transcript).toMatch(/#1 {2}.+\nテスト/);
    expect(transcript).toContain("STEP 14: 正答率 50% (1/2 回) ・ 解いた問題 2/4");
  });

  it("starts from `npm start`'s entry point with piped stdin and exits at end of input", () => {
    const dir = mkdtempSync(join(tmpdir(), "manabot-start-"));
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      input: "/lesson 14\n/quiz\n/answer A\n/memo add テスト\n/memo list\n/stats\n",
      encoding: "utf8",
      env: { ...process.env, MANABOT_DB: join(dir, "manabot.db"), LOG_LEVEL: "warn", PORT: "0" },
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("(1/22)");
    expect(result.stdout).toContain("✅ 正解!");
    expect(result.stdout).toContain("ドロップアウトは訓練時のみ適用");
    expect(result.stdout).toContain("テスト");
    expect(result.stdout).toContain("正答率 100%");
    // Starting `npm start` compiles the whole app; on a loaded machine that takes a while.
  }, 90_000);

  it("in a terminal, prints what arrives while the user types above the prompt and keeps the typed text", async () => {
    const { bot } = createTestBot();
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = "";
    output.on("data", (chunk: Buffer) => (screen += chunk.toString("utf8")));
    const local = createLocalChat({
      bot,
      input,
      output,
      outDir: mkdtempSync(join(tmpdir(), "out-")),
      interactive: true,
    });
    const done = local.run();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    const since = (mark: number) => screen.slice(mark);
    /** What the terminal shows, without its cursor movements. */
    const plain = (raw: string) => stripVTControlCharacters(raw);
    const here: Address = { platform: "local", chatId: "terminal", userId: "local-user", chatKind: "direct" };

    input.write("/lang en\n");
    await settle();
    expect(screen).toContain("I will answer in English");
    expect(plain(screen).endsWith("> ")).toBe(true);

    input.write("/les"); // half typed when a reminder arrives
    await settle();
    let mark = screen.length;
    await local.pusher.push(here, [text("⏰ Time to study!")]);
    expect(since(mark)).toContain("\x1b[2K⏰ Time to study!\n");
    expect(plain(since(mark)).endsWith("⏰ Time to study!\n> /les")).toBe(true);

    // Two progress updates in a row: the second replaces the first, one line up.
    const progress = (ratio: number, done: boolean) => ({
      kind: "progress" as const,
      key: "train-1",
      text: `epoch ${ratio * 4}/4`,
      ratio,
      done,
    });
    await local.pusher.push(here, [progress(0.25, false)]);
    mark = screen.length;
    await local.pusher.push(here, [progress(0.5, false)]);
    expect(since(mark)).toContain("\x1b[1A"); // up to the previous progress line
    expect(since(mark)).toContain("epoch 2/4");
    mark = screen.length;
    await local.pusher.push(here, [text("not a progress line")]);
    expect(since(mark)).not.toContain("\x1b[1A");

    input.write("son 14\n"); // the user finishes typing: the command is whole
    await settle();
    expect(screen).toContain("STEP 14");
    input.end();
    await done;
    // After the input ends, late output (a training result) still prints, as plain lines.
    mark = screen.length;
    await local.pusher.push(here, [text("late result")]);
    expect(since(mark)).toBe("late result\n");
  });

  it("stops taking lines on shutdown once the one being answered is done, and then ends", async () => {
    const { bot } = createTestBot();
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = "";
    output.on("data", (chunk: Buffer) => (transcript += chunk.toString("utf8")));
    const local = createLocalChat({
      bot,
      input,
      output,
      outDir: mkdtempSync(join(tmpdir(), "out-")),
      interactive: false,
    });
    const done = local.run();
    input.write("/help\n");
    await new Promise<void>((resolve) =>
      output.on("data", () => transcript.includes("/lesson") && resolve()),
    );
    await local.idle();
    await local.stopIntake();
    input.write("/stats\n");
    await done;
    expect(transcript).toContain("> /help");
    expect(transcript).not.toContain("> /stats");
  });
});
