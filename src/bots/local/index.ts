import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Bot } from "../../core/bot.ts";
import type { Address, Conversation, Pusher } from "../../core/conversation.ts";
import type { Choice, Reply } from "../../core/reply.ts";
import { progressLine } from "../../core/text/progress-bar.ts";
import { renderReply } from "./render.ts";

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
  const write = (line: string) => config.output.write(`${line}\n`);
  let lastChoices: Choice[] = [];
  let progressOpen = false;

  const endProgressLine = () => {
    if (progressOpen) config.output.write("\n");
    progressOpen = false;
  };

  const show = (replies: Reply[]) => {
    for (const reply of replies) {
      if (reply.kind === "progress") {
        const line = progressLine(reply);
        if (config.interactive) {
          config.output.write(`\r\x1b[2K${line}`);
          progressOpen = !reply.done;
          if (reply.done) config.output.write("\n");
        } else write(line);
        continue;
      }
      endProgressLine();
      if (reply.kind === "image") {
        mkdirSync(config.outDir, { recursive: true });
        const path = resolve(join(config.outDir, reply.filename));
        writeFileSync(path, reply.png);
        write(`🖼️  ${reply.alt}\n    → ${path}`);
        continue;
      }
      const rendered = renderReply(reply);
      write(rendered.text);
      if (rendered.choices) lastChoices = rendered.choices;
    }
  };

  const conversation: Conversation = {
    async send(replies) {
      show(replies);
      if (config.interactive) prompt();
    },
  };
  const prompt = () => {
    if (!progressOpen) config.output.write("> ");
  };

  const pusher: Pusher = { push: (_to, replies) => conversation.send(replies) };

  async function run(): Promise<void> {
    write(
      config.interactive
        ? "manabot ローカルチャット — /help で使い方、/lesson で開始。番号で選択肢を選べます。Ctrl+D で終了。"
        : "manabot local chat",
    );
    if (config.interactive) prompt();

    const lines = createInterface({ input: config.input, terminal: false });
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) {
        if (config.interactive) prompt();
        continue;
      }
      const picked = /^\d+$/.test(line) ? lastChoices[Number(line) - 1] : undefined;
      const text = picked ? picked.action : line;
      if (!config.interactive) write(`\n> ${text}`);
      const replies = await config.bot.receive(
        { ...address, text, isAction: picked !== undefined },
        conversation,
      );
      show(replies);
      if (config.interactive) prompt();
    }
    await config.whenIdle?.();
    endProgressLine();
  }

  return { pusher, run };
}

/** Runs a local chat until its input ends. */
export const runLocalChat = (config: LocalAdapterConfig): Promise<void> => createLocalChat(config).run();
