import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createLocalChat } from "../../../src/bots/local/start.ts";
import type { Bot } from "../../../src/core/bot.ts";
import { createTestBot } from "../../helpers/core.ts";

/** Runs a local chat session in-process on these lines (with `bot`, else a fresh one) and returns its transcript. */
export async function pipedChat(
  lines: string[],
  bot: Bot = createTestBot().bot,
  interactive = false,
): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = "";
  output.on("data", (chunk: Buffer) => (transcript += chunk.toString("utf8")));
  const outDir = mkdtempSync(join(tmpdir(), "out-"));
  const done = createLocalChat({ bot, input, output, outDir, interactive }).run();
  input.end(lines.map((line) => `${line}\n`).join(""));
  await done;
  return transcript;
}
