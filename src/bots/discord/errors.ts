import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";
import { describeError as describeFailure } from "../shared/errors.ts";

/** Log fields for a failed Discord call: its JSON error code, HTTP status and route when Discord said so. */
export const describeError = (error: unknown): Record<string, unknown> =>
  describeFailure(error, (failure) =>
    failure instanceof DiscordAPIError
      ? {
          code: failure.code,
          status: failure.status,
          method: failure.method,
          url: failure.url,
          reason: failure.message,
        }
      : undefined,
  );

export const discordCode = (error: unknown): number | string | undefined =>
  error instanceof DiscordAPIError ? error.code : undefined;

/** The user does not take DMs from this bot (privacy settings, no shared server). */
export const isDmClosed = (error: unknown): boolean =>
  discordCode(error) === RESTJSONErrorCodes.CannotSendMessagesToThisUser ||
  discordCode(error) === RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds;

/** The bot may not see or post in that channel. */
export const isMissingPermission = (error: unknown): boolean =>
  discordCode(error) === RESTJSONErrorCodes.MissingPermissions ||
  discordCode(error) === RESTJSONErrorCodes.MissingAccess;

/** The interaction's token no longer works (expired after 15 minutes, or the reply is gone). */
export const isTokenGone = (error: unknown): boolean =>
  discordCode(error) === RESTJSONErrorCodes.InvalidWebhookToken ||
  discordCode(error) === RESTJSONErrorCodes.UnknownWebhook ||
  discordCode(error) === RESTJSONErrorCodes.UnknownInteraction;
