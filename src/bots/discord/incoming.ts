import {
  ChannelType,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from "discord.js";
import type { Address, IncomingMessage } from "../../core/conversation.ts";
import { localeOf } from "../shared/locale.ts";

type UserInteraction = ChatInputCommandInteraction | ButtonInteraction;

/** Where an interaction happened: the channel (or DM) and the member who used it. */
export function addressOf(interaction: UserInteraction): Address {
  const isGroupDm = interaction.channel?.type === ChannelType.GroupDM;
  return {
    platform: "discord",
    chatId: interaction.channelId,
    userId: interaction.user.id,
    chatKind: interaction.guildId || isGroupDm ? "group" : "direct",
  };
}

/** A slash command (as its command line) or a button tap (as the choice's action), for the core. */
export function incomingOf(interaction: UserInteraction, text: string): IncomingMessage {
  const locale = localeOf(interaction.locale);
  return {
    ...addressOf(interaction),
    text,
    isAction: interaction.isButton(),
    displayName: displayNameOf(interaction),
    canModerate: interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
    // Every interaction can be answered ephemerally: a private command is shown to the member alone.
    canReplyPrivately: true,
    ...(locale ? { locale } : {}),
    raw: interaction,
  };
}

/** The server nickname when there is one, else the user's display name. */
function displayNameOf(interaction: UserInteraction): string {
  const member = interaction.member;
  if (member && "nickname" in member && member.nickname) return member.nickname;
  if (member && "nick" in member && member.nick) return member.nick;
  return interaction.user.displayName;
}
