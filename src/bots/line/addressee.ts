import type { webhook } from "@line/bot-sdk";
import type { Address, Locale } from "../../core/conversation.ts";
import { pick } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import { text, type Reply } from "../../core/reply.ts";
import type { Stores } from "../../core/store/stores.ts";
import type { ProfileCache } from "./profiles.ts";

/** Whom a push to a group or room is for. */
export interface Recipient {
  name?: string;
  locale: Locale;
}

export type FindRecipient = (to: Address) => Promise<Recipient>;

/** What the bot knows of a LINE user from earlier messages: the name they had and the language they chose. */
export type KnownUser = (lineUserId: string) => { displayName: string | null; locale: Locale | null };

/** Reads (never writes) what earlier messages stored of a LINE user, through the core's user store. */
export function knownLineUsers(users: Pick<Stores["users"], "find">): KnownUser {
  return (lineUserId) => {
    const user = users.find("line", lineUserId);
    return { displayName: user?.displayName ?? null, locale: user?.locale ?? null };
  };
}

/**
 * Finds the member a group push is for: their current name in that group (LINE's member profile), else the
 * name they last wrote under; their language as they set it. Never throws: without a name, no heading.
 */
export function createRecipientFinder(
  profiles: ProfileCache,
  known: KnownUser,
  logger: Logger,
): FindRecipient {
  return async (to) => {
    let stored: ReturnType<KnownUser> = { displayName: null, locale: null };
    try {
      stored = known(to.userId);
    } catch (error) {
      logger.warn({ err: error, userId: to.userId }, "LINE: could not read the recipient of a push");
    }
    const profile = await profiles.lookup(sourceOf(to));
    const name = profile.displayName ?? stored.displayName ?? undefined;
    return { ...(name ? { name } : {}), locale: stored.locale ?? "ja" };
  };
}

/**
 * A group or room receives pushes for several members (each one's reminder, say): the first line says
 * whose it is, 「Alice さんへ: ⏰ …」.
 */
export function addressTo(recipient: Recipient, replies: readonly Reply[]): Reply[] {
  if (!recipient.name) return [...replies];
  const heading = pick(recipient.locale ?? "ja", {
    ja: `${recipient.name} さんへ`,
    en: `For ${recipient.name}`,
  });
  const [first, ...rest] = replies;
  if (first?.kind === "text") return [{ ...first, text: `${heading}: ${first.text}` }, ...rest];
  return [text(`📣 ${heading}`), ...replies];
}

/** LINE group ids start with C and room ids with R. */
function sourceOf(to: Address): webhook.Source {
  if (to.chatId.startsWith("R")) return { type: "room", roomId: to.chatId, userId: to.userId };
  return { type: "group", groupId: to.chatId, userId: to.userId };
}
