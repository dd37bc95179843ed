import type { Client, MessageCreateOptions } from "discord.js";
import { clip } from "../shared/text.ts";
import { LIMITS } from "./limits.ts";
import type { OutgoingMessage } from "./render.ts";

/** Posting and editing plain channel messages, for when there is no interaction token to answer with. */
export interface ChannelSender {
  /** Posts to a channel or DM channel; resolves to the new message's id. */
  send(channelId: string, message: OutgoingMessage, options?: { mentionUserId?: string }): Promise<string>;
  edit(channelId: string, messageId: string, message: OutgoingMessage): Promise<void>;
  /** Opens (or finds) the DM channel with a user. */
  openDm(userId: string): Promise<string>;
}

export function createChannelSender(client: Client): ChannelSender {
  const textChannel = async (channelId: string) => {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new Error(`channel ${channelId} does not take messages`);
    return channel;
  };
  return {
    async send(channelId, message, options = {}) {
      const channel = await textChannel(channelId);
      const mention = options.mentionUserId;
      const payload: MessageCreateOptions = {
        ...message,
        ...(mention
          ? {
              content: clip(`<@${mention}> ${message.content ?? ""}`.trim(), LIMITS.content),
              allowedMentions: { users: [mention] },
            }
          : {}),
      };
      const sent = await channel.send(payload);
      return sent.id;
    },
    async edit(channelId, messageId, message) {
      const channel = await textChannel(channelId);
      await channel.messages.edit(messageId, message);
    },
    async openDm(userId) {
      const dm = await client.users.createDM(userId);
      return dm.id;
    },
  };
}
