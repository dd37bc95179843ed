import { parseArgs, startsWithKnownWord, subcommandOf } from "./commands/parse-args.ts";
import type { CommandRegistry } from "./commands/registry.ts";
import type { Command } from "./commands/types.ts";
import type { Locale } from "./conversation.ts";
import { ArgumentError, UserError } from "./errors.ts";
import { pick } from "./i18n.ts";
import { graphemeCount } from "./text/graphemes.ts";
import { isBareSlash, splitCommandLine, tokenize } from "./text/tokenize.ts";

/** The command a message asks for, the text after its word, and whether it came without a slash. */
export interface Route {
  command: Command;
  rest: string;
  slashless: boolean;
}

/** Characters (grapheme clusters) a command may have: room for the longest argument, a 1,000-character memo. */
const MAX_MESSAGE_LENGTH = 2000;
/** UTF-16 units read at all: past this no command fits, whatever its characters, and none is counted. */
const MAX_MESSAGE_UNITS = 32_000;
/** Tapped actions carry the text they act on; Discord's custom_id limit applies to them all. */
const MAX_ACTION_LENGTH = 100;

/**
 * Which command a text asks for: "/name …", or a slash-less Japanese word such as 「クイズ」, also written
 * straight before a word of its own (「メモ一覧」, 「レッスン次」). Undefined when it asks for none.
 */
export function routeOf(registry: CommandRegistry, typed: string): Route | undefined {
  if (isBareSlash(typed)) throw new UserError("command.empty", BARE_SLASH);
  const slashed = splitCommandLine(typed, true);
  if (slashed) {
    const command = registry.find(slashed.name);
    if (command) return { command, rest: withWordSubcommand(command, slashed), slashless: false };
    const guess = registry.suggest(slashed.name);
    throw new UserError("command.unknown", {
      ja: `「/${slashed.name}」というコマンドはありません。${guess ? `もしかして /${guess} ですか?` : ""}使えるコマンド: /help`,
      en: `There is no command "/${slashed.name}".${guess ? ` Did you mean /${guess}?` : ""} All commands: /help`,
    });
  }
  const plain = splitCommandLine(typed, false);
  if (!plain) return undefined;
  const command = registry.find(plain.name);
  // English command names need their slash: "quiz" in a chat is just a word.
  if (command) {
    if (command.name === plain.name) return undefined;
    // 「メモ : 明日」: a colon after the word (and a space) only marks where its argument starts.
    const line = { name: plain.name, rest: plain.rest.replace(/^[:：]\s*/, "") };
    return { command, rest: withWordSubcommand(command, line), slashless: true };
  }
  const prefixed = registry.findPrefix(plain.name);
  if (!prefixed) return undefined;
  const rest = `${plain.name.slice(prefixed.word.length)} ${plain.rest}`.trim();
  // 「メモ: 明日復習」「メモ：…」: a colon after the word says the rest is its argument, whatever it is.
  if (/^[:：]/.test(rest)) return { command: prefixed.command, rest: rest.slice(1).trim(), slashless: true };
  // 「答えはA」: a particle between the word and its argument, where the command allows it (particleArgs).
  const afterParticle = rest.replace(/^[はを]\s*/, "");
  if (
    prefixed.command.particleArgs &&
    afterParticle !== rest &&
    startsWithKnownWord(prefixed.command, afterParticle)
  )
    return { command: prefixed.command, rest: afterParticle, slashless: true };
  return startsWithKnownWord(prefixed.command, rest)
    ? { command: prefixed.command, rest, slashless: true }
    : undefined;
}

/** The route's arguments, read by the command's own spec. */
export const argsOf = (route: Route) => parseArgs(route.command, route.rest, { slashless: route.slashless });

/** The text after a word that names a subcommand (「定期クイズ 20時」), with that subcommand in front. */
function withWordSubcommand(command: Command, line: { name: string; rest: string }): string {
  const subcommand = command.wordSubcommands?.[line.name];
  return subcommand ? `${subcommand} ${line.rest}`.trim() : line.rest;
}

/** Only commands are limited: long chatter in a group is not the bot's business. */
export function checkLength(message: string): void {
  const length = message.length > MAX_MESSAGE_UNITS ? undefined : graphemeCount(message);
  if (length !== undefined && length <= MAX_MESSAGE_LENGTH) return;
  throw new ArgumentError("message.too-long", {
    ja: `メッセージが長すぎます(${MAX_MESSAGE_LENGTH} 文字まで${length === undefined ? "" : `、いま ${length} 文字`})。`,
    en: `That message is too long (limit ${MAX_MESSAGE_LENGTH} characters${length === undefined ? "" : `; this one has ${length}`}).`,
  });
}

/**
 * A slash-less word whose rest did not read (「メモ 削除する前に」): nothing was stored. When the word also
 * takes free text (「メモ …」 writes a memo), a button offers exactly that.
 */
export function withFreeTextOffer(route: Route, error: ArgumentError, locale: Locale): ArgumentError {
  const free = route.command.subcommands?.find((sub) => sub.name === route.command.aliasSubcommand);
  const action = `/${route.command.name} ${free?.name} ${route.rest}`;
  if (!free || error.offer || !route.rest || action.length > MAX_ACTION_LENGTH) return error;
  // 「メモ 削除」 alone is a delete missing its number, not a memo: nothing to offer.
  const [first = "", ...others] = tokenize(route.rest);
  const sub = subcommandOf(route.command, first);
  if (sub === free || (sub && others.length === 0)) return error;
  // 「メモ 削除 99999999999999999999」: a number that did not read as a memo's number is not prose either.
  if (sub && others.length === 1 && /^[#＃]?[-+−]?[\p{Nd}]+$/u.test(others[0] ?? "")) return error;
  return new ArgumentError(error.code, error.userMessage, {
    prompt: { ja: "文章として送ったのなら:", en: "If you meant it as text:" },
    choices: [{ label: `📝 ${pick(locale, free.description)}`, action }],
  });
}

const BARE_SLASH = {
  ja: "/ のあとにコマンド名を続けてください(例: /lesson、/quiz)。一覧: /help",
  en: "Type a command name after the / (e.g. /lesson, /quiz). All commands: /help",
};
