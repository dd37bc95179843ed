import type { LessonCatalog } from "../lessons/catalog.ts";
import { systemClock, type Clock } from "./clock.ts";
import { builtinCommands } from "./commands/index.ts";
import { CommandRegistry } from "./commands/registry.ts";
import type { Command, ParsedArgs } from "./commands/types.ts";
import type { Services } from "./context.ts";
import type { Address, Conversation, IncomingMessage, Locale } from "./conversation.ts";
import { APOLOGY, ArgumentError, isUserError, type UserError } from "./errors.ts";
import { GroupQuizRuntime, globalTimers, type Timers } from "./group-quiz/runtime.ts";
import { pick } from "./i18n.ts";
import { silentLogger, type Logger } from "./logger.ts";
import type { TrainerPort } from "./ports/trainer.ts";
import type { WebPort } from "./ports/web.ts";
import { choices, text, type Reply } from "./reply.ts";
import { ReviewScheduler } from "./review/fsrs.ts";
import { argsOf, checkLength, routeOf, withFreeTextOffer, type Route } from "./route.ts";
import type { Stores } from "./store/stores.ts";
import { cleanInput } from "./text/clean-input.ts";

export interface BotOptions {
  stores: Stores;
  lessons: LessonCatalog;
  clock?: Clock;
  logger?: Logger;
  trainer?: TrainerPort;
  /** The study page on the web (absent when the bot runs without it). */
  web?: WebPort;
  /** What drives group-quiz deadlines (the global timers by default). */
  timers?: Timers;
  /** FSRS's target retention for spaced review (MANABOT_RETENTION; 0.9 by default). */
  retention?: number;
}

/** What a platform follows when it answers a command: the command's own rules, read for its arguments. */
export interface CommandRules {
  command: string;
  /** Answer the sender alone where the platform can, in a group chat (`Command.privateInGroups`). */
  privateInGroups: boolean;
  /** Acknowledge at once, then show the answer and the progress of long work (`Command.deferred`). */
  deferred: boolean;
}

/** A message read once by `Bot.read`: the command that will answer it and its rules. */
export interface ReadMessage {
  readonly message: IncomingMessage;
  /** Undefined when no command will run: not a command, or refused at once (the answer explains). */
  readonly rules?: CommandRules;
}

export interface Bot {
  /**
   * Reads a message once — the sender (registered on first sight), the command, its arguments and their
   * cheap check — so a platform can follow the command's rules before answering. Never throws.
   */
  read(message: IncomingMessage): Promise<ReadMessage>;
  /** Runs what `read` found and returns the immediate replies (later ones go to the conversation). Never throws. */
  answer(read: ReadMessage, conversation: Conversation): Promise<Reply[]>;
  /** `read`, then `answer`. */
  receive(message: IncomingMessage, conversation: Conversation): Promise<Reply[]>;
  /** The rules of the command a command line (a choice's action) asks for; undefined when it names none. */
  rulesOf(commandLine: string): CommandRules | undefined;
  readonly registry: CommandRegistry;
  readonly services: Services;
  /** The language the bot speaks to this user: their `/lang`, else Japanese. */
  localeOf(address: Pick<Address, "platform" | "userId">): Locale;
  /** Stops what runs in the background (group-quiz timers). */
  close(): void;
}

/** What `answer` does with a message read: run its command, or give replies decided while reading. */
type Plan =
  | { kind: "run"; route: Route; args: ParsedArgs; userId: number; locale: Locale }
  | { kind: "replies"; replies: Reply[] };

export function createBot(options: BotOptions): Bot {
  const registry = new CommandRegistry(builtinCommands);
  let groupQuiz: GroupQuizRuntime | undefined;
  const services: Services = {
    stores: options.stores,
    lessons: options.lessons,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    review: new ReviewScheduler(options.retention),
    commands: () => registry.commands,
    groupQuiz: () => (groupQuiz ??= new GroupQuizRuntime(services, options.timers ?? globalTimers)),
    ...(options.trainer ? { trainer: options.trainer } : {}),
    ...(options.web ? { web: options.web } : {}),
  };
  const plans = new WeakMap<ReadMessage, Plan>();
  const planned = (message: IncomingMessage, plan: Plan, rules?: CommandRules): ReadMessage => {
    const read: ReadMessage = { message, ...(rules ? { rules } : {}) };
    plans.set(read, plan);
    return read;
  };

  async function read(incoming: IncomingMessage): Promise<ReadMessage> {
    const message = cleanMessage(incoming);
    let locale: Locale = message.locale ?? "ja";
    let route: Route | undefined;
    try {
      const account = services.stores.users.ensure(
        message.platform,
        message.userId,
        message.displayName,
        services.clock.now(),
      );
      // An account linked to another platform's (/link) speaks for that learner: their id keys the data.
      const learnerId = services.stores.links.learnerOf(account.id);
      const user = learnerId === account.id ? account : (services.stores.users.get(learnerId) ?? account);
      locale = user.locale ?? account.locale ?? locale;
      route = routeOf(registry, message.text);
      if (!route) {
        const replies = message.chatKind === "direct" ? [text(pick(locale, NOT_A_COMMAND))] : [];
        return planned(message, { kind: "replies", replies });
      }
      checkLength(message.text);
      const parsed = argsOf(route);
      const checked = route.command.check?.(parsed, services);
      const args = checked === undefined ? parsed : { ...parsed, checked };
      const plan: Plan = { kind: "run", route, args, userId: user.id, locale };
      return planned(message, plan, rulesFor(route.command, args));
    } catch (error) {
      return planned(message, { kind: "replies", replies: refusal(error, message, locale, route) });
    }
  }

  async function answer(read: ReadMessage, conversation: Conversation): Promise<Reply[]> {
    const plan = plans.get(read);
    if (!plan) throw new Error("answer() takes what read() returned");
    if (plan.kind === "replies") return plan.replies;
    const { message } = read;
    const { route, args, userId, locale } = plan;
    try {
      services.logger.debug(
        { platform: message.platform, command: route.command.name, subcommand: args.subcommand },
        "command",
      );
      return await route.command.run({ message, userId, locale, conversation, services }, args);
    } catch (error) {
      return refusal(error, message, locale, route);
    }
  }

  /** What a message gets instead of its command's answer: an explanation, silence, or an apology. */
  function refusal(error: unknown, message: IncomingMessage, locale: Locale, route?: Route): Reply[] {
    if (route?.slashless && error instanceof ArgumentError) {
      // In a group, 「問題 難しいね」 is chatter that starts with a command word, not a command to correct.
      if (message.chatKind === "group") {
        services.logger.debug(
          { platform: message.platform, command: route.command.name, code: error.code },
          "group chatter starting with a command word: ignored",
        );
        return [];
      }
      return userErrorReplies(withFreeTextOffer(route, error, locale), locale);
    }
    if (isUserError(error)) return userErrorReplies(error, locale);
    services.logger.error(
      { err: error, platform: message.platform, chatId: message.chatId, text: message.text.slice(0, 200) },
      "command failed",
    );
    return [text(pick(locale, APOLOGY))];
  }

  function rulesOf(commandLine: string): CommandRules | undefined {
    try {
      const route = routeOf(registry, commandLine);
      return route && rulesFor(route.command, argsOf(route));
    } catch (error) {
      if (isUserError(error)) return undefined;
      throw error;
    }
  }

  function localeOf(address: Pick<Address, "platform" | "userId">): Locale {
    return services.stores.users.find(address.platform, address.userId)?.locale ?? "ja";
  }

  return {
    read,
    answer,
    receive: async (message, conversation) => answer(await read(message), conversation),
    rulesOf,
    localeOf,
    registry,
    services,
    close: () => groupQuiz?.close(),
  };
}

const rulesFor = (command: Command, args: ParsedArgs): CommandRules => {
  const rule = command.privateInGroups ?? false;
  return {
    command: command.name,
    privateInGroups: typeof rule === "function" ? rule(args) : rule,
    deferred: command.deferred ?? false,
  };
};

/** The message with its text (and the sender's name, which is stored) cleaned once, here at the entry. */
const cleanMessage = (message: IncomingMessage): IncomingMessage => ({
  ...message,
  text: cleanInput(typeof message.text === "string" ? message.text : ""),
  ...(message.displayName !== undefined ? { displayName: cleanInput(message.displayName) } : {}),
});

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
