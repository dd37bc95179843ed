import { z } from "zod";
import { ConfigError } from "../../config.ts";

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

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

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
 * The Discord settings, or undefined when no bot token is set. A token without the application id is a
 * mistake worth stopping for: commands cannot be registered without it.
 */
export function readDiscordConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig | undefined {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new ConfigError(`Invalid Discord configuration: ${details}`);
  }
  const settings = parsed.data;
  if (settings.DISCORD_TOKEN === undefined) return undefined;
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
