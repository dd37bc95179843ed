import { ArgumentError, UserError } from "../errors.ts";
import type { Localized } from "../i18n.ts";
import { closest } from "../text/suggest.ts";
import { tokenize } from "../text/tokenize.ts";
import type { ArgValue, Command, OptionSpec, ParsedArgs, SubcommandSpec } from "./types.ts";

/**
 * Parses the text after a command word against the command's own option specs. Optional integer options
 * are skipped when the next word is not a number, so `/lesson next` and `/lesson 14 next` both read.
 */
export function parseArgs(command: Command, rest: string): ParsedArgs {
  if (!command.subcommands?.length) return { values: parseOptions(command, undefined, rest) };

  const [first] = tokenize(rest);
  const names = command.subcommands.map((sub) => sub.name);
  const chosen = first ? command.subcommands.find((sub) => sub.name === normalizeWord(first)) : undefined;
  if (chosen) {
    const after = rest.slice(rest.indexOf(first as string) + (first as string).length).trim();
    return { subcommand: chosen.name, values: parseOptions(command, chosen, after) };
  }
  const fallback = command.subcommands.find((sub) => sub.name === command.defaultSubcommand);
  if (fallback && (!first || fallback.options.length > 0)) {
    return { subcommand: fallback.name, values: parseOptions(command, fallback, rest) };
  }
  const guess = first ? closest(first, names) : undefined;
  throw new ArgumentError("args.unknown-subcommand", {
    ja: `「/${command.name} ${first ?? ""}」は使えません。${guess ? `もしかして「/${command.name} ${guess}」?` : ""}使えるのは ${names.join(" / ")} です。`,
    en: `"/${command.name} ${first ?? ""}" is not a subcommand.${guess ? ` Did you mean "/${command.name} ${guess}"?` : ""} Use one of: ${names.join(", ")}.`,
  });
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
    if (option.type === "integer" && !option.required && !/^-?\d+$/.test(normalizeWord(token))) continue;
    values[option.name] = checkValue(command, option, token);
    remaining = remaining
      .slice(remaining.indexOf(token) + token.length)
      .replace(/^"/, "")
      .trim();
  }
  if (remaining) {
    throw new ArgumentError("args.too-many", {
      ja: `「${remaining}」は読めませんでした。使い方: /help ${command.name}`,
      en: `Could not read "${remaining}". Usage: /help ${command.name}`,
    });
  }
  for (const option of options) {
    if (option.required && values[option.name] === undefined) {
      const example = exampleOf(command, subcommand);
      throw new ArgumentError("args.missing", {
        ja: `${option.description.ja}(${option.name})を指定してください。例: ${example.ja}`,
        en: `Please give ${option.description.en} (${option.name}). Example: ${example.en}`,
      });
    }
  }
  return values;
}

/** Full-width letters and digits (as a Japanese IME types them) read as ASCII: "１４" → "14", "Ａ" → "A". */
export const normalizeWord = (word: string): string => word.normalize("NFKC").toLowerCase();

function checkValue(command: Command, option: OptionSpec, typed: string): ArgValue {
  // Free text (a memo) is kept as typed; words and numbers are read through NFKC.
  const raw = option.rest ? typed : typed.normalize("NFKC");
  if (option.type === "integer") {
    const value = Number(raw);
    const inRange =
      Number.isInteger(value) &&
      (option.min === undefined || value >= option.min) &&
      (option.max === undefined || value <= option.max);
    if (!/^-?\d+$/.test(raw) || !inRange) {
      const range =
        option.min !== undefined || option.max !== undefined
          ? ` (${option.min ?? ""}〜${option.max ?? ""})`
          : "";
      throw new ArgumentError("args.not-integer", {
        ja: `${option.name} には整数${range}を指定してください(「${raw}」)。使い方: /help ${command.name}`,
        en: `${option.name} takes a whole number${range.replace("〜", "-")}, not "${raw}". Usage: /help ${command.name}`,
      });
    }
    return checkChoice(command, option, value);
  }
  if (option.maxLength !== undefined && [...raw].length > option.maxLength) {
    // The words were read (「メモ …」 in a group is a memo, not chatter): too long is worth saying.
    throw new UserError("args.too-long", {
      ja: `${option.name} は ${option.maxLength} 文字までです(いま ${[...raw].length} 文字)。`,
      en: `${option.name} is limited to ${option.maxLength} characters (got ${[...raw].length}).`,
    });
  }
  return checkChoice(command, option, raw);
}

function checkChoice(command: Command, option: OptionSpec, value: ArgValue): ArgValue {
  if (!option.choices) return value;
  const normalized = normalizeWord(String(value));
  const word = normalized.startsWith(`${option.name}=`)
    ? normalized.slice(option.name.length + 1)
    : normalized;
  const typed = option.choiceAliases?.[word] ?? word;
  const found = option.choices.find((choice) => String(choice).toLowerCase() === typed);
  if (found !== undefined) return found;
  const list = option.choices.join(" / ");
  throw new ArgumentError("args.invalid-choice", {
    ja: `「${value}」は選べません。${option.name} は ${list} のどれかです。使い方: /help ${command.name}`,
    en: `"${value}" is not allowed for ${option.name}: choose one of ${list}. Usage: /help ${command.name}`,
  });
}

/**
 * An example of the command (or of its subcommand): the subcommand's own `example`, else its first usage
 * line without the description ("/memo delete 3"), else the command's first usage line.
 */
function exampleOf(command: Command, subcommand: SubcommandSpec | undefined): Localized {
  if (subcommand?.example) return subcommand.example;
  const prefix = subcommand ? `/${command.name} ${subcommand.name}` : `/${command.name}`;
  const line =
    command.usage.find((usage) => usage === prefix || usage.startsWith(`${prefix} `)) ??
    command.usage[0] ??
    prefix;
  const example = line.split(" — ")[0]?.trim() ?? prefix;
  return { ja: example, en: example };
}
