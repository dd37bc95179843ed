import { starterChoices } from "../../core/commands/starters.ts";
import { choices, text, type Reply } from "../../core/reply.ts";

/** A new friend (or one who unblocked the bot): what it is and how to start. */
export const followGreeting = (): Reply[] => [
  text(
    [
      "📚 manabot へようこそ!ディープラーニング基礎を少しずつ学べる学習ボットです。",
      "",
      "「レッスン」で教材を読み、「クイズ」で練習問題に挑戦、「メモ …」で学習メモ、「成績」で正答率を確認できます。",
      "コマンドは /lesson /quiz /memo /stats のようにスラッシュでも送れます。一覧は /help。",
      "English: /lang en",
    ].join("\n"),
  ),
  choices("下のボタンからも始められます。", starterChoices("ja", "direct")),
];

/** The bot joined a group or room: how members use it there. */
export const joinGreeting = (): Reply[] => [
  text(
    [
      "📚 manabot です。招待ありがとうございます!",
      "",
      "このグループでは、/ で始まるコマンドか「クイズ」「レッスン」「成績」などの言葉にだけ反応します(普段の会話には口を出しません)。",
      "クイズは全員で同じ問題に答えられ、答えやメモは送った人ごとに記録されます。使い方: /help",
    ].join("\n"),
  ),
  choices("", starterChoices("ja", "group")),
];

/** Members who just joined a group the bot is in. */
export const memberWelcome = (): Reply[] => [
  text("👋 ようこそ!このグループでは「クイズ」で練習問題、「レッスン」で教材が読めます。使い方: /help"),
];
