import { ArgumentError, UserError } from "../errors.ts";
import type { Localized } from "../i18n.ts";
import { clipGraphemes } from "../text/graphemes.ts";
import type { Command, OptionSpec, SubcommandSpec } from "./types.ts";

/**
 * The parser's messages. Japanese sentences name a value in Japanese (「メモの番号」), never by the option's
 * English `name`; English ones by its English label.
 */

/** How typed text is quoted back: short enough to read, whole characters only. */
const shown = (typed: string): string => clipGraphemes(typed, 20);

const labelOf = (option: OptionSpec): Localized => option.label ?? option.description;
const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const usage = (command: Command): Localized => ({
  ja: `使い方: /help ${command.name}`,
  en: `Usage: /help ${command.name}`,
});

/** The integers an option takes, as a phrase: 「1 以上の整数」 / "a whole number of 1 or more". */
function rangeOf(option: OptionSpec): Localized {
  const { min, max } = option;
  // A number in a Japanese sentence is set off by spaces, as everywhere in the bot's messages.
  if (min !== undefined && max !== undefined)
    return { ja: ` ${min}〜${max} の整数`, en: `a whole number from ${min} to ${max}` };
  if (min !== undefined) return { ja: ` ${min} 以上の整数`, en: `a whole number of ${min} or more` };
  if (max !== undefined) return { ja: ` ${max} 以下の整数`, en: `a whole number of ${max} or less` };
  return { ja: "整数", en: "a whole number" };
}

export function notAnInteger(
  command: Command,
  option: OptionSpec,
  typed: string,
  tooBig: boolean,
): ArgumentError {
  const label = labelOf(option);
  const range = rangeOf(option);
  const { ja, en } = usage(command);
  return new ArgumentError("args.not-integer", {
    ja: `${label.ja}には${range.ja}を指定してください(「${shown(typed)}」は${tooBig ? "大きすぎます" : "使えません"})。${ja}`,
    en: `${capitalized(label.en)} must be ${range.en} ("${shown(typed)}" ${tooBig ? "is too large" : "won't do"}). ${en}`,
  });
}

export function missing(option: OptionSpec, example: Localized): ArgumentError {
  const label = labelOf(option);
  return new ArgumentError("args.missing", {
    ja: `${label.ja}を指定してください。例: ${example.ja}`,
    en: `Please give ${label.en}. Example: ${example.en}`,
  });
}

/** A value too long is a UserError: the words were read (「メモ …」 in a group is a memo), so it is worth saying. */
export function tooLong(option: OptionSpec, length: number): UserError {
  const label = labelOf(option);
  return new UserError("args.too-long", {
    ja: `${label.ja}は ${option.maxLength} 文字までです(いま ${length} 文字)。`,
    en: `${capitalized(label.en)} is limited to ${option.maxLength} characters (this one has ${length}).`,
  });
}

/** A value's Japanese word next to it where there is one: 「英語(en)」. */
function wordsOf(
  values: readonly string[],
  aliases: Readonly<Record<string, string>> | undefined,
): Localized {
  const japanese = (value: string) =>
    Object.entries(aliases ?? {}).find(
      ([word, target]) => target === value && /[^\x20-\x7e]/.test(word),
    )?.[0];
  return {
    ja: values.map((value) => (japanese(value) ? `${japanese(value)}(${value})` : value)).join(" / "),
    en: values.join(", "),
  };
}

export function notAChoice(command: Command, option: OptionSpec, typed: string): ArgumentError {
  const label = labelOf(option);
  const list = wordsOf((option.choices ?? []).map(String), option.choiceAliases);
  const { ja, en } = usage(command);
  return new ArgumentError("args.invalid-choice", {
    ja: `「${shown(typed)}」は選べません。${label.ja}は ${list.ja} のどれかです。${ja}`,
    en: `"${shown(typed)}" is not allowed for ${label.en}: choose one of ${list.en}. ${en}`,
  });
}

export function unknownSubcommand(command: Command, typed: string, guess: string | undefined): ArgumentError {
  const subcommands = command.subcommands ?? [];
  const japanese = Object.fromEntries(
    subcommands.flatMap((sub) => (sub.aliases?.[0] ? [[sub.aliases[0], sub.name]] : [])),
  );
  const list = wordsOf(
    subcommands.map((sub) => sub.name),
    japanese,
  );
  return new ArgumentError("args.unknown-subcommand", {
    ja: `「/${command.name} ${shown(typed)}」は使えません。${guess ? `もしかして「/${command.name} ${guess}」ですか?` : ""}使えるのは ${list.ja} です。`,
    en: `"/${command.name} ${shown(typed)}" is not a subcommand.${guess ? ` Did you mean "/${command.name} ${guess}"?` : ""} Use one of: ${list.en}.`,
  });
}

export function unreadable(command: Command, remaining: string): ArgumentError {
  const { ja, en } = usage(command);
  return new ArgumentError("args.too-many", {
    ja: `「${shown(remaining)}」は読めませんでした。${ja}`,
    en: `Could not read "${shown(remaining)}". ${en}`,
  });
}

/**
 * An example of the command (or of its subcommand): the subcommand's own `example`, else its first usage
 * line without the description ("/memo delete 3"), else the command's first usage line.
 */
export function exampleOf(command: Command, subcommand: SubcommandSpec | undefined): Localized {
  if (subcommand?.example) return subcommand.example;
  const prefix = subcommand ? `/${command.name} ${subcommand.name}` : `/${command.name}`;
  const line =
    command.usage.find((usage) => usage === prefix || usage.startsWith(`${prefix} `)) ??
    command.usage[0] ??
    prefix;
  const example = line.split(" — ")[0]?.trim() ?? prefix;
  return { ja: example, en: example };
}
