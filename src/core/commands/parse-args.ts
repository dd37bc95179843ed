import { graphemeCount } from "../text/graphemes.ts";
import { withoutSettingRequest } from "../text/setting-request.ts";
import { closest } from "../text/suggest.ts";
import { tokenize } from "../text/tokenize.ts";
import {
  exampleOf,
  missing,
  notAChoice,
  notAnInteger,
  tooLong,
  unknownSubcommand,
  unreadable,
} from "./arg-errors.ts";
import { ArgumentError } from "../errors.ts";
import type { ArgValue, Command, OptionSpec, ParsedArgs, SubcommandSpec } from "./types.ts";

/**
 * The largest integer read for an option that sets no maximum. Every id and page a user types stays a
 * whole number SQLite and JavaScript agree on; a larger one is refused before it reaches a query.
 */
export const INTEGER_MAX = 2_147_483_647;

export interface ParseOptions {
  /** The command came as a word without a slash (「メモ …」): free text may go to its `aliasSubcommand`. */
  slashless?: boolean;
}

/**
 * Parses the text after a command word against the command's own option specs. Optional integer options
 * are skipped when the next word is not a number, so `/lesson next` and `/lesson 14 next` both read.
 * Subcommands are found by name or Japanese word, first (「メモ 削除 1」), glued to a number (「削除1」) or
 * last, as Japanese puts the verb (「メモ 1を削除」).
 */
export function parseArgs(command: Command, typed: string, options: ParseOptions = {}): ParsedArgs {
  const rest = options.slashless && REQUEST.test(normalizeWord(typed.trim())) ? "" : typed;
  if (!command.subcommands?.length) return { values: parseOptions(command, undefined, rest) };

  const located = locateSubcommand(command, rest);
  if (located) {
    return { subcommand: located.sub.name, values: parseOptions(command, located.sub, located.after) };
  }
  const [first] = tokenize(rest);
  const fallback = subcommandNamed(command, command.defaultSubcommand);
  if (options.slashless && first !== undefined && command.notFreeText?.words.includes(verbStem(first)))
    throw new ArgumentError("args.not-in-chat", command.notFreeText.reply);
  // 「メモ 3」「メモ 2ページ」 are not memos worth keeping: a number alone goes to the default (list, page 3).
  const number = first === undefined ? undefined : asNumber(fallback, rest);
  const free =
    options.slashless && first !== undefined && number === undefined
      ? subcommandNamed(command, command.aliasSubcommand)
      : undefined;
  if (free) return { subcommand: free.name, values: parseOptions(command, free, rest) };
  if (fallback && (!first || fallback.options.length > 0)) {
    return { subcommand: fallback.name, values: parseOptions(command, fallback, number ?? rest) };
  }
  const words = command.subcommands.flatMap((sub) => [sub.name, ...(sub.aliases ?? [])]);
  throw unknownSubcommand(command, first ?? "", first ? closest(first, words) : undefined);
}

/**
 * A request after a slash-less word, as people add one (「クイズ 出して」「成績 見せて」「ヘルプ お願いします」):
 * the word alone is meant. Never a memo's text.
 */
const REQUEST =
  /^を?(する|して|したい|します|見せて|出して|始める|はじめる|開始|スタート|教えて|お願い|おねがい|お願いします|おねがいします|please)(ください|下さい)?[!。.]*$/;

/** Full-width letters and digits (as a Japanese IME types them) read as ASCII: "１４" → "14", "Ａ" → "A". */
export const normalizeWord = (word: string): string => word.normalize("NFKC").toLowerCase();

/**
 * A verb as it is conjugated after a word (「削除する」「削除して」「削除してください」), or a request
 * (「状況を教えて」): its stem, 「削除」「状況」.
 */
const VERB_ENDING = /(?:する|して|したい|します|を教えて|を見せて)(?:ください|下さい)?$/;
export const verbStem = (word: string): string => {
  const typed = normalizeWord(word);
  const stem = typed.replace(VERB_ENDING, "");
  return stem || typed;
};

/** The subcommand a word names (`list`, 「一覧」, "ＬＩＳＴ", 「削除して」). */
export function subcommandOf(command: Command, word: string): SubcommandSpec | undefined {
  const typed = normalizeWord(word);
  const stem = verbStem(word);
  return command.subcommands?.find(
    (sub) =>
      sub.name === typed ||
      sub.aliases?.some((alias) => normalizeWord(alias) === typed || normalizeWord(alias) === stem),
  );
}

/** A typed word as the option reads it: 「英語」 → "en", 「次」 → "next"; other words normalized. */
export function wordFor(option: OptionSpec, typed: string): string {
  const word = normalizeWord(typed);
  const aliases = option.choiceAliases;
  if (aliases && Object.hasOwn(aliases, word)) return aliases[word] as string;
  // 「英語にして」「次にして」: a known word asked for; anything else stays as typed (and is refused as before).
  const asked = withoutSettingRequest(word);
  if (asked === word) return word;
  if (aliases && Object.hasOwn(aliases, asked)) return aliases[asked] as string;
  return option.choices?.some((choice) => String(choice).toLowerCase() === asked) ? asked : word;
}

/**
 * Whether `rest` starts with a word this command knows: a subcommand, a value one of its options names
 * (「英語」, 「次」, "off"), or a number. Used to read 「メモ一覧」 or 「レッスン次」 typed without a space.
 */
export function startsWithKnownWord(command: Command, rest: string): boolean {
  const [first] = tokenize(rest);
  if (first === undefined) return false;
  if (subcommandOf(command, first) || gluedNumber(command, first) || /^#?\d+$/.test(normalizeWord(first)))
    return true;
  const options = [...(command.options ?? []), ...(command.subcommands ?? []).flatMap((sub) => sub.options)];
  const typed = normalizeWord(first);
  return options.some(
    (option) =>
      (option.choiceAliases !== undefined && Object.hasOwn(option.choiceAliases, typed)) ||
      option.choices?.some((choice) => String(choice).toLowerCase() === typed),
  );
}

const subcommandNamed = (command: Command, name: string | undefined): SubcommandSpec | undefined =>
  name === undefined ? undefined : command.subcommands?.find((sub) => sub.name === name);

/** 「3」「#3」「＃３」: a number as people point at one (memos are listed as #3). */
const NUMBERISH = /^#?\d+$/;

/** The number a word points at (「3」「#3」「＃３」), or undefined when it is not one or not 1 or more. */
export function pointedNumber(word: string): number | undefined {
  const typed = normalizeWord(word);
  if (!NUMBERISH.test(typed) || typed.replace("#", "").length > 9) return undefined;
  const value = Number(typed.replace("#", ""));
  return value >= 1 ? value : undefined;
}

/** 「1と2」「1、2」「#1 #2」: several numbers. */
const NUMBERS = /^#?\d+(?:\s*(?:と|、|,|・|&|\s)\s*#?\d+)+$/;

/**
 * The text as a number for the default subcommand (「3」「#3」「2ページ」, and 「2 ページ」 with a space before
 * its unit, closed up), or undefined when it is not one.
 */
function asNumber(fallback: SubcommandSpec | undefined, rest: string): string | undefined {
  const trimmed = rest.trim();
  const typed = /^#?\d+\s+\D+$/.test(normalizeWord(trimmed)) ? trimmed.replace(/\s+/g, "") : trimmed;
  if (NUMBERISH.test(normalizeWord(typed))) return typed;
  const reads = fallback?.options.some(
    (option) => option.type === "integer" && integerText(option, typed) !== undefined,
  );
  return reads ? typed : undefined;
}

/** The text after `token` in `text` (a quoted token leaves its closing quote behind: dropped). */
const afterToken = (text: string, token: string): string =>
  text
    .slice(text.indexOf(token) + token.length)
    .replace(/^"/, "")
    .trim();

/** 「削除1」: a subcommand word with a number written straight after it. */
function gluedNumber(command: Command, token: string): { sub: SubcommandSpec; number: string } | undefined {
  const typed = normalizeWord(token);
  for (const sub of command.subcommands ?? []) {
    for (const word of [sub.name, ...(sub.aliases ?? [])].map(normalizeWord)) {
      const number = typed.slice(word.length);
      if (typed.startsWith(word) && NUMBERISH.test(number)) return { sub, number };
    }
  }
  return undefined;
}

function locateSubcommand(
  command: Command,
  rest: string,
): { sub: SubcommandSpec; after: string } | undefined {
  const tokens = tokenize(rest);
  const first = tokens[0];
  if (first === undefined) return undefined;
  const head = subcommandOf(command, first);
  if (head) return { sub: head, after: afterToken(rest, first) };
  const glued = gluedNumber(command, first);
  if (glued) return { sub: glued.sub, after: `${glued.number} ${afterToken(rest, first)}`.trim() };
  return verbLast(command, tokens);
}

/**
 * 「1を削除」「#3 削除」: the verb last, after a number. Only a number may come before it, so a memo that
 * merely ends with such a word (「単語の一覧」) is not read as a command.
 */
function verbLast(
  command: Command,
  tokens: readonly string[],
): { sub: SubcommandSpec; after: string } | undefined {
  const typedLast = normalizeWord(tokens.at(-1) ?? "");
  for (const sub of command.subcommands ?? []) {
    for (const word of [sub.name, ...(sub.aliases ?? [])].map(normalizeWord)) {
      // 「1を削除」, or conjugated: 「1を削除して」.
      const last = [typedLast, typedLast.replace(VERB_ENDING, "")].find((form) => form.endsWith(word));
      if (!last) continue;
      const before = [...tokens.slice(0, -1).map(normalizeWord), last.slice(0, -word.length)]
        .join(" ")
        .replace(/\s*を$/, "")
        .trim();
      if (before && NUMBERISH.test(before)) return { sub, after: before };
      // 「1と2を削除」: several numbers where one is read. Never free text, never a guess.
      if (before && NUMBERS.test(before)) {
        const example = exampleOf(command, sub);
        throw new ArgumentError("args.one-number", {
          ja: `番号はひとつずつ送ってください。例: ${example.ja}`,
          en: `One number at a time, please. Example: ${example.en}`,
        });
      }
    }
  }
  return undefined;
}

/** Reads the options of `subcommand` (of the command itself when it has none). */
function parseOptions(
  command: Command,
  subcommand: SubcommandSpec | undefined,
  rest: string,
): Record<string, ArgValue> {
  const options = subcommand ? subcommand.options : (command.options ?? []);
  const values: Record<string, ArgValue> = {};
  let remaining = rest.trim();
  for (const option of options) {
    if (!remaining) break;
    if (option.rest) {
      values[option.name] = checkValue(command, option, remaining);
      remaining = "";
      break;
    }
    const [token] = tokenize(remaining);
    if (token === undefined) break;
    if (option.type === "integer" && !option.required && integerText(option, token) === undefined) continue;
    values[option.name] = checkValue(command, option, token);
    remaining = afterToken(remaining, token);
  }
  if (remaining) throw unreadable(command, remaining);
  for (const option of options) {
    if (option.required && values[option.name] === undefined)
      throw missing(option, exampleOf(command, subcommand));
  }
  return values;
}

/** The digits of an integer as typed (「#3」, 「30秒」, "１４"), or undefined when it is not one. */
function integerText(option: OptionSpec, typed: string): string | undefined {
  let word = normalizeWord(typed).replace(/^#/, "");
  const suffix = option.suffixes?.map(normalizeWord).find((candidate) => word.endsWith(candidate));
  if (suffix) word = word.slice(0, -suffix.length);
  return /^-?\d+$/.test(word) ? word : undefined;
}

function checkValue(command: Command, option: OptionSpec, typed: string): ArgValue {
  if (option.type === "integer") {
    const digits = integerText(option, typed);
    if (digits === undefined) throw notAnInteger(command, option, typed, false);
    const value = Number(digits);
    const max = option.max ?? INTEGER_MAX;
    if (value > max || (option.min !== undefined && value < option.min) || value < -INTEGER_MAX)
      throw notAnInteger(command, option, typed, option.max === undefined && value > max);
    return checkChoice(command, option, value);
  }
  // Free text (a memo) is kept as typed; words are read through NFKC.
  const raw = option.rest ? typed : typed.normalize("NFKC");
  const length = graphemeCount(raw);
  if (option.maxLength !== undefined && length > option.maxLength) throw tooLong(option, length);
  if (!option.choices) {
    const word = wordFor(option, raw);
    return word !== normalizeWord(raw) ? word : raw;
  }
  return checkChoice(command, option, raw);
}

function checkChoice(command: Command, option: OptionSpec, value: ArgValue): ArgValue {
  if (!option.choices) return value;
  const normalized = normalizeWord(String(value));
  const word = normalized.startsWith(`${option.name}=`)
    ? normalized.slice(option.name.length + 1)
    : normalized;
  const typed = wordFor(option, word);
  const found = option.choices.find((choice) => String(choice).toLowerCase() === typed);
  if (found !== undefined) return found;
  throw notAChoice(command, option, String(value));
}
