import type { CommandContext, CommandHelp, Services } from "../context.ts";
import type { Localized } from "../i18n.ts";
import type { Reply } from "../reply.ts";

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
  /** What the command's `check` made of the values (the trainer's reading of `/train`'s parameters). */
  checked?: unknown;
}

/** A rule that may depend on the arguments: `/train status` is private, `/train dropout=0.3` is not. */
export type ArgsRule = boolean | ((args: ParsedArgs) => boolean);

/**
 * One command: its words, help text and argument spec, the rules platforms follow when answering it, and
 * its handler. Adapters read the rules here; none keeps a list of its own.
 */
export interface Command extends CommandHelp {
  options?: readonly OptionSpec[];
  subcommands?: readonly SubcommandSpec[];
  /** The subcommand used when none is given (`/memo` → `list`). */
  defaultSubcommand?: string;
  /** The subcommand for free text after a slash-less alias: 「メモ 復習する」 → `/memo add 復習する`. */
  aliasSubcommand?: string;
  /** Words that start one subcommand directly: 「定期クイズ 20時」 → `/quiz schedule 20時`. */
  wordSubcommands?: Readonly<Record<string, string>>;
  /**
   * Its answers concern the sender alone (their grade, memos, stats, settings). In a group chat a platform
   * that can answer one member privately does (Discord: ephemeral); one that cannot at least does not show
   * the group what the member tapped on its buttons (LINE).
   */
  privateInGroups?: ArgsRule;
  /**
   * It starts long work that reports progress through the conversation: a platform that must acknowledge
   * within seconds does so at once ("thinking…") and then shows the answer and the progress there.
   */
  deferred?: boolean;
  /**
   * A cheap check of the arguments before anything is answered (no waiting, no writes). It throws a
   * UserError for a mistake, so a platform learns that the command is refused at once; what it returns
   * reaches `run` as `args.checked`, so nothing is read twice.
   */
  check?(args: ParsedArgs, services: Services): unknown;
  run(context: CommandContext, args: ParsedArgs): Promise<Reply[]> | Reply[];
}
