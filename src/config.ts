import { z } from "zod";
import type { Logger } from "./core/logger.ts";
import { DEFAULT_RETENTION, MAX_RETENTION, MIN_RETENTION } from "./core/review/fsrs.ts";

/** Settings from the environment; every platform is optional, and with none the local chat runs. */
const envSchema = z.object({
  MANABOT_DB: z.string().min(1).default("data/manabot.db"),
  /** Default: info with a platform, warn for the local chat alone (its stderr shares the terminal). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** How late a missed daily reminder may still be sent (after a restart, say). */
  MANABOT_REMINDER_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).default(180),
  /** How late a scheduled group quiz (or Monday's standings) may still start; later ones are skipped. */
  MANABOT_QUIZ_GRACE_MINUTES: z.coerce.number().int().min(0).max(59).default(15),
  /** FSRS's target retention: the share of reviews the learner should still remember when they come due. */
  MANABOT_RETENTION: z.coerce.number().min(MIN_RETENTION).max(MAX_RETENTION).default(DEFAULT_RETENTION),
  /** Where training charts are kept. */
  MANABOT_CHART_DIR: z.string().min(1).default("data/charts"),
  /** Training jobs run at once, queued-or-running jobs per user, and the wall-clock limit of one job. */
  MANABOT_TRAIN_CONCURRENCY: z.coerce.number().int().min(1).max(4).default(1),
  MANABOT_TRAIN_MAX_PER_USER: z.coerce.number().int().min(1).max(20).default(2),
  MANABOT_TRAIN_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** 0 trains without our SIMD GEMM (XNNPACK's matmuls instead); read by the training threads themselves. */
  MANABOT_SIMD_GEMM: z.enum(["0", "1"]).optional(),
  /** Enables the queue dashboard (Bull Board) at /admin/queues, for whoever has this token. */
  MANABOT_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(withoutBlankValues(env));
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * The environment without variables that are empty or only spaces: `PORT=` (docker-compose's `PORT: ${PORT}`
 * with PORT unset, say) means "not set", so the default applies instead of a silent 0.
 */
export function withoutBlankValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
}

/** "PORT: must be a port number; HOST: …" — every problem zod found, by variable. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
}

/** A text setting where "" (or spaces) means unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** How to read one platform's settings: its schema, and which variables mean it is meant to run. */
export interface PlatformEnv<S extends z.ZodType> {
  /** "Discord", "LINE": for messages. */
  name: string;
  schema: S;
  /** True when the credentials are set, so that bad settings are worth stopping for. */
  configured: (values: NodeJS.ProcessEnv) => boolean;
  /** Why bad settings are ignored when it is not configured, e.g. "DISCORD_TOKEN is not set". */
  notConfigured: string;
}

/**
 * A platform's settings (blank values unset). Invalid ones stop start-up only when the platform is
 * configured; otherwise they are logged as a warning and undefined is returned, so the other platforms
 * (or the local chat) still start.
 */
export function readPlatformEnv<S extends z.ZodType>(
  platform: PlatformEnv<S>,
  env: NodeJS.ProcessEnv,
  logger?: Pick<Logger, "warn">,
): z.output<S> | undefined {
  const values = withoutBlankValues(env);
  const parsed = platform.schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const details = describeIssues(parsed.error);
  if (platform.configured(values)) {
    throw new ConfigError(`Invalid ${platform.name} configuration: ${details}`);
  }
  logger?.warn(
    { details },
    `${platform.name}: ${platform.notConfigured}, so these invalid ${platform.name} settings are ignored`,
  );
  return undefined;
}
