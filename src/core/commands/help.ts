import { ArgumentError } from "../errors.ts";
import { pick } from "../i18n.ts";
import { code, text, type Reply } from "../reply.ts";
import { closest } from "../text/suggest.ts";
import type { CommandContext, CommandHelp } from "../context.ts";
import { normalizeWord } from "./parse-args.ts";
import type { Command, OptionSpec } from "./types.ts";

export const helpCommand: Command = {
  name: "help",
  aliases: ["ヘルプ", "使い方", "はじめる"],
  summary: { ja: "使い方を表示する", en: "Show how to use the bot" },
  usage: ["/help", "/help quiz — コマンドの詳しい使い方 / details of one command", "ヘルプ メモ"],
  options: [
    {
      name: "command",
      type: "string",
      description: { ja: "コマンド名", en: "command name" },
      label: { ja: "コマンド名", en: "the command name" },
      maxLength: 32,
    },
  ],
  run(context, args) {
    const name = args.values.command as string | undefined;
    return name ? commandHelp(context, normalizeWord(name.replace(/^[/／]/, ""))) : overview(context);
  },
};

function overview(context: CommandContext): Reply[] {
  const commands = context.services.commands();
  const width = Math.max(...commands.map((command) => command.name.length)) + 1;
  const lines = commands.map(
    (command) => `/${command.name.padEnd(width)} ${pick(context.locale, command.summary)}`,
  );
  const words = commands
    .filter((command) => command.aliases?.length)
    .map((command) => `${command.aliases?.[0]} → /${command.name}`)
    .join("、");
  return [
    text(
      pick(context.locale, {
        ja: "📚 manabot — ディープラーニング基礎を学ぶ学習ボット\n最初は /lesson でレッスンを読み、/quiz で練習問題に挑戦しましょう。",
        en: "📚 manabot — a study bot for the deep-learning basics course\nStart with /lesson to read, then /quiz to practise.",
      }),
    ),
    code(lines.join("\n")),
    text(
      pick(context.locale, {
        ja: `詳しくは /help <コマンド>(例: /help memo)。スラッシュなしの言葉でも使えます: ${words}\nEnglish: /lang en`,
        en: `Details: /help <command> (e.g. /help memo). Japanese words work too: ${words}\n日本語: /lang ja`,
      }),
    ),
  ];
}

function commandHelp(context: CommandContext, name: string): Reply[] {
  const commands = context.services.commands();
  const command = commands.find(
    (candidate) =>
      candidate.name === name ||
      [...(candidate.aliases ?? []), ...Object.keys(candidate.wordSubcommands ?? {})].some(
        (word) => normalizeWord(word) === name,
      ),
  );
  if (!command) {
    const guess = closest(
      name,
      commands.map((candidate) => candidate.name),
    );
    throw new ArgumentError("help.unknown-command", {
      ja: `「${name}」というコマンドはありません。${guess ? `もしかして /help ${guess} ですか?` : ""}一覧: /help`,
      en: `There is no command "${name}".${guess ? ` Did you mean /help ${guess}?` : ""} All commands: /help`,
    });
  }
  const aliases = command.aliases?.length
    ? `\n${pick(context.locale, { ja: "スラッシュなしで", en: "Without a slash" })}: ${command.aliases.join("、")}`
    : "";
  const words = japaneseWords(command);
  const wordLine = words.length
    ? `\n${pick(context.locale, { ja: "日本語の言葉", en: "Japanese words" })}: ${words.join("、")}`
    : "";
  // One block: usage and, for /train, its parameters (two blocks in a row read as two rules in a terminal).
  const details =
    command.name === "train" && context.services.trainer
      ? `${command.usage.join("\n")}\n\n${context.services.trainer.helpText(context.locale)}`
      : command.usage.join("\n");
  return [
    text(`/${command.name} — ${pick(context.locale, command.summary)}${aliases}${wordLine}`),
    code(details),
  ];
}

/** The Japanese words the command's specs read, with what each stands for: 「一覧(list)」, 「英語(en)」. */
function japaneseWords(command: CommandHelp): string[] {
  const japanese = (word: string) => /[^\x20-\x7e]/.test(word);
  const subcommands = (command.subcommands ?? []).flatMap((sub) => {
    const word = sub.aliases?.find(japanese);
    return word ? [`${word}(${sub.name})`] : [];
  });
  const options: OptionSpec[] = [
    ...(command.options ?? []),
    ...(command.subcommands ?? []).flatMap((sub) => sub.options),
  ];
  const values = options.flatMap((option) => {
    const seen = new Set<string>();
    return Object.entries(option.choiceAliases ?? {}).flatMap(([word, value]) => {
      if (!japanese(word) || seen.has(value)) return [];
      seen.add(value);
      return [`${word}(${value})`];
    });
  });
  return [...new Set([...subcommands, ...values])];
}
