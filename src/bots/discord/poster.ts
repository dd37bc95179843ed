import type { ChatAddress, ChatPoster } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { ChannelSender } from "./channels.ts";
import { describeError } from "./errors.ts";
import { renderReplies } from "./render.ts";

/** Posts to a channel for everyone in it (a scheduled quiz, standings): plain channel messages, no mention. */
export function createDiscordPoster(channels: ChannelSender, logger: Logger): ChatPoster {
  return {
    async post(chat: ChatAddress, replies): Promise<void> {
      if (chat.platform !== "discord") throw new Error(`The Discord poster cannot post to ${chat.platform}`);
      try {
        for (const item of renderReplies(replies)) {
          await channels.send(
            chat.chatId,
            item.kind === "message" ? item.message : { content: item.content },
          );
        }
      } catch (error) {
        logger.error(
          { ...describeError(error), chatId: chat.chatId },
          "discord: could not post in the channel",
        );
        throw error;
      }
    },
  };
}
