import type { LessonCatalog } from "../lessons/catalog.ts";
import { systemClock, type Clock } from "./clock.ts";
import { builtinCommands } from "./commands/index.ts";
import { parseArgs, startsWithKnownWord, subcommandOf } from "./commands/parse-args.ts";
import { CommandRegistry } from "./commands/registry.ts";
import type { Command, CommandContext, Services } from "./commands/types.ts";
import type { Address, Conversation, IncomingMessage, Locale } from "./conversation.ts";
import { ArgumentError, isUserError, UserError } from "./errors.ts";
import { GroupQuizRuntime, globalTimers, type Timers } from "./group-quiz/runtime.ts";
import { pick } from "./i18n.ts";
import { silentLogger, type Logger } from "./logger.ts";
import type { TrainerPort } from "./ports/trainer.ts";
import { choices, text, type Reply } from "./reply.ts";
import type { Stores } from "./store/stores.ts";
import { cleanInput } from "./text/clean-input.ts";
import { graphemeCount } from "./text/graphemes.ts";
import { isBareSlash, splitCommandLine, tokenize } from "./text/tokenize.ts";

export interface BotOptions {
  stores: Stores;
  lessons: LessonCatalog;
  clock?: Clock;
  logger?: Logger;
  trainer?: TrainerPort;
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
  /** The language the bot speaks to this user: their `/lang`, else Japanese. */
  localeOf(address: Pick<Address, "platform" | "userId">): Locale;
  /** Stops what runs in the background (group-quiz timers). */
  close(): void;
}

/** Characters (grapheme clusters) a command may have: room for the longest argument, a 1,000-character memo. */
const MAX_MESSAGE_LENGTH = 2000;
/** UTF-16 units read at all: past this no command fits, whatever its characters, and none is counted. */
const MAX_MESSAGE_UNITS = 32_000;
/** Tapped actions carry the text they act on; Discord's custom_id limit applies to them all. */
const MAX_ACTION_LENGTH = 100;

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
  };

  async function receive(incoming: IncomingMessage, conversation: Conversation): Promise<Reply[]> {
    const message = cleanMessage(incoming);
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
        if (!route.slashless || !(error instanceof ArgumentError)) throw error;
        // In a group, 「問題 難しいね」 is chatter that starts with a command word, not a command to correct.
        if (message.chatKind !== "group") throw withFreeTextOffer(route, error, locale);
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
    const args = parseArgs(route.command, route.rest, { slashless: route.slashless });
    services.logger.debug(
      { platform: context.message.platform, command: route.command.name, subcommand: args.subcommand },
      "command",
    );
    return await route.command.run(context, args);
  }

  /**
   * Which command a message asks for: "/name …", or a slash-less Japanese word such as 「クイズ」, also
   * written straight before a word of its own (「メモ一覧」, 「レッスン次」).
   */
  function routeOf(message: IncomingMessage): Route | undefined {
    if (isBareSlash(message.text)) throw new UserError("command.empty", BARE_SLASH);
    const slashed = splitCommandLine(message.text, true);
    if (slashed) {
      const command = registry.find(slashed.name);
      if (command) return { command, rest: slashed.rest, slashless: false };
      const guess = registry.suggest(slashed.name);
      throw new UserError("command.unknown", {
        ja: `「/${slashed.name}」というコマンドはありません。${guess ? `もしかして /${guess} ですか?` : ""}使えるコマンド: /help`,
        en: `There is no command "/${slashed.name}".${guess ? ` Did you mean /${guess}?` : ""} All commands: /help`,
      });
    }
    const plain = splitCommandLine(message.text, false);
    if (!plain) return undefined;
    const command = registry.find(plain.name);
    // English command names need their slash: "quiz" in a chat is just a word.
    if (command)
      return command.name === plain.name ? undefined : { command, rest: plain.rest, slashless: true };
    const prefixed = registry.findPrefix(plain.name);
    if (!prefixed) return undefined;
    const rest = `${plain.name.slice(prefixed.word.length)} ${plain.rest}`.trim();
    return startsWithKnownWord(prefixed.command, rest)
      ? { command: prefixed.command, rest, slashless: true }
      : undefined;
  }

  function localeOf(address: Pick<Address, "platform" | "userId">): Locale {
    return services.stores.users.find(address.platform, address.userId)?.locale ?? "ja";
  }

  return { receive, registry, services, localeOf, close: () => groupQuiz?.close() };
}

/** The message with its text (and the sender's name, which is stored) cleaned once, here at the entry. */
const cleanMessage = (message: IncomingMessage): IncomingMessage => ({
  ...message,
  text: cleanInput(typeof message.text === "string" ? message.text : ""),
  ...(message.displayName !== undefined ? { displayName: cleanInput(message.displayName) } : {}),
});

/** Only commands are limited: long chatter in a group is not the bot's business. */
function checkLength(message: string): void {
  const length = message.length > MAX_MESSAGE_UNITS ? undefined : graphemeCount(message);
  if (length !== undefined && length <= MAX_MESSAGE_LENGTH) return;
  throw new ArgumentError("message.too-long", {
    ja: `メッセージが長すぎます(${MAX_MESSAGE_LENGTH} 文字まで${length === undefined ? "" : `、いま ${length} 文字`})。`,
    en: `That message is too long (limit ${MAX_MESSAGE_LENGTH} characters${length === undefined ? "" : `; this one has ${length}`}).`,
  });
}

/**
 * A slash-less word whose rest did not read (「メモ 削除する前に」): nothing was stored. When the word also
 * takes free text (「メモ …」 writes a memo), a button offers exactly that.
 */
function withFreeTextOffer(route: Route, error: ArgumentError, locale: Locale): ArgumentError {
  const free = route.command.subcommands?.find((sub) => sub.name === route.command.aliasSubcommand);
  const action = `/${route.command.name} ${free?.name} ${route.rest}`;
  if (!free || error.offer || !route.rest || action.length > MAX_ACTION_LENGTH) return error;
  // 「メモ 削除」 alone is a delete missing its number, not a memo: nothing to offer.
  const [first = "", ...others] = tokenize(route.rest);
  const sub = subcommandOf(route.command, first);
  if (sub === free || (sub && others.length === 0)) return error;
  return new ArgumentError(error.code, error.userMessage, {
    prompt: { ja: "文章として送ったのなら:", en: "If you meant it as text:" },
    choices: [{ label: `📝 ${pick(locale, free.description)}`, action }],
  });
}

/** A user's mistake as replies: the message (marked as an error) and any buttons offered with it. */
function userErrorReplies(error: UserError, locale: Locale): Reply[] {
  const message: Reply = { ...text(pick(locale, error.userMessage)), error: true };
  if (!error.offer) return [message];
  return [message, choices(pick(locale, error.offer.prompt), [...error.offer.choices])];
}

const NOT_A_COMMAND = {
  ja: "ごめんなさい、わかりませんでした。「レッスン」「クイズ」「メモ 一覧」のような言葉か、/lesson のようなコマンドで話しかけてください。使い方: /help",
  en: "Sorry, I did not understand. Send a command such as /lesson or /quiz (Japanese words like 「レッスン」 work too). See /help",
};

const BARE_SLASH = {
  ja: "/ のあとにコマンド名を続けてください(例: /lesson、/quiz)。一覧: /help",
  en: "Type a command name after the / (e.g. /lesson, /quiz). All commands: /help",
};

const INTERNAL_ERROR = {
  ja: "ごめんなさい、処理中にエラーが起きました。もう一度試してください。",
  en: "Sorry, something went wrong on my side. Please try again.",
};
