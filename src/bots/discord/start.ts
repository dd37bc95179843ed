import { Events, type Client } from "discord.js";
import type { Bot } from "../../core/bot.ts";
import type { Logger } from "../../core/logger.ts";
import type { PlatformAdapter } from "../adapter.ts";
import { createChannelSender } from "./channels.ts";
import { createDiscordClient } from "./client.ts";
import type { DiscordConfig } from "./config.ts";
import { watchGateway, type GatewayClosedError } from "./gateway.ts";
import { createInteractionHandler } from "./handlers.ts";
import { createIntake } from "./intake.ts";
import { createDiscordPoster } from "./poster.ts";
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

/**
 * The Discord adapter. It ends with a GatewayClosedError if Discord closes the gateway for good (bad
 * token, disallowed intents): it then receives nothing more. While shutting down, new interactions get a
 * short "stopping or restarting" notice.
 */
export interface DiscordAdapter extends PlatformAdapter {
  readonly ended: Promise<{ error: GatewayClosedError }>;
  client: Client;
}

/** Logs in, answers interactions with the core, and resolves once the gateway is ready. */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordAdapter> {
  const { logger, config } = options;
  let closing = false;
  const client = createDiscordClient(config, logger);
  const ended = watchGateway(client, logger, () => closing).then((error) => ({ error }));
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
    platform: "discord",
    pusher: createDiscordPusher(channels, logger),
    poster: createDiscordPoster(channels, logger),
    client,
    ended,
    idle: () => intake.idle(),
    stopIntake: () => intake.close(),
    async close() {
      await intake.close();
      closing = true;
      await client.destroy();
    },
  };
}
