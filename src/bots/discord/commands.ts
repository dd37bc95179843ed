import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Command, OptionSpec, SubcommandSpec } from "../../core/commands/types.ts";
import type { Localized } from "../../core/i18n.ts";
import { clip } from "../shared/text.ts";

/** Discord's rule for chat-input command and option names (lower case where a letter has a lower case). */
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const DESCRIPTION_MAX = 100;
const CHOICES_MAX = 25;
const CHOICE_TEXT_MAX = 100;

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * The slash commands for the core's registry. Names stay English (Discord wants lower-case names, and the
 * interaction reports them so); descriptions are Japanese with English localizations, and a Japanese alias
 * becomes the name Japanese clients show when Discord accepts it.
 */
export function buildCommandJson(commands: readonly Command[]): CommandJson[] {
  return commands.map((command) => {
    if (!isValidName(command.name) || /[^\x20-\x7e]/.test(command.name)) {
      throw new Error(`/${command.name} cannot be a Discord command name`);
    }
    const japaneseName = command.aliases?.find((alias) => /[^\x20-\x7e]/.test(alias) && isValidName(alias));
    return {
      type: ApplicationCommandType.ChatInput,
      name: command.name,
      ...(japaneseName ? { name_localizations: { ja: japaneseName } } : {}),
      ...describe(command.summary),
      options: command.subcommands?.length
        ? command.subcommands.map((sub) => subcommandJson(command, sub))
        : optionsJson(command, command.options ?? []),
    };
  });
}

function subcommandJson(command: Command, sub: SubcommandSpec): APIApplicationCommandSubcommandOption {
  if (!isValidName(sub.name))
    throw new Error(`/${command.name} ${sub.name} cannot be a Discord subcommand name`);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: sub.name,
    ...describe(sub.description),
    options: optionsJson(command, sub.options),
  };
}

/** Discord lists required options first; the order only matters for display (values arrive by name). */
function optionsJson(command: Command, options: readonly OptionSpec[]): APIApplicationCommandBasicOption[] {
  const sorted = [
    ...options.filter((option) => option.required),
    ...options.filter((option) => !option.required),
  ];
  return sorted.map((option) => optionJson(command, option));
}

function optionJson(command: Command, option: OptionSpec): APIApplicationCommandBasicOption {
  if (!isValidName(option.name))
    throw new Error(`/${command.name} option "${option.name}" cannot be a Discord option name`);
  const base = { name: option.name, ...describe(option.description), required: option.required ?? false };
  const suggests = option.autocomplete !== undefined && !option.choices;
  if (option.type === "integer") {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(option.min !== undefined ? { min_value: option.min } : {}),
      ...(option.max !== undefined ? { max_value: option.max } : {}),
      ...(suggests
        ? { autocomplete: true }
        : option.choices
          ? { choices: choicesOf(option).map((value) => ({ name: value, value: Number(value) })) }
          : {}),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(option.maxLength !== undefined ? { max_length: Math.min(option.maxLength, 6000) } : {}),
    ...(suggests
      ? { autocomplete: true }
      : option.choices
        ? { choices: choicesOf(option).map((value) => ({ name: value, value })) }
        : {}),
  };
}

function choicesOf(option: OptionSpec): string[] {
  if (option.choices && option.choices.length > CHOICES_MAX) {
    throw new Error(
      `option "${option.name}" has ${option.choices.length} choices; Discord allows ${CHOICES_MAX}`,
    );
  }
  return (option.choices ?? []).map((choice) => clip(String(choice), CHOICE_TEXT_MAX));
}

function describe(text: Localized): {
  description: string;
  description_localizations: Record<string, string>;
} {
  const en = clip(text.en, DESCRIPTION_MAX);
  return {
    description: clip(text.ja, DESCRIPTION_MAX),
    description_localizations: { "en-US": en, "en-GB": en },
  };
}

const isValidName = (name: string): boolean => NAME_PATTERN.test(name) && name === name.toLowerCase();
