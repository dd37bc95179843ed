import type { Clock } from "../clock.ts";
import type { Conversation, IncomingMessage, Locale } from "../conversation.ts";
import type { Localized } from "../i18n.ts";
import type { Logger } from "../logger.ts";
import type { TrainerPort } from "../ports/trainer.ts";
import type { WebPort } from "../ports/web.ts";
import type { Reply } from "../reply.ts";
import type { Stores } from "../store/stores.ts";
import type { LessonCatalog } from "../../lessons/catalog.ts";
import type { GroupQuizRuntime } from "../group-quiz/runtime.ts";

/**
 * One argument of a command. The same spec drives the text parser (`parse-args.ts`), the help text and the
 * platforms' structured forms (Discord slash-command options).
 */
export interface OptionSpec {
  name: string;
  type: "string" | "integer";
  description: Localized;
  required?: boolean;
  /** Allowed values (compared case-insensitively for strings; `name=value` is read as `value`). */
  choices?: readonly (string | number)[];
  /** Other words typed for a choice: 「なし」 → "off". Platforms with forms show only `choices`. */
  choiceAliases?: Readonly<Record<string, string>>;
  /** Takes the rest of the line, spaces included (memo text, trainer parameters). Last option only. */
  rest?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  /** A hint for platforms that can suggest values as the user types. */
  autocomplete?: "lesson-step";
}

export interface SubcommandSpec {
  name: string;
  description: Localized;
  options: readonly OptionSpec[];
  /** A usage example for messages about a missing argument, when the usage lines have none in English. */
  example?: Localized;
}

export type ArgValue = string | number;

export interface ParsedArgs {
  /** The chosen subcommand, when the command has them. */
  subcommand?: string;
  values: Record<string, ArgValue | undefined>;
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
  /** The group quizzes running in this process (created on first use). */
  groupQuiz: () => GroupQuizRuntime;
  /** The full command list, for /help. */
  commands: () => readonly Command[];
}

export interface CommandContext {
  message: IncomingMessage;
  /** The internal user id (users.id). */
  userId: number;
  locale: Locale;
  conversation: Conversation;
  services: Services;
}

export interface Command {
  name: string;
  /** Words that also start this command without a slash, e.g. 「クイズ」 typed on LINE. */
  aliases?: readonly string[];
  summary: Localized;
  /** Usage lines and examples shown by `/help <name>`. */
  usage: readonly string[];
  options?: readonly OptionSpec[];
  subcommands?: readonly SubcommandSpec[];
  /** The subcommand used when none is given (`/memo` → `list`). */
  defaultSubcommand?: string;
  /** The subcommand for free text after a slash-less alias: 「メモ 復習する」 → `/memo add 復習する`. */
  aliasSubcommand?: string;
  run(context: CommandContext, args: ParsedArgs): Promise<Reply[]> | Reply[];
}
