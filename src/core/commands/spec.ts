import type { Localized } from "../i18n.ts";

/**
 * One argument of a command. The same spec drives the text parser (`parse-args.ts`), the help text and the
 * platforms' structured forms (Discord slash-command options).
 */
export interface OptionSpec {
  name: string;
  type: "string" | "integer";
  description: Localized;
  /**
   * What the value is called inside a sentence, when the description does not read so: 「ページ」 / "the
   * page" for "page (10 memos each)". Messages never show the option's English `name` to a Japanese reader.
   */
  label?: Localized;
  required?: boolean;
  /** Allowed values (compared case-insensitively for strings; `name=value` is read as `value`). */
  choices?: readonly (string | number)[];
  /**
   * Other words typed for a value, keyed in lower case: 「英語」 → "en", 「次」 → "next". Read for options with
   * `choices` and without (a lesson section id or 「次」). Platforms with forms show only `choices`.
   */
  choiceAliases?: Readonly<Record<string, string>>;
  /** Words that may follow an integer as people write it: 「30秒」 for 30 seconds. */
  suffixes?: readonly string[];
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
  /** Other words for it, typed with or without a slash: 「一覧」 for `list`. Compared after NFKC, in lower case. */
  aliases?: readonly string[];
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
