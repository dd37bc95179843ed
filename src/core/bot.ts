import type { LessonCatalog } from "../lessons/catalog.ts";
import { systemClock, type Clock } from "./clock.ts";
import { builtinCommands } from "./commands/index.ts";
import { normalizeWord, parseArgs } from "./commands/parse-args.ts";
import { CommandRegistry } from "./commands/registry.ts";
import type { Command, CommandContext, Services } from "./commands/types.ts";
import type { Conversation, IncomingMessage, Locale } from "./conversation.ts";
import { ArgumentError, isUserError, UserError } from "./errors.ts";
import { GroupQuizRuntime, globalTimers, type Timers } from "./group-quiz/runtime.ts";
import { pick } from "./i18n.ts";
import { silentLogger, type Logger } from "./logger.ts";
import type { TrainerPort } from "./ports/trainer.ts";
import type { WebPort } from "./ports/web.ts";
import { choices, text, type Reply } from "./reply.ts";
import type { Stores } from "./store/stores.ts";
import { splitCommandLine, tokenize } from "./text/tokenize.ts";

export interface BotOptions {
  stores: Stores;
  lessons: LessonCatalog;
  clock?: Clock;
  logger?: Logger;
  trainer?: TrainerPort;
  web?: WebPort;
  /** Extra commands (features that live outside the built-in set). */
  extraCommands?: readonly Command[];
  /** What drives group-quiz deadlines (the global timers by default). */
  timers?: Timers;
}

export interface Bot {
  /** Handles one message or tap and returns the immediate replies. Never throws. */
  receive(message: IncomingMessage, conversation: Conversation): Promise<Reply[]>;
  readonly registry: CommandRegistry;
  readonly services: Services;
  /** Stops what runs in the background (group-quiz timers). */
  close(): void;
}

const MAX_MESSAGE_LENGTH = 2000;

/** The command a message asks for, the text after its word, and whether it came without a slash. */
interface Route {
  command: Command;
  rest: string;
  slashless: boolean;
}

export function createBot(options: BotOptions): Bot {
  const registry = new CommandRegistry([...builtinCommands, ...(options.extraCommands ?? [])]);
  let groupQuiz: GroupQuizRuntime | undefined;
  const services: Services = {
    stores: options.stores,
    lessons: options.lessons,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    commands: () => registry.commands,
    groupQuiz: () => (groupQuiz ??= new GroupQuizRuntime(services, options.timers ?? globalTimers)),
    ...(options.trainer ? { trainer: options.trainer } : {}),
    ...(options.web ? { web: options.web } : {}),
  };

  async function receive(message: IncomingMessage, conversation: Conversation): Promise<Reply[]> {
    let locale: Locale = message.locale ?? "ja";
    try {
      const user = services.stores.users.ensure(
        message.platform,
        message.userId,
        message.displayName,
        services.clock.now(),
      );
      locale = user.locale ?? locale;
      const route = routeOf(message);
      if (!route) return message.chatKind === "direct" ? [text(pick(locale, NOT_A_COMMAND))] : [];
      const context: CommandContext = { message, userId: user.id, locale, conversation, services };
      try {
        return await runCommand(route, context);
      } catch (error) {
        // In a group, 「問題 難しいね」 is chatter that starts with a command word, not a command to correct.
        if (!route.slashless || message.chatKind !== "group" || !(error instanceof ArgumentError))
          throw error;
        services.logger.debug(
          { platform: message.platform, command: route.command.name, code: error.code },
          "group chatter starting with a command word: ignored",
        );
        return [];
      }
    } catch (error) {
      if (isUserError(error)) return userErrorReplies(error, locale);
      services.logger.error(
        { err: error, platform: message.platform, chatId: message.chatId, text: message.text.slice(0, 200) },
        "command failed",
      );
      return [text(pick(locale, INTERNAL_ERROR))];
    }
  }

  async function runCommand(route: Route, context: CommandContext): Promise<Reply[]> {
    checkLength(context.message.text);
    const args = parseArgs(route.command, route.rest);
    services.logger.debug(
      { platform: context.message.platform, command: route.command.name, subcommand: args.subcommand },
      "command",
    );
    return await route.command.run(context, args);
  }

  /** Which command a message asks for: "/name …", or a slash-less alias word such as 「クイズ」. */
  function routeOf(message: IncomingMessage): Route | undefined {
    const slashed = splitCommandLine(message.text, true);
    if (slashed) {
      const command = registry.find(slashed.name);
      if (command) return { command, rest: slashed.rest, slashless: false };
      const guess = registry.suggest(slashed.name);
      throw new UserError("command.unknown", {
        ja: `「/${slashed.name}」というコマンドはありません。${guess ? `もしかして /${guess} ?` : ""}使えるコマンド: /help`,
        en: `There is no command "/${slashed.name}".${guess ? ` Did you mean /${guess}?` : ""} All commands: /help`,
      });
    }
    const plain = splitCommandLine(message.text, false);
    const command = plain && registry.find(plain.name);
    if (!plain || !command || command.name === plain.name) return undefined;
    const [first] = tokenize(plain.rest);
    const isSubcommand =
      first !== undefined && command.subcommands?.some((sub) => sub.name === normalizeWord(first));
    const rest =
      command.aliasSubcommand && first !== undefined && !isSubcommand
        ? `${command.aliasSubcommand} ${plain.rest}`
        : plain.rest;
    return { command, rest, slashless: true };
  }

  return { receive, registry, services, close: () => groupQuiz?.close() };
}

/** Only commands are limited: long chatter in a group is not the bot's business. */
function checkLength(message: string): void {
  if (message.length <= MAX_MESSAGE_LENGTH) return;
  throw new ArgumentError("message.too-long", {
    ja: `メッセージが長すぎます(${MAX_MESSAGE_LENGTH} 文字まで)。`,
    en: `That message is too long (limit ${MAX_MESSAGE_LENGTH} characters).`,
  });
}

/** A user's mistake as replies: the message (marked as an error) and any buttons offered with it. */
function userErrorReplies(error: UserError, locale: Locale): Reply[] {
  const message: Reply = { ...text(pick(locale, error.userMessage)), error: true };
  if (!error.offer) return [message];
  return [message, choices(pick(locale, error.offer.prompt), [...error.offer.choices])];
}

const NOT_A_COMMAND = {
  ja: "コマンドは / で始めてください(例: /lesson、/quiz)。使い方: /help",
  en: "Commands start with / (e.g. /lesson, /quiz). See /help",
};

const INTERNAL_ERROR = {
  ja: "ごめんなさい、処理中にエラーが起きました。もう一度試してください。",
  en: "Sorry, something went wrong on my side. Please try again.",
};
