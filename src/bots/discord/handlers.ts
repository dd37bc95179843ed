import {
  ComponentType,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from "discord.js";
import type { Bot } from "../../core/bot.ts";
import type { OptionSpec } from "../../core/commands/types.ts";
import type { IncomingMessage } from "../../core/conversation.ts";
import { isUserError } from "../../core/errors.ts";
import { pick } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import { apologize } from "./apology.ts";
import { suggestionsFor } from "./autocomplete.ts";
import type { ChannelSender } from "./channels.ts";
import { disabledRows } from "./components.ts";
import { InteractionConversation } from "./conversation.ts";
import { describeError } from "./errors.ts";
import { incomingOf, localeOf } from "./incoming.ts";
import { commandLineOf } from "./interaction.ts";
import { isRefusedAtOnce } from "./precheck.ts";
import { isPersonalCommand } from "./privacy.ts";

/**
 * Commands answered with "thinking…" (callback type 5) at once, then by editing that reply: the ones that
 * start long work and stream progress — unless the core will refuse them at once (`isRefusedAtOnce`). Any
 * other command is deferred too if the core has not answered within `deferAfterMs`, so Discord's 3-second
 * limit is always met.
 */
export const DEFERRED_COMMANDS: ReadonlySet<string> = new Set(["train"]);

export interface InteractionHandlerOptions {
  bot: Bot;
  logger: Logger;
  channels: ChannelSender;
  now: () => number;
  deferAfterMs: number;
  deferredCommands: ReadonlySet<string>;
}

export type InteractionHandler = (interaction: Interaction) => Promise<void>;

/** Routes one interaction: slash commands and button taps go to the core, autocomplete is answered here. */
export function createInteractionHandler(options: InteractionHandlerOptions): InteractionHandler {
  const { bot, logger } = options;

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = bot.registry.find(interaction.commandName);
    let text: string;
    try {
      text = commandLineOf(interaction.commandName, command, interaction.options.data);
    } catch (error) {
      if (!isUserError(error)) throw error;
      const locale = localeOf(interaction.locale) ?? "ja";
      await interaction.reply({ content: pick(locale, error.userMessage), flags: MessageFlags.Ephemeral });
      return;
    }
    // In a server, personal commands (answers, memos, stats, settings) are answered to the member alone.
    const personal = interaction.inGuild() && isPersonalCommand(text);
    const conversation = conversationFor(interaction, personal);
    if (command && options.deferredCommands.has(command.name) && !isRefusedAtOnce(bot, command.name, text))
      void conversation.defer();
    await run(conversation, {
      ...incomingOf(interaction, text),
      ...(personal ? { privateReplies: true } : {}),
    });
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    // In a shared channel the message's buttons are everyone's: answer the tapper privately. A DM or an
    // ephemeral message is the tapper's own, so its buttons are disabled to show the choice and stop repeats.
    const conversation = conversationFor(interaction, interaction.inGuild());
    const isOwnMessage = !interaction.inGuild() || interaction.message.flags.has(MessageFlags.Ephemeral);
    if (isOwnMessage) {
      const rows = interaction.message.components.flatMap((row) =>
        row.type === ComponentType.ActionRow ? [row.toJSON()] : [],
      );
      void conversation.updateTapped(disabledRows(rows, interaction.customId));
    }
    const incoming = incomingOf(interaction, interaction.customId);
    await run(conversation, { ...incoming, ...(interaction.inGuild() ? { privateReplies: true } : {}) });
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const command = bot.registry.find(interaction.commandName);
    const subcommand = interaction.options.getSubcommand(false);
    const specs: readonly OptionSpec[] = subcommand
      ? (command?.subcommands?.find((sub) => sub.name === subcommand)?.options ?? [])
      : (command?.options ?? []);
    const spec = specs.find((candidate) => candidate.name === focused.name);
    await interaction.respond(suggestionsFor(spec, String(focused.value), bot.services.lessons));
  }

  async function run(conversation: InteractionConversation, message: IncomingMessage): Promise<void> {
    const timer = setTimeout(() => void conversation.defer(), options.deferAfterMs);
    try {
      const replies = await bot.receive(message, conversation);
      clearTimeout(timer);
      await conversation.answer(replies);
    } finally {
      clearTimeout(timer);
    }
  }

  function conversationFor(interaction: ChatInputCommandInteraction | ButtonInteraction, ephemeral: boolean) {
    return new InteractionConversation({
      interaction,
      ephemeral,
      channels: options.channels,
      logger,
      now: options.now,
    });
  }

  return async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isButton()) await onButton(interaction);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction);
    } catch (error) {
      logger.error(
        {
          ...describeError(error),
          interactionId: interaction.id,
          channelId: interaction.channelId,
          userId: interaction.user.id,
        },
        "discord: interaction failed",
      );
      await apologize(interaction, logger);
    }
  };
}
