import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import { randomUUID } from "node:crypto";
import type { Logger } from "../../core/logger.ts";
import { describeError } from "../shared/errors.ts";
import type { LogThrottle } from "../shared/log-throttle.ts";
import type { ClientFor } from "./abortable-client.ts";
import { LINE_LIMITS } from "./limits.ts";
import { isRetryable, withRetry, type RetryPolicy } from "./retry.ts";
import { withDeadline } from "./timeout.ts";

type Message = messagingApi.Message;

/**
 * Sends messages through the Messaging API: replies (with the event's one-time token) and pushes, each
 * retried with bounded backoff on 429/5xx, and logged when they could not be sent. Never throws.
 */
export class LineDelivery {
  constructor(
    /** A client per call, whose request ends when the call's deadline passes. */
    private readonly client: ClientFor,
    private readonly policy: RetryPolicy,
    private readonly logger: Logger,
    /** For what repeats while LINE is down (retries, loading animations); what is lost is logged in full. */
    private readonly outage: LogThrottle,
  ) {}

  /**
   * Replies with the token; if LINE refuses the token outright (expired or used), pushes to `to` instead.
   * Returns whether the messages were delivered.
   */
  async reply(replyToken: string, to: string, messages: Message[]): Promise<boolean> {
    let ambiguous = false;
    try {
      await withRetry(
        (_attempt, signal) => this.client(signal).replyMessage({ replyToken, messages }),
        this.policy,
        (error, attempt, waitMs) => {
          // A 5xx, a lost connection or a timeout may hide an accepted reply; no second copy by push.
          ambiguous ||= !(error instanceof HTTPFetchError && error.status === 429);
          this.logRetry("reply", to, error, attempt, waitMs);
        },
        "a reply",
      );
      return true;
    } catch (error) {
      if (!ambiguous && error instanceof HTTPFetchError && error.status === 400) {
        this.logger.info(
          { to, status: error.status, body: error.body },
          "LINE: reply token refused; pushing instead",
        );
        return this.push(to, messages);
      }
      this.logUndelivered("reply", to, messages, error);
      return false;
    }
  }

  /**
   * Pushes to a user, group or room. One retry key for all tries of a push, so LINE delivers it once even
   * when an earlier try was accepted but its answer was lost (LINE then answers 409).
   */
  async push(to: string, messages: Message[]): Promise<boolean> {
    const retryKey = randomUUID();
    try {
      await withRetry(
        (_attempt, signal) => this.client(signal).pushMessage({ to, messages }, retryKey),
        this.policy,
        (error, attempt, waitMs) => this.logRetry("push", to, error, attempt, waitMs),
        "a push",
      );
      return true;
    } catch (error) {
      if (error instanceof HTTPFetchError && error.status === 409) return true;
      this.logUndelivered("push", to, messages, error);
      return false;
    }
  }

  /** Shows LINE's loading animation in a 1:1 chat (it ends by itself or when the next message arrives). */
  async showLoading(userId: string, seconds: number = LINE_LIMITS.loadingSeconds): Promise<void> {
    try {
      await withDeadline(
        (signal) => this.client(signal).showLoadingAnimation({ chatId: userId, loadingSeconds: seconds }),
        this.policy.attemptTimeoutMs,
        "the loading animation",
      );
    } catch (error) {
      this.outage.warn(
        `loading:${failureKind(error)}`,
        { ...describe(error), chatId: userId },
        "LINE: could not show the loading animation",
      );
    }
  }

  private logRetry(kind: string, to: string, error: unknown, attempt: number, waitMs: number): void {
    this.outage.warn(
      `${kind}-retry:${failureKind(error)}`,
      { to, attempt, waitMs, ...describe(error) },
      `LINE: ${kind} failed; retrying`,
    );
  }

  private logUndelivered(kind: string, to: string, messages: Message[], error: unknown): void {
    this.logger.error(
      {
        to,
        ...describe(error),
        retryable: isRetryable(error),
        messages: messages.map(summary),
      },
      `LINE: could not send a ${kind}; these messages were not delivered`,
    );
  }
}

/** The kind of a failure, for grouping log lines: the HTTP status, or the error's class. */
function failureKind(error: unknown): string {
  if (error instanceof HTTPFetchError) return String(error.status);
  return error instanceof Error ? error.name : typeof error;
}

/** Log fields for a failed Messaging API call: LINE's status and answer when it gave one. */
const describe = (error: unknown): Record<string, unknown> =>
  describeError(error, (failure) =>
    failure instanceof HTTPFetchError
      ? { status: failure.status, body: failure.body.slice(0, 500) }
      : undefined,
  );

const summary = (message: Message): string =>
  message.type === "text"
    ? `text: ${message.text.slice(0, 80)}`
    : message.type === "image"
      ? `image: ${message.originalContentUrl}`
      : message.type;
