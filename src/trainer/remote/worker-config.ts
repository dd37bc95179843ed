import { hostname } from "node:os";
import { z } from "zod";
import { ConfigError, describeIssues, optionalText, withoutBlankValues } from "../../config.ts";
import { DEFAULT_REDIS_PREFIX, type RedisSettings } from "./connection.ts";

/** REDIS_URL as users write it: redis:// or rediss:// (TLS). */
export const redisUrl = z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" });
/** Letters, digits and . _ -: the first part of every Redis key. */
export const redisPrefix = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, '.', '_' and '-' only")
  .default(DEFAULT_REDIS_PREFIX);

const envSchema = z.object({
  REDIS_URL: redisUrl,
  MANABOT_REDIS_PREFIX: redisPrefix,
  /** Jobs trained at once by this worker process; each takes the cores ÷ this many threads (thread-budget.ts). */
  MANABOT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Threads per job (1–2) instead of the cores' share: 1 when several workers share one host's cores. */
  MANABOT_WORKER_THREADS: z.coerce.number().int().min(1).max(2).optional(),
  /** 0 trains without our SIMD GEMM (XNNPACK's matmuls instead); read by the training threads themselves. */
  MANABOT_SIMD_GEMM: z.enum(["0", "1"]).optional(),
  /** After SIGTERM: how long a running job may take to finish before it goes back to the queue. */
  MANABOT_WORKER_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
  /** How long a job's lock lasts unrenewed: a killed worker's job is retried after about this long. */
  MANABOT_WORKER_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** Shown in results and /train status (default: the host name). */
  MANABOT_WORKER_NAME: optionalText.pipe(
    z
      .string()
      .regex(/^[^\s]{1,100}$/, "no spaces")
      .optional(),
  ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface WorkerConfig {
  redis: RedisSettings;
  concurrency: number;
  /** Threads per job, when set; else the cores' share. */
  threads?: number;
  graceMs: number;
  lockMs: number;
  name: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
}

/** The worker's settings: it needs only REDIS_URL (no platform credentials, no shared disk). */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = envSchema.safeParse(withoutBlankValues(env));
  if (!parsed.success) throw new ConfigError(`Invalid worker configuration: ${describeIssues(parsed.error)}`);
  const value = parsed.data;
  return {
    redis: { url: value.REDIS_URL, prefix: value.MANABOT_REDIS_PREFIX },
    concurrency: value.MANABOT_WORKER_CONCURRENCY,
    ...(value.MANABOT_WORKER_THREADS !== undefined ? { threads: value.MANABOT_WORKER_THREADS } : {}),
    graceMs: value.MANABOT_WORKER_GRACE_SECONDS * 1000,
    lockMs: value.MANABOT_WORKER_LOCK_SECONDS * 1000,
    name: value.MANABOT_WORKER_NAME ?? hostname(),
    logLevel: value.LOG_LEVEL,
  };
}
