import { Client, Events, GatewayIntentBits, RESTEvents } from "discord.js";
import type { Logger } from "../../core/logger.ts";
import type { DiscordConfig } from "./config.ts";

/**
 * The discord.js client: only the Guilds intent (slash commands and buttons arrive as interactions, so no
 * privileged intent is needed), REST pointed at the configured API, and no mention ever pinging by default.
 * Errors are logged (the gateway's life by `watchGateway`); discord.js reconnects and resumes by itself, and
 * queues rate-limited calls.
 */
export function createDiscordClient(config: DiscordConfig, logger: Logger): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.apiBaseUrl },
    allowedMentions: { parse: [], repliedUser: false },
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord: client error"));
  client.on(Events.Warn, (message) => logger.warn({ message }, "discord: warning"));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn(
      { route: info.route, method: info.method, retryAfter: info.retryAfter, global: info.global },
      "discord: rate limited; the request waits and is retried",
    ),
  );
  return client;
}
