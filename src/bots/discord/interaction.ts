import type { Command, OptionSpec } from "../../core/commands/types.ts";
import { UserError } from "../../core/errors.ts";

/** The part of an interaction's option tree this needs (discord.js `CommandInteractionOption` and the API's shape both fit). */
export interface OptionValue {
  name: string;
  value?: string | number | boolean | null | undefined;
  options?: readonly OptionValue[] | undefined;
}

/**
 * The command line a slash command stands for: `/<name> <subcommand> <values in the declared order>`, so the
 * core parses it exactly as if it had been typed. Values with spaces are quoted unless they take the rest of
 * the line.
 */
export function commandLineOf(
  name: string,
  command: Command | undefined,
  options: readonly OptionValue[],
): string {
  if (!command) return [`/${name}`, ...options.map((option) => formatFree(option))].join(" ").trim();
  const sub = command.subcommands?.length ? options[0] : undefined;
  const specs = sub
    ? (command.subcommands?.find((candidate) => candidate.name === sub.name)?.options ?? [])
    : (command.options ?? []);
  const given = new Map((sub ? (sub.options ?? []) : options).map((option) => [option.name, option.value]));
  const words = [`/${command.name}`, ...(sub ? [sub.name] : []), ...valuesInOrder(command, specs, given)];
  return words.join(" ");
}

function valuesInOrder(
  command: Command,
  specs: readonly OptionSpec[],
  given: Map<string, OptionValue["value"]>,
): string[] {
  const words: string[] = [];
  let skipped: OptionSpec[] = [];
  for (const spec of specs) {
    const raw = given.get(spec.name);
    if (raw === undefined || raw === null || raw === "") {
      skipped.push(spec);
      continue;
    }
    const word = formatValue(spec, raw);
    if (skipped.some((gap) => !canBeLeftOut(gap, word))) throw needsEarlier(command, skipped, spec);
    skipped = [];
    words.push(word);
  }
  return words;
}

/**
 * Whether the text parser still reads `next` correctly with `gap` left out: it passes over an optional
 * integer only when the next word is not a number.
 */
const canBeLeftOut = (gap: OptionSpec, next: string): boolean =>
  gap.type === "integer" && !gap.required && !/^-?\d+$/.test(next);

function formatValue(spec: OptionSpec, value: string | number | boolean): string {
  const text = String(value).trim();
  if (spec.rest || spec.type === "integer") return text;
  return quoteIfNeeded(text);
}

function formatFree(option: OptionValue): string {
  const nested = option.options?.map((child) => formatFree(child)).join(" ");
  if (nested !== undefined) return `${option.name} ${nested}`.trim();
  return option.value === undefined || option.value === null ? "" : quoteIfNeeded(String(option.value));
}

/** One word as the tokenizer reads it: spaces are kept by double quotes, so quotes inside become single ones. */
const quoteIfNeeded = (text: string): string =>
  /[\s\u3000"]/.test(text) ? `"${text.replace(/"/g, "'")}"` : text;

function needsEarlier(command: Command, skipped: readonly OptionSpec[], given: OptionSpec): UserError {
  const names = skipped.map((spec) => spec.name).join(", ");
  return new UserError("discord.option-order", {
    ja: `/${command.name} で ${given.name} を使うときは ${names} も指定してください。使い方: /help ${command.name}`,
    en: `To use ${given.name} with /${command.name}, please also give ${names}. Usage: /help ${command.name}`,
  });
}
