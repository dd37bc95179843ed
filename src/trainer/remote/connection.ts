import { Redis, type RedisOptions } from "ioredis";

/** Where the queue of the worker processes lives. */
export interface RedisSettings {
  /** e.g. "redis://127.0.0.1:6379" (REDIS_URL). */
  url: string;
  /** The first part of every key (MANABOT_REDIS_PREFIX, default "manabot"), so deployments can share a Redis. */
  prefix: string;
}

export const DEFAULT_REDIS_PREFIX = "manabot";
/** The BullMQ queue of training jobs. */
export const QUEUE_NAME = "train";

/** The pub/sub channel on which a bot tells every worker to stop a running job (message: its BullMQ id). */
export const cancelChannel = (prefix: string): string => `${prefix}:manabot:cancel`;
/** Set with the publish, so a worker that starts the job later, or missed the message, sees it too. */
export const cancelKey = (prefix: string, jobId: string): string => `${prefix}:manabot:cancel:${jobId}`;
/** How long a cancel mark is kept: longer than any job may run. */
export const CANCEL_MARK_SECONDS = 2 * 24 * 3600;

/**
 * An ioredis connection that keeps trying to reconnect, a little slower each time up to 5 s: a Redis lost
 * for a while comes back without a restart. `failFast`: commands fail at once while disconnected (the bot's
 * /train answers "temporarily unavailable" instead of hanging); blocking connections must not fail fast.
 */
export function connectRedis(url: string, failFast: boolean, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    retryStrategy: (times) => Math.min(200 * times, 5000),
    ...extra,
  });
}

/** Rejects when `work` takes longer than `ms` (a Redis that stopped answering). */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** At most one log line per `ms` for a repeating connection error (ioredis reports every attempt). */
export function throttled(ms: number, log: (error: unknown) => void): (error: unknown) => void {
  let last = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    log(error);
  };
}

/** Deletes every key of a prefix (a benchmark's or a test's own queue), in batches. */
export async function deletePrefixedKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}
