import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createApp } from "../../../src/app.ts";
import { localPlatform } from "../../../src/bots/local/index.ts";
import type { Bot } from "../../../src/core/bot.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import type { Choice } from "../../../src/core/reply.ts";
import type { ContractChat, ContractDriver, Seen, SeenButton } from "./driver.ts";

/** The choices line the terminal printed last: "[1] A  [2] B  [3] C  [4] D". */
function lastButtons(transcript: string, shown: readonly Choice[]): SeenButton[] {
  const line = transcript
    .split("\n")
    .filter((candidate) => candidate.startsWith("[1] "))
    .at(-1);
  if (!line) return [];
  return line.split(/ {2}(?=\[\d+\] )/).map((item) => {
    const [, number, label = ""] = /^\[(\d+)\] (.*)$/.exec(item) ?? [];
    const choice = shown[Number(number) - 1];
    if (choice?.label !== label)
      throw new Error(`the terminal shows [${number}] ${label}, not a known choice`);
    return { label, action: choice.action };
  });
}

/** The piped terminal chat (`npm start` with no platform), on streams. */
export const localDriver: ContractDriver = {
  platform: "local",
  async start(trainer) {
    const app = createApp({ dbPath: ":memory:", logger: silentLogger, trainer: () => trainer });
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = "";
    const watchers = new Set<() => void>();
    output.on("data", (chunk: Buffer) => {
      transcript += chunk.toString("utf8");
      for (const watch of [...watchers]) watch();
    });
    const printed = (condition: () => boolean) =>
      new Promise<void>((resolve) => {
        const watch = () => {
          if (!condition()) return;
          watchers.delete(watch);
          resolve();
        };
        watchers.add(watch);
        watch();
      });
    // The terminal numbers choices without their actions: the driver learns them from the core's answers.
    let shown: Choice[] = [];
    const bot: Bot = {
      ...app.bot,
      async receive(message, conversation) {
        const replies = await app.bot.receive(message, conversation);
        const choices = replies.findLast((reply) => reply.kind === "choices");
        if (choices?.kind === "choices") shown = choices.choices;
        return replies;
      },
    };
    const adapter = await localPlatform.start(
      { input, output, outDir: mkdtempSync(join(tmpdir(), "contract-out-")), interactive: false },
      { bot, logger: silentLogger, http: undefined, db: app.db, whenIdle: () => trainer.whenIdle() },
    );
    let mark = 0;
    const seenSince = (): Seen => {
      const chunk = transcript.slice(mark);
      const images = [...chunk.matchAll(/→ (\S+\.png)/g)].map(
        ([, path]) => new Uint8Array(readFileSync(path ?? "")),
      );
      return { text: chunk, buttons: lastButtons(chunk, shown), images };
    };
    const type = async (line: string): Promise<Seen> => {
      mark = transcript.length;
      input.write(`${line}\n`);
      // The piped chat echoes each command it takes.
      await printed(() => transcript.indexOf("\n> ", mark) !== -1);
      await adapter.idle();
      return seenSince();
    };
    const chat: ContractChat = {
      say: type,
      tap(button) {
        // A choice on screen is picked by its number; an older one by typing what it stands for.
        const number = shown.findIndex((choice) => choice.action === button.action) + 1;
        return type(number > 0 ? String(number) : button.action);
      },
      async afterWork() {
        await trainer.whenIdle();
        await adapter.idle();
        return seenSince();
      },
      async close() {
        input.end();
        await adapter.ended;
        await adapter.close();
        await app.close();
      },
    };
    return chat;
  },
};
