import { Events, type Client } from "discord.js";
import type { Bot } from "../../core/bot.ts";
import type { Pusher } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import { createChannelSender } from "./channels.ts";
import { createDiscordClient } from "./client.ts";
import type { DiscordConfig } from "./config.ts";
import { watchGateway, type GatewayClosedError } from "./gateway.ts";
import { createInteractionHandler } from "./handlers.ts";
import { createIntake } from "./intake.ts";
import { createDiscordPusher } from "./pusher.ts";

export interface StartDiscordOptions {
  bot: Bot;
  logger: Logger;
  config: DiscordConfig;
  /** Milliseconds since the epoch; tests move it to reach the interaction token's expiry. */
  now?: () => number;
  /** Defer any command the core has not answered within this time (Discord allows 3 s). */
  deferAfterMs?: number;
  /** Defer at once the commands whose rules say they start long work (default true). */
  deferAtOnce?: boolean;
}

export interface DiscordAdapter {
  /** Sends to a Discord address with nothing to answer (reminders). */
  pusher: Pusher;
  client: Client;
  /**
   * Resolves if Discord closes the gateway for good (bad token, disallowed intents): the adapter then
   * receives nothing more, and its owner should stop (or report the platform failed). Never rejects.
   */
  failed: Promise<GatewayClosedError>;
  /** Resolves when every interaction received so far has been answered (later progress may still come). */
  idle(): Promise<void>;
  /**
   * The start of shutdown: new interactions get a short "stopping or restarting" notice from now on; resolves
   * once those already taken are answered.
   */
  stopIntake(): Promise<void>;
  /** Stops taking interactions, waits for those being handled, then logs out. */
  close(): Promise<void>;
}

/** Logs in, answers interactions with the core, and resolves once the gateway is ready. */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordAdapter> {
  const { logger, config } = options;
  let closing = false;
  const client = createDiscordClient(config, logger);
  const failed = watchGateway(client, logger, () => closing);
  const channels = createChannelSender(client);
  const handle = createInteractionHandler({
    bot: options.bot,
    logger,
    channels,
    now: options.now ?? Date.now,
    deferAfterMs: options.deferAfterMs ?? 2000,
    deferAtOnce: options.deferAtOnce ?? true,
  });
  const intake = createIntake(handle, logger);
  client.on(Events.InteractionCreate, (interaction) => intake.receive(interaction));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    closing = true;
    await client.destroy();
    throw error;
  }
  if (client.application?.id && client.application.id !== config.applicationId) {
    logger.warn(
      { configured: config.applicationId, actual: client.application.id },
      "discord: DISCORD_APPLICATION_ID does not match the token's application; registered commands may not show",
    );
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "discord: connected");

  return {
    pusher: createDiscordPusher(channels, logger),
    client,
    failed,
    idle: () => intake.idle(),
    stopIntake: () => intake.close(),
    async close() {
      await intake.close();
      closing = true;
      await client.destroy();
    },
  };
}
