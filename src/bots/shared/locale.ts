import type { Locale } from "../../core/conversation.ts";

/**
 * A platform's language tag (Discord's "ja", "en-US"; LINE's "ja", "en") as the core's locale hint.
 * Languages the bot does not speak are left to the core (the user's choice, else Japanese).
 */
export function localeOf(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  if (tag.startsWith("ja")) return "ja";
  if (tag.startsWith("en")) return "en";
  return undefined;
}
