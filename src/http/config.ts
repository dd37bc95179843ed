import { z } from "zod";
import { ConfigError, describeIssues, optionalText, withoutBlankValues } from "../config.ts";

/** Settings of the bot's HTTP server, which runs in every mode (local chat, Discord, LINE). */
export interface HttpConfig {
  port: number;
  /** The interface to listen on; all of them unless set. */
  host?: string;
  /** Where users and LINE reach this server, e.g. "https://bot.example.com" (no trailing slash). */
  publicBaseUrl?: string;
  /** How long a request may take to arrive in full (default `REQUEST_TIMEOUT_MS`). */
  requestTimeoutMs?: number;
}

export const DEFAULT_PORT = 3000;

const envSchema = z.object({
  /** Digits only: Number() would also take "0x50" or "1e3". */
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, "must be a port number (0–65535)")
    .transform(Number)
    .refine((port) => port <= 65535, "must be a port number (0–65535)")
    .default(DEFAULT_PORT),
  HOST: optionalText,
  PUBLIC_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
});

/** PORT, HOST and PUBLIC_BASE_URL (blank values unset); a bad value stops start-up. */
export function readHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const parsed = envSchema.safeParse(withoutBlankValues(env));
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error)}`);
  const { PORT, HOST, PUBLIC_BASE_URL } = parsed.data;
  return {
    port: PORT,
    ...(HOST ? { host: HOST } : {}),
    ...(PUBLIC_BASE_URL ? { publicBaseUrl: PUBLIC_BASE_URL.replace(/\/+$/, "") } : {}),
  };
}
