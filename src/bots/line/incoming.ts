import type { webhook } from "@line/bot-sdk";
import type { IncomingMessage } from "../../core/conversation.ts";
import type { Profile } from "./profiles.ts";
import type { ChatTarget } from "./conversation.ts";

type Source = webhook.Source;

/** The chat a source belongs to: the user for a 1:1 chat, else the group or room. */
export function targetOf(source: Source): ChatTarget | undefined {
  switch (source.type) {
    case "user":
      return source.userId ? { to: source.userId, direct: true } : undefined;
    case "group":
      return { to: source.groupId, direct: false };
    case "room":
      return { to: source.roomId, direct: false };
    default:
      return undefined;
  }
}

/**
 * A message or postback event as the core's message. The sender is the member who wrote it, so in group
 * and room chats answers and memos stay each member's own. Undefined when the sender is unknown.
 */
export function toIncoming(
  event: webhook.MessageEvent | webhook.PostbackEvent,
  profile: Profile,
): IncomingMessage | undefined {
  const source = event.source;
  const target = source && targetOf(source);
  const userId = source?.userId;
  if (!target || !userId) return undefined;
  const isAction = event.type === "postback";
  return {
    platform: "line",
    chatId: target.to,
    userId,
    chatKind: target.direct ? "direct" : "group",
    text: isAction ? event.postback.data : messageText(event.message),
    isAction,
    ...(profile.displayName ? { displayName: profile.displayName } : {}),
    ...(profile.locale ? { locale: profile.locale } : {}),
    raw: event,
  };
}

/**
 * The text of a message, without mentions of the bot ("@manabot /quiz" → "/quiz"). Stickers, images and
 * the like carry no text: the core answers an empty text with how to use it in a 1:1 chat, and stays quiet
 * in groups.
 */
export function messageText(message: webhook.MessageContent): string {
  if (message.type !== "text") return "";
  const mentions = (message.mention?.mentionees ?? [])
    .filter((mentionee) => mentionee.type === "user" && (mentionee as webhook.UserMentionee).isSelf === true)
    .sort((a, b) => b.index - a.index);
  let text = message.text;
  for (const mention of mentions)
    text = text.slice(0, mention.index) + text.slice(mention.index + mention.length);
  return text.trim();
}
