import { ArgumentError } from "../errors.ts";
import { pick } from "../i18n.ts";
import { code, text, type Reply } from "../reply.ts";
import { closest } from "../text/suggest.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

export const helpCommand: Command = {
  name: "help",
  aliases: ["ヘルプ", "使い方", "はじめる"],
  summary: { ja: "使い方を表示する", en: "Show how to use the bot" },
  usage: ["/help", "/help quiz — コマンドの詳しい使い方 / details of one command"],
  options: [
    { name: "command", type: "string", description: { ja: "コマンド名", en: "command name" }, maxLength: 32 },
  ],
  run(context, args) {
    const name = args.values.command as string | undefined;
    return name ? commandHelp(context, name.replace(/^[/／]/, "").toLowerCase()) : overview(context);
  },
};

function overview(context: CommandContext): Reply[] {
  const commands = context.services.commands();
  const ja = context.locale === "ja";
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
      ja
        ? "📚 manabot — ディープラーニング基礎を学ぶ学習ボット\n最初は /lesson でレッスンを読み、/quiz で練習問題に挑戦しましょう。"
        : "📚 manabot — a study bot for the deep-learning basics course\nStart with /lesson to read, then /quiz to practise.",
    ),
    code(lines.join("\n")),
    text(
      ja
        ? `詳しくは /help <コマンド>(例: /help memo)。スラッシュなしの言葉でも使えます: ${words}\nEnglish: /lang en`
        : `Details: /help <command> (e.g. /help memo). Japanese words work too: ${words}\n日本語: /lang ja`,
    ),
  ];
}

function commandHelp(context: CommandContext, name: string): Reply[] {
  const commands = context.services.commands();
  const command = commands.find((candidate) => candidate.name === name || candidate.aliases?.includes(name));
  if (!command) {
    const guess = closest(
      name,
      commands.map((candidate) => candidate.name),
    );
    throw new ArgumentError("help.unknown-command", {
      ja: `「${name}」というコマンドはありません。${guess ? `もしかして /help ${guess} ?` : ""}一覧: /help`,
      en: `There is no command "${name}".${guess ? ` Did you mean /help ${guess}?` : ""} All commands: /help`,
    });
  }
  const aliases = command.aliases?.length
    ? `\n${context.locale === "ja" ? "別名" : "Also"}: ${command.aliases.join("、")}`
    : "";
  const replies: Reply[] = [
    text(`/${command.name} — ${pick(context.locale, command.summary)}${aliases}`),
    code(command.usage.join("\n")),
  ];
  if (command.name === "train" && context.services.trainer)
    replies.push(code(context.services.trainer.helpText(context.locale)));
  return replies;
}
