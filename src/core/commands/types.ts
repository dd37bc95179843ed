import type { CommandContext, CommandHelp, Services } from "../context.ts";
import type { Localized } from "../i18n.ts";
import type { Reply } from "../reply.ts";
import type { ParsedArgs } from "./spec.ts";

export type { ArgValue, OptionSpec, ParsedArgs, SubcommandSpec } from "./spec.ts";

/** A rule that may depend on the arguments: `/train status` is private, `/train dropout=0.3` is not. */
export type ArgsRule = boolean | ((args: ParsedArgs) => boolean);

/**
 * One command: its words, help text and argument spec, the rules platforms follow when answering it, and
 * its handler. Adapters read the rules here; none keeps a list of its own.
 */
export interface Command extends CommandHelp {
  /** The subcommand used when none is given (`/memo` → `list`). */
  defaultSubcommand?: string;
  /** The subcommand for free text after a slash-less alias: 「メモ 復習する」 → `/memo add 復習する`. */
  aliasSubcommand?: string;
  /**
   * Words that, first after a slash-less word, ask for what this command does not do in a chat
   * (「メモ 編集 1」, 「メモ 検索 …」): never taken as free text, but answered with `reply`.
   */
  notFreeText?: { words: readonly string[]; reply: Localized };
  /**
   * Its word may be joined to its argument by は or を (「答えはA」). Only where that cannot be chatter: 「言語は英語」
   * or 「クイズはみんなで」 in a group are remarks, not commands.
   */
  particleArgs?: boolean;
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
