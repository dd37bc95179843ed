import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { stampedName } from "../../../src/bots/local/conversation.ts";
import { createLocalChat } from "../../../src/bots/local/index.ts";
import type { Address } from "../../../src/core/conversation.ts";
import { createTestBot } from "../../helpers/core.ts";

const here: Address = { platform: "local", chatId: "terminal", userId: "local-user", chatKind: "direct" };
const chart = (byte: number) => ({
  kind: "image" as const,
  png: new Uint8Array([byte]),
  alt: "精度グラフ",
  filename: "train-1.png",
});

/** Runs a local chat on `outDir`, pushes the images, and returns the paths it printed. */
async function savedPaths(outDir: string, bytes: number[]): Promise<string[]> {
  const { bot } = createTestBot();
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (chunk: Buffer) => (screen += chunk.toString("utf8")));
  const local = createLocalChat({ bot, input, output, outDir, interactive: false });
  const done = local.run();
  for (const byte of bytes) await local.pusher.push(here, [chart(byte)]);
  input.end();
  await done;
  bot.close();
  return [...screen.matchAll(/→ (\S+\.png)/g)].map((match) => match[1] as string);
}

describe("images saved by the local chat", () => {
  it("keeps an earlier chart when job ids start again (another database, or after a reset)", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "out-"));
    // Job #1 of one database, then job #1 of another, and a third in the same second.
    const paths = [...(await savedPaths(outDir, [1])), ...(await savedPaths(outDir, [2, 3]))];
    expect(paths).toHaveLength(3);
    expect(new Set(paths).size).toBe(3);
    expect(paths.map((path) => [...readFileSync(path)])).toEqual([[1], [2], [3]]);
    expect(readdirSync(outDir)).toHaveLength(3);
    for (const path of paths) expect(path).toMatch(/[/\\]train-1-\d{8}T\d{6}Z(-\d+)?\.png$/);
  });

  it("names a file by the reply's name and the UTC time it was saved", () => {
    const at = new Date("2026-12-02T05:36:12.345Z");
    expect(stampedName("train-42.png", at)).toBe("train-42-20261202T053612Z.png");
    expect(stampedName("chart", at)).toBe("chart-20261202T053612Z");
  });
});
