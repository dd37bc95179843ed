import { MessageFlags, type Interaction } from "discord.js";
import { pick } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import { describeError } from "./errors.ts";
import type { InteractionHandler } from "./handlers.ts";
import { localeOf } from "../shared/locale.ts";

/** Where interactions come in: handled while open; after `close`, answered with a short notice instead. */
export interface Intake {
  /** The InteractionCreate listener. */
  receive(interaction: Interaction): void;
  /** Resolves when every interaction received so far has been answered. */
  idle(): Promise<void>;
  /**
   * The start of shutdown: new interactions are told the bot is stopping (their work could no longer
   * run), and this resolves once those already taken are answered.
   */
  close(): Promise<void>;
}

export function createIntake(handle: InteractionHandler, logger: Logger): Intake {
  const inFlight = new Set<Promise<void>>();
  let open = true;
  const idle = async () => {
    await Promise.allSettled([...inFlight]);
  };
  return {
    receive(interaction) {
      const handled = (open ? handle(interaction) : decline(interaction, logger)).finally(() =>
        inFlight.delete(handled),
      );
      inFlight.add(handled);
    },
    idle,
    async close() {
      open = false;
      await idle();
    },
  };
}

async function decline(interaction: Interaction, logger: Logger): Promise<void> {
  try {
    if (interaction.isAutocomplete()) {
      await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      const content = pick(localeOf(interaction.locale) ?? "ja", {
        ja: "🔄 manabot は停止・再起動の途中です。少ししてからもう一度お試しください。",
        en: "🔄 manabot is shutting down or restarting. Please try again in a little while.",
      });
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    }
  } catch (error) {
    logger.warn(
      { ...describeError(error), interactionId: interaction.id },
      "discord: could not tell a user that the bot is restarting",
    );
  }
}
