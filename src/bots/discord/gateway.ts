import { Events, GatewayCloseCodes, type Client } from "discord.js";
import type { Logger } from "../../core/logger.ts";

/** Discord closed the gateway with a code after which discord.js does not reconnect. */
export class GatewayClosedError extends Error {
  override name = "GatewayClosedError";

  constructor(readonly code: number) {
    super(
      `Discord closed the gateway for good: ${GatewayCloseCodes[code] ?? "close code"} (${code}); ${hintFor(code)}`,
    );
  }
}

function hintFor(code: number): string {
  switch (code) {
    case GatewayCloseCodes.AuthenticationFailed:
      return "the token is wrong or was reset: set DISCORD_TOKEN to the bot's current token";
    case GatewayCloseCodes.InvalidIntents:
    case GatewayCloseCodes.DisallowedIntents:
      return "the bot asked for intents it may not use: check the Developer Portal's Bot page";
    default:
      return "the connection settings (sharding, API version) need fixing";
  }
}

/**
 * Logs the gateway connection's life and resolves when Discord has closed it for good (4004 authentication
 * failed, 4010–4014): discord.js then stays disconnected, and the bot would answer nothing while looking
 * alive. While the adapter closes (`isClosing`), the normal close is not reported as a reconnect.
 */
export function watchGateway(
  client: Client,
  logger: Logger,
  isClosing: () => boolean,
): Promise<GatewayClosedError> {
  client.on(Events.ShardError, (error, shardId) =>
    logger.warn({ err: error, shardId }, "discord: gateway connection error"),
  );
  client.on(Events.ShardReconnecting, (shardId) => {
    if (!isClosing()) logger.warn({ shardId }, "discord: gateway reconnecting");
  });
  client.on(Events.ShardResume, (shardId, replayed) =>
    logger.info({ shardId, replayed }, "discord: gateway resumed"),
  );
  return new Promise((resolve) => {
    client.on(Events.ShardDisconnect, (event, shardId) => {
      if (isClosing()) return;
      const error = new GatewayClosedError(event.code);
      logger.error({ code: event.code, shardId, reason: error.message }, "discord: gateway closed for good");
      resolve(error);
    });
  });
}
