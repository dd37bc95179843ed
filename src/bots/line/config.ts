import { z } from "zod";
import { ConfigError } from "../../config.ts";

export const LINE_API_DEFAULT_BASE_URL = "https://api.line.me";

/** Settings of the LINE adapter, read from the environment. */
export interface LineConfig {
  channelSecret: string;
  channelAccessToken: string;
  /** Where LINE reaches this server, e.g. "https://bot.example.com" (no trailing slash); images need it. */
  publicBaseUrl?: string;
  port: number;
  /** The interface to listen on; all of them unless set. */
  host?: string;
  /** The Messaging API's base URL (LINE's own unless tests or staging point elsewhere). */
  apiBaseUrl: string;
  /** Where hosted chart images are kept. */
  mediaDir: string;
  /** Hosted images (and remembered webhook event ids) older than this are removed. */
  mediaMaxAgeMs: number;
}

const HOUR_MS = 60 * 60 * 1000;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const envSchema = z.object({
  LINE_CHANNEL_SECRET: optionalText,
  LINE_CHANNEL_ACCESS_TOKEN: optionalText,
  PUBLIC_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalText,
  LINE_API_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LINE_MEDIA_DIR: z.string().min(1).default("data/line-media"),
  LINE_MEDIA_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
});

/**
 * The LINE settings, or undefined when the channel is not configured (neither secret nor token set).
 * Setting only one of the two is a mistake worth stopping for.
 */
export function readLineConfig(env: NodeJS.ProcessEnv = process.env): LineConfig | undefined {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new ConfigError(`Invalid LINE configuration: ${details}`);
  }
  const settings = parsed.data;
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
    ...(settings.PUBLIC_BASE_URL ? { publicBaseUrl: withoutTrailingSlash(settings.PUBLIC_BASE_URL) } : {}),
    port: settings.PORT,
    ...(settings.HOST ? { host: settings.HOST } : {}),
    apiBaseUrl: withoutTrailingSlash(settings.LINE_API_BASE_URL ?? LINE_API_DEFAULT_BASE_URL),
    mediaDir: settings.LINE_MEDIA_DIR,
    mediaMaxAgeMs: settings.LINE_MEDIA_MAX_AGE_HOURS * HOUR_MS,
  };
}

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, "");
