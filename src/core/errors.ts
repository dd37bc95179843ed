import type { Localized } from "./i18n.ts";
import type { Choice } from "./reply.ts";

/** Buttons offered with an error's message: close names for a typo, say. */
export interface ErrorChoices {
  prompt: Localized;
  choices: readonly Choice[];
}

/**
 * A problem the user can fix (bad input, nothing to answer, a limit reached). Thrown anywhere in the core
 * or a port; turned into a friendly reply in one place (`bot.ts`). Anything else is a bug: logged, and the
 * user gets a short apology instead of a crash.
 */
export class UserError extends Error {
  constructor(
    /** A stable identifier, e.g. "answer.invalid-choice", for logs and tests. */
    readonly code: string,
    readonly userMessage: Localized,
    /** Buttons sent after the message. */
    readonly offer?: ErrorChoices,
  ) {
    super(`${code}: ${userMessage.en}`);
    this.name = "UserError";
  }
}

/**
 * The words after a command could not be read (a bad or unknown value). In a group chat a slash-less word
 * such as 「問題 難しいね」 is then taken for chatter rather than a command, and nothing is said.
 */
export class ArgumentError extends UserError {
  override name = "ArgumentError";
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;

/** What a user reads when something fails on the bot's side (the details go to the log). */
export const APOLOGY: Localized = {
  ja: "ごめんなさい、処理中にエラーが起きました。もう一度試してください。",
  en: "Sorry, something went wrong on my side. Please try again.",
};
