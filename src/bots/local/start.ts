import { createInterface } from "node:readline";
import type { Bot } from "../../core/bot.ts";
import type { Address, ChatPoster, Pusher } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { PlatformAdapter, PlatformDeps, PlatformEnd } from "../adapter.ts";
import type { LocalConfig } from "./config.ts";
import { TerminalConversation } from "./conversation.ts";
import { incomingOf } from "./incoming.ts";
import { banner, noSuchChoice } from "./messages.ts";
import { createTerminalPoster } from "./poster.ts";
import { createTerminalPusher } from "./pusher.ts";
import { plainScreen, terminalScreen } from "./screen.ts";

export interface LocalAdapterConfig extends LocalConfig {
  bot: Bot;
  /** Waited for at end of input, so piped sessions see background work (training) finish. */
  whenIdle?: () => Promise<void>;
  userId?: string;
  /** Where a failure to save an image is logged (the user is told in plain words). */
  logger?: Pick<Logger, "error">;
}

export interface LocalChat {
  /** Prints reminders and notices into the terminal. */
  pusher: Pusher;
  /** Prints posts for the whole chat (the terminal is one). */
  poster: ChatPoster;
  /** Reads commands until the input ends or intake stops (then waits for background work). */
  run(): Promise<void>;
  /** Resolves once the command being handled, if any, is answered. */
  idle(): Promise<void>;
  /** Stops reading commands; resolves once the one being handled is answered. */
  stopIntake(): Promise<void>;
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
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  // Lines read from the input, and lines answered: idle when they are equal.
  let taken = 0;
  let answered = 0;
  let waiting: (() => void)[] = [];
  lines.on("line", () => (taken += 1));
  const settle = () => {
    if (answered < taken && !stopped) return;
    for (const wake of waiting) wake();
    waiting = [];
  };

  const localeNow = () => config.bot.localeOf(address);
  const conversation = new TerminalConversation(screen, config.outDir, localeNow, config.logger);
  const pusher = createTerminalPusher(conversation);
  const poster = createTerminalPoster(conversation);

  async function run(): Promise<void> {
    screen.print(banner(localeNow(), config.interactive));
    screen.prompt();
    for await (const raw of { [Symbol.asyncIterator]: () => typed }) {
      if (stopped) break;
      current = answer(raw.trim());
      await current;
      answered += 1;
      settle();
    }
    await config.whenIdle?.();
  }

  async function answer(line: string): Promise<void> {
    if (line) {
      const message = incomingOf(address, line, conversation.lastChoices);
      if (!config.interactive) screen.print(`\n> ${message?.text ?? line}`);
      if (!message) {
        screen.print(noSuchChoice(localeNow(), conversation.lastChoices.length));
      } else {
        conversation.holdForAnswer();
        conversation.answer(await config.bot.receive(message, conversation));
      }
    }
    screen.prompt();
  }

  const idle = () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      settle();
    });
  return {
    pusher,
    poster,
    run,
    idle,
    async stopIntake() {
      stopped = true;
      lines.close();
      settle();
      await current;
    },
  };
}

/** The local chat as a platform: it ends when its input does (after background work), or on shutdown. */
export function startLocal(config: LocalConfig, deps: PlatformDeps): PlatformAdapter {
  const chat = createLocalChat({ ...config, bot: deps.bot, whenIdle: deps.whenIdle, logger: deps.logger });
  const ended = chat.run().then(
    (): PlatformEnd => ({}),
    (error: unknown): PlatformEnd => ({ error: error instanceof Error ? error : new Error(String(error)) }),
  );
  return {
    platform: "local",
    pusher: chat.pusher,
    poster: chat.poster,
    ended,
    idle: chat.idle,
    stopIntake: chat.stopIntake,
    close: chat.stopIntake,
  };
}
