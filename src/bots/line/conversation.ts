import type { messagingApi } from "@line/bot-sdk";
import type { Clock } from "../../core/clock.ts";
import type { Conversation } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { Reply } from "../../core/reply.ts";
import type { LineDelivery } from "./delivery.ts";
import type { InFlight } from "./in-flight.ts";
import { ProgressMilestones } from "./progress.ts";
import { packMessages, type RenderReplies } from "./render.ts";

/** Where a chat's messages go: a user (1:1), group or room id. */
export interface ChatTarget {
  to: string;
  direct: boolean;
}

export interface SessionDeps {
  delivery: LineDelivery;
  render: RenderReplies;
  inFlight: InFlight;
  clock: Clock;
  logger: Logger;
}

/**
 * LINE accepts a reply token for a short while (about a minute from the event) only; after this, counted
 * from the event's own timestamp, pushing is the sure way.
 */
export const REPLY_TOKEN_LIFETIME_MS = 50_000;

export interface SessionOptions {
  /** Send nothing before the immediate replies (`answer`), even if background work reports first. */
  holdForAnswer?: boolean;
  /** When LINE says the event happened (its `timestamp`, ms since the epoch): the reply token ages from then. */
  eventTime?: number;
}

/**
 * The way back to one LINE chat: the first messages use the event's reply token, later ones (progress
 * milestones, results) are pushed. Sends go out one after another in the order asked; a session that
 * holds for its answer sends nothing before the immediate replies (`answer`), even if background work
 * reports first. While a job's progress is open in a 1:1 chat, LINE's loading animation shows that work goes on.
 */
export class ChatSession implements Conversation {
  private replyToken: string | undefined;
  private readonly tokenExpiresAt: number;
  private queue: Promise<void>;
  private openQueue: () => void = () => {};
  private readonly milestones = new ProgressMilestones();

  constructor(
    private readonly target: ChatTarget,
    replyToken: string | undefined,
    private readonly deps: SessionDeps,
    options: SessionOptions = {},
  ) {
    this.replyToken = replyToken;
    const now = deps.clock.now().getTime();
    // A timestamp ahead of our clock (skew) counts as now; time spent queued behind earlier events counts.
    const issuedAt = Number.isFinite(options.eventTime) ? Math.min(now, options.eventTime ?? now) : now;
    this.tokenExpiresAt = issuedAt + REPLY_TOKEN_LIFETIME_MS;
    this.queue = options.holdForAnswer
      ? new Promise<void>((resolve) => {
          this.openQueue = resolve;
        })
      : Promise.resolve();
  }

  /** The immediate replies to the event: sent first, then whatever was sent meanwhile follows. */
  answer(replies: readonly Reply[]): Promise<void> {
    const sent = this.deliver(replies).then(() => this.openQueue());
    return this.deps.inFlight.track(sent);
  }

  /** Later replies (progress, results), after everything sent before. */
  async send(replies: readonly Reply[]): Promise<void> {
    await this.sendAll(replies);
  }

  /** Like `send`, and tells whether every message was delivered. */
  sendAll(replies: readonly Reply[]): Promise<boolean> {
    const sent = this.queue.then(() => this.deliver(replies));
    this.queue = sent.then(() => undefined);
    return this.deps.inFlight.track(sent);
  }

  /** Sends the replies; false when something could not be prepared or delivered (it is logged). */
  private async deliver(replies: readonly Reply[]): Promise<boolean> {
    try {
      const kept = replies.filter((reply) => reply.kind !== "progress" || this.milestones.keep(reply));
      if (kept.length === 0) return true;
      const messages = await this.deps.render(kept, this.target);
      let delivered = true;
      for (const batch of packMessages(messages)) delivered = (await this.sendBatch(batch)) && delivered;
      const workGoesOn = kept.some((reply) => reply.kind === "progress" && !reply.done);
      if (workGoesOn && this.target.direct) await this.deps.delivery.showLoading(this.target.to);
      return delivered;
    } catch (error) {
      this.deps.logger.error({ err: error, to: this.target.to }, "LINE: could not prepare messages");
      return false;
    }
  }

  private sendBatch(batch: messagingApi.Message[]): Promise<boolean> {
    const token = this.takeReplyToken();
    return token
      ? this.deps.delivery.reply(token, this.target.to, batch)
      : this.deps.delivery.push(this.target.to, batch);
  }

  private takeReplyToken(): string | undefined {
    const token = this.replyToken;
    this.replyToken = undefined;
    return token && this.deps.clock.now().getTime() < this.tokenExpiresAt ? token : undefined;
  }
}
