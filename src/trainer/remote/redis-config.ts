import { z } from "zod";
import { ConfigError, describeIssues, withoutBlankValues } from "../../config.ts";
import type { RedisSettings } from "./connection.ts";
import { redisPrefix, redisUrl } from "./worker-config.ts";

const envSchema = z.object({ REDIS_URL: redisUrl.optional(), MANABOT_REDIS_PREFIX: redisPrefix });

/** The bot's Redis settings: undefined without REDIS_URL (jobs train in the bot's own thread). */
export function readRedisSettings(env: NodeJS.ProcessEnv = process.env): RedisSettings | undefined {
  const parsed = envSchema.safeParse(withoutBlankValues(env));
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const { REDIS_URL, MANABOT_REDIS_PREFIX } = parsed.data;
  return REDIS_URL === undefined ? undefined : { url: REDIS_URL, prefix: MANABOT_REDIS_PREFIX };
}
