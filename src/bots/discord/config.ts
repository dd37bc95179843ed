import { z } from "zod";
import { ConfigError, optionalText, readPlatformEnv } from "../../config.ts";
import type { Logger } from "../../core/logger.ts";

/** discord.js appends the API version (/v10) to this. */
export const DISCORD_API_DEFAULT_BASE_URL = "https://discord.com/api";

/** Settings of the Discord adapter, read from the environment. */
export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** Register commands in this one server (instant) instead of globally. */
  guildId?: string;
  /** Discord's REST base URL (without the /v10); tests and staging point it at another server. */
  apiBaseUrl: string;
}

const snowflake = optionalText.pipe(
  z
    .string()
    .regex(/^\d{5,20}$/, "must be a Discord id (digits)")
    .optional(),
);

const envSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
});

/**
 * The Discord settings, or undefined when no bot token is set. A token without the application id, or a bad
 * value, is a mistake worth stopping for: commands cannot be registered without it. Without a token, bad
 * Discord values are only warned about, so the other platforms (or the local chat) still start.
 */
export function readDiscordConfig(
  env: NodeJS.ProcessEnv = process.env,
  logger?: Pick<Logger, "warn">,
): DiscordConfig | undefined {
  const settings = readPlatformEnv(
    {
      name: "Discord",
      schema: envSchema,
      configured: (values) => values.DISCORD_TOKEN !== undefined,
      notConfigured: "DISCORD_TOKEN is not set",
    },
    env,
    logger,
  );
  if (settings?.DISCORD_TOKEN === undefined) return undefined;
  if (settings.DISCORD_APPLICATION_ID === undefined) {
    throw new ConfigError(
      "Invalid Discord configuration: DISCORD_APPLICATION_ID is not set (it is on the Developer Portal's General Information page)",
    );
  }
  return {
    token: settings.DISCORD_TOKEN,
    applicationId: settings.DISCORD_APPLICATION_ID,
    ...(settings.DISCORD_GUILD_ID ? { guildId: settings.DISCORD_GUILD_ID } : {}),
    apiBaseUrl: (settings.DISCORD_API_BASE_URL ?? DISCORD_API_DEFAULT_BASE_URL).replace(/\/+$/, ""),
  };
}
