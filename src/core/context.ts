import type { Lesson, Question } from "../lessons/lesson.ts";
import type { LessonCatalog } from "../lessons/catalog.ts";
import type { Clock } from "./clock.ts";
import type { OptionSpec, SubcommandSpec } from "./commands/spec.ts";
import type { Conversation, IncomingMessage, Locale, Platform } from "./conversation.ts";
import type { Localized } from "./i18n.ts";
import type { Logger } from "./logger.ts";
import type { TrainerPort } from "./ports/trainer.ts";
import type { WebPort } from "./ports/web.ts";
import type { Reply } from "./reply.ts";
import type { ReviewScheduler } from "./review/fsrs.ts";
import type { Stores } from "./store/stores.ts";

/**
 * What a command handler is given. These types name no command and no feature module, so commands and the
 * features they call (group quizzes, reviews) can both depend on them without depending on each other.
 */
export interface CommandContext {
  message: IncomingMessage;
  /** The internal user id (users.id). */
  userId: number;
  locale: Locale;
  conversation: Conversation;
  services: Services;
}

/** What a command's handler can use. */
export interface Services {
  stores: Stores;
  lessons: LessonCatalog;
  clock: Clock;
  logger: Logger;
  trainer?: TrainerPort;
  /** The study page on the web (absent when the bot runs without it). */
  web?: WebPort;
  /** Spaced review: FSRS at the configured target retention. */
  review: ReviewScheduler;
  /** The group quizzes running in this process (created on first use). */
  groupQuiz: () => GroupQuizzes;
  /** The full command list, for /help. */
  commands: () => readonly CommandHelp[];
}

/** What /help shows of a command. */
export interface CommandHelp {
  name: string;
  /** Words that also start this command without a slash, e.g. 「クイズ」 typed on LINE. */
  aliases?: readonly string[];
  summary: Localized;
  /** Usage lines and examples shown by `/help <name>`. */
  usage: readonly string[];
  /** Its arguments (the parser, `/help`'s Japanese words and Discord's option forms read them). */
  options?: readonly OptionSpec[];
  subcommands?: readonly SubcommandSpec[];
  /** Words that start one subcommand directly: 「定期クイズ 20時」 → `/quiz schedule 20時`. */
  wordSubcommands?: Readonly<Record<string, string>>;
}

export interface GroupQuizSettings {
  seconds: number;
  speedBonus: boolean;
  /** The questions to ask, in order: the whole lesson when left out. */
  questions?: readonly Question[];
  /** Started by the chat's schedule rather than by a member. */
  scheduled?: boolean;
}

/** The group quizzes of this process, as commands use them (`group-quiz/runtime.ts`). */
export interface GroupQuizzes {
  start(context: CommandContext, lesson: Lesson, settings: GroupQuizSettings): Reply[];
  /** `/quiz stop`: closes the question on the table and answers with the scores so far. */
  stop(context: CommandContext): Reply[];
  /** Whether a group quiz runs in the chat (one left behind by a process that is gone counts until abandoned). */
  isRunningIn(platform: Platform, chatId: string): boolean;
  /** Ends the chat's quiz as abandoned (a scheduled quiz that could not be posted). */
  abandon(platform: Platform, chatId: string): void;
}
