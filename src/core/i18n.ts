import type { Locale } from "./conversation.ts";

/** A message in both languages the bot speaks. Japanese comes first: it is the course's language. */
export interface Localized {
  ja: string;
  en: string;
}

export const pick = (locale: Locale, message: Localized): string => message[locale];

/** Both languages in one string, for places where the reader's locale is unknown. */
export const bilingual = (message: Localized): string => `${message.ja}\n${message.en}`;
