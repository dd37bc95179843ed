import type { Locale } from "../conversation.ts";
import { pick, type Localized } from "../i18n.ts";
import type { Choice } from "../reply.ts";
import { helpCommand } from "./help.ts";
import { lessonCommand } from "./lesson.ts";
import { quizCommand } from "./quiz.ts";
import type { Command } from "./types.ts";

interface Starter {
  command: Command;
  label: Localized;
  /** Offered to a whole group too (a group's greeting already names /help in its text). */
  inGroups: boolean;
}

/** What a newcomer starts with: read, practise, and how to use the bot. */
const STARTERS: readonly Starter[] = [
  { command: lessonCommand, label: { ja: "📘 レッスン", en: "📘 Lesson" }, inGroups: true },
  { command: quizCommand, label: { ja: "📝 クイズ", en: "📝 Quiz" }, inGroups: true },
  { command: helpCommand, label: { ja: "❓ ヘルプ", en: "❓ Help" }, inGroups: false },
];

/** Buttons that start the first commands, for a platform's greeting of a new chat. */
export const starterChoices = (locale: Locale, chatKind: "direct" | "group"): Choice[] =>
  STARTERS.filter((starter) => chatKind === "direct" || starter.inGroups).map((starter) => ({
    label: pick(locale, starter.label),
    action: `/${starter.command.name}`,
  }));
