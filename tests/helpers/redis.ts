import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { deletePrefixedKeys, type RedisSettings } from "../../src/trainer/remote/connection.ts";

/** The Redis the tests use: REDIS_URL, else the one every machine of this project runs. */
export const testRedisUrl = (): string => process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** A fresh key prefix per test: other engineers and test runs share this Redis. */
export const uniquePrefix = (): string => `manabot-test-${process.pid}-${randomBytes(4).toString("hex")}`;

/**
 * Fails (never skips) when no Redis answers, saying how to start one. Call it in beforeAll.
 */
export async function requireRedis(url = testRedisUrl()): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `These tests need Redis 7, and none answers at ${url} (${(error as Error).message}). ` +
        "Start one with `redis-server --daemonize yes` (or `docker run -d -p 6379:6379 redis:7`), " +
        "or point REDIS_URL at one.",
    );
  } finally {
    client.disconnect();
  }
}

export const testRedis = (prefix = uniquePrefix()): RedisSettings => ({ url: testRedisUrl(), prefix });

/** Deletes every key of a test's prefix. */
export const cleanRedis = (prefix: string, url = testRedisUrl()): Promise<void> =>
  deletePrefixedKeys(url, prefix);

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
