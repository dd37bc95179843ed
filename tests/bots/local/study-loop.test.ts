import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLocalChat } from "../../../src/bots/local/index.ts";
import { createTestBot } from "../../helpers/core.ts";

/** A piped local chat session; returns its transcript. */
async function chat(lines: string[]): Promise<string> {
  const { bot } = createTestBot();
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = "";
  output.on("data", (chunk: Buffer) => (transcript += chunk.toString("utf8")));
  const done = createLocalChat({
    bot,
    input,
    output,
    outDir: mkdtempSync(join(tmpdir(), "out-")),
    interactive: false,
  }).run();
  input.end(lines.map((line) => `${line}\n`).join(""));
  await done;
  return transcript;
}

describe("the study loop in the local chat", () => {
  it("schedules reviews with FSRS, gives a link code, and explains that scheduled quizzes are for groups", async () => {
    const transcript = await chat([
      "/quiz",
      "/answer B",
      "/review",
      "/link",
      "/quiz schedule 20:00",
      "/unlink",
    ]);
    expect(transcript).toContain("📚 この問題は明日もう一度復習します。");
    expect(transcript).toContain("次の復習は明日");
    expect(transcript).toMatch(/🔗 連携コード: [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(transcript).toContain("このアカウント: ローカル");
    expect(transcript).toContain("定期クイズはグループ");
    expect(transcript).toContain("連携しているアカウントはありません");
  });
});
