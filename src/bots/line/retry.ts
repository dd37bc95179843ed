import { HTTPFetchError } from "@line/bot-sdk";
import { setTimeout as delay } from "node:timers/promises";
import { LineTimeoutError, withDeadline } from "./timeout.ts";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /**
   * The first backoff; each further one doubles, up to `maxDelayMs`. A Retry-After shorter than the
   * backoff is waited out to the backoff.
   */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking to wait longer than this (Retry-After) is not waited for: the send gives up. */
  maxRetryAfterMs: number;
  /** How long one try may take before it is given up (and retried, like a lost connection). */
  attemptTimeoutMs: number;
  /** How to wait (tests record the waits instead of sleeping). */
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  attemptTimeoutMs: 10_000,
  sleep: (ms) => delay(ms),
};

/** Rate limiting, server errors, network failures and timeouts may pass; other client errors will not. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HTTPFetchError) return error.status === 429 || error.status >= 500;
  return error instanceof TypeError || error instanceof LineTimeoutError; // TypeError: fetch's network failure
}

/** The wait a server asked for with Retry-After (seconds or an HTTP date), if it did. */
export function retryAfterMs(error: unknown, now: Date = new Date()): number | undefined {
  if (!(error instanceof HTTPFetchError)) return undefined;
  const value = error.headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** How long to wait before try number `attempt + 1`, or undefined to give up. */
export function nextDelayMs(error: unknown, attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt >= policy.maxAttempts || !isRetryable(error)) return undefined;
  const asked = retryAfterMs(error);
  if (asked !== undefined && asked > policy.maxRetryAfterMs) return undefined;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Up to a quarter of jitter, so retries from many chats do not arrive in step.
  const ownWait = Math.round(backoff * (0.75 + Math.random() * 0.25));
  // Retry-After is a floor, never a reason to hurry: "0" or a past date would retry at once, again and again.
  return Math.max(asked ?? 0, ownWait);
}

/**
 * Runs `call`, each try within `attemptTimeoutMs` (its signal aborts the try's request then), retrying
 * what may pass on a later try with bounded backoff; rethrows the last error.
 */
export async function withRetry<T>(
  call: (attempt: number, signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void,
  what = "a Messaging API call",
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await withDeadline((signal) => call(attempt, signal), policy.attemptTimeoutMs, what);
    } catch (error) {
      const wait = nextDelayMs(error, attempt, policy);
      if (wait === undefined) throw error;
      onRetry?.(error, attempt, wait);
      await policy.sleep(wait);
    }
  }
}
