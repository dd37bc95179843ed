import type { Locale } from "./conversation.ts";

/** A message in both languages the bot speaks. Japanese comes first: it is the course's language. */
export interface Localized {
  ja: string;
  en: string;
}

export const pick = (locale: Locale, message: Localized): string => message[locale];

/** Both languages in one string, for places where the reader's locale is unknown. */
export const bilingual = (message: Localized): string => `${message.ja}\n${message.en}`;

/** An English count with its noun: "1 answer", "3 answers", "2 days". */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;
