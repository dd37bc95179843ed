import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runLocalChat } from "../../../src/bots/local/index.ts";
import { createTestBot } from "../../helpers/core.ts";

/** Runs a piped local chat session in-process and returns its transcript. */
async function chat(lines: string[]): Promise<string> {
  const { bot } = createTestBot();
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = "";
  output.on("data", (chunk: Buffer) => (transcript += chunk.toString("utf8")));
  const done = runLocalChat({
    bot,
    input,
    output,
    outDir: mkdtempSync(join(tmpdir(), "out-")),
    interactive: false,
  });
  input.end(lines.map((line) => `${line}\n`).join(""));
  await done;
  return transcript;
}

describe("local chat", () => {
  it("reads a snippet, grades a right and a wrong answer picked by number, keeps a memo and shows stats", async () => {
    const transcript = await chat([
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
    expect(transcript).toContain("✅ 正解! (A. 訓練時のみ)");
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
      env: { ...process.env, MANABOT_DB: join(dir, "manabot.db"), LOG_LEVEL: "warn" },
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("(1/22)");
    expect(result.stdout).toContain("✅ 正解!");
    expect(result.stdout).toContain("ドロップアウトは訓練時のみ適用");
    expect(result.stdout).toContain("テスト");
    expect(result.stdout).toContain("正答率 100%");
  });
});
