import { z } from "zod";
import { ConfigError, optionalText, readPlatformEnv } from "../../config.ts";
import type { Logger } from "../../core/logger.ts";

export const LINE_API_DEFAULT_BASE_URL = "https://api.line.me";

/** Settings of the LINE adapter, read from the environment. */
export interface LineConfig {
  channelSecret: string;
  channelAccessToken: string;
  /** The Messaging API's base URL (LINE's own unless tests or staging point elsewhere). */
  apiBaseUrl: string;
  /** Where hosted chart images are kept. */
  mediaDir: string;
  /** Hosted images (and remembered webhook event ids) older than this are removed. */
  mediaMaxAgeMs: number;
}

const HOUR_MS = 60 * 60 * 1000;

const envSchema = z.object({
  LINE_CHANNEL_SECRET: optionalText,
  LINE_CHANNEL_ACCESS_TOKEN: optionalText,
  LINE_API_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LINE_MEDIA_DIR: z.string().min(1).default("data/line-media"),
  LINE_MEDIA_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
});

/**
 * The LINE settings, or undefined when the channel is not configured (neither secret nor token set).
 * Setting only one of the two, or a bad value, is a mistake worth stopping for; without the channel, bad
 * values are only warned about, so the other platforms (or the local chat) still start. (PORT, HOST and
 * PUBLIC_BASE_URL belong to the HTTP server: src/http/config.ts.)
 */
export function readLineConfig(
  env: NodeJS.ProcessEnv = process.env,
  logger?: Pick<Logger, "warn">,
): LineConfig | undefined {
  const settings = readPlatformEnv(
    {
      name: "LINE",
      schema: envSchema,
      configured: (values) =>
        values.LINE_CHANNEL_SECRET !== undefined || values.LINE_CHANNEL_ACCESS_TOKEN !== undefined,
      notConfigured: "the channel is not configured",
    },
    env,
    logger,
  );
  if (settings === undefined) return undefined;
  const secret = settings.LINE_CHANNEL_SECRET;
  const token = settings.LINE_CHANNEL_ACCESS_TOKEN;
  if (secret === undefined && token === undefined) return undefined;
  if (secret === undefined || token === undefined) {
    const missing = secret === undefined ? "LINE_CHANNEL_SECRET" : "LINE_CHANNEL_ACCESS_TOKEN";
    throw new ConfigError(
      `Invalid LINE configuration: ${missing} is not set (both the channel secret and the access token are needed)`,
    );
  }
  return {
    channelSecret: secret,
    channelAccessToken: token,
    apiBaseUrl: withoutTrailingSlash(settings.LINE_API_BASE_URL ?? LINE_API_DEFAULT_BASE_URL),
    mediaDir: settings.LINE_MEDIA_DIR,
    mediaMaxAgeMs: settings.LINE_MEDIA_MAX_AGE_HOURS * HOUR_MS,
  };
}

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, "");
