import { MessageFlags, type Interaction } from "discord.js";
import { pick } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import { describeError } from "./errors.ts";
import { localeOf } from "./incoming.ts";

/**
 * A short private apology when the interaction has no answer yet (the handler failed, or Discord refused
 * the answer), so the user does not see Discord's bare "interaction failed".
 */
export async function apologize(interaction: Interaction, logger: Logger): Promise<void> {
  if (!interaction.isRepliable() || interaction.replied || interaction.deferred) return;
  const content = pick(localeOf(interaction.locale) ?? "ja", {
    ja: "ごめんなさい、処理中にエラーが起きました。もう一度試してください。",
    en: "Sorry, something went wrong on my side. Please try again.",
  });
  try {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  } catch (error) {
    logger.warn(
      { ...describeError(error), interactionId: interaction.id },
      "discord: could not send the apology either",
    );
  }
}
