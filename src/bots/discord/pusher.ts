import type { Address, Pusher } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { Reply } from "../../core/reply.ts";
import type { ChannelSender } from "./channels.ts";
import { describeError, isDmClosed } from "./errors.ts";
import { renderReplies, type OutgoingMessage } from "./render.ts";

/** Where this pusher delivers a reminder set in a server channel, as a note for the member setting it. */
export const PUSH_NOTE = {
  ja: "(DM に届きます。DM を受け取らない設定ならこのチャンネルに)",
  en: " (by DM, or in this channel if you do not accept DMs)",
};

/**
 * Sends with nothing to answer (reminders, notices): to the user's DMs, or, when they do not take DMs from
 * the bot, to the channel the address names, mentioning them. A push that reaches neither is logged and
 * rejected.
 */
export function createDiscordPusher(channels: ChannelSender, logger: Logger): Pusher {
  return {
    async push(to: Address, replies: Reply[]): Promise<void> {
      if (to.platform !== "discord") {
        throw new Error(`The Discord pusher cannot send to a ${to.platform} address`);
      }
      const messages = toMessages(replies);
      if (messages.length === 0) return;
      let dmChannelId: string | undefined;
      try {
        dmChannelId = await channels.openDm(to.userId);
        for (const message of messages) await channels.send(dmChannelId, message);
        return;
      } catch (error) {
        const canFallBack = isDmClosed(error) && to.chatId !== dmChannelId;
        logger.warn(
          { ...describeError(error), userId: to.userId, chatId: to.chatId, fallback: canFallBack },
          canFallBack
            ? "discord: DMs closed; posting in the channel instead"
            : "discord: could not DM the user",
        );
        if (!canFallBack) throw error;
      }
      try {
        const [first, ...rest] = messages;
        if (first) await channels.send(to.chatId, first, { mentionUserId: to.userId });
        for (const message of rest) await channels.send(to.chatId, message);
      } catch (error) {
        logger.error(
          { ...describeError(error), chatId: to.chatId },
          "discord: could not post in the channel either",
        );
        throw error;
      }
    },
  };
}

/** Progress has nothing to edit here, so it is sent as a plain line. */
const toMessages = (replies: readonly Reply[]): OutgoingMessage[] =>
  renderReplies(replies).map((item) => (item.kind === "message" ? item.message : { content: item.content }));
