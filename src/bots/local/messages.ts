import type { Locale } from "../../core/conversation.ts";
import { pick } from "../../core/i18n.ts";

/** What the local chat says itself, in the user's `/lang` language. */

export const banner = (locale: Locale, interactive: boolean): string =>
  interactive
    ? pick(locale, {
        ja: "manabot ローカルチャット — /help で使い方、/lesson で開始。番号で選択肢を選べます。Ctrl+D で終了。",
        en: "manabot local chat — /help for help, /lesson to start. Type a number to pick a choice. Ctrl+D to quit.",
      })
    : pick(locale, {
        ja: "manabot ローカルチャット — /help で使い方。番号で選択肢を選べます。",
        en: "manabot local chat — /help for help. Type a number to pick a choice.",
      });

/** A number typed that names no choice on screen (「9」 under four buttons, 「0」, or no buttons at all). */
export const noSuchChoice = (locale: Locale, available: number): string =>
  available > 0
    ? pick(locale, {
        ja: `選択肢は 1〜${available} の番号で選んでください。`,
        en: `Pick a choice by its number, 1-${available}.`,
      })
    : pick(locale, {
        ja: "いま番号で選べる選択肢はありません。使い方: /help",
        en: "There are no choices to pick by number right now. See /help",
      });

/** An image could not be written to the output folder: what to check, without the error's own text. */
export const imageNotSaved = (locale: Locale): string =>
  pick(locale, {
    ja: "(画像を保存できませんでした。MANABOT_OUT_DIR の保存先を確認してください。詳しくはログに記録しました)",
    en: "(the image could not be saved: check the MANABOT_OUT_DIR folder; the details are in the log)",
  });
