import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Bot } from "../../core/bot.ts";
import type { Address, Conversation, Pusher } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { Choice, ImageReply, Reply } from "../../core/reply.ts";
import { progressLine } from "../../core/text/progress-bar.ts";
import { banner, imageNotSaved, noSuchChoice } from "./messages.ts";
import { renderReply } from "./render.ts";
import { plainScreen, terminalScreen } from "./screen.ts";

export interface LocalAdapterConfig {
  bot: Bot;
  input: Readable;
  output: Writable;
  /** Where images (charts) are saved; their paths are printed. */
  outDir: string;
  /** A TTY gets a prompt and progress redrawn in place; a pipe gets one line per update and echoes commands. */
  interactive: boolean;
  /** Waited for at end of input, so piped sessions see background work (training) finish. */
  whenIdle?: () => Promise<void>;
  userId?: string;
  /** Where a failure to save an image is logged (the user is told in plain words). */
  logger?: Logger;
}

export interface LocalChat {
  /** Prints reminders and notices into the terminal. */
  pusher: Pusher;
  /** Reads commands until the input ends (then waits for background work). */
  run(): Promise<void>;
}

/**
 * The embedded default: a chat in the terminal that talks to the same core as Discord and LINE. Numbered
 * choices can be picked by typing their number.
 */
export function createLocalChat(config: LocalAdapterConfig): LocalChat {
  const address: Address = {
    platform: "local",
    chatId: "terminal",
    userId: config.userId ?? "local-user",
    chatKind: "direct",
  };
  const lines = config.interactive
    ? createInterface({ input: config.input, output: config.output, terminal: true, prompt: "> " })
    : createInterface({ input: config.input, terminal: false });
  // Listening starts now, so no line typed or piped before run() is lost.
  const typed = lines[Symbol.asyncIterator]();
  // In a terminal Ctrl+C reaches readline, not the process: pass it on, so the bot shuts down as for a kill.
  if (config.interactive) lines.on("SIGINT", () => process.kill(process.pid, "SIGINT"));
  const screen = config.interactive ? terminalScreen(config.output, lines) : plainScreen(config.output);
  let lastChoices: Choice[] = [];

  const show = (replies: Reply[]) => {
    let previous: Reply["kind"] | undefined;
    for (const reply of replies) {
      const before = previous;
      previous = reply.kind;
      if (reply.kind === "progress") {
        screen.progress(progressLine(reply), reply.done);
        continue;
      }
      if (reply.kind === "image") {
        screen.print(saveImage(reply));
        continue;
      }
      const rendered = renderReply(reply, before);
      screen.print(rendered.text);
      if (rendered.choices) lastChoices = rendered.choices;
    }
  };

  /** Saves a chart where the user can open it and says where; a failure is logged, not thrown at them. */
  const saveImage = (reply: ImageReply): string => {
    try {
      mkdirSync(config.outDir, { recursive: true });
      const path = resolve(join(config.outDir, reply.filename));
      writeFileSync(path, reply.png);
      return `🖼️  ${reply.alt}\n    → ${path}`;
    } catch (error) {
      config.logger?.error({ err: error, outDir: config.outDir }, "local chat: could not save an image");
      return `🖼️  ${reply.alt}\n    ${imageNotSaved(config.bot.localeOf(address))}`;
    }
  };

  const conversation: Conversation = {
    async send(replies) {
      show(replies);
    },
  };
  const pusher: Pusher = { push: (_to, replies) => conversation.send(replies) };

  async function run(): Promise<void> {
    screen.print(banner(config.bot.localeOf(address), config.interactive));
    screen.prompt();
    for await (const raw of { [Symbol.asyncIterator]: () => typed }) {
      const line = raw.trim();
      if (!line) {
        screen.prompt();
        continue;
      }
      const number = /^\d+$/.test(line.normalize("NFKC")) ? Number(line.normalize("NFKC")) : undefined;
      const picked = number === undefined ? undefined : lastChoices[number - 1];
      const text = picked ? picked.action : line;
      if (!config.interactive) screen.print(`\n> ${text}`);
      if (number !== undefined && !picked) {
        screen.print(noSuchChoice(config.bot.localeOf(address), lastChoices.length));
        screen.prompt();
        continue;
      }
      const replies = await config.bot.receive(
        { ...address, text, isAction: picked !== undefined },
        conversation,
      );
      show(replies);
      screen.prompt();
    }
    await config.whenIdle?.();
  }

  return { pusher, run };
}

/** Runs a local chat until its input ends. */
export const runLocalChat = (config: LocalAdapterConfig): Promise<void> => createLocalChat(config).run();
