import type { Localized } from "./i18n.ts";

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
  ) {
    super(`${code}: ${userMessage.en}`);
    this.name = "UserError";
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
